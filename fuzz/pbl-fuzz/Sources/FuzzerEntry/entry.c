// SwiftPM links an executable target with its entry point renamed to `<module>_main` and
// points `main` there; libFuzzer's own `main` is then never used. This entry point hands
// the command line to libFuzzer's driver with the Swift target's test function.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int pbl_fuzz_validate_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
