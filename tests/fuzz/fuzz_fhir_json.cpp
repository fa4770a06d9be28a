// FHIR R4 JSON: MeasureReports (read, then written back and read again) and Organizations.
#include <string>

#include "cmx/error.hpp"
#include "cmx/io/fhir.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = cmx::fuzz::text_of(data, size);
  try {
    const auto groups = cmx::io::read_measure_reports(text, "fuzz.json");
    (void)cmx::io::to_observations(groups, "fuzz.json");
    const std::string written = cmx::io::write_measure_reports(groups, true);
    (void)cmx::io::read_measure_reports(written, "written.json");
  } catch (const cmx::error&) {
  }
  try {
    (void)cmx::io::read_organizations(text, "fuzz.json");
  } catch (const cmx::error&) {
  }
  return 0;
}
