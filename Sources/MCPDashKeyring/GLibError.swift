import CLibSecretLoader

/// A `GError` converted into Swift, freeing the C error in one place.
struct GLibError: Error {
    let domain: UInt32
    let code: Int32
    let message: String

    /// Takes ownership of `*pointer` when set: copies it out, frees it and resets the pointer.
    static func take(_ pointer: inout UnsafeMutablePointer<GError>?) -> GLibError? {
        guard let error = pointer else { return nil }
        defer {
            g_error_free(error)
            pointer = nil
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        return GLibError(domain: error.pointee.domain, code: error.pointee.code, message: message)
    }
}
