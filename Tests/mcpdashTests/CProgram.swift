import Foundation
import Testing

/// A C program the tests compile with the system's C compiler and run.
struct CProgram {
    let directory: String
    let executable: String

    /// Compiles `source` with `flags` (include paths, libraries) into a scratch directory.
    init(_ source: String, flags: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("c-program-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        executable = directory + "/program"
        try source.write(toFile: directory + "/program.c", atomically: true, encoding: .utf8)
        let compile = try Self.run("/usr/bin/cc", ["-Wall", directory + "/program.c"] + flags + ["-o", executable])
        try #require(compile.status == 0, "the C compiler (cc) must build the program: \(compile.output)")
    }

    /// Runs the program; its status and its stdout and stderr together.
    func run(_ arguments: [String] = []) throws -> (status: Int32, output: String) {
        try Self.run(executable, arguments)
    }

    /// Removes the scratch directory.
    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs `executable` with `arguments`; its status and its stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
