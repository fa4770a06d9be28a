// Compass measures JSON ({"measures": [...]} or a bare array).
#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)cmx::io::read_measures_json(cmx::fuzz::text_of(data, size), "fuzz.json");
  } catch (const cmx::error&) {
  }
  return 0;
}
