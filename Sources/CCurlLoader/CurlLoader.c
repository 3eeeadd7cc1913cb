// libcurl, loaded with dlopen the first time FoundationNetworking calls it.
//
// A statically linked FoundationNetworking (the MCP SDK imports it) refers to 23 libcurl
// functions. Linking libcurl itself would load it and its ~30 dependencies (OpenSSL, GnuTLS,
// Kerberos, LDAP, SASL…) into every mcpdash process at start-up: about 7 ms and 12 MB on the
// build machine, for a library mcpdash never calls — its HTTP goes through AsyncHTTPClient.
// Each function here resolves the real one from libcurl.so.4 on first use and forwards to it;
// if libcurl cannot be loaded it says so on stderr and aborts (no mcpdash path gets there).
//
// In a dynamically linked (debug) build the shared FoundationNetworking binds to libcurl
// itself: the executable exports no symbols, so these definitions are not used there. A
// program that does export them (the loader's own test) still reaches the real functions,
// through the dlopen handle.
#include "CCurlLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
}

int mcpdash_curl_loaded(void) {
    return library != NULL;
}

static void *resolve(const char *name) {
    pthread_once(&once, load);
    void *function = library ? dlsym(library, name) : NULL;
    if (!function) {
        fprintf(stderr, "mcpdash: %s from libcurl.so.4 is needed here and could not be loaded: %s\n", name, dlerror());
        abort();
    }
    return function;
}

// The function named `name` from libcurl, looked up once into `slot` (threads racing store the
// same pointer).
static void *cached(void **slot, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!function) {
        function = resolve(name);
        __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    }
    return function;
}

#define FORWARD(result, name, params, args)                                    \
    result name params {                                                       \
        static void *slot;                                                     \
        return ((result (*) params)cached(&slot, #name)) args;                 \
    }

FORWARD(int, curl_global_init, (long flags), (flags))
FORWARD(void *, curl_easy_init, (void), ())
FORWARD(void, curl_easy_cleanup, (void *handle), (handle))
FORWARD(int, curl_easy_pause, (void *handle, int bitmask), (handle, bitmask))
FORWARD(const char *, curl_easy_strerror, (int code), (code))
FORWARD(void *, curl_multi_init, (void), ())
FORWARD(int, curl_multi_cleanup, (void *multi), (multi))
FORWARD(int, curl_multi_add_handle, (void *multi, void *easy), (multi, easy))
FORWARD(int, curl_multi_remove_handle, (void *multi, void *easy), (multi, easy))
FORWARD(int, curl_multi_assign, (void *multi, int socket, void *pointer), (multi, socket, pointer))
FORWARD(int, curl_multi_socket_action, (void *multi, int socket, int mask, int *running), (multi, socket, mask, running))
FORWARD(void *, curl_multi_info_read, (void *multi, int *queued), (multi, queued))
FORWARD(void *, curl_slist_append, (void *list, const char *string), (list, string))
FORWARD(void, curl_slist_free_all, (void *list), (list))
FORWARD(void, curl_free, (void *pointer), (pointer))
FORWARD(char *, curl_version, (void), ())
FORWARD(void *, curl_version_info, (int age), (age))
FORWARD(void *, curl_url, (void), ())
FORWARD(int, curl_url_get, (void *url, int part, char **value, unsigned int flags), (url, part, value, flags))
FORWARD(int, curl_url_set, (void *url, int part, const char *value, unsigned int flags), (url, part, value, flags))

// The variadic three take one argument after the option, whose type the option's number range
// encodes exactly as libcurl reads it: below 10000 a long, below 30000 a pointer (object or
// function), from 30000 a curl_off_t (64 bits). curl_easy_getinfo's argument is always a pointer.
static void *resolved_easy_setopt, *resolved_multi_setopt, *resolved_easy_getinfo;

typedef int (*setopt_function)(void *, int, ...);

static int forward_setopt(void **slot, const char *name, void *handle, int option, va_list arguments) {
    setopt_function real = (setopt_function)cached(slot, name);
    if (option < 10000) return real(handle, option, va_arg(arguments, long));
    if (option < 30000) return real(handle, option, va_arg(arguments, void *));
    return real(handle, option, va_arg(arguments, long long));
}

int curl_easy_setopt(void *handle, int option, ...) {
    va_list arguments;
    va_start(arguments, option);
    int result = forward_setopt(&resolved_easy_setopt, "curl_easy_setopt", handle, option, arguments);
    va_end(arguments);
    return result;
}

int curl_multi_setopt(void *multi, int option, ...) {
    va_list arguments;
    va_start(arguments, option);
    int result = forward_setopt(&resolved_multi_setopt, "curl_multi_setopt", multi, option, arguments);
    va_end(arguments);
    return result;
}

int curl_easy_getinfo(void *handle, int info, ...) {
    setopt_function real = (setopt_function)cached(&resolved_easy_getinfo, "curl_easy_getinfo");
    va_list arguments;
    va_start(arguments, info);
    void *value = va_arg(arguments, void *);
    va_end(arguments);
    return real(handle, info, value);
}
