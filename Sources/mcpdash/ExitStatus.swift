import ArgumentParser
import MCPDashCore

/// The documented exit codes (sysexits-style), and the one place errors become them.
enum ExitStatus: Int32 {
    case ok = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case cannotWrite = 73
    case protocolError = 76
    case noPermission = 77
    case configError = 78

    static func of(_ error: any Error) -> ExitStatus {
        switch error {
        case ConfigError.notFound: .noInput
        case is ConfigError: .configError
        case ImportError.noSource: .noInput
        case ImportError.cannotWrite: .cannotWrite
        case is ImportError: .dataError
        case SecretStoreError.unavailable: .unavailable
        case is StateDatabaseError: .cannotWrite
        case let error as ConfigEditError:
            switch error {
            case .exists, .noSuchServer, .invalidEntry, .unknownField: .usage
            case .rejectedEdit: .configError
            case .cannotWrite: .cannotWrite
            case .editorFailed: .unavailable
            }
        case is UnknownServerError, is UnnamedServerError: .usage
        case is DashboardError: .unavailable
        case let error as AgentError:
            switch error.kind {
            case .alreadyRunning, .addressInUse: .unavailable
            case .cannotLock: .cannotWrite
            case .badAddress: .usage
            }
        case let error as MCPTransportError:
            switch error.kind {
            case .httpStatus(401), .httpStatus(403), .credentialUnavailable, .refused: .noPermission
            case .unreachable, .timeout: .unavailable
            case .protocolViolation: .protocolError
            case .httpStatus, .processFailed: .failure
            }
        case let error as OAuthError:
            switch error.kind {
            case .loginRequired, .invalidClient, .stateMismatch, .responseIssuerMismatch, .denied, .idTokenInvalid,
                 .insecureEndpoint, .pkceUnsupported, .issuerMismatch, .verificationFailed,
                 .resourceMismatch, .foreignIssuer: .noPermission
            case .unreachable, .timeout, .callbackPortBusy: .unavailable
            case .malformedResponse, .discovery: .protocolError
            case .unsupported: .usage
            case .registrationRejected, .tokenEndpoint: .failure
            }
        default: .failure
        }
    }

    /// Runs `body`; a user-facing error is printed as one line plus a hint and becomes its exit code.
    static func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let error as any UserFacingError { throw printed(error) }
    }

    /// The async form of `reporting`.
    static func reporting(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as any UserFacingError { throw printed(error) }
    }

    private static func printed(_ error: any UserFacingError) -> ExitCode {
        Console.error("mcpdash: error: \(error.summary)")
        if let hint = error.hint { Console.error("  hint: \(hint)") }
        return ExitCode(of(error).rawValue)
    }
}
