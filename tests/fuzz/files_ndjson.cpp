// NDJSON files of every kind through the files connector's reader (line splitting,
// caps, BOM), LineParser and the record decoders.
#include "files_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dp::fuzz::fuzz_file_reader("records.ndjson", data, size);
}
