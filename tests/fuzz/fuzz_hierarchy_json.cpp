// Compass hierarchy JSON ({"edges": [...]}, or FHIR Organizations with partOf).
#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)cmx::io::read_hierarchy_json(cmx::fuzz::text_of(data, size), "fuzz.json");
  } catch (const cmx::error&) {
  }
  return 0;
}
