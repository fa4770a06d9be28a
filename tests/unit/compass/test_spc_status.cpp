// The compass's SPC status from the SPC engine: hand-computed limits and runs decide the verdict.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/compass/scoring.hpp"
#include "cmx/compass/spc_status.hpp"

using namespace cmx::compass;

namespace {

measure make(scoring_kind k) {
  measure m;
  m.id = "m";
  m.scoring = k;
  m.direction = improvement::lower_is_better;
  m.floor = 1;
  m.target = 0;
  return m;
}

const double missing = std::nan("");

}  // namespace

TEST_CASE("spc status: a proportion far above its p-chart limit is a beyond_limits signal") {
  // Ten periods alternating 8/100 and 12/100 (crossing the centre every time), then 40/100:
  // p-bar = 140/1100 = 0.1273, sigma at n = 100 is sqrt(0.1273 x 0.8727 / 100) = 0.0333, so
  // UCL = 0.227 and 0.40 lies beyond it.
  std::vector<double> x;
  for (int i = 0; i < 5; ++i) {
    x.insert(x.end(), {8.0, 12.0});
  }
  x.push_back(40);
  const std::vector<double> n(11, 100.0);
  const std::vector<double> v(11, 0.1);
  const std::vector<std::string> periods(11, "p");
  const auto s =
      spc_engine_status(make(scoring_kind::proportion),
                        measure_series{periods, v, x, n, std::vector<double>(11, missing)});
  CHECK(s.computed);
  CHECK(s.chart == "p");
  CHECK(s.signal);
  CHECK(s.rule == "beyond_limits");

  // With 20/100 last: p-bar = 120/1100 = 0.1091, UCL = 0.1091 + 3 x 0.0312 = 0.2026 > 0.20, and
  // the alternating points leave no run or crossings signal.
  x.back() = 20;
  const auto inside =
      spc_engine_status(make(scoring_kind::proportion),
                        measure_series{periods, v, x, n, std::vector<double>(11, missing)});
  CHECK(inside.computed);
  CHECK_FALSE(inside.signal);
  CHECK(inside.rule.empty());

  // Ten points of 10/100, then 20/100: the last is inside the limits, but one crossing in 11
  // useful points is below Anhøj's minimum qbinom(0.05, 10, 0.5) = 2, and that signal covers the
  // whole phase, the last point included.
  std::vector<double> flat(10, 10.0);
  flat.push_back(20);
  const auto few =
      spc_engine_status(make(scoring_kind::proportion),
                        measure_series{periods, v, flat, n, std::vector<double>(11, missing)});
  CHECK(few.signal);
  CHECK(few.rule == "anhoej_crossings");
}

TEST_CASE("spc status: a long run at the end is an Anhøj longest-run signal") {
  // 1,2 x3 then 3,4 x5: mean 2.75, the first 6 points lie below it and the last 10 above, and
  // Anhøj's limit for 16 useful points is round(log2 16) + 3 = 7, so the longest run (the last
  // ten) breaks it. Every moving range is 1: the i chart's limits are 2.75 +- 3 / 1.128 =
  // [0.09, 5.41] and no point is beyond them.
  std::vector<double> y;
  for (int i = 0; i < 3; ++i) {
    y.insert(y.end(), {1.0, 2.0});
  }
  for (int i = 0; i < 5; ++i) {
    y.insert(y.end(), {3.0, 4.0});
  }
  const std::vector<std::string> periods(y.size(), "p");
  const std::vector<double> none(y.size(), missing);
  const auto s = spc_engine_status(make(scoring_kind::continuous),
                                   measure_series{periods, y, none, none, none});
  CHECK(s.computed);
  CHECK(s.chart == "i");
  CHECK(s.signal);
  CHECK(s.rule == "anhoej_longest_run");
}

TEST_CASE("spc status: observed/expected goes on a u chart of observed over expected") {
  // O/E of 1 for eight periods of E = 100, then 160/100: limits 1 +- 3 sqrt(u-bar / 100) with
  // u-bar = 960/900 = 1.067: UCL = 1.377 < 1.6.
  std::vector<double> o(9, 100.0);
  o.back() = 160;
  const std::vector<double> e(9, 100.0);
  const std::vector<std::string> periods(9, "p");
  const std::vector<double> none(9, missing);
  const auto s = spc_engine_status(make(scoring_kind::observed_expected),
                                   measure_series{periods, none, o, none, e});
  CHECK(s.chart == "u");
  CHECK(s.signal);
  CHECK(s.rule == "beyond_limits");
}

TEST_CASE(
    "spc status: too short a series, an unobserved latest period or a zero time is not "
    "computed, with the reason") {
  const std::vector<std::string> one{"p"};
  const std::vector<double> v1{3.0};
  const std::vector<double> n1{missing};
  auto s = spc_engine_status(make(scoring_kind::continuous), measure_series{one, v1, n1, n1, n1});
  CHECK_FALSE(s.computed);
  CHECK(s.note.find("fewer than 2") != std::string::npos);

  const std::vector<std::string> three(3, "p");
  const std::vector<double> gap{1.0, 2.0, missing};
  const std::vector<double> none(3, missing);
  s = spc_engine_status(make(scoring_kind::continuous),
                        measure_series{three, gap, none, none, none});
  CHECK_FALSE(s.computed);
  CHECK(s.note.find("latest period") != std::string::npos);

  const std::vector<double> times{4.0, 0.0, 3.0};
  s = spc_engine_status(make(scoring_kind::time_between),
                        measure_series{three, times, none, none, none});
  CHECK_FALSE(s.computed);
  CHECK(s.chart == "t");
  CHECK(s.note.find("above zero") != std::string::npos);

  s = spc_engine_status(make(scoring_kind::continuous),
                        measure_series{three, std::vector<double>{1, 2, 3}, none, none, none}, 5);
  CHECK_FALSE(s.computed);
  CHECK(s.note.find("fewer than 5") != std::string::npos);
}

TEST_CASE("spc status: compass_of asks the engine by default, and an empty provider opts out") {
  auto m = make(scoring_kind::proportion);
  std::vector<observation> obs;
  for (int q = 1; q <= 11; ++q) {
    observation o;
    o.measure = "m";
    o.unit = "ward";
    o.period = "2024-" + std::string(q < 10 ? "0" : "") + std::to_string(q);
    o.numerator = q == 11 ? 40 : 10;
    o.denominator = 100;
    obs.push_back(o);
  }
  const std::vector<measure> ms{m};
  const auto table = make_observation_table(ms, obs);
  const auto scores = score_compass(ms, table);
  const auto c = compass_of(ms, table, scores, "ward", "2024-11");
  REQUIRE(c.measures.size() == 1);
  CHECK(c.measures[0].spc.computed);
  CHECK(c.measures[0].spc.rule == "beyond_limits");
  const auto earlier = compass_of(ms, table, scores, "ward", "2024-10");
  CHECK(earlier.measures[0].spc.computed);
  CHECK_FALSE(earlier.measures[0].spc.signal);  // ten equal points: no signal at the tenth
  const auto none = compass_of(ms, table, scores, "ward", "2024-11", {});
  CHECK_FALSE(none.measures[0].spc.computed);
  CHECK(none.measures[0].spc.note == "no SPC status provider");
}

TEST_CASE("spc status: each measure's provider sees its own unit's series up to the period") {
  // Two measures, two units, four periods, rows in scrambled order, one gap (measure b has no
  // observation of unit "ward" in 2024-02). Numerator = 10 x period + measure (0 or 1) + 100 x
  // unit, so each entry names where it came from.
  auto a = make(scoring_kind::proportion);
  a.id = "a";
  auto b = make(scoring_kind::proportion);
  b.id = "b";
  const std::vector<measure> ms{a, b};
  std::vector<observation> obs;
  for (const int period : {3, 1, 4, 2}) {
    for (const int unit : {1, 0}) {
      for (const int k : {1, 0}) {
        if (k == 1 && unit == 0 && period == 2) {
          continue;
        }
        observation o;
        o.measure = ms[static_cast<std::size_t>(k)].id;
        o.unit = unit == 0 ? "ward" : "clinic";
        o.period = "2024-0" + std::to_string(period);
        o.numerator = 10.0 * period + k + 100.0 * unit;
        o.denominator = 1000;
        obs.push_back(o);
      }
    }
  }
  const auto table = make_observation_table(ms, obs);
  const auto scores = score_compass(ms, table);
  std::vector<std::pair<std::string, std::vector<double>>> seen;
  const spc_status_provider recorder = [&](const measure& m, const measure_series& s) {
    seen.emplace_back(m.id, std::vector<double>(s.numerator.begin(), s.numerator.end()));
    CHECK(s.periods.size() == s.numerator.size());
    CHECK(s.value.size() == s.numerator.size());
    CHECK(s.denominator.size() == s.numerator.size());
    CHECK(s.expected.size() == s.numerator.size());
    return spc_status{};
  };
  const auto c = compass_of(ms, table, scores, "ward", "2024-03", recorder);
  REQUIRE(c.measures.size() == 2);
  REQUIRE(seen.size() == 2);
  for (const auto& [id, numerators] : seen) {
    // In period order, 2024-01 to 2024-03; unit "clinic" (numerators above 100) left out.
    INFO("measure " << id);
    REQUIRE(numerators.size() == 3);
    if (id == "a") {
      CHECK(numerators == std::vector<double>{10.0, 20.0, 30.0});
    } else {
      CHECK(numerators[0] == 11.0);
      CHECK(std::isnan(numerators[1]));  // the gap
      CHECK(numerators[2] == 31.0);
    }
  }
  CHECK(seen[0].first != seen[1].first);
}
