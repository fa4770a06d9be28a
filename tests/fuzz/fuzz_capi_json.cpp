// The C API entry points that take JSON buffers: cmx_system_create_from_json (then queries),
// cmx_fhir_read_measure_reports (then every group and the JSON written back) and
// cmx_compass_create (then a score). The first byte picks the entry point.
#include <string>
#include <vector>

#include "cmx.h"
#include "fuzz_target.hpp"

namespace {

void system_calls(cmx_context* ctx, const char* json, std::size_t length) {
  cmx_system* system = nullptr;
  if (cmx_system_create_from_json(ctx, json, length, "fuzz.json", &system) != CMX_OK) {
    return;
  }
  std::size_t count = 0;
  cmx_system_unit_count(ctx, system, &count);
  std::vector<std::size_t> units(256);
  for (std::size_t i = 0; i < count && i < 8; ++i) {
    const char* id = nullptr;
    if (cmx_system_unit_id(ctx, system, i, &id) != CMX_OK) {
      continue;
    }
    std::size_t len = 0;
    for (int relation = CMX_RELATION_PARENTS; relation <= CMX_RELATION_MICROSYSTEMS; ++relation) {
      cmx_system_query(ctx, system, id, relation, nullptr, units.data(), units.size(), &len);
    }
    cmx_system_paths_to_macrosystem(ctx, system, id, nullptr, units.data(), units.size(), &len);
  }
  cmx_system_destroy(system);
}

void fhir_calls(cmx_context* ctx, const char* json, std::size_t length) {
  cmx_fhir_reports* reports = nullptr;
  if (cmx_fhir_read_measure_reports(ctx, json, length, "fuzz.json", &reports) != CMX_OK) {
    return;
  }
  for (std::size_t i = 0; i < cmx_fhir_reports_count(reports); ++i) {
    cmx_fhir_group group{};
    cmx_fhir_reports_get(ctx, reports, i, &group);
  }
  std::size_t len = 0;
  if (cmx_fhir_write_measure_reports(ctx, reports, 1, nullptr, 0, &len) == CMX_E_BUFFER_TOO_SMALL) {
    std::string out(len + 1, '\0');
    cmx_fhir_write_measure_reports(ctx, reports, 1, out.data(), out.size(), &len);
  }
  cmx_fhir_reports_destroy(reports);
}

void compass_calls(cmx_context* ctx, const char* json, std::size_t length) {
  cmx_compass* compass = nullptr;
  if (cmx_compass_create(ctx, json, length, "fuzz.json", &compass) != CMX_OK) {
    return;
  }
  cmx_compass_result* result = nullptr;
  cmx_compass_score(ctx, compass, "unit", nullptr, nullptr, &result);
  cmx_compass_result_destroy(result);
  cmx_compass_destroy(compass);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  cmx_context* ctx = nullptr;
  if (cmx_context_create(&ctx) != CMX_OK) {
    return 0;
  }
  const char* json = reinterpret_cast<const char*>(data + 1);
  switch (data[0] % 3) {
    case 0:
      system_calls(ctx, json, size - 1);
      break;
    case 1:
      fhir_calls(ctx, json, size - 1);
      break;
    default:
      compass_calls(ctx, json, size - 1);
      break;
  }
  cmx_context_destroy(ctx);
  return 0;
}
