// Roll-ups pool counts with allocation weights: hand-computed pools, and bad hierarchies.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cmx/compass/rollup.hpp"
#include "cmx/compass/scoring.hpp"
#include "cmx/error.hpp"

using namespace cmx::compass;

namespace {

std::vector<measure> measures() {
  measure p;
  p.id = "infection";
  p.point = compass_point::west;
  p.scoring = scoring_kind::proportion;
  p.direction = improvement::lower_is_better;
  p.floor = 0.3;
  p.target = 0.05;
  measure c = p;
  c.id = "prom";
  c.point = compass_point::north;
  c.scoring = scoring_kind::continuous;
  c.direction = improvement::higher_is_better;
  c.floor = 40;
  c.target = 70;
  return {p, c};
}

observation prop(const char* unit, double x, double n) {
  observation o;
  o.measure = "infection";
  o.unit = unit;
  o.period = "2024-Q1";
  o.numerator = x;
  o.denominator = n;
  return o;
}

observation mean(const char* unit, double v, double n) {
  observation o;
  o.measure = "prom";
  o.unit = unit;
  o.period = "2024-Q1";
  o.value = v;
  o.n = n;
  return o;
}

const observation* find(const std::vector<observation>& os, const std::string& unit,
                        const std::string& m) {
  for (const auto& o : os) {
    if (o.unit == unit && o.measure == m) {
      return &o;
    }
  }
  return nullptr;
}

// Wards A and B in medicine; ward C shared 25% medicine, 75% surgery; both in the trust.
const std::vector<hierarchy_edge> edges{{"A", "medicine", 1.0},     {"B", "medicine", 1.0},
                                        {"C", "medicine", 0.25},    {"C", "surgery", 0.75},
                                        {"medicine", "trust", 1.0}, {"surgery", "trust", 1.0}};

}  // namespace

TEST_CASE("rollup: counts are pooled with allocation weights", "[compass][rollup]") {
  const auto ms = measures();
  const std::vector<observation> obs{prop("A", 10, 100), prop("B", 30, 200), prop("C", 8, 40),
                                     mean("A", 50, 10), mean("B", 60, 30)};
  const auto r = roll_up(ms, obs, edges);
  CHECK(r.warnings.empty());
  const auto* med = find(r.observations, "medicine", "infection");
  REQUIRE(med != nullptr);
  CHECK(*med->numerator == Approx(10 + 30 + 0.25 * 8));
  CHECK(*med->denominator == Approx(100 + 200 + 0.25 * 40));
  const auto* surg = find(r.observations, "surgery", "infection");
  REQUIRE(surg != nullptr);
  CHECK(*surg->numerator == Approx(6));
  CHECK(*surg->denominator == Approx(30));
  // The trust receives C through both paths: 0.25 + 0.75 = all of it.
  const auto* trust = find(r.observations, "trust", "infection");
  REQUIRE(trust != nullptr);
  CHECK(*trust->numerator == Approx(48));
  CHECK(*trust->denominator == Approx(340));
  // Pooled 48/340, not the mean of the rates (0.10 + 0.15 + 0.20) / 3.
  CHECK(*trust->numerator / *trust->denominator != Approx(0.15));
  // Means are weighted by n: (10 x 50 + 30 x 60) / 40.
  const auto* prom = find(r.observations, "medicine", "prom");
  REQUIRE(prom != nullptr);
  CHECK(*prom->value == Approx(57.5));
  CHECK(*prom->n == Approx(40));
  CHECK(find(r.observations, "A", "infection") == nullptr);  // leaves are not re-emitted

  // The whole system scored: leaves plus pools, every unit present once per measure.
  const auto all = with_rollups(obs, edges, r);
  const auto table = make_observation_table(ms, all);
  const auto scores = score_compass(ms, table);
  const auto t = compass_of(ms, table, scores, "trust", "2024-Q1");
  CHECK(t.measures.at(0).value == Approx(48.0 / 340.0));
  CHECK(t.point[0] == Approx((48.0 / 340.0 - 0.3) / (0.05 - 0.3)));
}

TEST_CASE("rollup: shared units counted fully warn of double counting", "[compass][rollup]") {
  const auto ms = measures();
  const std::vector<observation> obs{prop("A", 10, 100), prop("B", 30, 200), prop("C", 8, 40)};
  rollup_options o;
  o.full_weight_for_shared = true;
  const auto r = roll_up(ms, obs, edges, o);
  REQUIRE(r.warnings.size() == 1);
  CHECK_THAT(r.warnings[0], Catch::Contains("'C'") && Catch::Contains("double counting"));
  CHECK(*find(r.observations, "trust", "infection")->numerator == Approx(10 + 30 + 2 * 8));
  CHECK(*find(r.observations, "surgery", "infection")->denominator == Approx(40));
}

TEST_CASE("rollup: bad hierarchies and inputs", "[compass][rollup]") {
  const auto ms = measures();
  const std::vector<observation> obs{prop("A", 10, 100)};
  const std::vector<hierarchy_edge> cycle{{"A", "m", 1}, {"m", "t", 1}, {"t", "m", 1}};
  try {
    (void)roll_up(ms, obs, cycle);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::inconsistent);
    CHECK_THAT(e.message(), Catch::Contains("cycle"));
  }
  const std::vector<hierarchy_edge> self{{"A", "A", 1}};
  CHECK_THROWS_WITH(roll_up(ms, obs, self), Catch::Contains("part of itself"));
  const std::vector<hierarchy_edge> heavy{{"A", "m", 1.5}};
  try {
    (void)roll_up(ms, obs, heavy);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().line == 1);
    CHECK(e.where().field == "weight");
  }
  const std::vector<observation> no_n{mean("A", 50, 10), [] {
                                        auto o = mean("B", 60, 1);
                                        o.n.reset();
                                        return o;
                                      }()};
  const std::vector<hierarchy_edge> two{{"A", "m", 1}, {"B", "m", 1}};
  CHECK_THROWS_WITH(roll_up(ms, no_n, two), Catch::Contains("needs its n"));
  auto unknown = obs;
  unknown[0].measure = "nope";
  CHECK_THROWS_AS(roll_up(ms, unknown, two), cmx::error);
}
