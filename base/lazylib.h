/* lazylib.h: a shared library opened the first time one of its functions
 * is called, instead of at every start.
 *
 * A library the kiosk links the usual way is mapped, relocated and
 * initialised before main, with everything it needs in turn: libpq alone
 * brings Kerberos, LDAP and TLS and cost about 11 ms of a 65 ms start,
 * for a school sync most kiosks never run. A module that uses such a
 * library includes its header as usual and gets, from one file, its own
 * definitions of the functions it calls (LAZYLIB_FORWARD), which open the
 * library with dlopen on first use and pass the call on. Without the
 * library the call fails cleanly: the forwarder's fail statement runs with
 * errno ELIBACC, and the log says once which library is missing.
 * Thread-safe: the school sync calls from its own thread. */
#ifndef LAZYLIB_H
#define LAZYLIB_H

#include <errno.h>
#include <stddef.h>

struct lazylib {
    const char *soname; /* "libpq.so.5" */
    const char *what;   /* the log line's prefix: "school" */
    void *handle;       /* the rest is lazylib.c's */
    int tried;
};

/* The function name in lib, opening lib the first time; NULL (logged)
 * when lib or the function is missing. *slot caches it for the caller. */
void *lazylib_fn(struct lazylib *lib, const char *name, void **slot);

/* Defines ret name params, forwarding args to the library's own name;
 * fail (e.g. `return NULL`) runs when the library cannot be had. The
 * cast through void ** is how POSIX has dlsym's result made a function. */
#define LAZYLIB_FORWARD(lib, ret, name, params, args, fail)                                       \
    ret name params                                                                               \
    {                                                                                             \
        static void *slot;                                                                        \
        ret(*fn) params;                                                                          \
        *(void **)&fn = lazylib_fn(&lib, #name, &slot);                                           \
        if (!fn) {                                                                                \
            errno = ELIBACC;                                                                      \
            fail;                                                                                 \
        }                                                                                         \
        return fn args;                                                                           \
    }
#define LAZYLIB_FORWARD_VOID(lib, name, params, args)                                             \
    void name params                                                                              \
    {                                                                                             \
        static void *slot;                                                                        \
        void(*fn) params;                                                                         \
        *(void **)&fn = lazylib_fn(&lib, #name, &slot);                                           \
        if (fn)                                                                                   \
            fn args;                                                                              \
    }

#endif
