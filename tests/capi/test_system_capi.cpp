// The system graph's C API through Catch2: the bundled example, argument checks, and reading
// one immutable system from several threads at once.
#include <catch2/catch.hpp>
#include <cstring>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "capi/context.hpp"
#include "cmx.h"

namespace {

const std::string example = std::string(CMX_SOURCE_DIR) + "/examples/data/system/";

using context = cmx::test::context;

}  // namespace

TEST_CASE("capi system: the bundled example through files") {
  context c;
  cmx_system* s = nullptr;
  REQUIRE(cmx_system_create_from_file(c.ctx, (example + "system.json").c_str(), &s) == CMX_OK);
  cmx_journeys* j = nullptr;
  REQUIRE(cmx_journeys_create_from_file(c.ctx, (example + "stays.csv").c_str(), s, &j) == CMX_OK);
  std::size_t episodes = 0;
  std::size_t stays = 0;
  REQUIRE(cmx_journeys_counts(c.ctx, j, &episodes, &stays) == CMX_OK);
  CHECK(episodes == 3300);  // generate_episodes.py: 2400 cardiac + 900 oncology

  cmx_flow* f = nullptr;
  REQUIRE(cmx_flow_create(c.ctx, j, nullptr, &f) == CMX_OK);
  cmx_flow_summary sum{};
  REQUIRE(cmx_flow_get_summary(c.ctx, f, &sum) == CMX_OK);
  CHECK(sum.handoffs == stays - episodes);  // every episode of k stays has k - 1 handoffs
  CHECK(sum.paths == 10);
  CHECK(sum.modularity > 0.0);
  // PageRank is a distribution.
  double total = 0;
  for (std::size_t i = 0; i < sum.units; ++i) {
    cmx_flow_unit u{};
    REQUIRE(cmx_flow_get_unit(c.ctx, f, i, &u) == CMX_OK);
    total += u.pagerank;
  }
  CHECK(total == Approx(1.0).epsilon(1e-12));

  std::uint64_t in_period = 0;
  std::uint64_t conforming = 0;
  REQUIRE(cmx_journeys_conformance(c.ctx, j, s, "ami_stemi", nullptr, &in_period, &conforming) ==
          CMX_OK);
  CHECK(in_period == episodes);
  CHECK(conforming > 0);
  CHECK(conforming < in_period);
  CHECK(cmx_journeys_conformance(c.ctx, j, s, "nope", nullptr, &in_period, &conforming) ==
        CMX_E_NOT_FOUND);

  // A stays file naming a unit the system lacks: the file's line and column.
  cmx_journeys* bad = nullptr;
  const std::string bad_path =
      std::string(CMX_SOURCE_DIR) + "/tests/fixtures/system/four_units_stays.csv";
  CHECK(cmx_journeys_create_from_file(c.ctx, bad_path.c_str(), s, &bad) == CMX_E_NOT_FOUND);
  CHECK(bad == nullptr);
  CHECK(cmx_context_error_line(c.ctx) == 2);
  CHECK(cmx_context_error_column(c.ctx) == 2);
  CHECK(std::strcmp(cmx_context_error_field(c.ctx), "unit") == 0);

  cmx_flow_destroy(f);
  cmx_journeys_destroy(j);
  cmx_system_destroy(s);
}

TEST_CASE("capi system: NULL arguments are CMX_E_INVALID_ARGUMENT") {
  context c;
  cmx_system* s = nullptr;
  std::size_t n = 0;
  CHECK(cmx_system_create_from_file(c.ctx, nullptr, &s) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_system_create_from_file(nullptr, "x", &s) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_system_unit_count(c.ctx, nullptr, &n) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_system_query(c.ctx, nullptr, "a", CMX_RELATION_PARENTS, nullptr, nullptr, 0, &n) ==
        CMX_E_INVALID_ARGUMENT);
  cmx_journeys* j = nullptr;
  CHECK(cmx_journeys_create(c.ctx, nullptr, 1, nullptr, &j) == CMX_E_INVALID_ARGUMENT);
  const cmx_stay null_unit{"e", nullptr, 0, 1};
  CHECK(cmx_journeys_create(c.ctx, &null_unit, 1, nullptr, &j) == CMX_E_INVALID_ARGUMENT);
  cmx_flow* f = nullptr;
  CHECK(cmx_flow_create(c.ctx, nullptr, nullptr, &f) == CMX_E_INVALID_ARGUMENT);
  cmx_rollup* r = nullptr;
  CHECK(cmx_rollup_create(c.ctx, nullptr, nullptr, 0, nullptr, &r) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_context_error_code(c.ctx) == CMX_E_INVALID_ARGUMENT);
}

TEST_CASE("capi system: one system read from many threads gives the same answers") {
  context c;
  cmx_system* s = nullptr;
  REQUIRE(cmx_system_create_from_file(c.ctx, (example + "system.json").c_str(), &s) == CMX_OK);
  std::vector<std::size_t> expected(32);
  std::size_t expected_len = 0;
  REQUIRE(cmx_system_query(c.ctx, s, "riverside", CMX_RELATION_DESCENDANTS, nullptr,
                           expected.data(), expected.size(), &expected_len) == CMX_OK);
  CHECK(expected_len == 19);
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  threads.reserve(ok.size());
  for (int& result : ok) {
    threads.emplace_back([&, &slot = result] {
      cmx_context* own = nullptr;  // a context per thread; the system is shared
      if (cmx_context_create(&own) != CMX_OK) {
        return;
      }
      int good = 1;
      for (int k = 0; k < 200; ++k) {
        std::vector<std::size_t> got(32);
        std::size_t len = 0;
        const bool same = cmx_system_query(own, s, "riverside", CMX_RELATION_DESCENDANTS, nullptr,
                                           got.data(), got.size(), &len) == CMX_OK &&
                          len == expected_len &&
                          std::equal(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(len),
                                     expected.begin());
        if (!same) {
          good = 0;
        }
      }
      slot = good;
      cmx_context_destroy(own);
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  CHECK(ok == std::vector<int>(4, 1));
  cmx_system_destroy(s);
}

TEST_CASE("capi system: transitions and explicit handoffs") {
  context c;
  const std::int64_t h = 3600;
  // x -> y -> z twice, x -> y -> x once: P(z | x, y) = 2/3.
  const cmx_stay stays[] = {{"a", "x", 0, h}, {"a", "y", h, 2 * h}, {"a", "z", 2 * h, 3 * h},
                            {"b", "x", 0, h}, {"b", "y", h, 2 * h}, {"b", "z", 2 * h, 3 * h},
                            {"c", "x", 0, h}, {"c", "y", h, 2 * h}, {"c", "x", 2 * h, 3 * h}};
  cmx_journeys* j = nullptr;
  REQUIRE(cmx_journeys_create(c.ctx, std::data(stays), std::size(stays), nullptr, &j) == CMX_OK);
  std::vector<cmx_transition> t(4);
  std::size_t len = 0;
  REQUIRE(cmx_journeys_transitions(c.ctx, j, nullptr, t.data(), t.size(), &len) == CMX_OK);
  REQUIRE(len == 2);
  const char* id = nullptr;
  REQUIRE(cmx_journeys_unit_id(c.ctx, j, t[0].next, &id) == CMX_OK);
  CHECK(std::string(id) == "z");
  CHECK(t[0].count == 2);
  CHECK(t[0].probability == Approx(2.0 / 3.0));
  CHECK(t[1].probability == Approx(1.0 / 3.0));
  CHECK(cmx_journeys_transitions(c.ctx, j, nullptr, t.data(), 1, &len) == CMX_E_BUFFER_TOO_SMALL);
  CHECK(len == 2);
  cmx_journeys_destroy(j);

  // The bundled example's information handoffs: every edge ends in primary care or home nursing.
  cmx_flow* f = nullptr;
  REQUIRE(cmx_flow_create_from_handoffs_file(c.ctx, (example + "handoffs.csv").c_str(), nullptr,
                                             CMX_HANDOFF_INFORMATION, nullptr, &f) == CMX_OK);
  cmx_flow_summary sum{};
  REQUIRE(cmx_flow_get_summary(c.ctx, f, &sum) == CMX_OK);
  CHECK(sum.handoffs > 0);
  CHECK(sum.paths == 0);
  std::vector<cmx_flow_edge> edges(sum.edges);
  REQUIRE(cmx_flow_get_edges(c.ctx, f, edges.data(), edges.size(), &len) == CMX_OK);
  for (const auto& e : edges) {
    REQUIRE(cmx_flow_unit_id(c.ctx, f, e.to, &id) == CMX_OK);
    CHECK((std::string(id) == "primary_care" || std::string(id) == "home_nursing"));
  }
  cmx_flow_destroy(f);
  f = nullptr;
  CHECK(cmx_flow_create_from_handoffs_file(c.ctx, (example + "handoffs.csv").c_str(), nullptr, 7,
                                           nullptr, &f) == CMX_E_INVALID_ARGUMENT);
  const std::string bad = std::string(CMX_SOURCE_DIR) + "/tests/fixtures/system/bad_handoffs.csv";
  CHECK(cmx_flow_create_from_handoffs_file(c.ctx, bad.c_str(), nullptr, CMX_HANDOFF_ANY, nullptr,
                                           &f) == CMX_E_PARSE);
  CHECK(f == nullptr);
  CHECK(cmx_context_error_line(c.ctx) == 3);
  CHECK(std::strcmp(cmx_context_error_field(c.ctx), "type") == 0);
}

TEST_CASE("capi system: pathway deviations and archipelagos") {
  context c;
  const char* json =
      R"({"units": [{"id": "m", "level": "mesosystem"}, {"id": "x", "level": "clinical_microsystem"},
                    {"id": "y", "level": "clinical_microsystem"},
                    {"id": "z", "level": "clinical_microsystem"},
                    {"id": "s", "level": "support_microsystem"}],
          "memberships": [{"from": "x", "to": "m"}, {"from": "y", "to": "m"}, {"from": "z", "to": "m"},
                          {"from": "s", "to": "m", "type": "serves"}],
          "pathways": [{"id": "p", "steps": ["x", "y"]}]})";
  cmx_system* s = nullptr;
  REQUIRE(cmx_system_create_from_json(c.ctx, json, std::strlen(json), nullptr, &s) == CMX_OK);
  // Episodes: x y (conforms), x z (leaves at step 1 with z), x (ends at step 1), x z again.
  const cmx_stay stays[] = {{"a", "x", 0, 1}, {"a", "y", 1, 2}, {"b", "x", 0, 1}, {"b", "z", 1, 2},
                            {"c", "x", 0, 1}, {"d", "x", 0, 1}, {"d", "z", 1, 2}};
  cmx_journeys* j = nullptr;
  REQUIRE(cmx_journeys_create(c.ctx, std::data(stays), std::size(stays), s, &j) == CMX_OK);
  std::vector<cmx_deviation> d(4);
  std::size_t len = 0;
  REQUIRE(cmx_journeys_deviations(c.ctx, j, s, "p", nullptr, d.data(), d.size(), &len) == CMX_OK);
  REQUIRE(len == 2);
  const char* id = nullptr;
  CHECK(d[0].step == 1);
  CHECK(d[0].count == 2);
  REQUIRE(cmx_journeys_unit_id(c.ctx, j, d[0].observed, &id) == CMX_OK);
  CHECK(std::string(id) == "z");
  CHECK(d[1].observed == CMX_PATH_END);
  CHECK(d[1].count == 1);

  // Flow x -> y and x -> z joins x, y, z; s has no stays: two islands.
  cmx_flow* f = nullptr;
  REQUIRE(cmx_flow_create(c.ctx, j, nullptr, &f) == CMX_OK);
  std::vector<std::size_t> islands(16);
  REQUIRE(cmx_flow_islands(c.ctx, f, s, "m", nullptr, islands.data(), islands.size(), &len) ==
          CMX_OK);
  std::size_t x = 0;
  std::size_t sup = 0;
  REQUIRE(cmx_system_unit_index(c.ctx, s, "x", &x) == CMX_OK);
  REQUIRE(cmx_system_unit_index(c.ctx, s, "s", &sup) == CMX_OK);
  REQUIRE(len == 6);  // islands sorted by first member id: {s}, {x, y, z}
  CHECK(islands[0] == sup);
  CHECK(islands[1] == CMX_PATH_END);
  CHECK(islands[2] == x);
  CHECK(islands[5] == CMX_PATH_END);
  CHECK(cmx_flow_islands(c.ctx, f, s, "x", nullptr, islands.data(), islands.size(), &len) ==
        CMX_E_BAD_INPUT);
  cmx_flow_destroy(f);
  cmx_journeys_destroy(j);
  cmx_system_destroy(s);
}
