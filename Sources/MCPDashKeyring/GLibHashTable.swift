import CLibSecretLoader

/// A `GHashTable` of C strings owned by this object, for libsecret's attribute arguments.
final class GLibHashTable {
    let table: OpaquePointer

    init() {
        table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)
    }

    deinit {
        g_hash_table_unref(table)
    }

    /// Inserts `key` with a copy of `string`.
    func insert(_ key: String, string: String) {
        g_hash_table_insert(table, g_strdup(key), g_strdup(string))
    }

    /// Inserts `key` with a raw pointer value (libsecret schemas store attribute types this way).
    func insert(_ key: String, pointer: UnsafeMutableRawPointer?) {
        g_hash_table_insert(table, g_strdup(key), pointer)
    }
}
