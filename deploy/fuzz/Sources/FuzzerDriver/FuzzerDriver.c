// Empty: the module only declares LLVMFuzzerRunDriver, which libFuzzer defines.
#include "FuzzerDriver.h"
