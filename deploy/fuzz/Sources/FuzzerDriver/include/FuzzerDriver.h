// libFuzzer's driver (compiler-rt, LLVM 13 and later), called from each fuzz target's
// main.swift. SwiftPM gives every executable its own entry point, so libFuzzer's main()
// is never linked; each target starts the driver itself with its test function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));
