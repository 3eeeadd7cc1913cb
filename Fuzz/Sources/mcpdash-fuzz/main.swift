import CLibFuzzer
import Foundation

// libFuzzer's driver runs from an ordinary `main`: SwiftPM names an executable's entry point
// itself, so `scripts/fuzz` links the fuzzer library without its own `main`.

guard let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["MCPDASH_FUZZ_TARGET"] ?? "") else {
    FileHandle.standardError.write(Data("set MCPDASH_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
    exit(2)
}
FuzzTarget.selected = target

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in
    FuzzTarget.selected?.run(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
    return 0
})
