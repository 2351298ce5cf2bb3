/* lazylib.c: see lazylib.h. */
#include "base/lazylib.h"
#include "base/log.h"

#include <dlfcn.h>
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *lazylib_fn(struct lazylib *lib, const char *name, void **slot)
{
    /* A slot once filled stays filled: the common case takes no lock. */
    void *fn = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (fn)
        return fn;
    pthread_mutex_lock(&lock);
    if (!lib->handle && !lib->tried) {
        lib->tried = 1;
        lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
        if (!lib->handle)
            log_err("%s: cannot load %s: %s", lib->what, lib->soname, dlerror());
    }
    if (lib->handle) {
        fn = dlsym(lib->handle, name);
        if (!fn)
            log_err("%s: %s has no %s", lib->what, lib->soname, name);
        __atomic_store_n(slot, fn, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
    return fn;
}
