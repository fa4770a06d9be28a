// Compass scoring against hand-computed compasses, documented properties and bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/compass/composite.hpp"
#include "cmx/compass/scoring.hpp"
#include "cmx/error.hpp"

using namespace cmx::compass;

namespace {

measure make(const char* id, compass_point p, scoring_kind k, improvement d, double floor,
             double target, double weight = 1, measure_type type = measure_type::outcome) {
  measure m;
  // Through a temporary: GCC 12 at -O2 warns falsely (-Wrestrict, GCC bug 105329) when a
  // one-letter literal is assigned to a std::string.
  m.id = std::string(id);
  m.name = std::string(id);
  m.point = p;
  m.scoring = k;
  m.direction = d;
  m.floor = floor;
  m.target = target;
  m.weight = weight;
  m.type = type;
  return m;
}

observation counts(const char* m, const char* unit, double num, double den, std::int64_t row = 0) {
  observation o;
  o.measure = m;
  o.unit = unit;
  o.period = "2024-01";
  o.numerator = num;
  o.denominator = den;
  o.origin = {"obs.csv", row, ""};
  return o;
}

observation value(const char* m, const char* unit, double v, std::int64_t row = 0) {
  observation o;
  o.measure = m;
  o.unit = unit;
  o.period = "2024-01";
  o.value = v;
  o.origin = {"obs.csv", row, ""};
  return o;
}

std::vector<measure> example_measures() {
  using enum compass_point;
  using enum scoring_kind;
  using enum improvement;
  return {
      make("mortality", west, proportion, lower_is_better, 0.10, 0.02),
      make("hba1c_control", west, proportion, higher_is_better, 0.5, 0.9, 2),
      make("prom_function", north, continuous, higher_is_better, 20, 40),
      make("satisfied", east, proportion, higher_is_better, 0.6, 0.95),
      make("cost_per_case", south, continuous, lower_is_better, 5000, 3000, 1, measure_type::cost),
  };
}

std::vector<observation> example_observations() {
  return {
      counts("mortality", "A", 6, 100, 2),      counts("hba1c_control", "A", 80, 100, 3),
      value("prom_function", "A", 35, 4),       counts("satisfied", "A", 95, 100, 5),
      value("cost_per_case", "A", 4000, 6),     counts("mortality", "B", 2, 100, 7),
      counts("hba1c_control", "B", 90, 100, 8), value("prom_function", "B", 40, 9),
      counts("satisfied", "B", 95, 100, 10),    value("cost_per_case", "B", 2000, 11),
  };
}

}  // namespace

TEST_CASE("compass: a hand-computed goalpost compass", "[compass][scoring]") {
  const auto measures = example_measures();
  const auto table = make_observation_table(measures, example_observations());
  REQUIRE(table.units == std::vector<std::string>{"A", "B"});
  compass_options o;
  o.reference_cost = 4000;
  const auto s = score_compass(measures, table, o);
  // Unit A: mortality (0.06 - 0.10) / (0.02 - 0.10) = 0.5; HbA1c (0.8 - 0.5) / 0.4 = 0.75 with
  // weight 2: West = (0.5 + 2 x 0.75) / 3 = 2/3; North (35 - 20) / 20 = 0.75; East at target = 1;
  // outcome index (2/3 + 0.75 + 1) / 3; South (4000 - 5000) / (3000 - 5000) = 0.5.
  CHECK(s.score[0] == Approx(0.5));
  CHECK(s.point[0][0] == Approx(2.0 / 3.0));
  CHECK(s.point[1][0] == Approx(0.75));
  CHECK(s.point[2][0] == Approx(1.0));
  CHECK(s.point[3][0] == Approx(0.5));
  const double outcome_a = (2.0 / 3.0 + 0.75 + 1.0) / 3.0;
  CHECK(s.outcome_index[0] == Approx(outcome_a));
  CHECK(s.cost[0] == 4000);
  CHECK(s.value_index[0] == Approx(outcome_a));  // at the reference cost
  // Unit B is at target everywhere and costs half the reference: value index 2.
  CHECK(s.outcome_index[1] == Approx(1.0));
  CHECK(s.point[3][1] == Approx(1.0));  // 2000 is beyond the target: clamped
  CHECK(s.value_index[1] == Approx(2.0));
  // Default reference cost: the mean over cells, (4000 + 2000) / 2.
  const auto d = score_compass(measures, table);
  CHECK(d.reference_cost == 3000);
  CHECK(d.value_index[0] == Approx(outcome_a * 3000 / 4000));
  // Unclamped goalposts keep attainment beyond the target.
  o.clamp_goalpost = false;
  CHECK(score_compass(measures, table, o).point[3][1] == Approx(1.5));

  const auto a = compass_of(measures, table, s, "A", "2024-01");
  REQUIRE(a.measures.size() == 5);
  CHECK(a.measures[1].measure == "hba1c_control");
  CHECK(a.measures[1].value == Approx(0.8));
  CHECK_FALSE(a.measures[1].spc.computed);  // no SPC provider injected
  CHECK(a.outcome_index == Approx(outcome_a));
}

TEST_CASE("compass: point weights in the outcome index", "[compass][scoring]") {
  const auto measures = example_measures();
  const auto table = make_observation_table(measures, example_observations());
  compass_options o;
  o.point_weights = {2, 1, 0};
  const auto s = score_compass(measures, table, o);
  CHECK(s.outcome_index[0] == Approx((2 * (2.0 / 3.0) + 0.75) / 3.0));
}

TEST_CASE("compass: a unit exactly at target scores as documented", "[compass][scoring]") {
  for (const auto dir : {improvement::higher_is_better, improvement::lower_is_better}) {
    measure m = make("m", compass_point::west, scoring_kind::continuous, dir,
                     dir == improvement::higher_is_better ? 10.0 : 90.0, 50.0);
    m.benchmark_mean = 50;
    m.benchmark_sd = 8;
    CHECK(score_value(m, 50, score_method::goalpost) == 1.0);
    CHECK(score_value(m, 50, score_method::percent_of_target) == 100.0);
    CHECK(score_value(m, 50, score_method::benchmark_z) == 0.0);
    CHECK(score_value(m, 50, score_method::t_score) == 50.0);
    // At the floor: 0. One SD better than the benchmark: z = +1, T = 60, whatever the direction.
    CHECK(score_value(m, *m.floor, score_method::goalpost) == 0.0);
    const double better = dir == improvement::higher_is_better ? 58.0 : 42.0;
    CHECK(score_value(m, better, score_method::benchmark_z) == Approx(1.0));
    CHECK(score_value(m, better, score_method::t_score) == Approx(60.0));
    CHECK(score_value(m, better, score_method::percent_of_target) > 100.0);
  }
}

TEST_CASE("compass: rate and observed/expected values", "[compass][scoring]") {
  measure rate =
      make("falls", compass_point::west, scoring_kind::rate, improvement::lower_is_better, 10, 2);
  rate.multiplier = 1000;
  observation o = counts("falls", "A", 6, 1500);
  CHECK(measure_value(rate, o) == Approx(4.0));
  measure smr = make("smr", compass_point::west, scoring_kind::observed_expected,
                     improvement::lower_is_better, 1.5, 0.8);
  o.expected = 4;
  CHECK(measure_value(smr, o) == Approx(1.5));
}

TEST_CASE("compass: bad input gets precise errors", "[compass][scoring]") {
  auto measures = example_measures();
  auto obs = example_observations();
  auto fails_with = [&](const std::vector<measure>& ms, const std::vector<observation>& os,
                        cmx::status code, const char* field, const char* text) {
    try {
      const auto t = make_observation_table(ms, os);
      (void)score_compass(ms, t);
      FAIL("no error");
    } catch (const cmx::error& e) {
      CHECK(e.code() == code);
      CHECK(e.where().field == field);
      CHECK_THAT(e.what(), Catch::Contains(text));
    }
  };
  // Unknown measure, at the observation's file and row.
  auto bad = obs;
  bad[3].measure = "no_such_measure";
  fails_with(measures, bad, cmx::status::not_found, "measure", "obs.csv:5");
  // Direction missing.
  auto undirected = measures;
  undirected[2].direction = improvement::unspecified;
  fails_with(undirected, obs, cmx::status::bad_input, "direction", "direction missing");
  // Denominator of zero.
  bad = obs;
  bad[0].denominator = 0;
  fails_with(measures, bad, cmx::status::bad_input, "denominator", "denominator of zero");
  // Expected count of zero.
  auto with_smr = measures;
  with_smr.push_back(make("smr", compass_point::west, scoring_kind::observed_expected,
                          improvement::lower_is_better, 1.5, 0.8));
  bad = obs;
  observation smr_obs = counts("smr", "A", 3, 0, 12);
  smr_obs.expected = 0;
  bad.push_back(smr_obs);
  fails_with(with_smr, bad, cmx::status::bad_input, "expected", "expected count of zero");
  // A target equal to its floor.
  auto flat = measures;
  flat[0].floor = 0.02;
  fails_with(flat, obs, cmx::status::bad_input, "target", "target equals floor");
  // Negative cost.
  bad = obs;
  bad[4].value = -10;
  fails_with(measures, bad, cmx::status::bad_input, "value", "negative cost");
  // A numerator above its denominator; a measure observed twice.
  bad = obs;
  bad[1].numerator = 101;
  fails_with(measures, bad, cmx::status::bad_input, "numerator", "above its denominator");
  bad = obs;
  bad.push_back(obs[0]);
  fails_with(measures, bad, cmx::status::inconsistent, "period", "observed twice");
  // A negative reference cost; an unknown unit.
  const auto t = make_observation_table(measures, obs);
  compass_options o;
  o.reference_cost = -1;
  CHECK_THROWS_WITH(score_compass(measures, t, o), Catch::Contains("reference cost must be > 0"));
  const auto s = score_compass(measures, t);
  CHECK_THROWS_WITH(compass_of(measures, t, s, "Z", "2024-01"),
                    Catch::Contains("unknown unit 'Z'"));
  // A method lacking what it needs names the field.
  compass_options z;
  z.method = score_method::benchmark_z;
  try {
    (void)score_compass(measures, t, z);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().field == "benchmark_mean");
  }
}

TEST_CASE("composite: the four bundle methods by hand", "[compass][composite]") {
  using enum bundle_cell;
  // Patients x items: P1 all met; P2 met, not met, not eligible; P3 not eligible, met, met;
  // P4 not met, not met, met.
  const std::vector<bundle_cell> cells{met,          met, met, met,     not_met, not_eligible,
                                       not_eligible, met, met, not_met, not_met, met};
  const auto aon = composite(cells, 4, 3, composite_method::all_or_none);
  CHECK(aon.numerator == 2);
  CHECK(aon.denominator == 4);
  CHECK(aon.score == 0.5);
  const auto opp = composite(cells, 4, 3, composite_method::opportunity);
  CHECK(opp.numerator == 7);
  CHECK(opp.denominator == 10);
  CHECK(composite(cells, 4, 3, composite_method::indicator_average).score ==
        Approx((2.0 / 3.0 + 0.5 + 1.0) / 3.0));
  CHECK(composite(cells, 4, 3, composite_method::patient_average).score ==
        Approx((1.0 + 0.5 + 1.0 + 1.0 / 3.0) / 4.0));
  // All-or-none never exceeds the opportunity score (a patient counts only if every item is met).
  CHECK(aon.score <= opp.score);
  const std::vector<bundle_cell> nobody(6, not_eligible);
  CHECK_THROWS_WITH(composite(nobody, 2, 3, composite_method::opportunity),
                    Catch::Contains("no patient is eligible"));
  CHECK_THROWS_AS(composite(cells, 3, 3, composite_method::opportunity), cmx::error);
}
