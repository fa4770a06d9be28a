// The compass, funnel and FHIR C API through Catch2: the same numbers as the C++ engine, the
// error mapping and the ownership rules.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "capi/context.hpp"
#include "cmx.h"
#include "cmx/compass/funnel.hpp"

namespace {

using context = cmx::test::context;

std::string slurp(const std::string& path) {
  // Through rdbuf(): GCC 12 warns falsely (-Wnull-dereference) inside istreambuf_iterator.
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("capi compass: the funnel equals the C++ engine's", "[capi][compass]") {
  context c;
  const std::vector<double> y{12, 30, 8, 45, 60, 22, 5, 90};
  const std::vector<double> n{100, 200, 90, 250, 300, 150, 80, 400};
  cmx_funnel_options o = CMX_FUNNEL_OPTIONS_INIT;
  o.overdispersion = CMX_FUNNEL_OVERDISPERSION_ADDITIVE;
  cmx_funnel* f = nullptr;
  REQUIRE(cmx_funnel_create(c.ctx, y.data(), n.data(), y.size(), &o, &f) == CMX_OK);
  cmx::compass::funnel_options co;
  co.overdispersion = cmx::compass::funnel_overdispersion::additive;
  const auto expected = cmx::compass::funnel(y, n, co);
  cmx_funnel_summary s{};
  REQUIRE(cmx_funnel_get_summary(c.ctx, f, &s) == CMX_OK);
  CHECK(s.tau2 == expected.tau2);
  CHECK(s.phi == expected.phi);
  for (std::size_t i = 0; i < y.size(); ++i) {
    cmx_funnel_unit u{};
    REQUIRE(cmx_funnel_get_unit(c.ctx, f, i, &u) == CMX_OK);
    CHECK(u.z == expected.z[i]);
    CHECK(u.upper998 == expected.upper998[i]);
    CHECK(u.flag == static_cast<int>(expected.flag[i]));
  }
  cmx_funnel_destroy(f);
  o.size = 4;
  CHECK(cmx_funnel_create(c.ctx, y.data(), n.data(), y.size(), &o, &f) == CMX_E_INVALID_ARGUMENT);
  CHECK(f == nullptr);
  CHECK(cmx_funnel_create(nullptr, y.data(), n.data(), y.size(), nullptr, &f) ==
        CMX_E_INVALID_ARGUMENT);
}

TEST_CASE("capi compass: FHIR from the HL7 example file", "[capi][fhir]") {
  context c;
  const auto text =
      slurp(std::string(CMX_SOURCE_DIR) + "/tests/data/compass/measurereport_proportion.json");
  cmx_fhir_reports* r = nullptr;
  REQUIRE(cmx_fhir_read_measure_reports(c.ctx, text.data(), text.size(), "hl7.json", &r) == CMX_OK);
  cmx_fhir_group g{};
  REQUIRE(cmx_fhir_reports_get(c.ctx, r, 0, &g) == CMX_OK);
  CHECK(g.score == 0.5);
  CHECK(std::string(g.period_end) == "2024-03-31");
  CHECK(cmx_fhir_reports_get(c.ctx, r, 1, &g) == CMX_E_OUT_OF_RANGE);
  size_t len = 0;
  CHECK(cmx_fhir_write_measure_reports(c.ctx, r, 1, nullptr, 0, &len) == CMX_E_BUFFER_TOO_SMALL);
  std::string out(len + 1, '\0');
  REQUIRE(cmx_fhir_write_measure_reports(c.ctx, r, 1, out.data(), out.size(), &len) == CMX_OK);
  CHECK(out.find("\"Bundle\"") != std::string::npos);
  cmx_fhir_reports_destroy(r);
  const std::string broken = R"({"resourceType": "MeasureReport",)";
  r = nullptr;
  CHECK(cmx_fhir_read_measure_reports(c.ctx, broken.data(), broken.size(), "b.json", &r) ==
        CMX_E_PARSE);
  CHECK(r == nullptr);
  CHECK(cmx_context_error_line(c.ctx) == 1);
}

TEST_CASE("capi compass: bad input reaches the caller with its place", "[capi][compass]") {
  context c;
  const std::string ms =
      R"({"measures":[{"id":"cost","point":"south","type":"cost","scoring":"continuous",)"
      R"("direction":"lower","floor":900,"target":400},)"
      R"({"id":"smr","point":"west","scoring":"observed_expected","direction":"lower",)"
      R"("floor":1.5,"target":0.8}]})";
  cmx_compass* k = nullptr;
  REQUIRE(cmx_compass_create(c.ctx, ms.data(), ms.size(), nullptr, &k) == CMX_OK);
  cmx_compass_observation o = CMX_COMPASS_OBSERVATION_INIT;
  o.measure = "cost";
  o.unit = "A";
  o.period = "2024";
  o.value = -5;
  REQUIRE(cmx_compass_add_observation(c.ctx, k, &o) == CMX_OK);
  cmx_compass_result* r = nullptr;
  CHECK(cmx_compass_score(c.ctx, k, "A", nullptr, nullptr, &r) == CMX_E_BAD_INPUT);
  CHECK(r == nullptr);
  CHECK(std::string(cmx_context_error_message(c.ctx)).find("negative cost") != std::string::npos);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "value");
  CHECK(cmx_context_error_line(c.ctx) == 1);
  cmx_compass_destroy(k);

  REQUIRE(cmx_compass_create(c.ctx, ms.data(), ms.size(), nullptr, &k) == CMX_OK);
  o = CMX_COMPASS_OBSERVATION_INIT;
  o.measure = "smr";
  o.unit = "A";
  o.period = "2024";
  o.numerator = 4;
  o.expected = 0;
  REQUIRE(cmx_compass_add_observation(c.ctx, k, &o) == CMX_OK);
  CHECK(cmx_compass_score(c.ctx, k, "A", nullptr, nullptr, &r) == CMX_E_BAD_INPUT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "expected");
  cmx_compass_destroy(k);
  REQUIRE(cmx_compass_create(c.ctx, ms.data(), ms.size(), nullptr, &k) == CMX_OK);
  o.measure = "unknown";
  REQUIRE(cmx_compass_add_observation(c.ctx, k, &o) == CMX_OK);
  CHECK(cmx_compass_score(c.ctx, k, "A", nullptr, nullptr, &r) == CMX_E_NOT_FOUND);
  CHECK(cmx_compass_add_observation(c.ctx, k, nullptr) == CMX_E_INVALID_ARGUMENT);
  cmx_compass_destroy(k);
  CHECK(std::isnan(cmx_compass_result_outcome_index(nullptr)));
  CHECK(cmx_compass_result_count(nullptr) == 0);
}
