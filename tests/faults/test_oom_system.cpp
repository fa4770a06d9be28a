// Out-of-memory sweeps over the system graph's C API: systems, journeys, flow, roll-ups.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "cmx.h"
#include "faults/fault_injection.hpp"
#include "faults/oom_support.hpp"

using cmx::faults::context;
using cmx::faults::sentinel;
using cmx::faults::sweep_call;
using cmx::faults::sweep_create;
using cmx::faults::sweep_infallible;

namespace {

// A macrosystem r with two mesosystems; x belongs to both (a shared unit), s serves m.
const std::string system_json = R"({"units": [
  {"id": "r", "level": "macrosystem"}, {"id": "m", "level": "mesosystem"},
  {"id": "m2", "level": "mesosystem"}, {"id": "x", "level": "clinical_microsystem"},
  {"id": "y", "level": "clinical_microsystem"}, {"id": "z", "level": "clinical_microsystem"},
  {"id": "s", "level": "support_microsystem"}],
 "memberships": [{"from": "m", "to": "r"}, {"from": "m2", "to": "r"},
  {"from": "x", "to": "m", "weight": 0.5}, {"from": "x", "to": "m2", "weight": 0.5},
  {"from": "y", "to": "m"}, {"from": "z", "to": "m"}, {"from": "s", "to": "m", "type": "serves"}],
 "pathways": [{"id": "p", "steps": ["x", "y"]}]})";

const std::int64_t hour = 3600;
// Episodes: x y (conforms), x z y, x y z, x z.
const std::vector<cmx_stay> stays = {
    {"a", "x", 0, hour},        {"a", "y", hour, 2 * hour},     {"b", "x", 0, hour},
    {"b", "z", hour, 2 * hour}, {"b", "y", 2 * hour, 3 * hour}, {"c", "x", 0, hour},
    {"c", "y", hour, 2 * hour}, {"c", "z", 2 * hour, 3 * hour}, {"d", "x", 0, hour},
    {"d", "z", hour, 2 * hour}};

const std::string stays_csv =
    "episode,unit,start,end\n"
    "a,x,2024-03-01T00:00:00Z,2024-03-01T10:00:00Z\n"
    "a,y,2024-03-01T12:00:00Z,2024-03-02\n"
    "b,x,2024-03-05,2024-03-05T01:00\n"
    "b,z,2024-03-05T05:00,2024-03-06\n";

const std::string handoffs_csv =
    "episode,from,to,time,type\n"
    "a,x,y,2024-03-01T10:00:00Z,patient\n"
    "a,y,s,2024-03-01T11:00:00Z,information\n"
    "b,x,z,2024-03-05T01:00:00Z,patient\n";

struct system_fixture : context {
  cmx_system* system = nullptr;
  system_fixture() {
    REQUIRE(cmx_system_create_from_json(ctx, system_json.data(), system_json.size(), "fixture",
                                        &system) == CMX_OK);
  }
  ~system_fixture() { cmx_system_destroy(system); }
  system_fixture(const system_fixture&) = delete;
  system_fixture& operator=(const system_fixture&) = delete;
  system_fixture(system_fixture&&) = delete;
  system_fixture& operator=(system_fixture&&) = delete;
};

struct journeys_fixture : system_fixture {
  cmx_journeys* journeys = nullptr;
  journeys_fixture() {
    REQUIRE(cmx_journeys_create(ctx, stays.data(), stays.size(), system, &journeys) == CMX_OK);
  }
  ~journeys_fixture() { cmx_journeys_destroy(journeys); }
  journeys_fixture(const journeys_fixture&) = delete;
  journeys_fixture& operator=(const journeys_fixture&) = delete;
  journeys_fixture(journeys_fixture&&) = delete;
  journeys_fixture& operator=(journeys_fixture&&) = delete;
};

struct flow_fixture : journeys_fixture {
  cmx_flow* flow = nullptr;
  flow_fixture() { REQUIRE(cmx_flow_create(ctx, journeys, nullptr, &flow) == CMX_OK); }
  ~flow_fixture() { cmx_flow_destroy(flow); }
  flow_fixture(const flow_fixture&) = delete;
  flow_fixture& operator=(const flow_fixture&) = delete;
  flow_fixture(flow_fixture&&) = delete;
  flow_fixture& operator=(flow_fixture&&) = delete;
};

const std::vector<cmx_observation> observations = {{"x", "2024-01", 3, 10},
                                                   {"y", "2024-01", 1, 5},
                                                   {"z", "2024-01", 2, 4},
                                                   {"x", "2024-02", 1, 8}};

struct rollup_fixture : system_fixture {
  cmx_rollup* rollup = nullptr;
  rollup_fixture() {
    REQUIRE(cmx_rollup_create(ctx, system, observations.data(), observations.size(), nullptr,
                              &rollup) == CMX_OK);
  }
  ~rollup_fixture() { cmx_rollup_destroy(rollup); }
  rollup_fixture(const rollup_fixture&) = delete;
  rollup_fixture& operator=(const rollup_fixture&) = delete;
  rollup_fixture(rollup_fixture&&) = delete;
  rollup_fixture& operator=(rollup_fixture&&) = delete;
};

// Sweeps a getter of a borrowed string: *out_id must be NULL after every failure.
template <class Call>
void sweep_id(const std::string& name, Call call, const char* expected) {
  const char* id = nullptr;
  sweep_call(
      name,
      [&] {
        id = sentinel<const char>();
        return call(&id);
      },
      [&](int status) {
        if (status == CMX_OK) {
          CHECK(std::string(id) == expected);
        } else {
          CHECK(id == nullptr);
        }
      });
}

}  // namespace

CMX_OOM_TEST(cmx_system_parse_time) {
  context c;
  std::int64_t seconds = 0;
  sweep_call(
      "cmx_system_parse_time",
      [&] { return cmx_system_parse_time(c.ctx, "2024-03-01T08:30:00Z", &seconds); },
      [&](int status) { CHECK((status != CMX_OK || seconds == 1709281800)); });
}

CMX_OOM_TEST(cmx_system_create_from_json) {
  context c;
  const auto points = sweep_create<cmx_system>(
      "cmx_system_create_from_json",
      [&](cmx_system** out) {
        return cmx_system_create_from_json(c.ctx, system_json.data(), system_json.size(), "s.json",
                                           out);
      },
      cmx_system_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_system_create_from_file) {
  context c;
  const cmx::faults::temp_file file("oom_system.json", system_json);
  const std::string& path = file.path;
  const auto points = sweep_create<cmx_system>(
      "cmx_system_create_from_file",
      [&](cmx_system** out) { return cmx_system_create_from_file(c.ctx, path.c_str(), out); },
      cmx_system_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_system_destroy) {
  system_fixture f;
  CHECK(sweep_infallible("cmx_system_destroy", [&] { cmx_system_destroy(f.system); }) == 0);
  f.system = nullptr;
}

CMX_OOM_TEST(cmx_system_unit_count) {
  system_fixture f;
  std::size_t count = 0;
  sweep_call(
      "cmx_system_unit_count", [&] { return cmx_system_unit_count(f.ctx, f.system, &count); },
      [&](int status) { CHECK((status != CMX_OK || count == 7)); });
}

CMX_OOM_TEST(cmx_system_unit_index) {
  system_fixture f;
  std::size_t index = 99;
  sweep_call(
      "cmx_system_unit_index", [&] { return cmx_system_unit_index(f.ctx, f.system, "x", &index); },
      [&](int status) { CHECK((status != CMX_OK || index < 7)); });
}

CMX_OOM_TEST(cmx_system_unit_id) {
  system_fixture f;
  std::size_t x = 0;
  REQUIRE(cmx_system_unit_index(f.ctx, f.system, "x", &x) == CMX_OK);
  sweep_id(
      "cmx_system_unit_id",
      [&](const char** id) { return cmx_system_unit_id(f.ctx, f.system, x, id); }, "x");
}

CMX_OOM_TEST(cmx_system_unit_level) {
  system_fixture f;
  std::size_t r = 0;
  REQUIRE(cmx_system_unit_index(f.ctx, f.system, "r", &r) == CMX_OK);
  int level = -2;
  sweep_call(
      "cmx_system_unit_level", [&] { return cmx_system_unit_level(f.ctx, f.system, r, &level); },
      [&](int status) { CHECK((status != CMX_OK || level == CMX_LEVEL_MACROSYSTEM)); });
}

CMX_OOM_TEST(cmx_system_query) {
  system_fixture f;
  std::vector<std::size_t> units(16);
  std::size_t len = 0;
  sweep_call(
      "cmx_system_query",
      [&] {
        return cmx_system_query(f.ctx, f.system, "r", CMX_RELATION_DESCENDANTS, nullptr,
                                units.data(), units.size(), &len);
      },
      [&](int status) { CHECK((status != CMX_OK || len == 5)); });  // m m2 x y z (s serves)
}

CMX_OOM_TEST(cmx_system_paths_to_macrosystem) {
  system_fixture f;
  std::vector<std::size_t> units(16);
  std::size_t len = 0;
  sweep_call(
      "cmx_system_paths_to_macrosystem",
      [&] {
        return cmx_system_paths_to_macrosystem(f.ctx, f.system, "x", nullptr, units.data(),
                                               units.size(), &len);
      },
      [&](int status) { CHECK((status != CMX_OK || len == 8)); });  // x m r END, x m2 r END
}

CMX_OOM_TEST(cmx_journeys_create) {
  system_fixture f;
  const auto points = sweep_create<cmx_journeys>(
      "cmx_journeys_create",
      [&](cmx_journeys** out) {
        return cmx_journeys_create(f.ctx, stays.data(), stays.size(), f.system, out);
      },
      cmx_journeys_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_journeys_create_from_file) {
  system_fixture f;
  const cmx::faults::temp_file file("oom_stays.csv", stays_csv);
  const std::string& path = file.path;
  const auto points = sweep_create<cmx_journeys>(
      "cmx_journeys_create_from_file",
      [&](cmx_journeys** out) {
        return cmx_journeys_create_from_file(f.ctx, path.c_str(), f.system, out);
      },
      cmx_journeys_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_journeys_destroy) {
  journeys_fixture f;
  CHECK(sweep_infallible("cmx_journeys_destroy", [&] { cmx_journeys_destroy(f.journeys); }) == 0);
  f.journeys = nullptr;
}

CMX_OOM_TEST(cmx_journeys_counts) {
  journeys_fixture f;
  std::size_t episodes = 0;
  std::size_t n = 0;
  sweep_call(
      "cmx_journeys_counts", [&] { return cmx_journeys_counts(f.ctx, f.journeys, &episodes, &n); },
      [&](int status) { CHECK((status != CMX_OK || (episodes == 4 && n == stays.size()))); });
}

CMX_OOM_TEST(cmx_flow_create) {
  journeys_fixture f;
  const auto points = sweep_create<cmx_flow>(
      "cmx_flow_create",
      [&](cmx_flow** out) { return cmx_flow_create(f.ctx, f.journeys, nullptr, out); },
      cmx_flow_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_flow_create_from_handoffs_file) {
  system_fixture f;
  const cmx::faults::temp_file file("oom_handoffs.csv", handoffs_csv);
  const std::string& path = file.path;
  const auto points = sweep_create<cmx_flow>(
      "cmx_flow_create_from_handoffs_file",
      [&](cmx_flow** out) {
        return cmx_flow_create_from_handoffs_file(f.ctx, path.c_str(), f.system, CMX_HANDOFF_ANY,
                                                  nullptr, out);
      },
      cmx_flow_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_flow_destroy) {
  flow_fixture f;
  CHECK(sweep_infallible("cmx_flow_destroy", [&] { cmx_flow_destroy(f.flow); }) == 0);
  f.flow = nullptr;
}

CMX_OOM_TEST(cmx_flow_get_summary) {
  flow_fixture f;
  cmx_flow_summary summary{};
  sweep_call(
      "cmx_flow_get_summary", [&] { return cmx_flow_get_summary(f.ctx, f.flow, &summary); },
      [&](int status) { CHECK((status != CMX_OK || summary.handoffs == 6)); });
}

CMX_OOM_TEST(cmx_flow_unit_id) {
  flow_fixture f;
  sweep_id(
      "cmx_flow_unit_id", [&](const char** id) { return cmx_flow_unit_id(f.ctx, f.flow, 0, id); },
      "x");
}

CMX_OOM_TEST(cmx_flow_get_unit) {
  flow_fixture f;
  cmx_flow_unit unit{};
  sweep_call(
      "cmx_flow_get_unit", [&] { return cmx_flow_get_unit(f.ctx, f.flow, 0, &unit); },
      [&](int status) { CHECK((status != CMX_OK || unit.out_strength == 4.0)); });
}

CMX_OOM_TEST(cmx_flow_get_edges) {
  flow_fixture f;
  std::vector<cmx_flow_edge> edges(16);
  std::size_t len = 0;
  sweep_call(
      "cmx_flow_get_edges",
      [&] { return cmx_flow_get_edges(f.ctx, f.flow, edges.data(), edges.size(), &len); },
      [&](int status) { CHECK((status != CMX_OK || len == 4)); });  // xy xz zy yz
}

CMX_OOM_TEST(cmx_flow_get_path) {
  flow_fixture f;
  std::vector<std::size_t> units(8);
  std::size_t len = 0;
  std::uint64_t count = 0;
  double coverage = 0;
  sweep_call(
      "cmx_flow_get_path",
      [&] {
        return cmx_flow_get_path(f.ctx, f.flow, 0, units.data(), units.size(), &len, &count,
                                 &coverage);
      },
      [&](int status) { CHECK((status != CMX_OK || (count == 1 && coverage == 0.25))); });
}

CMX_OOM_TEST(cmx_flow_islands) {
  flow_fixture f;
  std::vector<std::size_t> units(16);
  std::size_t len = 0;
  sweep_call("cmx_flow_islands", [&] {
    return cmx_flow_islands(f.ctx, f.flow, f.system, "m", nullptr, units.data(), units.size(),
                            &len);
  });
}

CMX_OOM_TEST(cmx_journeys_conformance) {
  journeys_fixture f;
  std::uint64_t episodes = 0;
  std::uint64_t conforming = 0;
  sweep_call(
      "cmx_journeys_conformance",
      [&] {
        return cmx_journeys_conformance(f.ctx, f.journeys, f.system, "p", nullptr, &episodes,
                                        &conforming);
      },
      [&](int status) { CHECK((status != CMX_OK || (episodes == 4 && conforming >= 1))); });
}

CMX_OOM_TEST(cmx_journeys_unit_id) {
  journeys_fixture f;
  sweep_id(
      "cmx_journeys_unit_id",
      [&](const char** id) { return cmx_journeys_unit_id(f.ctx, f.journeys, 1, id); }, "y");
}

CMX_OOM_TEST(cmx_journeys_transitions) {
  journeys_fixture f;
  std::vector<cmx_transition> transitions(16);
  std::size_t len = 0;
  sweep_call(
      "cmx_journeys_transitions",
      [&] {
        return cmx_journeys_transitions(f.ctx, f.journeys, nullptr, transitions.data(),
                                        transitions.size(), &len);
      },
      [&](int status) { CHECK((status != CMX_OK || len == 2)); });  // x z y, x y z
}

CMX_OOM_TEST(cmx_journeys_deviations) {
  journeys_fixture f;
  std::vector<cmx_deviation> deviations(16);
  std::size_t len = 0;
  sweep_call("cmx_journeys_deviations", [&] {
    return cmx_journeys_deviations(f.ctx, f.journeys, f.system, "p", nullptr, deviations.data(),
                                   deviations.size(), &len);
  });
}

CMX_OOM_TEST(cmx_rollup_create) {
  system_fixture f;
  cmx_rollup_options o = CMX_ROLLUP_OPTIONS_INIT;
  const auto points = sweep_create<cmx_rollup>(
      "cmx_rollup_create",
      [&](cmx_rollup** out) {
        return cmx_rollup_create(f.ctx, f.system, observations.data(), observations.size(), &o,
                                 out);
      },
      cmx_rollup_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_rollup_destroy) {
  rollup_fixture f;
  CHECK(sweep_infallible("cmx_rollup_destroy", [&] { cmx_rollup_destroy(f.rollup); }) == 0);
  f.rollup = nullptr;
}

CMX_OOM_TEST(cmx_rollup_counts) {
  rollup_fixture f;
  std::size_t rows = 0;
  std::size_t shared = 0;
  sweep_call(
      "cmx_rollup_counts", [&] { return cmx_rollup_counts(f.ctx, f.rollup, &rows, &shared); },
      [&](int status) { CHECK((status != CMX_OK || (rows > 0 && shared == 1))); });
}

CMX_OOM_TEST(cmx_rollup_get_row) {
  rollup_fixture f;
  cmx_rollup_row row{};
  sweep_call(
      "cmx_rollup_get_row", [&] { return cmx_rollup_get_row(f.ctx, f.rollup, 0, &row); },
      [&](int status) { CHECK((status != CMX_OK || row.period != nullptr)); });
}

CMX_OOM_TEST(cmx_rollup_get_shared_unit) {
  rollup_fixture f;
  std::size_t unit = 0;
  std::size_t parents = 0;
  double weights = 0;
  sweep_call(
      "cmx_rollup_get_shared_unit",
      [&] { return cmx_rollup_get_shared_unit(f.ctx, f.rollup, 0, &unit, &parents, &weights); },
      [&](int status) { CHECK((status != CMX_OK || (parents == 2 && weights == 1.0))); });
}

TEST_CASE("oom: unit id getters leave *out_id NULL past the end", "[oom]") {
  flow_fixture f;
  const char* id = sentinel<const char>();
  CHECK(cmx_system_unit_id(f.ctx, f.system, 99, &id) == CMX_E_OUT_OF_RANGE);
  CHECK(id == nullptr);
  id = sentinel<const char>();
  CHECK(cmx_flow_unit_id(f.ctx, f.flow, 99, &id) == CMX_E_OUT_OF_RANGE);
  CHECK(id == nullptr);
  id = sentinel<const char>();
  CHECK(cmx_journeys_unit_id(f.ctx, f.journeys, 99, &id) == CMX_E_OUT_OF_RANGE);
  CHECK(id == nullptr);
}
