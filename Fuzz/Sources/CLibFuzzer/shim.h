// libFuzzer's driver, from the toolchain's libclang_rt.fuzzer_no_main (linked by scripts/fuzz).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
