/* db_import_text.h: the bytes of a student list (what Excel, Eduarte or
 * Magister wrote) to UTF-8 text, or the one problem that stops the import.
 * UTF-8 with or without a BOM, or else Windows-1252; refused: UTF-16, a
 * file that is not text (an .xlsx, say), an empty one, and a file that is
 * partly UTF-8 or says UTF-8 (a BOM) but is not. Libc only, no store. */
#ifndef DB_IMPORT_TEXT_H
#define DB_IMPORT_TEXT_H

#include "base/report.h"

#include <stddef.h>

enum db_import_text {
    DB_IMPORT_TEXT_NO_MEMORY = -1,
    DB_IMPORT_TEXT_UTF8,            /* *text holds the bytes (without a BOM) */
    DB_IMPORT_TEXT_WINDOWS1252,     /* *text holds them converted */
    DB_IMPORT_TEXT_REFUSED,         /* the problem is in p; *text is NULL */
};

/* Decodes data (len bytes). On success *text is malloc'd UTF-8 text,
 * NUL-terminated, *text_len bytes; free it with free(). A problem is added
 * to p, with the line it is on where there is one. */
enum db_import_text db_import_text(const unsigned char *data, size_t len, struct report *p,
                                   char **text, size_t *text_len);

#endif
