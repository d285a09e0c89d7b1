// CSV files of every kind through the files connector's reader (quoted records over
// several lines, unclosed quotes, the header), the typed cells and the decoders.
#include "files_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dp::fuzz::fuzz_file_reader("records.csv", data, size);
}
