// Hand-worked series for every rule: each test states which points must fire and why.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/rule_engine.hpp"

namespace {

using namespace cmx::spc;

// A chart with centre 0, sigma 1 and limits -3, 3 at every point.
struct chart {
  std::vector<double> y, cl, sigma, lcl, ucl;
  std::vector<std::int32_t> part;
  std::vector<std::uint8_t> included;

  explicit chart(std::vector<double> values) : y(std::move(values)) {
    cl.assign(y.size(), 0.0);
    sigma.assign(y.size(), 1.0);
    lcl.assign(y.size(), -3.0);
    ucl.assign(y.size(), 3.0);
  }
  [[nodiscard]] rule_input input() const { return {y, cl, sigma, lcl, ucl, part, included}; }
};

rule_set only(const rule_set& set, rule_id id) {
  rule_set out;
  out.name = set.name;
  out.rules.push_back(*set.find(id));
  return out;
}

std::vector<signal> run(const rule_set& set, rule_id id, const chart& c) {
  return evaluate(only(set, id), c.input());
}

void require_signal(const signal& s, rule_id id, std::size_t first, std::size_t last,
                    direction dir) {
  CHECK(s.rule == id);
  CHECK(s.first == first);
  CHECK(s.last == last);
  CHECK(s.dir == dir);
}

}  // namespace

TEST_CASE("Western Electric 1: each point beyond the limits is one signal", "[spc][rules]") {
  const chart c({0, 3.5, -3.2, 2.9, 3.0});
  const auto s = run(western_electric_rules(), rule_id::western_electric_1, c);
  REQUIRE(s.size() == 2);
  require_signal(s[0], rule_id::western_electric_1, 1, 1, direction::up);
  require_signal(s[1], rule_id::western_electric_1, 2, 2, direction::down);
}

TEST_CASE("Western Electric 2: two of three beyond 2 sigma on one side", "[spc][rules]") {
  // Windows ending at 2 ([2.5, 0, 2.5]) and at 7 ([-2.1, 0.5, -2.2]) fire; no other has two.
  const chart c({2.5, 0, 2.5, 0, 0, -2.1, 0.5, -2.2});
  const rule_set set = only(western_electric_rules(), rule_id::western_electric_2);
  const auto e = evaluate_with_flags(set, c.input());
  REQUIRE(e.signals.size() == 2);
  require_signal(e.signals[0], rule_id::western_electric_2, 0, 2, direction::up);
  require_signal(e.signals[1], rule_id::western_electric_2, 5, 7, direction::down);
  // Only the points beyond 2 sigma take part.
  CHECK(e.flags == std::vector<std::uint32_t>{1, 0, 1, 0, 0, 1, 0, 1});
}

TEST_CASE("Western Electric 3: four of five beyond 1 sigma on one side", "[spc][rules]") {
  const chart c({1.5, 1.5, 0, 1.5, 1.5, 0.2});
  const rule_set set = only(western_electric_rules(), rule_id::western_electric_3);
  const auto e = evaluate_with_flags(set, c.input());
  // Window [0..4] holds four; window [1..5] holds three.
  REQUIRE(e.signals.size() == 1);
  require_signal(e.signals[0], rule_id::western_electric_3, 0, 4, direction::up);
  CHECK(e.flags == std::vector<std::uint32_t>{1, 1, 0, 1, 1, 0});
}

TEST_CASE("Western Electric 4: eight in a row, one signal however long the run", "[spc][rules]") {
  chart c(std::vector<double>(10, 0.1));
  auto s = run(western_electric_rules(), rule_id::western_electric_4, c);
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::western_electric_4, 0, 9, direction::up);
  CHECK(s[0].flag_first == 0);
  // A point on the centre line breaks the run: 4 + 5 points, no run of 8.
  c.y[4] = 0.0;
  CHECK(run(western_electric_rules(), rule_id::western_electric_4, c).empty());
  // A missing point neither extends nor breaks it: 4 + 5 counted points around it.
  c.y[4] = std::numeric_limits<double>::quiet_NaN();
  s = run(western_electric_rules(), rule_id::western_electric_4, c);
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::western_electric_4, 0, 9, direction::up);
}

TEST_CASE("runs never span two phases", "[spc][rules]") {
  chart c(std::vector<double>(10, -0.1));
  c.part = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};
  CHECK(run(western_electric_rules(), rule_id::western_electric_4, c).empty());
  c.part.assign(10, 1);
  const auto s = run(western_electric_rules(), rule_id::western_electric_4, c);
  REQUIRE(s.size() == 1);
  CHECK(s[0].dir == direction::down);
}

TEST_CASE("excluded points: judged against the limits, skipped by patterns", "[spc][rules]") {
  chart c({0.1, 0.1, 0.1, 0.1, -5.0, 0.1, 0.1, 0.1, 0.1});
  c.included = {1, 1, 1, 1, 0, 1, 1, 1, 1};
  const auto s = evaluate(western_electric_rules(), c.input());
  REQUIRE(s.size() == 2);
  require_signal(s[0], rule_id::western_electric_1, 4, 4, direction::down);
  require_signal(s[1], rule_id::western_electric_4, 0, 8, direction::up);
}

TEST_CASE("Nelson 2: nine in a row by default, an edited K is honoured", "[spc][rules]") {
  const chart c(std::vector<double>(8, 0.5));
  rule_set set = nelson_rules();
  CHECK(run(set, rule_id::nelson_2, c).empty());
  set.find(rule_id::nelson_2)->count = 5;
  const auto s = run(set, rule_id::nelson_2, c);
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_2, 0, 7, direction::up);
}

TEST_CASE("Nelson 3: six increasing; an equal neighbour breaks the trend", "[spc][rules]") {
  auto s = run(nelson_rules(), rule_id::nelson_3, chart({1, 2, 3, 4, 5, 6, 5}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_3, 0, 5, direction::up);
  s = run(nelson_rules(), rule_id::nelson_3, chart({9, 8, 7, 6, 5, 4, 3, 3.5}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_3, 0, 6, direction::down);
  // 1 2 3 | 3 4 5 6 7: the tie leaves 5 increasing points.
  CHECK(run(nelson_rules(), rule_id::nelson_3, chart({1, 2, 3, 3, 4, 5, 6, 7})).empty());
}

TEST_CASE("IHI trend: equal neighbours are not counted and do not break", "[spc][rules]") {
  // 1 2 3 (3) 4 5: five counted increasing points.
  const auto s = run(ihi_rules(), rule_id::ihi_trend, chart({1, 2, 3, 3, 4, 5}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::ihi_trend, 0, 5, direction::up);
  CHECK(run(ihi_rules(), rule_id::ihi_trend, chart({1, 2, 3, 3, 4})).empty());
}

TEST_CASE("IHI shift: points on the median neither add nor break", "[spc][rules]") {
  const chart c({0.5, 0.5, 0, 0.5, 0.5, 0, 0.5, 0.5, -1});
  const rule_set set = only(ihi_rules(), rule_id::ihi_shift);
  const auto e = evaluate_with_flags(set, c.input());
  REQUIRE(e.signals.size() == 1);
  require_signal(e.signals[0], rule_id::ihi_shift, 0, 7, direction::up);
  CHECK(e.flags == std::vector<std::uint32_t>{1, 1, 0, 1, 1, 0, 1, 1, 0});
  // Five points off the median are not a shift.
  CHECK(run(ihi_rules(), rule_id::ihi_shift, chart({0.5, 0.5, 0, 0.5, 0.5, 0, 0.5})).empty());
}

TEST_CASE("IHI runs: too few and too many by the exact runs distribution", "[spc][rules]") {
  std::vector<double> two_runs(20, 1.0);
  std::fill(two_runs.begin() + 10, two_runs.end(), -1.0);
  auto s = run(ihi_rules(), rule_id::ihi_too_few_runs, chart(two_runs));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::ihi_too_few_runs, 0, 19, direction::none);
  std::vector<double> alternating(20);
  for (std::size_t i = 0; i < 20; ++i) {
    alternating[i] = i % 2 == 0 ? 1.0 : -1.0;
  }
  s = run(ihi_rules(), rule_id::ihi_too_many_runs, chart(alternating));
  REQUIRE(s.size() == 1);
  CHECK(run(ihi_rules(), rule_id::ihi_too_few_runs, chart(alternating)).empty());
  // n1 = n2 = 10: P(R <= 6) = 3422/184756 and P(R <= 7) = 9470/184756, summed by hand from the
  // closed form with exact integer binomials (6 is the 0.025 critical value of Swed & Eisenhart's
  // table); the probabilities of all run counts sum to 1.
  CHECK(detail::runs_lower_tail(10, 10, 6) == Approx(3422.0 / 184756.0).epsilon(1e-9));
  CHECK(detail::runs_lower_tail(10, 10, 7) == Approx(9470.0 / 184756.0).epsilon(1e-9));
  CHECK(detail::runs_lower_tail(7, 12, 19) == Approx(1.0).margin(1e-12));
  CHECK(detail::runs_upper_tail(10, 10, 20) == Approx(2.0 / 184756.0).epsilon(1e-9));
}

TEST_CASE("Nelson 4: fourteen alternating up and down", "[spc][rules]") {
  std::vector<double> y(14);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = i % 2 == 0 ? 0.2 : 0.4;
  }
  auto s = run(nelson_rules(), rule_id::nelson_4, chart(y));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_4, 0, 13, direction::none);
  y.pop_back();
  CHECK(run(nelson_rules(), rule_id::nelson_4, chart(y)).empty());
}

TEST_CASE("Nelson 5 and 6 mirror Western Electric 2 and 3", "[spc][rules]") {
  auto s = run(nelson_rules(), rule_id::nelson_5, chart({-2.5, -2.5}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_5, 0, 1, direction::down);
  s = run(nelson_rules(), rule_id::nelson_6, chart({1.2, 1.2, 1.2, -1.2, 1.2}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_6, 0, 4, direction::up);
}

TEST_CASE("Nelson 7 and 8: stratification and mixture", "[spc][rules]") {
  std::vector<double> hug(15);
  for (std::size_t i = 0; i < hug.size(); ++i) {
    hug[i] = i % 3 == 0 ? -0.5 : 0.5;
  }
  auto s = run(nelson_rules(), rule_id::nelson_7, chart(hug));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_7, 0, 14, direction::none);
  hug[7] = 1.5;
  CHECK(run(nelson_rules(), rule_id::nelson_7, chart(hug)).empty());
  s = run(nelson_rules(), rule_id::nelson_8, chart({1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -2}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::nelson_8, 0, 7, direction::none);
  CHECK(run(nelson_rules(), rule_id::nelson_8, chart({1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 0.5, -2}))
            .empty());
}

TEST_CASE("qcc run rule flags from the 7th point of the run", "[spc][rules]") {
  const chart c({0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5});
  const auto e = evaluate_with_flags(qcc_run_rules(), c.input());
  REQUIRE(e.signals.size() == 1);
  require_signal(e.signals[0], rule_id::qcc_run, 0, 8, direction::up);
  CHECK(e.signals[0].flag_first == 6);
  CHECK(e.signals[0].mode == flag_mode::from_kth_point);
  // qcc_run is rule 1 of the set: bit 2.
  CHECK(e.flags == std::vector<std::uint32_t>{0, 0, 0, 0, 0, 0, 2, 2, 2, 0});
}

TEST_CASE("MDC two-of-three: the pre- and post-2023 forms differ on a point beyond the limit",
          "[spc][rules]") {
  // 2.5 is between 2 sigma and the limit, 3.5 beyond it; all of 1..3 above the mean.
  const chart c({-0.5, 2.5, 3.5, 0.5});
  CHECK(run(mdc_rules(mdc_two_of_three::pre_2023), rule_id::mdc_two_of_three, c).empty());
  const auto s = run(mdc_rules(mdc_two_of_three::post_2023), rule_id::mdc_two_of_three, c);
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::mdc_two_of_three, 1, 3, direction::up);
  // All three points must be on one side of the mean (Western Electric 2 needs only the two).
  const chart split({2.5, -0.1, 2.5});
  CHECK(run(mdc_rules(), rule_id::mdc_two_of_three, split).empty());
  CHECK(run(western_electric_rules(), rule_id::western_electric_2, split).size() == 1);
}

TEST_CASE("MDC shift and trend: seven points", "[spc][rules]") {
  auto s = run(mdc_rules(), rule_id::mdc_shift, chart({-1, -1, -1, -1, -1, -1, -1}));
  REQUIRE(s.size() == 1);
  require_signal(s[0], rule_id::mdc_shift, 0, 6, direction::down);
  CHECK(run(mdc_rules(), rule_id::mdc_shift, chart({-1, -1, -1, -1, -1, -1})).empty());
  s = run(mdc_rules(), rule_id::mdc_trend, chart({0, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0}));
  REQUIRE(s.size() == 2);
  require_signal(s[0], rule_id::mdc_trend, 0, 6, direction::up);
  require_signal(s[1], rule_id::mdc_trend, 6, 12, direction::down);
}

TEST_CASE("rule sets by name, concatenated, and unknown names", "[spc][rules]") {
  CHECK(rule_set_by_name("western_electric").rules.size() == 4);
  CHECK(rule_set_by_name("we,nelson").rules.size() == 12);
  CHECK(rule_set_by_name("mdc_pre2023").find(rule_id::mdc_two_of_three)->count_beyond_limits ==
        false);
  for (auto name : rule_set_names()) {
    CHECK_FALSE(rule_set_by_name(name).rules.empty());
  }
  try {
    (void)rule_set_by_name("nelson,shewart");
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::not_found);
    CHECK(e.where().field == "shewart");
  }
  CHECK(std::string(to_string(rule_id::nelson_7)) == "nelson_7");
}

TEST_CASE("bad rules and bad input are refused with the place named", "[spc][rules]") {
  rule_set set = western_electric_rules();
  set.rules[1].window = 0;
  try {
    (void)evaluate(set, chart({1.0}).input());
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::invalid_argument);
    CHECK(e.where().field == "rules[1].window");
  }
  set = nelson_rules();
  set.rules[0].sigmas = -1;
  CHECK_THROWS_AS(evaluate(set, chart({1.0}).input()), cmx::error);
  chart c({1.0, std::numeric_limits<double>::infinity()});
  try {
    (void)evaluate(nelson_rules(), c.input());
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().line == 2);
    CHECK(e.where().field == "y");
  }
  chart short_sigma({1.0, 2.0});
  short_sigma.sigma.pop_back();
  try {
    (void)evaluate(nelson_rules(), short_sigma.input());
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().field == "sigma");
  }
  rule_set big;
  big.rules.assign(33, rule{});
  CHECK_THROWS_AS(validate(big), cmx::error);
}
