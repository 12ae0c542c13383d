import FuzzerDriver
#if canImport(Glibc)
import Glibc
#endif

// Runs libFuzzer with this target's test function (see FuzzerDriver.h); libFuzzer reads
// its options and corpus directories from the command line.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
})
