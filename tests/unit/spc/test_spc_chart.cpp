// The chart engine against independent truth: textbook constants and limits, hand-worked
// examples and properties. (The reference packages are checked by cmx_oracle_check.)
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/io/csv.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/constants.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/anhoej.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
namespace spc = cmx::spc;

TEST_CASE("c4, c5 and d2 match Montgomery's Appendix VI", "[spc][constants]") {
  // Montgomery, Introduction to Statistical Quality Control, Appendix VI (4 and 3 decimals).
  CHECK_THAT(spc::c4(2), WithinAbs(0.7979, 5e-5));
  CHECK_THAT(spc::c4(5), WithinAbs(0.9400, 5e-5));
  CHECK_THAT(spc::c4(10), WithinAbs(0.9727, 5e-5));
  CHECK_THAT(spc::c4(25), WithinAbs(0.9896, 5e-5));
  CHECK_THAT(spc::d2(2), WithinAbs(1.128, 5e-4));
  CHECK_THAT(spc::d2(5), WithinAbs(2.326, 5e-4));
  CHECK_THAT(spc::d2(10), WithinAbs(3.078, 5e-4));
  CHECK_THAT(spc::d2(25), WithinAbs(3.931, 5e-4));
  // Exact: the mean range of two standard normals is 2 / sqrt(pi).
  CHECK_THAT(spc::d2(2), WithinRel(2.0 / std::sqrt(std::numbers::pi), 1e-10));
  // c4 of 2 is sqrt(2/pi) exactly; c5^2 + c4^2 = 1.
  CHECK_THAT(spc::c4(2), WithinRel(std::sqrt(2.0 / std::numbers::pi), 1e-14));
  CHECK_THAT(spc::c5(7) * spc::c5(7) + spc::c4(7) * spc::c4(7), WithinRel(1.0, 1e-14));
  CHECK(spc::d2_table(5) == 2.326);
  CHECK(spc::d3_table(5) == 0.8640855);  // Montgomery: d3(5) = 0.864
  CHECK(std::isnan(spc::c4(1)));
  CHECK(std::isnan(spc::d2(1)));
  CHECK(std::isnan(spc::d2_table(26)));
}

TEST_CASE("binomial quantile is R's qbinom(0.05, n, 0.5)", "[spc][anhoej]") {
  // Hand-worked: P(X <= 1) = 10/512 < 0.05 <= P(X <= 2) = 46/512 for n = 9.
  CHECK(spc::detail::binomial_half_quantile(0.05, 9) == 2);
  // Anhøj & Olesen (2014), table 1: 30 useful observations need at least 10 crossings,
  // 10 need 3, 20 need 6, 100 need 41.
  CHECK(spc::detail::binomial_half_quantile(0.05, 29) == 10);
  CHECK(spc::detail::binomial_half_quantile(0.05, 9 + 1) == 2);
  CHECK(spc::detail::binomial_half_quantile(0.05, 19) == 6);
  CHECK(spc::detail::binomial_half_quantile(0.05, 99) == 41);
  CHECK(spc::detail::binomial_half_quantile(0.05, 0) == 0);
}

namespace {

std::vector<double> sequence(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  return x;
}

// Montgomery (1991/2009) Example 6.1, the 25 trial samples of 5 piston-ring diameters
// (qcc's pistonrings): x the sample, y the diameter.
struct sample_rows {
  std::vector<double> x;
  std::vector<double> y;
};
sample_rows piston_ring_trial_samples() {
  const auto table =
      cmx::io::read_csv_file(std::string(CMX_SHARED_DIR) + "/datasets/qcc_pistonrings.csv");
  sample_rows rows;
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    if (table.required_number(row, table.column("trial")) == 1) {
      rows.x.push_back(table.required_number(row, table.column("sample")));
      rows.y.push_back(table.required_number(row, table.column("diameter")));
    }
  }
  return rows;
}

}  // namespace

TEST_CASE("i chart, hand-worked", "[spc][chart]") {
  const std::vector<double> y = {1, 2, 3, 4, 5};
  spc::chart_options options;
  options.type = spc::chart_type::i;
  const auto chart = spc::compute_chart(sequence(5), y, {}, options);
  // mean 3; moving ranges 1,1,1,1 (none screened); sigma = 1 / 1.128.
  REQUIRE(chart.size() == 5);
  CHECK_THAT(chart.cl[0], WithinRel(3.0, 1e-15));
  CHECK_THAT(chart.ucl[4], WithinRel(3.0 + 3.0 / 1.128, 1e-15));
  CHECK_THAT(chart.lcl[4], WithinRel(3.0 - 3.0 / 1.128, 1e-15));
  CHECK_THAT(chart.ucl2[2], WithinRel(3.0 + 2.0 / 1.128, 1e-15));
  CHECK_THAT(chart.lcl1[2], WithinRel(3.0 - 1.0 / 1.128, 1e-15));
  CHECK(chart.screened_mr);
  CHECK(chart.parts.size() == 1);
  // Runs: 1,2 below 3; 4,5 above; 3 on the centre line is not useful.
  CHECK(chart.parts[0].runs.n_useful == 4);
  CHECK(chart.parts[0].runs.longest_run == 2);
  CHECK(chart.parts[0].runs.crossings == 1);
}

TEST_CASE("moving-range screening drops a huge moving range once", "[spc][chart]") {
  // Moving ranges 1,1,1,1,40,40,1: mean 85/7; 3.267 x that = 39.67, so both 40s go; the
  // screened mean is 1, sigma 1/1.128. Without screening sigma = (85/7)/1.128.
  const std::vector<double> y = {10, 11, 10, 11, 10, 50, 10, 11};
  spc::chart_options options;
  options.type = spc::chart_type::i;
  const auto screened = spc::compute_chart(sequence(8), y, {}, options);
  CHECK_THAT(screened.parts[0].sigma, WithinRel(1.0 / 1.128, 1e-14));
  options.screen_mr = false;
  const auto plain = spc::compute_chart(sequence(8), y, {}, options);
  CHECK_FALSE(plain.screened_mr);
  CHECK_THAT(plain.parts[0].sigma, WithinRel(85.0 / 7.0 / 1.128, 1e-14));
}

TEST_CASE("Montgomery's piston rings: xbar and R limits (qcc estimators)", "[spc][chart]") {
  // Montgomery (1991/2009) Example 6.1: 25 samples of 5 ring diameters; xbar chart
  // UCL 74.014, CL 74.001, LCL 73.988; R chart UCL 0.049, CL 0.023, LCL 0.
  const auto [x, y] = piston_ring_trial_samples();
  REQUIRE(x.size() == 125);
  spc::chart_options options;
  options.type = spc::chart_type::xbar;
  options.sigma_estimator = spc::sigma_method::uwave_r;
  const auto xbar = spc::compute_chart(x, y, {}, options);
  REQUIRE(xbar.size() == 25);
  CHECK_THAT(xbar.cl[0], WithinAbs(74.001, 5e-4));
  CHECK_THAT(xbar.ucl[0], WithinAbs(74.014, 5e-4));
  CHECK_THAT(xbar.lcl[0], WithinAbs(73.988, 5e-4));
  options.type = spc::chart_type::r;
  options.sigma_estimator.reset();
  const auto r = spc::compute_chart(x, y, {}, options);
  CHECK_THAT(r.cl[0], WithinAbs(0.023, 5e-4));
  // Montgomery prints 0.049 from the rounded R-bar 0.023; with the data's R-bar (0.02276) the
  // textbook UCL D4 R-bar (D4(5) = 2.114) is 0.0481. Likewise xbar: A2(5) = 0.577.
  CHECK_THAT(r.ucl[0], WithinRel(2.114 * r.cl[0], 5e-4));
  CHECK_THAT(xbar.ucl[0] - xbar.cl[0], WithinRel(0.577 * r.cl[0], 5e-4));
  CHECK(r.lcl[0] == 0);
}

TEST_CASE("xbar and s: the qicharts2 sigma is s-bar, c4(n) times the sigma of one value",
          "[spc][chart]") {
  // Montgomery's 25 piston-ring samples of 5: the qicharts2 estimator reports s-bar, the mean of
  // the 25 sample SDs (computed here from the rows); UWAVE-SD reports the sigma of one value,
  // s-bar / c4(5), with c4(5) = 0.9400 (Montgomery Appendix VI). A known sigma of that size
  // gives the estimated chart's limits back.
  const auto [x, y] = piston_ring_trial_samples();
  REQUIRE(x.size() == 125);
  double sum_of_sds = 0;
  for (std::size_t g = 0; g < 25; ++g) {
    double mean = 0;
    for (std::size_t j = 0; j < 5; ++j) {
      mean += y[5 * g + j] / 5.0;
    }
    double squares = 0;
    for (std::size_t j = 0; j < 5; ++j) {
      squares += (y[5 * g + j] - mean) * (y[5 * g + j] - mean);
    }
    sum_of_sds += std::sqrt(squares / 4.0);
  }
  for (const auto type : {spc::chart_type::xbar, spc::chart_type::s}) {
    spc::chart_options options;
    options.type = type;
    const auto qicharts2 = spc::compute_chart(x, y, {}, options);
    CHECK_THAT(qicharts2.parts[0].sigma, WithinRel(sum_of_sds / 25.0, 1e-12));
    options.sigma_estimator = spc::sigma_method::uwave_sd;
    const auto one_value = spc::compute_chart(x, y, {}, options);
    CHECK_THAT(one_value.parts[0].sigma, WithinRel(qicharts2.parts[0].sigma / 0.9400, 1e-4));
    options.sigma_estimator.reset();
    options.sigma = one_value.parts[0].sigma;
    const auto known = spc::compute_chart(x, y, {}, options);
    CHECK_THAT(known.ucl[0], WithinRel(qicharts2.ucl[0], 1e-12));
    CHECK_THAT(known.lcl[0], WithinRel(qicharts2.lcl[0], 1e-12));
  }
}

TEST_CASE("xbar and s: a subgroup with every value missing has no size in s-bar", "[spc][chart]") {
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  spc::chart_options options;
  options.type = spc::chart_type::xbar;
  SECTION("equal sizes otherwise: the mean SD (each subgroup's SD is 2)") {
    const std::vector<double> x = {1, 1, 1, 2, 2, 2, 3};
    const std::vector<double> y = {1, 3, 5, 2, 4, 6, missing};
    for (const auto type : {spc::chart_type::xbar, spc::chart_type::s}) {
      options.type = type;
      const auto chart = spc::compute_chart(x, y, {}, options);
      CHECK_THAT(chart.parts[0].sigma, WithinRel(2.0, 1e-15));
    }
    options.type = spc::chart_type::xbar;
    const auto chart = spc::compute_chart(x, y, {}, options);
    // Montgomery Appendix VI: A3(3) = 1.954; the centre is the mean of the six values.
    CHECK_THAT(chart.ucl[0], WithinAbs(3.5 + 1.954 * 2.0, 1e-3));
    CHECK(std::isnan(chart.y[2]));
  }
  SECTION("sizes 3 and 2: the pooled SD over 2 + 1 degrees of freedom") {
    const std::vector<double> x = {1, 1, 1, 2, 2, 3};
    const std::vector<double> y = {1, 3, 5, 2, 4, missing};
    const auto chart = spc::compute_chart(x, y, {}, options);
    // Montgomery eq. 6.31: sqrt((2 * 2^2 + 1 * sqrt(2)^2) / (2 + 1)).
    CHECK_THAT(chart.parts[0].sigma, WithinRel(std::sqrt(10.0 / 3.0), 1e-15));
  }
  SECTION("one subgroup of two beside an empty one: its own SD, finite limits") {
    const std::vector<double> x = {1, 1, 2};
    const std::vector<double> y = {2, 4, missing};
    const auto chart = spc::compute_chart(x, y, {}, options);
    CHECK_THAT(chart.parts[0].sigma, WithinRel(std::sqrt(2.0), 1e-15));
    CHECK(std::isfinite(chart.ucl[0]));
    CHECK(std::isfinite(chart.lcl[0]));
  }
  SECTION("a phase of single values and an empty subgroup is too short for limits") {
    const std::vector<double> x = {1, 1, 1, 2, 2, 2, 3, 4, 5};
    const std::vector<double> y = {1, 3, 5, 2, 4, 6, 7, 8, missing};
    options.parts = {2};
    bool thrown = false;
    try {
      (void)spc::compute_chart(x, y, {}, options);
    } catch (const cmx::error& e) {
      thrown = true;
      CHECK(e.code() == cmx::status::bad_input);
      CHECK(e.where().line == 3);  // the phase starts at subgroup 3
      CHECK(std::string(e.message()).find("too short") != std::string::npos);
    }
    CHECK(thrown);
  }
}

TEST_CASE("charts scale with their data down to 1e-211 and up to 1e307", "[spc][chart]") {
  // Scaling by a power of two is exact, so a chart of 2^k y is the chart of y times 2^k: up to
  // the last bit where sums overflow or squares underflow in double and are taken wider.
  const std::vector<double> x = {1, 1, 2, 2, 3, 3, 4, 4};
  const std::vector<double> y = {8.0, 8.5, 9.0, 8.25, 8.75, 8.0, 8.5, 9.0};
  for (const int k : {-700, 1020}) {
    std::vector<double> scaled(y);
    for (double& v : scaled) {
      v = std::ldexp(v, k);
    }
    for (const auto type : {spc::chart_type::xbar, spc::chart_type::s, spc::chart_type::i,
                            spc::chart_type::run, spc::chart_type::mr}) {
      INFO(spc::to_string(type) << " at 2^" << k);
      spc::chart_options options;
      options.type = type;
      const bool grouped = type == spc::chart_type::xbar || type == spc::chart_type::s;
      const std::vector<double> at = grouped ? x : sequence(y.size());
      const auto plain = spc::compute_chart(at, y, {}, options);
      const auto wide = spc::compute_chart(at, scaled, {}, options);
      REQUIRE(plain.size() == wide.size());
      const auto scales = [k](double big, double small) {
        return std::isnan(big)
                   ? std::isnan(small)
                   : std::abs(big - std::ldexp(small, k)) <= 1e-15 * std::abs(std::ldexp(small, k));
      };
      for (std::size_t i = 0; i < plain.size(); ++i) {
        CHECK(scales(wide.y[i], plain.y[i]));
        CHECK(scales(wide.cl[i], plain.cl[i]));
        CHECK(scales(wide.ucl[i], plain.ucl[i]));
        CHECK(scales(wide.lcl[i], plain.lcl[i]));
      }
      CHECK(wide.parts[0].runs.longest_run == plain.parts[0].runs.longest_run);
      CHECK(wide.parts[0].runs.crossings == plain.parts[0].runs.crossings);
    }
  }
}

TEST_CASE("a row without a value adds no denominator", "[spc][chart]") {
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  spc::chart_options options;
  options.type = spc::chart_type::p;
  // One row per subgroup: p-bar is 10 / 30 (the missing count's 10 trials are not known to have
  // had no events), and the point without a value has no denominator and no limits.
  const auto one =
      spc::compute_chart(std::vector<double>{1, 2, 3, 4}, std::vector<double>{3, missing, 5, 2},
                         std::vector<double>{10, 10, 10, 10}, options);
  CHECK_THAT(one.cl[0], WithinRel(10.0 / 30.0, 1e-15));
  CHECK(one.n[1] == 0.0);
  CHECK(std::isnan(one.ucl[1]));
  CHECK(std::isnan(one.lcl[1]));
  CHECK(std::isnan(one.sigma[1]));
  // p-bar (1 - p-bar) / 10 at the others: ucl = 1/3 + 3 sqrt(2/9 / 10).
  CHECK_THAT(one.ucl[0], WithinRel(1.0 / 3.0 + 3.0 * std::sqrt(2.0 / 90.0), 1e-14));
  // Two rows in one subgroup, one without a value: the point is 3 / 10, not 3 / 20.
  const auto grouped =
      spc::compute_chart(std::vector<double>{1, 1, 2, 3}, std::vector<double>{3, missing, 5, 2},
                         std::vector<double>{10, 10, 10, 10}, options);
  CHECK_THAT(grouped.y[0], WithinRel(0.3, 1e-15));
  CHECK(grouped.n[0] == 10.0);
  CHECK_THAT(grouped.cl[0], WithinRel(10.0 / 30.0, 1e-15));
}

TEST_CASE("p chart limits stay in [0, 1]; multiply scales everything plotted", "[spc][chart]") {
  const std::vector<double> y = {0, 1, 2, 1, 0, 3, 1};
  const std::vector<double> n = {5, 5, 6, 4, 5, 6, 5};
  spc::chart_options options;
  options.type = spc::chart_type::p;
  const auto p = spc::compute_chart(sequence(7), y, n, options);
  for (std::size_t i = 0; i < p.size(); ++i) {
    CHECK(p.lcl[i] >= 0);
    CHECK(p.ucl[i] <= 1);
    CHECK(p.lcl[i] <= p.cl[i]);
  }
  CHECK_THAT(p.cl[0], WithinRel(8.0 / 36.0, 1e-15));
  options.multiply = 100;
  const auto percent = spc::compute_chart(sequence(7), y, n, options);
  for (std::size_t i = 0; i < p.size(); ++i) {
    CHECK_THAT(percent.y[i], WithinAbs(100 * p.y[i], 1e-12));
    CHECK_THAT(percent.ucl[i], WithinAbs(100 * p.ucl[i], 1e-12));
  }
}

TEST_CASE("rows with equal x form one subgroup, in ascending x", "[spc][chart]") {
  const std::vector<double> x = {3, 1, 3, 2, 1};
  const std::vector<double> y = {6, 1, 2, 5, 3};
  spc::chart_options options;
  options.type = spc::chart_type::run;
  options.keep_subgroup_summaries = true;
  const auto chart = spc::compute_chart(x, y, {}, options);
  REQUIRE(chart.size() == 3);
  CHECK(chart.x == std::vector<double>{1, 2, 3});
  CHECK(chart.y == std::vector<double>{2, 5, 4});  // means
  CHECK(chart.subgroups.count == std::vector<double>{2, 1, 2});
  CHECK(chart.cl[0] == 4);  // median of 2, 5, 4
  options.agg = spc::aggregation::sum;
  CHECK(spc::compute_chart(x, y, {}, options).y == std::vector<double>{4, 5, 8});
}

TEST_CASE("phases, exclusion and freeze", "[spc][chart]") {
  const std::vector<double> y = {1, 2, 1, 2, 10, 11, 10, 11};
  spc::chart_options options;
  options.type = spc::chart_type::i;
  options.parts = {4};
  const auto phased = spc::compute_chart(sequence(8), y, {}, options);
  REQUIRE(phased.parts.size() == 2);
  CHECK(phased.parts[0].cl == 1.5);
  CHECK(phased.parts[1].cl == 10.5);
  CHECK(phased.part_of(3) == 1);
  CHECK(phased.part_of(4) == 2);
  CHECK(phased.part_column.size() == 8);  // held: the phases differ

  options.parts.clear();
  options.freeze = 4;
  const auto frozen = spc::compute_chart(sequence(8), y, {}, options);
  CHECK(frozen.cl[7] == 1.5);
  CHECK(frozen.sigma_signal[7] == 1);
  CHECK(frozen.in_baseline(3));
  CHECK_FALSE(frozen.in_baseline(4));
  CHECK(frozen.part_column.empty());  // one phase: part_of(i) is 1 without a column
  CHECK(frozen.part_of(7) == 1);
  CHECK(frozen.included_column.empty());  // nothing excluded
  CHECK(frozen.is_included(7));

  options.freeze = 0;
  options.exclude = {5, 6, 7, 8};
  const auto excluded = spc::compute_chart(sequence(8), y, {}, options);
  CHECK(excluded.cl[0] == 1.5);
  CHECK(excluded.y[5] == 11);  // still plotted
  CHECK(excluded.is_included(3));
  CHECK_FALSE(excluded.is_included(4));
  CHECK(excluded.in_baseline(7));  // no freeze: every point
  CHECK(excluded.parts[0].runs.n_obs == 4);
}

TEST_CASE("a phase after the freeze is judged against the limits before it", "[spc][chart]") {
  const std::vector<double> y = {1, 2, 1, 2, 1, 9, 9};
  spc::chart_options options;
  options.type = spc::chart_type::i;
  options.freeze = 5;
  options.parts = {5};
  const auto chart = spc::compute_chart(sequence(7), y, {}, options);
  REQUIRE(chart.parts.size() == 2);
  CHECK(chart.parts[1].limits_from_earlier);
  CHECK(chart.cl[6] == chart.cl[0]);
  CHECK(chart.sigma_signal[6] == 1);
}

TEST_CASE("Anhøj and beyond-limits signals; rule_input spans the points", "[spc][rules]") {
  // 12 points all above the median of a frozen baseline: a longest run of 12 > 3 + 3.
  std::vector<double> y = {5, 4, 6, 5, 4, 6};
  for (int k = 0; k < 12; ++k) {
    y.push_back(9 + 0.1 * k);
  }
  spc::chart_options options;
  options.type = spc::chart_type::run;
  options.freeze = 6;
  const auto chart = spc::compute_chart(sequence(y.size()), y, {}, options);
  const auto signals = spc::anhoej_signals(chart);
  REQUIRE_FALSE(signals.empty());
  CHECK(signals[0].rule == spc::rule_id::anhoej_longest_run);
  CHECK(signals[0].last == y.size() - 1);
  CHECK(signals[0].dir == spc::direction::up);
  const auto input = chart.rules_input();
  CHECK(input.y.size() == chart.size());
  CHECK(input.cl.size() == chart.size());
  CHECK(input.part.empty());  // one phase

  options.type = spc::chart_type::i;
  const auto i_chart = spc::compute_chart(sequence(y.size()), y, {}, options);
  const auto beyond = spc::beyond_limits_signals(i_chart);
  REQUIRE_FALSE(beyond.empty());
  CHECK(beyond[0].rule == spc::rule_id::beyond_limits);
  CHECK(beyond[0].dir == spc::direction::up);
}

TEST_CASE("rule_input leaves out the phases and exclusions a chart does not have", "[spc][rules]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(10.0, 2.0);
  std::vector<double> y(3000);
  for (double& v : y) {
    v = normal(rng);
  }
  const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
  spc::chart_options options;
  options.type = spc::chart_type::i;
  // Evaluated over the view and over every column of the chart: the same signals and flags.
  const auto same_as_every_column = [&](const spc::chart_result& chart) {
    std::vector<std::int32_t> part(chart.size());
    std::vector<std::uint8_t> included(chart.size());
    for (std::size_t i = 0; i < chart.size(); ++i) {
      part[i] = chart.part_of(i);
      included[i] = chart.is_included(i) ? 1 : 0;
    }
    spc::rule_input columns = chart.rules_input();
    columns.part = part;
    columns.included = included;
    const auto viewed = spc::evaluate_with_flags(rules, chart.rules_input());
    const auto whole = spc::evaluate_with_flags(rules, columns);
    CHECK(viewed.signals == whole.signals);
    CHECK(viewed.flags == whole.flags);
    return whole.signals.size();
  };

  const auto plain = spc::compute_chart(sequence(y.size()), y, {}, options);
  CHECK(plain.excluded == 0);
  CHECK(plain.rules_input().part.empty());
  CHECK(plain.rules_input().included.empty());
  CHECK(same_as_every_column(plain) > 10);

  options.parts = {1000, 2000};
  options.exclude = {5, 1500, 5};  // listed twice, excluded once
  const auto phased = spc::compute_chart(sequence(y.size()), y, {}, options);
  CHECK(phased.excluded == 2);
  CHECK(phased.rules_input().part.size() == y.size());
  CHECK(phased.rules_input().included.size() == y.size());
  CHECK(same_as_every_column(phased) > 10);

  // Charting again into the same result without exclusions forgets the old ones.
  spc::chart_result reused = phased;
  options.parts.clear();
  options.exclude.clear();
  spc::compute_chart_into(sequence(y.size()), y, {}, options, reused);
  CHECK(reused.excluded == 0);
  CHECK(reused.rules_input().included.empty());
  CHECK(reused.rules_input().part.empty());
}

TEST_CASE("the longest-run signal flags the run's points, not a point on the centre line",
          "[spc][anhoej]") {
  // Mean 0 (13 values of +1, ten of -1, one of -3, one 0). Points 5..14 (1-based) lie above
  // the centre but for point 9, on it: a run of 9 useful points > round(log2(24) + 3) = 8.
  const std::vector<double> y = {1, -1, 1, -1, 1,  1, 1,  1,  0,  1,  1,  1, 1,
                                 1, -1, 1, -1, -1, 1, -1, -1, -1, -1, -1, -3};
  spc::chart_options options;
  options.type = spc::chart_type::i;
  const auto chart = spc::compute_chart(sequence(y.size()), y, {}, options);
  REQUIRE(chart.cl[0] == 0.0);
  const auto signals = spc::anhoej_signals(chart);
  REQUIRE_FALSE(signals.empty());
  const spc::signal& run = signals[0];
  REQUIRE(run.rule == spc::rule_id::anhoej_longest_run);
  CHECK(run.first == 4);
  CHECK(run.last == 13);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool in_run = i >= 4 && i <= 13 && i != 8;
    CHECK(spc::chart_signal_flags(chart, run, i) == in_run);
  }
}

namespace {

// Long series with many ties, missing values and (odd seeds) a far outlier, for the properties
// below.
std::vector<double> rough_series(std::size_t n, unsigned seed) {
  std::vector<double> y(n);
  unsigned state = seed;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 1103515245U + 12345U;  // a small LCG: the test needs variety, not quality
    const unsigned r = (state >> 8U) % 1000U;
    y[i] = r < 5 ? std::nan("") : static_cast<double>(r % 97U) / 4.0;
  }
  if (seed % 2 == 1) {
    y[n / 3] = 1e12;  // a far outlier: the median's buckets must still find the middle
  }
  return y;
}

}  // namespace

TEST_CASE("run chart median of long series equals the median by sorting", "[spc][chart]") {
  for (const std::size_t n : {std::size_t{40001}, std::size_t{40000}, std::size_t{100003}}) {
    const auto y = rough_series(n, static_cast<unsigned>(n));
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(i + 1);
    }
    std::vector<double> sorted;
    for (const double v : y) {
      if (!std::isnan(v)) {
        sorted.push_back(v);
      }
    }
    std::sort(sorted.begin(), sorted.end());
    const std::size_t m = sorted.size();
    const double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
    spc::chart_options options;
    options.type = spc::chart_type::run;
    const auto chart = spc::compute_chart(x, y, {}, options);
    CHECK(chart.parts[0].cl == median);
    CHECK(chart.cl[n - 1] == median);
  }
}

TEST_CASE("Anhøj run statistics of a long rough series equal a plain recount", "[spc][anhoej]") {
  const std::size_t n = 50000;
  const auto y = rough_series(n, 7U);
  std::vector<double> cl(n, 12.0);  // 12 = 48/4 is a value of the series: ties on the line
  std::vector<std::uint8_t> included(n, 1);
  for (std::size_t i = 0; i < n; i += 11) {
    included[i] = 0;
  }
  const auto stats = spc::detail::anhoej_runs(y, cl, included, 10, n - 10);
  // The recount: useful points only, a run ends where the side changes.
  std::size_t obs = 0;
  std::size_t useful = 0;
  std::size_t runs = 0;
  std::size_t longest = 0;
  std::size_t current = 0;
  std::size_t longest_first = 0;
  std::size_t current_first = 0;
  int previous = 0;
  for (std::size_t i = 10; i <= n - 10; ++i) {
    if (included[i] == 0) {
      continue;
    }
    ++obs;
    if (std::isnan(y[i]) || y[i] == cl[i]) {
      continue;
    }
    ++useful;
    const int side = y[i] > cl[i] ? 1 : -1;
    if (side != previous) {
      ++runs;
      current = 0;
      current_first = i;
      previous = side;
    }
    ++current;
    if (current > longest) {
      longest = current;
      longest_first = current_first;
    }
  }
  CHECK(stats.n_obs == obs);
  CHECK(stats.n_useful == useful);
  CHECK(stats.crossings == runs - 1);
  CHECK(stats.longest_run == longest);
  CHECK(stats.longest_first == longest_first);
  CHECK(stats.longest_run > 3);

  // The fast path (one centre piece over the phase, nothing excluded) counts what the general
  // path counts with the same centre per point and every point included.
  const std::vector<spc::line_piece> one_piece = {{0, 12.0}, {n - 5, 99.0}};
  const std::vector<std::uint8_t> everyone(n, 1);
  const auto fast = spc::detail::anhoej_runs(y, spc::line_view(one_piece, n), {}, 10, n - 10);
  const auto general = spc::detail::anhoej_runs(y, cl, everyone, 10, n - 10);
  CHECK(fast.n_obs == general.n_obs);
  CHECK(fast.n_useful == general.n_useful);
  CHECK(fast.crossings == general.crossings);
  CHECK(fast.longest_run == general.longest_run);
  CHECK(fast.longest_first == general.longest_first);
  CHECK(fast.longest_last == general.longest_last);
  CHECK(fast.n_obs == n - 19);
}

TEST_CASE("charting again into a used result gives what a fresh result gets", "[spc][chart]") {
  const std::vector<double> x = {1, 1, 2, 3, 3, 4, 5, 6, 7, 8};
  const std::vector<double> y = {3, 5, 4, 2, 8, 6, 5, 7, 4, 6};
  const std::vector<double> n = {20, 22, 19, 25, 21, 20, 24, 23, 22, 20};
  spc::chart_result reused;
  const auto same = [](const spc::chart_result& a, const spc::chart_result& b) {
    const auto eq = [](const spc::line_view& u, const spc::line_view& v) {
      if (u.size() != v.size()) {
        return false;
      }
      for (std::size_t i = 0; i < u.size(); ++i) {
        if (!(u[i] == v[i] || (std::isnan(u[i]) && std::isnan(v[i])))) {
          return false;
        }
      }
      return true;
    };
    return eq(a.y, b.y) && eq(a.cl, b.cl) && eq(a.lcl, b.lcl) && eq(a.ucl, b.ucl) &&
           eq(a.subgroups.sum, b.subgroups.sum) && eq(a.subgroups.sd, b.subgroups.sd) &&
           eq(a.subgroups.count, b.subgroups.count) && eq(a.subgroups.mean, b.subgroups.mean) &&
           a.sigma_signal == b.sigma_signal && a.parts.size() == b.parts.size();
  };
  spc::chart_options p;
  p.type = spc::chart_type::p;
  spc::chart_options kept = p;
  kept.keep_subgroup_summaries = true;
  spc::chart_options xbar;
  xbar.type = spc::chart_type::xbar;
  spc::chart_options i;
  i.type = spc::chart_type::i;
  for (const auto* options : {&p, &kept, &xbar, &i, &kept, &p}) {
    const std::span<const double> denominators = options->type == spc::chart_type::p
                                                     ? std::span<const double>(n)
                                                     : std::span<const double>();
    spc::compute_chart_into(x, y, denominators, *options, reused);
    const auto fresh = spc::compute_chart(x, y, denominators, *options);
    CHECK(same(reused, fresh));
    CHECK(reused.subgroups.sum.empty() == !options->keep_subgroup_summaries);
  }
}

TEST_CASE("an i chart's centre and sigma do not depend on the order of its rows",
          "[spc][chart][sums]") {
  // Rows in ascending x are summed while they are copied (validate_rows); shuffled rows are
  // grouped first and summed afterwards. The two take the same blocks in the same order, so the
  // centre and sigma must agree to the bit: with and without screening, with a gap, at sizes
  // around the block lengths (256 values summed, 4096 rows screened together).
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal(50.0, 7.0);
  for (const std::size_t size : {2U, 255U, 257U, 4096U, 4097U, 10007U}) {
    std::vector<double> x(size);
    std::vector<double> y(size);
    for (std::size_t i = 0; i < size; ++i) {
      x[i] = static_cast<double>(i + 1);
      y[i] = i == size / 2 && size > 2 ? std::nan("") : normal(rng);
    }
    std::vector<std::size_t> order(size);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> shuffled_x(size);
    std::vector<double> shuffled_y(size);
    for (std::size_t i = 0; i < size; ++i) {
      shuffled_x[i] = x[order[i]];
      shuffled_y[i] = y[order[i]];
    }
    for (const bool screen : {true, false}) {
      spc::chart_options options;
      options.type = spc::chart_type::i;
      options.screen_mr = screen;
      const auto ascending = spc::compute_chart(x, y, {}, options);
      const auto grouped = spc::compute_chart(shuffled_x, shuffled_y, {}, options);
      CAPTURE(size, screen);
      REQUIRE(ascending.parts.size() == 1);
      CHECK(std::bit_cast<std::uint64_t>(ascending.parts[0].cl) ==
            std::bit_cast<std::uint64_t>(grouped.parts[0].cl));
      CHECK(std::bit_cast<std::uint64_t>(ascending.parts[0].sigma) ==
            std::bit_cast<std::uint64_t>(grouped.parts[0].sigma));
      CHECK(ascending.y.size() == grouped.y.size());
    }
  }
}
