// The part of libsecret and GLib mcpdash uses, declared here and loaded with dlopen on the
// keyring's first use (LibSecretLoader.c; docs/decisions.md, "libsecret is loaded when the
// keyring is first used").
//
// The names, types, constants and struct layouts are libsecret's and GLib's own; the
// keyring's tests compile these declarations against the real headers to prove they agree.
// MCPDashKeyring calls mcpdash_libsecret_load() before anything else here.
#pragma once
#include <stdint.h>

/// Loads libsecret (once per process): 1 when its functions are ready, 0 when it cannot be loaded.
int mcpdash_libsecret_load(void);

/// Why libsecret could not be loaded (the dynamic loader's message), or NULL when it was.
const char *mcpdash_libsecret_error(void);

typedef int gboolean;
typedef char gchar;
typedef long gssize;
typedef unsigned long gsize;
typedef int gint;
typedef unsigned int guint;
typedef uint32_t GQuark;
typedef void *gpointer;
typedef const void *gconstpointer;

typedef struct _GError {
    GQuark domain;
    int code;
    gchar *message;
} GError;

typedef struct _GList {
    gpointer data;
    struct _GList *next;
    struct _GList *prev;
} GList;

typedef struct _GHashTable GHashTable;
typedef struct _GCancellable GCancellable;
typedef struct _SecretSchema SecretSchema;
typedef struct _SecretService SecretService;
typedef struct _SecretCollection SecretCollection;
typedef struct _SecretRetrievable SecretRetrievable;
typedef struct _SecretValue SecretValue;
typedef struct _GDBusConnection GDBusConnection;
typedef struct _GDBusProxy GDBusProxy;
typedef struct _GVariant GVariant;
typedef struct _GVariantType GVariantType;

typedef guint (*GHashFunc)(gconstpointer key);
typedef gboolean (*GEqualFunc)(gconstpointer a, gconstpointer b);
typedef void (*GDestroyNotify)(gpointer data);

typedef int SecretSchemaFlags;
typedef int SecretServiceFlags;
typedef int SecretCollectionFlags;
typedef int SecretSearchFlags;
static const SecretSchemaFlags SECRET_SCHEMA_NONE = 0;
static const int SECRET_SCHEMA_ATTRIBUTE_STRING = 0;
static const SecretServiceFlags SECRET_SERVICE_OPEN_SESSION = 1 << 1;
static const SecretCollectionFlags SECRET_COLLECTION_NONE = 0;
static const SecretSearchFlags SECRET_SEARCH_ALL = 1 << 1;
typedef int GDBusCallFlags;
static const GDBusCallFlags G_DBUS_CALL_FLAGS_NO_AUTO_START = 1 << 0;

void g_error_free(GError *error);
void g_free(gpointer memory);
gchar *g_strdup(const gchar *text);
guint g_str_hash(gconstpointer text);
gboolean g_str_equal(gconstpointer a, gconstpointer b);
GHashTable *g_hash_table_new_full(GHashFunc hash, GEqualFunc equal, GDestroyNotify free_key, GDestroyNotify free_value);
gboolean g_hash_table_insert(GHashTable *table, gpointer key, gpointer value);
gpointer g_hash_table_lookup(GHashTable *table, gconstpointer key);
void g_hash_table_unref(GHashTable *table);
void g_list_free_full(GList *list, GDestroyNotify free_function);
void g_object_unref(gpointer object);

SecretSchema *secret_schema_newv(const gchar *name, SecretSchemaFlags flags, GHashTable *attribute_names_and_types);
SecretService *secret_service_get_sync(SecretServiceFlags flags, GCancellable *cancellable, GError **error);
SecretCollection *secret_collection_for_alias_sync(SecretService *service, const gchar *alias, SecretCollectionFlags flags,
                                                   GCancellable *cancellable, GError **error);
gboolean secret_collection_get_locked(SecretCollection *collection);
// Every item operation goes through the one SecretService of secret_service_get_sync, so a
// process opens one Secret Service session: the secret_password_* functions would open a second
// (their backend is another SecretService instance), a second Diffie-Hellman exchange.
SecretValue *secret_service_lookup_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                        GCancellable *cancellable, GError **error);
gboolean secret_service_store_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes, const gchar *collection,
                                   const gchar *label, SecretValue *value, GCancellable *cancellable, GError **error);
gboolean secret_service_clear_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes,
                                   GCancellable *cancellable, GError **error);
GList *secret_service_search_sync(SecretService *service, const SecretSchema *schema, GHashTable *attributes, SecretSearchFlags flags,
                                  GCancellable *cancellable, GError **error);
SecretValue *secret_value_new(const gchar *secret, gssize length, const gchar *content_type);
const gchar *secret_value_get_text(SecretValue *value);
void secret_value_unref(gpointer value);
GHashTable *secret_retrievable_get_attributes(SecretRetrievable *self);

// The session bus, for the lock check without a Secret Service session (KeyringSecretStore.isUnlockedNow).
typedef int GBusType;
static const GBusType G_BUS_TYPE_SESSION = 2;
GDBusConnection *g_bus_get_sync(GBusType bus_type, GCancellable *cancellable, GError **error);

// One D-Bus call on the SecretService's own connection: the default collection's Locked
// property (KeyringSecretStore.lockState), where a SecretCollection proxy costs eight.
GDBusConnection *g_dbus_proxy_get_connection(GDBusProxy *proxy);
const gchar *g_dbus_proxy_get_name(GDBusProxy *proxy);
GVariant *g_dbus_connection_call_sync(GDBusConnection *connection, const gchar *bus_name, const gchar *object_path,
                                      const gchar *interface_name, const gchar *method_name, GVariant *parameters,
                                      const GVariantType *reply_type, GDBusCallFlags flags, gint timeout_msec,
                                      GCancellable *cancellable, GError **error);
GVariant *g_variant_new_string(const gchar *string);
GVariant *g_variant_new_tuple(GVariant *const *children, gsize n_children);
const gchar *g_variant_get_type_string(GVariant *value);
GVariant *g_variant_get_child_value(GVariant *value, gsize index_);
GVariant *g_variant_get_variant(GVariant *value);
gboolean g_variant_get_boolean(GVariant *value);
void g_variant_unref(GVariant *value);
