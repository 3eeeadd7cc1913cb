// libsecret and the GLib functions mcpdash calls, loaded with dlopen when the keyring is first
// used.
//
// Linked normally, libsecret brings GLib, GIO, GObject, libgcrypt and seven more libraries into
// every mcpdash process at start-up: about 3.4 million instructions and 3.3 MB, for commands
// such as `--version`, `list` or `add` that never touch the keyring. mcpdash is therefore not
// linked with them: the header declares, under the real names, each function MCPDashKeyring
// calls, and each definition here resolves the real one from libsecret-1.so.0 (which brings
// GLib with it) on first use and forwards to it. MCPDashKeyring asks mcpdash_libsecret_load()
// first and reports a keyring it cannot load as unavailable, so mcpdash starts, and works with
// the file store, on a machine without libsecret.
#include "CLibSecretLoader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *library;
static const char *failure;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    library = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        // dlerror()'s text lives in a buffer the next dl call overwrites: keep a copy.
        const char *message = dlerror();
        failure = strdup(message ? message : "no reason given");
    }
}

int mcpdash_libsecret_load(void) {
    pthread_once(&once, load);
    return library != NULL;
}

const char *mcpdash_libsecret_error(void) {
    pthread_once(&once, load);
    return failure;
}

// The function named `name`, looked up once into `slot`. Reaching here without libsecret is a
// bug in MCPDashKeyring (it checks mcpdash_libsecret_load() first): say which and stop.
static void *cached(void **slot, const char *name) {
    void *function = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (function) return function;
    function = mcpdash_libsecret_load() ? dlsym(library, name) : NULL;
    if (!function) {
        fprintf(stderr, "mcpdash: %s from libsecret-1.so.0 could not be loaded: %s\n", name,
                failure ? failure : dlerror());
        abort();
    }
    __atomic_store_n(slot, function, __ATOMIC_RELEASE);
    return function;
}

#define FORWARD(result, name, params, args)                                    \
    result name params {                                                       \
        static void *slot;                                                     \
        return ((result (*) params)cached(&slot, #name)) args;                 \
    }

// GLib
FORWARD(void, g_error_free, (GError *error), (error))
FORWARD(void, g_free, (gpointer memory), (memory))
FORWARD(gchar *, g_strdup, (const gchar *text), (text))
FORWARD(guint, g_str_hash, (gconstpointer text), (text))
FORWARD(gboolean, g_str_equal, (gconstpointer a, gconstpointer b), (a, b))
FORWARD(GHashTable *, g_hash_table_new_full, (GHashFunc hash, GEqualFunc equal, GDestroyNotify free_key, GDestroyNotify free_value),
        (hash, equal, free_key, free_value))
FORWARD(gboolean, g_hash_table_insert, (GHashTable *table, gpointer key, gpointer value), (table, key, value))
FORWARD(gpointer, g_hash_table_lookup, (GHashTable *table, gconstpointer key), (table, key))
FORWARD(void, g_hash_table_unref, (GHashTable *table), (table))
FORWARD(void, g_list_free_full, (GList *list, GDestroyNotify free_function), (list, free_function))
FORWARD(void, g_object_unref, (gpointer object), (object))

// libsecret
FORWARD(SecretSchema *, secret_schema_newv, (const gchar *name, SecretSchemaFlags flags, GHashTable *attribute_names_and_types),
        (name, flags, attribute_names_and_types))
FORWARD(SecretService *, secret_service_get_sync, (SecretServiceFlags flags, GCancellable *cancellable, GError **error),
        (flags, cancellable, error))
FORWARD(SecretCollection *, secret_collection_for_alias_sync,
        (SecretService *service, const gchar *alias, SecretCollectionFlags flags, GCancellable *cancellable, GError **error),
        (service, alias, flags, cancellable, error))
FORWARD(gboolean, secret_collection_get_locked, (SecretCollection *collection), (collection))
FORWARD(SecretValue *, secret_service_lookup_sync,
        (SecretService *service, const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable, GError **error),
        (service, schema, attributes, cancellable, error))
FORWARD(gboolean, secret_service_store_sync,
        (SecretService *service, const SecretSchema *schema, GHashTable *attributes, const gchar *collection, const gchar *label,
         SecretValue *value, GCancellable *cancellable, GError **error),
        (service, schema, attributes, collection, label, value, cancellable, error))
FORWARD(gboolean, secret_service_clear_sync,
        (SecretService *service, const SecretSchema *schema, GHashTable *attributes, GCancellable *cancellable, GError **error),
        (service, schema, attributes, cancellable, error))
FORWARD(GList *, secret_service_search_sync,
        (SecretService *service, const SecretSchema *schema, GHashTable *attributes, SecretSearchFlags flags, GCancellable *cancellable,
         GError **error),
        (service, schema, attributes, flags, cancellable, error))
FORWARD(SecretValue *, secret_value_new, (const gchar *secret, gssize length, const gchar *content_type), (secret, length, content_type))
FORWARD(const gchar *, secret_value_get_text, (SecretValue *value), (value))
FORWARD(void, secret_value_unref, (gpointer value), (value))
FORWARD(GHashTable *, secret_retrievable_get_attributes, (SecretRetrievable *self), (self))

// GIO's D-Bus calls and GLib's variants
FORWARD(GDBusConnection *, g_bus_get_sync, (GBusType bus_type, GCancellable *cancellable, GError **error), (bus_type, cancellable, error))
FORWARD(GDBusConnection *, g_dbus_proxy_get_connection, (GDBusProxy *proxy), (proxy))
FORWARD(const gchar *, g_dbus_proxy_get_name, (GDBusProxy *proxy), (proxy))
FORWARD(GVariant *, g_dbus_connection_call_sync,
        (GDBusConnection *connection, const gchar *bus_name, const gchar *object_path, const gchar *interface_name,
         const gchar *method_name, GVariant *parameters, const GVariantType *reply_type, GDBusCallFlags flags, gint timeout_msec,
         GCancellable *cancellable, GError **error),
        (connection, bus_name, object_path, interface_name, method_name, parameters, reply_type, flags, timeout_msec, cancellable, error))
FORWARD(GVariant *, g_variant_new_string, (const gchar *string), (string))
FORWARD(GVariant *, g_variant_new_tuple, (GVariant *const *children, gsize n_children), (children, n_children))
FORWARD(const gchar *, g_variant_get_type_string, (GVariant *value), (value))
FORWARD(GVariant *, g_variant_get_child_value, (GVariant *value, gsize index_), (value, index_))
FORWARD(GVariant *, g_variant_get_variant, (GVariant *value), (value))
FORWARD(gboolean, g_variant_get_boolean, (GVariant *value), (value))
FORWARD(void, g_variant_unref, (GVariant *value), (value))
