import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends a server's HTTP requests with its credentials, following same-method redirects by hand
/// so that a credential never leaves the server's origin (`OriginPolicy`).
struct CredentialedRequester: Sendable {
    let server: ServerConfig
    /// The URL whose origin credentials belong to.
    let home: URL
    let credentials: RequestCredentials
    let logger: Logger

    /// Sends `method` to `url` with `headers`, the credentials (on-origin only) and `body`,
    /// retrying the statuses of the server's `RetryPolicy` with backoff.
    func execute(_ method: HTTPMethod, _ url: URL, headers: [(String, String)], body: Data?, timeout: TimeAmount) async throws -> HTTPClientResponse {
        let policy = server.retry
        var attempt = 0
        var renewed = false
        var nonceRetried = false
        while true {
            let response = try await executeOnce(method, url, headers: headers, body: body, timeout: timeout)
            let status = Int(response.status.code)
            // RFC 9449 §9: a server may supply a DPoP nonce on any answer; a 401 asking for one
            // (use_dpop_nonce) is retried once with it.
            if let nonce = response.headers.first(name: "dpop-nonce"), credentials.dpop.accept(nonce: nonce), status == 401, !nonceRetried {
                nonceRetried = true
                await discardBody(of: response)
                logger.debug("the server supplied a DPoP nonce; retrying once with it")
                continue
            }
            // A rejected OAuth token is renewed once (refresh or a new client-credentials token), never in a loop.
            if status == 401, !renewed, await credentials.renewAfterRejection() {
                renewed = true
                await discardBody(of: response)
                logger.debug("token renewed after a 401; retrying once")
                continue
            }
            guard policy.retryOn.contains(status), attempt < policy.maxRetries else { return response }
            let delay = policy.delay(attempt: attempt, retryAfter: response.headers.first(name: "retry-after"))
            logger.debug("retrying", metadata: ["status": "\(status)", "attempt": "\(attempt + 1)", "delay": "\(delay)"])
            await discardBody(of: response)
            try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
            attempt += 1
        }
    }

    private func executeOnce(_ method: HTTPMethod, _ url: URL, headers: [(String, String)], body: Data?, timeout: TimeAmount) async throws -> HTTPClientResponse {
        var url = url
        for _ in 0..<4 {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if OriginPolicy.refusal(sending: url, for: home) == nil {
                for (name, value) in try await credentials.headers(body: body ?? Data(), method: method.rawValue, url: url.absoluteString) {
                    request.headers.add(name: name, value: value)
                }
            } else if credentials.sendsCredentials {
                logger.debug("off the server's origin; sending no credentials", metadata: ["to": "\(url.absoluteString)"])
            }
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let response: HTTPClientResponse
            do {
                response = try await HTTPClientProvider.client(for: server).execute(request, timeout: timeout)
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                throw MCPTransportError(.timeout, server: server.name, url: url.absoluteString,
                                        message: "no answer within \(Self.seconds(timeout))")
            } catch let error as HTTPClientError where error == .connectTimeout {
                throw MCPTransportError(.unreachable, server: server.name, url: url.absoluteString,
                                        message: "no connection within \(Self.seconds(HTTPClientProvider.connectTimeout(for: server))) (connectTimeout)")
            } catch let error as HTTPParserError {
                throw MCPTransportError(.protocolViolation, server: server.name, url: url.absoluteString,
                                        message: "the server's answer is not valid HTTP (\(error))")
            } catch {
                throw MCPTransportError(.unreachable, server: server.name, url: url.absoluteString, message: ConnectionFailure.describe(error))
            }
            guard [307, 308].contains(response.status.code), let location = response.headers.first(name: "location"),
                  let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                return response
            }
            await discardBody(of: response)
            url = next
        }
        throw MCPTransportError(.protocolViolation, server: server.name, url: url.absoluteString, message: "too many redirects")
    }

    /// Reads and drops the rest of `response`'s body (up to 64 KiB), so that its connection goes
    /// back to the pool idle and the next request reuses it instead of opening another; a longer
    /// body is abandoned, which closes that connection.
    func discardBody(of response: HTTPClientResponse) async {
        _ = try? await response.body.collect(upTo: 64 << 10)
    }

    /// The typed error for a non-success response, with its challenges, `Date` and a short body.
    func failure(for response: HTTPClientResponse, url: URL) async -> MCPTransportError {
        let body = try? await response.body.collect(upTo: 64 << 10)
        let snippet = body.map { String(buffer: $0) }.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 } ?? ""
        return MCPTransportError(.httpStatus(Int(response.status.code)), server: server.name, url: url.absoluteString,
                                 challenges: response.headers["www-authenticate"], serverDate: response.headers.first(name: "date"),
                                 message: response.status.reasonPhrase + (snippet.isEmpty ? "" : ": \(snippet)"))
    }

    /// A duration as the user configured it: `2 s`, `0.5 s`.
    static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
