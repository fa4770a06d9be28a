// System definition JSON: parsed and checked (units, memberships, cycles, pathways).
#include "cmx/error.hpp"
#include "cmx/system/io.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto graph = cmx::system::read_system_json(cmx::fuzz::text_of(data, size), "fuzz.json");
    (void)graph.unit_count();
  } catch (const cmx::error&) {
  }
  return 0;
}
