// Roll-ups through the system graph: allocation weights and validity periods of part_of
// memberships decide where a unit's counts go (hand-computed pools), and the SD of pooled means
// is that of the combined groups (Cochrane Handbook 6.5.2.10).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/compass/system_rollup.hpp"
#include "cmx/error.hpp"
#include "cmx/system/io.hpp"

using namespace cmx::compass;

namespace {

// a1 is wholly in cardiac; a2 half in cardiac, half in oncology; a3 moves from cardiac to
// oncology on 2024-04-01 (a date alone as valid_until includes that whole day). Both mesosystems
// are part of the macrosystem.
const char* const system_json = R"({
  "units": [
    {"id": "macro", "level": "macrosystem"},
    {"id": "cardiac", "level": "mesosystem"},
    {"id": "oncology", "level": "mesosystem"},
    {"id": "a1", "level": "clinical_microsystem"},
    {"id": "a2", "level": "support_microsystem"},
    {"id": "a3", "level": "clinical_microsystem"}
  ],
  "memberships": [
    {"from": "cardiac", "to": "macro"},
    {"from": "oncology", "to": "macro"},
    {"from": "a1", "to": "cardiac"},
    {"from": "a2", "to": "cardiac", "weight": 0.5},
    {"from": "a2", "to": "oncology", "weight": 0.5},
    {"from": "a3", "to": "cardiac", "valid_until": "2024-03-31"},
    {"from": "a3", "to": "oncology", "valid_from": "2024-04-01"}
  ]
})";

std::vector<measure> measures() {
  measure p;
  p.id = "falls";
  p.scoring = scoring_kind::proportion;
  p.direction = improvement::lower_is_better;
  measure c = p;
  c.id = "prom";
  c.scoring = scoring_kind::continuous;
  c.direction = improvement::higher_is_better;
  return {p, c};
}

observation prop(const char* unit, const char* period, const char* start, double x, double n) {
  observation o;
  o.measure = "falls";
  o.unit = unit;
  o.period = period;
  o.period_start = start;
  o.numerator = x;
  o.denominator = n;
  return o;
}

const observation& find(const std::vector<observation>& os, const std::string& unit,
                        const std::string& period, const std::string& m = "falls") {
  for (const auto& o : os) {
    if (o.unit == unit && o.period == period && o.measure == m) {
      return o;
    }
  }
  FAIL("no observation of " << m << " for " << unit << " in " << period);
  return os.front();
}

}  // namespace

TEST_CASE("system roll-up: weights and validity periods of part_of decide the pools") {
  const auto system = cmx::system::read_system_json(system_json, "t.json");
  const std::vector<observation> obs{
      prop("a1", "Q1", "2024-01-01", 2, 100), prop("a2", "Q1", "2024-01-01", 10, 200),
      prop("a3", "Q1", "2024-01-01", 6, 60),  prop("a1", "Q2", "2024-04-01", 4, 100),
      prop("a2", "Q2", "2024-04-01", 8, 200), prop("a3", "Q2", "2024-04-01", 3, 60)};
  const auto ms = measures();
  const auto r = roll_up(ms, obs, system);
  // Q1: cardiac = a1 + a2/2 + a3 = (2 + 5 + 6) / (100 + 100 + 60); oncology = a2/2 = 5 / 100.
  CHECK(find(r.observations, "cardiac", "Q1").numerator == Approx(13));
  CHECK(find(r.observations, "cardiac", "Q1").denominator == Approx(260));
  CHECK(find(r.observations, "oncology", "Q1").numerator == Approx(5));
  CHECK(find(r.observations, "oncology", "Q1").denominator == Approx(100));
  // Q2: a3 has moved: cardiac = 4 + 4 over 100 + 100; oncology = 4 + 3 over 100 + 60.
  CHECK(find(r.observations, "cardiac", "Q2").numerator == Approx(8));
  CHECK(find(r.observations, "cardiac", "Q2").denominator == Approx(200));
  CHECK(find(r.observations, "oncology", "Q2").numerator == Approx(7));
  CHECK(find(r.observations, "oncology", "Q2").denominator == Approx(160));
  // The macrosystem pools everything exactly once in both periods.
  CHECK(find(r.observations, "macro", "Q1").numerator == Approx(18));
  CHECK(find(r.observations, "macro", "Q1").denominator == Approx(360));
  CHECK(find(r.observations, "macro", "Q2").numerator == Approx(15));
  CHECK(find(r.observations, "macro", "Q2").denominator == Approx(360));
  // The units' own observations are kept beside the pools.
  CHECK(find(r.observations, "a3", "Q2").numerator == Approx(3));
  CHECK(r.warnings.empty());
}

TEST_CASE("system roll-up: pooled means carry the SD of the combined groups") {
  // Groups (n 10, mean 5, SD 2) and (n 20, mean 8, SD 3): mean 7, and the sum of squares
  // 9 x 4 + 19 x 9 + 10 x (5 - 7)^2 + 20 x (8 - 7)^2 = 267 over 29 degrees of freedom.
  const auto system = cmx::system::read_system_json(system_json, "t.json");
  std::vector<observation> obs(2);
  const double n[] = {10, 20};
  const double mean[] = {5, 8};
  const double sd[] = {2, 3};
  const char* unit[] = {"a1", "a3"};
  for (std::size_t i = 0; i < 2; ++i) {
    obs[i].measure = "prom";
    obs[i].unit = unit[i];
    obs[i].period = "Q1";
    obs[i].period_start = "2024-01-01";
    obs[i].value = mean[i];
    obs[i].n = n[i];
    obs[i].sd = sd[i];
  }
  const auto ms = measures();
  auto r = roll_up(ms, obs, system);
  const auto& cardiac = find(r.observations, "cardiac", "Q1", "prom");
  CHECK(*cardiac.value == Approx(7));
  CHECK(*cardiac.n == Approx(30));
  REQUIRE(cardiac.sd);
  CHECK(*cardiac.sd == Approx(std::sqrt(267.0 / 29.0)));

  obs[1].sd.reset();  // one group without SD: the pooled mean stands, its SD does not exist
  r = roll_up(ms, obs, system);
  const auto& partial = find(r.observations, "cardiac", "Q1", "prom");
  CHECK(*partial.value == Approx(7));
  CHECK_FALSE(partial.sd);
}

TEST_CASE("system roll-up: a unit the system does not have is an error at its row") {
  const auto system = cmx::system::read_system_json(system_json, "t.json");
  auto o = prop("ghost", "Q1", "2024-01-01", 1, 10);
  o.origin.source = "obs.csv";
  o.origin.row = 7;
  const std::vector<observation> obs{o};
  const auto ms = measures();
  try {
    (void)roll_up(ms, obs, system);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::not_found);
    CHECK(e.where().source == "obs.csv");
    CHECK(e.where().line == 7);
    CHECK(e.where().field == "unit");
  }
  auto bad_date = prop("a1", "Q1", "January", 1, 10);
  const std::vector<observation> obs2{bad_date};
  CHECK_THROWS_AS(roll_up(ms, obs2, system), cmx::error);
}
