// Out-of-memory sweeps over the compass, funnel and FHIR C API.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cmx.h"
#include "faults/fault_injection.hpp"
#include "faults/oom_support.hpp"

using cmx::faults::context;
using cmx::faults::sweep_call;
using cmx::faults::sweep_create;
using cmx::faults::sweep_infallible;

namespace {

const std::vector<double> events{12, 30, 8, 45, 60, 22, 5, 90};
const std::vector<double> trials{100, 200, 90, 250, 300, 150, 80, 400};

struct funnel_fixture : context {
  cmx_funnel* funnel = nullptr;
  funnel_fixture() {
    cmx_funnel_options o = CMX_FUNNEL_OPTIONS_INIT;
    REQUIRE(cmx_funnel_create(ctx, events.data(), trials.data(), events.size(), &o, &funnel) ==
            CMX_OK);
  }
  ~funnel_fixture() { cmx_funnel_destroy(funnel); }
  funnel_fixture(const funnel_fixture&) = delete;
  funnel_fixture& operator=(const funnel_fixture&) = delete;
  funnel_fixture(funnel_fixture&&) = delete;
  funnel_fixture& operator=(funnel_fixture&&) = delete;
};

std::string measure_report() {
  std::ifstream in(std::string(CMX_SOURCE_DIR) +
                   "/tests/data/compass/measurereport_proportion.json");
  REQUIRE(in.good());
  // Through rdbuf(): GCC 12 warns falsely (-Wnull-dereference) inside istreambuf_iterator.
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct reports_fixture : context {
  std::string text = measure_report();
  cmx_fhir_reports* reports = nullptr;
  reports_fixture() {
    REQUIRE(cmx_fhir_read_measure_reports(ctx, text.data(), text.size(), "hl7.json", &reports) ==
            CMX_OK);
  }
  ~reports_fixture() { cmx_fhir_reports_destroy(reports); }
  reports_fixture(const reports_fixture&) = delete;
  reports_fixture& operator=(const reports_fixture&) = delete;
  reports_fixture(reports_fixture&&) = delete;
  reports_fixture& operator=(reports_fixture&&) = delete;
};

const std::string measures =
    R"({"measures":[{"id":"cost","point":"south","type":"cost","scoring":"continuous",)"
    R"("direction":"lower","floor":900,"target":400},)"
    R"({"id":"mortality","point":"west","scoring":"proportion","direction":"lower",)"
    R"("floor":0.2,"target":0.05,"mid":0.01},)"
    R"({"id":"function","point":"north","scoring":"continuous","direction":"higher",)"
    R"("floor":20,"target":80},)"
    R"({"id":"satisfaction","point":"east","scoring":"continuous","direction":"higher",)"
    R"("floor":1,"target":5}]})";

// A status provider: a signal when the latest value is the largest.
int latest_is_largest(const char* /*measure*/, const double* values, std::size_t count,
                      int* out_signal, const char** out_rule, void* /*user_data*/) {
  if (count == 0) {
    return 0;
  }
  int largest = 1;
  for (std::size_t i = 0; i + 1 < count; ++i) {
    largest &= static_cast<int>(!(values[i] > values[count - 1]));
  }
  *out_signal = largest;
  *out_rule = largest != 0 ? "largest" : nullptr;
  return 1;
}

void add(cmx_context* ctx, cmx_compass* k, const char* measure, const char* unit,
         const char* period, double numerator, double denominator, double value) {
  cmx_compass_observation o = CMX_COMPASS_OBSERVATION_INIT;
  o.measure = measure;
  o.unit = unit;
  o.period = period;
  o.numerator = numerator;
  o.denominator = denominator;
  o.value = value;
  if (!std::isnan(value)) {  // means pool up the hierarchy weighted by n
    o.n = 50;
    o.sd = 5;
  }
  REQUIRE(cmx_compass_add_observation(ctx, k, &o) == CMX_OK);
}

// Units a and b part of region r; two years of the four points.
struct compass_fixture : context {
  cmx_compass* compass = nullptr;
  compass_fixture() {
    REQUIRE(cmx_compass_create(ctx, measures.data(), measures.size(), "m.json", &compass) ==
            CMX_OK);
    for (const char* unit : {"a", "b"}) {
      const double shift = unit[0] == 'a' ? 0.0 : 1.0;
      for (const char* year : {"2023", "2024"}) {
        const double later = year[3] == '4' ? 1.0 : 0.0;
        add(ctx, compass, "cost", unit, year, NAN, NAN, 700 - 50 * later + 10 * shift);
        add(ctx, compass, "mortality", unit, year, 20 - 8 * later + shift, 200, NAN);
        add(ctx, compass, "function", unit, year, NAN, NAN, 50 + 5 * later);
        add(ctx, compass, "satisfaction", unit, year, NAN, NAN, 3.5 + 0.5 * later);
      }
      REQUIRE(cmx_compass_add_edge(ctx, compass, unit, "r", 1.0) == CMX_OK);
    }
    REQUIRE(cmx_compass_set_spc_provider(ctx, compass, latest_is_largest, nullptr) == CMX_OK);
  }
  ~compass_fixture() { cmx_compass_destroy(compass); }
  compass_fixture(const compass_fixture&) = delete;
  compass_fixture& operator=(const compass_fixture&) = delete;
  compass_fixture(compass_fixture&&) = delete;
  compass_fixture& operator=(compass_fixture&&) = delete;
};

struct result_fixture : compass_fixture {
  cmx_compass_result* result = nullptr;
  result_fixture() {
    REQUIRE(cmx_compass_score(ctx, compass, "r", nullptr, nullptr, &result) == CMX_OK);
  }
  ~result_fixture() { cmx_compass_result_destroy(result); }
  result_fixture(const result_fixture&) = delete;
  result_fixture& operator=(const result_fixture&) = delete;
  result_fixture(result_fixture&&) = delete;
  result_fixture& operator=(result_fixture&&) = delete;
};

}  // namespace

CMX_OOM_TEST(cmx_funnel_create) {
  context c;
  cmx_funnel_options o = CMX_FUNNEL_OPTIONS_INIT;
  o.overdispersion = CMX_FUNNEL_OVERDISPERSION_ADDITIVE;
  const auto points = sweep_create<cmx_funnel>(
      "cmx_funnel_create",
      [&](cmx_funnel** out) {
        return cmx_funnel_create(c.ctx, events.data(), trials.data(), events.size(), &o, out);
      },
      cmx_funnel_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_funnel_destroy) {
  funnel_fixture f;
  CHECK(sweep_infallible("cmx_funnel_destroy", [&] { cmx_funnel_destroy(f.funnel); }) == 0);
  f.funnel = nullptr;
}

CMX_OOM_TEST(cmx_funnel_count) {
  funnel_fixture f;
  CHECK(sweep_infallible(
            "cmx_funnel_count", [&] { return cmx_funnel_count(f.funnel); },
            [](std::size_t n) { CHECK(n == 8); }) == 0);
}

CMX_OOM_TEST(cmx_funnel_get_summary) {
  funnel_fixture f;
  cmx_funnel_summary summary{};
  sweep_call(
      "cmx_funnel_get_summary", [&] { return cmx_funnel_get_summary(f.ctx, f.funnel, &summary); },
      [&](int status) { CHECK((status != CMX_OK || summary.target > 0.0)); });
}

CMX_OOM_TEST(cmx_funnel_get_unit) {
  funnel_fixture f;
  cmx_funnel_unit unit{};
  sweep_call(
      "cmx_funnel_get_unit", [&] { return cmx_funnel_get_unit(f.ctx, f.funnel, 3, &unit); },
      [&](int status) { CHECK((status != CMX_OK || unit.value == 45.0 / 250.0)); });
}

CMX_OOM_TEST(cmx_funnel_limits_at) {
  context c;
  double lower = 0;
  double upper = 0;
  sweep_call(
      "cmx_funnel_limits_at",
      [&] {
        return cmx_funnel_limits_at(c.ctx, CMX_FUNNEL_PROPORTION, CMX_FUNNEL_LIMITS_EXACT, 0.2, 100,
                                    0.998, 1.0, 0.0, &lower, &upper);
      },
      [&](int status) { CHECK((status != CMX_OK || (lower < 0.2 && upper > 0.2))); });
}

CMX_OOM_TEST(cmx_fhir_read_measure_reports) {
  context c;
  const std::string text = measure_report();
  const auto points = sweep_create<cmx_fhir_reports>(
      "cmx_fhir_read_measure_reports",
      [&](cmx_fhir_reports** out) {
        return cmx_fhir_read_measure_reports(c.ctx, text.data(), text.size(), "hl7.json", out);
      },
      cmx_fhir_reports_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_fhir_reports_destroy) {
  reports_fixture f;
  CHECK(sweep_infallible("cmx_fhir_reports_destroy",
                         [&] { cmx_fhir_reports_destroy(f.reports); }) == 0);
  f.reports = nullptr;
}

CMX_OOM_TEST(cmx_fhir_reports_count) {
  reports_fixture f;
  CHECK(sweep_infallible(
            "cmx_fhir_reports_count", [&] { return cmx_fhir_reports_count(f.reports); },
            [](std::size_t n) { CHECK(n == 1); }) == 0);
}

CMX_OOM_TEST(cmx_fhir_reports_get) {
  reports_fixture f;
  cmx_fhir_group group{};
  sweep_call(
      "cmx_fhir_reports_get", [&] { return cmx_fhir_reports_get(f.ctx, f.reports, 0, &group); },
      [&](int status) { CHECK((status != CMX_OK || group.score == 0.5)); });
}

CMX_OOM_TEST(cmx_fhir_write_measure_reports) {
  reports_fixture f;
  std::string buffer(1 << 16, '\0');
  std::size_t len = 0;
  sweep_call(
      "cmx_fhir_write_measure_reports",
      [&] {
        return cmx_fhir_write_measure_reports(f.ctx, f.reports, 1, buffer.data(), buffer.size(),
                                              &len);
      },
      [&](int status) {
        CHECK((status != CMX_OK || buffer.find("\"Bundle\"") != std::string::npos));
      });
}

CMX_OOM_TEST(cmx_compass_create) {
  context c;
  const auto points = sweep_create<cmx_compass>(
      "cmx_compass_create",
      [&](cmx_compass** out) {
        return cmx_compass_create(c.ctx, measures.data(), measures.size(), "m.json", out);
      },
      cmx_compass_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_compass_destroy) {
  compass_fixture f;
  CHECK(sweep_infallible("cmx_compass_destroy", [&] { cmx_compass_destroy(f.compass); }) == 0);
  f.compass = nullptr;
}

CMX_OOM_TEST(cmx_compass_add_observation) {
  compass_fixture f;
  cmx_compass_observation o = CMX_COMPASS_OBSERVATION_INIT;
  o.measure = "a measure with a name too long for the small-string buffer";
  o.unit = "a unit with a name too long for the small-string buffer of std::string";
  o.period = "2025";
  o.value = 1.0;
  const auto points = sweep_call("cmx_compass_add_observation",
                                 [&] { return cmx_compass_add_observation(f.ctx, f.compass, &o); });
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_compass_add_edge) {
  compass_fixture f;
  const auto points = sweep_call("cmx_compass_add_edge", [&] {
    return cmx_compass_add_edge(f.ctx, f.compass,
                                "a child with a name too long for the small-string buffer",
                                "a parent with a name too long for the small-string buffer", 0.5);
  });
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_compass_set_spc_provider) {
  compass_fixture f;
  sweep_call("cmx_compass_set_spc_provider", [&] {
    return cmx_compass_set_spc_provider(f.ctx, f.compass, latest_is_largest, nullptr);
  });
}

// The compass of the fixture's units rolled up through a system graph, with the SPC engine (no
// provider) judging each series: both allocate.
CMX_OOM_TEST(cmx_compass_set_system) {
  context c;
  const std::string system_json =
      R"({"units":[{"id":"r","level":"mesosystem"},{"id":"a","level":"clinical_microsystem"},)"
      R"({"id":"b","level":"clinical_microsystem"}],)"
      R"("memberships":[{"from":"a","to":"r"},{"from":"b","to":"r"}]})";
  cmx_system* system = nullptr;
  REQUIRE(cmx_system_create_from_json(c.ctx, system_json.data(), system_json.size(), "s.json",
                                      &system) == CMX_OK);
  cmx_compass* compass = nullptr;
  REQUIRE(cmx_compass_create(c.ctx, measures.data(), measures.size(), "m.json", &compass) ==
          CMX_OK);
  for (const char* unit : {"a", "b"}) {
    for (const char* year : {"2022", "2023", "2024"}) {
      add(c.ctx, compass, "mortality", unit, year, unit[0] == 'a' ? 20 : 12, 200, NAN);
    }
  }
  sweep_call("cmx_compass_set_system",
             [&] { return cmx_compass_set_system(c.ctx, compass, system); });
  cmx_system_destroy(system);
  const auto scored = sweep_create<cmx_compass_result>(
      "cmx_compass_score through the system graph and the SPC engine",
      [&](cmx_compass_result** out) {
        return cmx_compass_score(c.ctx, compass, "r", "2024", nullptr, out);
      },
      cmx_compass_result_destroy);
  CHECK(scored >= 1);
  cmx_compass_destroy(compass);
}

CMX_OOM_TEST(cmx_compass_score) {
  compass_fixture f;
  cmx_compass_options o = CMX_COMPASS_OPTIONS_INIT;
  const auto points = sweep_create<cmx_compass_result>(
      "cmx_compass_score",
      [&](cmx_compass_result** out) {
        return cmx_compass_score(f.ctx, f.compass, "r", "2024", &o, out);
      },
      cmx_compass_result_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_compass_result_destroy) {
  result_fixture f;
  CHECK(sweep_infallible("cmx_compass_result_destroy",
                         [&] { cmx_compass_result_destroy(f.result); }) == 0);
  f.result = nullptr;
}

CMX_OOM_TEST(cmx_compass_result_point) {
  result_fixture f;
  CHECK(sweep_infallible(
            "cmx_compass_result_point",
            [&] { return cmx_compass_result_point(f.result, CMX_COMPASS_WEST); },
            [](double score) { CHECK((score >= 0.0 && score <= 1.0)); }) == 0);
}

CMX_OOM_TEST(cmx_compass_result_outcome_index) {
  result_fixture f;
  CHECK(sweep_infallible(
            "cmx_compass_result_outcome_index",
            [&] { return cmx_compass_result_outcome_index(f.result); },
            [](double index) { CHECK(std::isfinite(index)); }) == 0);
}

CMX_OOM_TEST(cmx_compass_result_cost) {
  result_fixture f;
  CHECK(sweep_infallible(
            "cmx_compass_result_cost", [&] { return cmx_compass_result_cost(f.result); },
            [](double cost) { CHECK(cost > 0.0); }) == 0);
}

CMX_OOM_TEST(cmx_compass_result_value_index) {
  result_fixture f;
  CHECK(sweep_infallible(
            "cmx_compass_result_value_index",
            [&] { return cmx_compass_result_value_index(f.result); },
            [](double index) { CHECK(std::isfinite(index)); }) == 0);
}

CMX_OOM_TEST(cmx_compass_result_count) {
  result_fixture f;
  CHECK(sweep_infallible(
            "cmx_compass_result_count", [&] { return cmx_compass_result_count(f.result); },
            [](std::size_t n) { CHECK(n == 4); }) == 0);
}

CMX_OOM_TEST(cmx_compass_result_get) {
  result_fixture f;
  cmx_compass_measure_score score{};
  sweep_call(
      "cmx_compass_result_get", [&] { return cmx_compass_result_get(f.ctx, f.result, 0, &score); },
      [&](int status) { CHECK((status != CMX_OK || score.measure != nullptr)); });
}

CMX_OOM_TEST(cmx_compass_change_between) {
  compass_fixture f;
  cmx_compass_change change{};
  sweep_call(
      "cmx_compass_change_between",
      [&] {
        return cmx_compass_change_between(f.ctx, f.compass, "a", "mortality", "2023", "2024",
                                          &change);
      },
      [&](int status) { CHECK((status != CMX_OK || change.improvement > 0.0)); });
}

CMX_OOM_TEST(cmx_compass_wilson_interval) {
  context c;
  double lower = 0;
  double upper = 0;
  sweep_call(
      "cmx_compass_wilson_interval",
      [&] { return cmx_compass_wilson_interval(c.ctx, 3, 10, 0.95, &lower, &upper); },
      [&](int status) { CHECK((status != CMX_OK || (lower < 0.3 && upper > 0.3))); });
}

CMX_OOM_TEST(cmx_compass_newcombe_difference) {
  context c;
  double estimate = 0;
  double lower = 0;
  double upper = 0;
  sweep_call(
      "cmx_compass_newcombe_difference",
      [&] {
        return cmx_compass_newcombe_difference(c.ctx, 30, 100, 20, 100, 0.95, &estimate, &lower,
                                               &upper);
      },
      [&](int status) { CHECK((status != CMX_OK || std::abs(estimate - 0.1) < 1e-12)); });
}

CMX_OOM_TEST(cmx_compass_composite) {
  context c;
  const std::vector<std::int8_t> cells{1, 1, -1, 0, 1, 1, 1, 1, 1};  // 3 patients x 3 items
  double score = 0;
  sweep_call(
      "cmx_compass_composite",
      [&] {
        return cmx_compass_composite(c.ctx, cells.data(), 3, 3, CMX_COMPOSITE_ALL_OR_NONE, &score);
      },
      [&](int status) { CHECK((status != CMX_OK || std::abs(score - 2.0 / 3.0) < 1e-12)); });
}
