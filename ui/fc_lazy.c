/* fc_lazy.c: fontconfig, loaded the first time a font is looked up by a
 * name whose files font.c does not know.
 *
 * The usual start opens its fonts by path (font.c), so fontconfig, linked
 * the usual way, would be mapped and relocated at every start for nothing
 * (about 1 ms on the host). So the program is not linked against it: the
 * functions font.c calls are defined here under fontconfig's own names
 * (an exception to this folder's prefixes) and forward to the library
 * opened on first use (base/lazylib.h). Without the library FcInit returns
 * FcFalse and font.c falls back as it does without a match. */
#include "base/lazylib.h"

#include <fontconfig/fontconfig.h>

static struct lazylib lib = {.soname = "libfontconfig.so.1", .what = "font"};

#define FORWARD(ret, name, params, args, fail) LAZYLIB_FORWARD(lib, ret, name, params, args, fail)
#define FORWARD_VOID(name, params, args) LAZYLIB_FORWARD_VOID(lib, name, params, args)

FORWARD(FcBool, FcInit, (void), (), return FcFalse)
FORWARD(FcPattern *, FcNameParse, (const FcChar8 *name), (name), return NULL)
FORWARD(FcBool, FcPatternAddInteger, (FcPattern * p, const char *object, int i), (p, object, i),
        return FcFalse)
FORWARD(FcBool, FcConfigSubstitute, (FcConfig * config, FcPattern *p, FcMatchKind kind),
        (config, p, kind), return FcFalse)
FORWARD_VOID(FcDefaultSubstitute, (FcPattern * pattern), (pattern))
FORWARD(FcPattern *, FcFontMatch, (FcConfig * config, FcPattern *p, FcResult *result),
        (config, p, result), return NULL)
FORWARD(FcResult, FcPatternGetString, (const FcPattern *p, const char *object, int n, FcChar8 **s),
        (p, object, n, s), return FcResultNoMatch)
FORWARD_VOID(FcPatternDestroy, (FcPattern * p), (p))
