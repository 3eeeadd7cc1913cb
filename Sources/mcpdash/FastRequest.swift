/// A command `FastPath` read without the argument parser.
enum FastRequest: Equatable {
    /// `token` or `headers`.
    case helper(HelperRequest)
    /// `whoami`.
    case whoami(WhoAmIRequest)
    /// `login`.
    case login(LoginRequest)
    /// `list`.
    case list(ListRequest)
    /// `mcpdash` alone, or `dashboard`.
    case dashboard(DashboardRequest)

    /// Runs the command.
    func run() async throws {
        switch self {
        case .helper(let request): try await request.run()
        case .whoami(let request): try await request.run()
        case .login(let request): try await request.run()
        case .list(let request): try request.run()
        case .dashboard(let request): try await request.run()
        }
    }
}
