// Chart lines held per phase read like per-point arrays; the blocked compensated sums behind
// centres and sigmas are exact where the exact answer is known.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/line.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/sums.hpp"

namespace {

using namespace cmx::spc;

TEST_CASE("a piecewise line reads like the per-point array it stands for", "[spc][line]") {
  chart_line line;
  line.assign_pieces(10);
  line.add_piece(0, 1.5);
  line.add_piece(4, -2.0);
  line.add_piece(7, 9.0);
  const std::vector<double> expected = {1.5, 1.5, 1.5, 1.5, -2.0, -2.0, -2.0, 9.0, 9.0, 9.0};
  REQUIRE(line.size() == expected.size());
  CHECK_FALSE(line.per_point());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(line[i] == expected[i]);
  }
  CHECK(line.to_vector() == expected);
  std::vector<double> walked;
  for (const double v : line.view()) {
    walked.push_back(v);
  }
  CHECK(walked == expected);
  line_cursor cursor(line);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(cursor.at(i) == expected[i]);
  }
  line.scale(2.0);
  CHECK(line[5] == -4.0);
  CHECK(line[9] == 18.0);

  chart_line points;
  points.assign_points(3);
  points.point_data()[0] = 1;
  points.point_data()[1] = 2;
  points.point_data()[2] = 3;
  CHECK(points.per_point());
  CHECK(points.to_vector() == std::vector<double>{1, 2, 3});
}

TEST_CASE("charts with one line per phase hold pieces, others per point", "[spc][line]") {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<double> y = {3, 5, 4, 6, 10, 12, 11, 13};
  chart_options options;
  options.type = chart_type::i;
  options.parts = {4};
  const chart_result i_chart = compute_chart(x, y, {}, options);
  REQUIRE_FALSE(i_chart.cl.per_point());
  CHECK(i_chart.cl.view().pieces().size() == 2);
  // Phase 1: mean 4.5, mean MR (2 + 1 + 2) / 3 = 5/3; phase 2: mean 11.5, MR (2 + 1 + 2) / 3.
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(i_chart.cl[i] == Approx(4.5));
    CHECK(i_chart.ucl[i] == Approx(4.5 + 3 * (5.0 / 3.0) / 1.128).epsilon(1e-3));
  }
  for (std::size_t i = 4; i < 8; ++i) {
    CHECK(i_chart.cl[i] == Approx(11.5));
  }
  std::vector<double> n(x.size(), 20.0);
  n[3] = 40.0;
  options.type = chart_type::p;
  options.parts = {};
  const chart_result p_chart = compute_chart(x, y, n, options);
  CHECK(p_chart.ucl.per_point());
  CHECK(p_chart.ucl[3] < p_chart.ucl[2]);  // the larger denominator has the narrower limits
}

TEST_CASE("rule input lines: pieces must start at 0 and increase", "[spc][line][rules]") {
  const std::vector<double> y = {0.1, 4.0, 0.2, -0.3};
  const std::vector<line_piece> good = {{0, 0.0}, {2, 0.0}};
  const std::vector<line_piece> sigma = {{0, 1.0}};
  const std::vector<line_piece> lower = {{0, -3.0}};
  const std::vector<line_piece> upper = {{0, 3.0}};
  const rule_set rules = western_electric_rules();
  rule_input input;
  input.y = y;
  input.cl = line_view(good, y.size());
  input.sigma = line_view(sigma, y.size());
  input.lcl = line_view(lower, y.size());
  input.ucl = line_view(upper, y.size());
  const auto signals = evaluate(rules, input);
  REQUIRE(signals.size() == 1);  // 4.0 is above the upper limit 3
  CHECK(signals[0].rule == rule_id::western_electric_1);
  CHECK(signals[0].first == 1);

  const std::vector<line_piece> late = {{1, 0.0}};
  input.cl = line_view(late, y.size());
  CHECK_THROWS_AS(evaluate(rules, input), cmx::error);
  const std::vector<line_piece> unordered = {{0, 0.0}, {3, 0.0}, {2, 0.0}};
  input.cl = line_view(unordered, y.size());
  CHECK_THROWS_AS(evaluate(rules, input), cmx::error);

  const auto fault_of = [&](const rule_input& in) {
    try {
      (void)evaluate(rules, in);
    } catch (const cmx::error& e) {
      return std::make_pair(e.code(), std::string(e.where().field));
    }
    return std::make_pair(cmx::status::ok, std::string());
  };
  // A piecewise line of no pieces has no value for any point (it would read past its end).
  input.cl = line_view(good, y.size());
  input.sigma = line_view(std::span<const line_piece>{}, y.size());
  CHECK(fault_of(input) == std::make_pair(cmx::status::invalid_argument, std::string("sigma")));
  // One limit without the other would leave the limit rule blind on one side: refused, naming
  // the missing one.
  input.sigma = line_view(sigma, y.size());
  input.lcl = line_view();
  CHECK(fault_of(input) == std::make_pair(cmx::status::invalid_argument, std::string("lcl")));
  input.lcl = line_view(lower, y.size());
  input.ucl = line_view();
  CHECK(fault_of(input) == std::make_pair(cmx::status::invalid_argument, std::string("ucl")));
  input.ucl = line_view(upper, y.size());
  CHECK(fault_of(input).first == cmx::status::ok);
  // An infinite centre puts every point on one side, a negative sigma turns the zones inside
  // out: refused, naming the line (NaN stays "no line at this point").
  const std::vector<double> infinite_cl = {0.0, 0.0, std::numeric_limits<double>::infinity(), 0.0};
  input.cl = line_view(infinite_cl);
  CHECK(fault_of(input) == std::make_pair(cmx::status::bad_input, std::string("cl")));
  const std::vector<double> missing_cl = {0.0, 0.0, std::numeric_limits<double>::quiet_NaN(), 0.0};
  input.cl = line_view(missing_cl);
  CHECK(fault_of(input).first == cmx::status::ok);
  input.cl = line_view(good, y.size());
  const std::vector<line_piece> negative = {{0, 1.0}, {3, -1.0}};
  input.sigma = line_view(negative, y.size());
  CHECK(fault_of(input) == std::make_pair(cmx::status::bad_input, std::string("sigma")));
  const std::vector<double> infinite_sigma = {1.0, std::numeric_limits<double>::infinity(), 1.0,
                                              1.0};
  input.sigma = line_view(infinite_sigma);
  CHECK(fault_of(input) == std::make_pair(cmx::status::bad_input, std::string("sigma")));
  const auto line_of_fault = [&] {
    try {
      (void)evaluate(rules, input);
    } catch (const cmx::error& e) {
      return e.where().line;
    }
    return std::int64_t{-1};
  };
  CHECK(line_of_fault() == 2);  // the point of the first bad value

  // A limit infinite on its own side is no limit there: 4.0 is beyond ucl 3 and nothing else
  // (the zones read sigma, not the limits), so +inf as ucl leaves no signal and -inf as lcl
  // changes nothing. Infinite on the other side it would put every point beyond: refused,
  // naming the limit and the point.
  constexpr double inf = std::numeric_limits<double>::infinity();
  input.sigma = line_view(sigma, y.size());
  const std::vector<line_piece> no_upper = {{0, inf}};
  const std::vector<line_piece> no_lower = {{0, -inf}};
  input.ucl = line_view(no_upper, y.size());
  CHECK(evaluate(rules, input).empty());
  input.ucl = line_view(upper, y.size());
  input.lcl = line_view(no_lower, y.size());
  CHECK(evaluate(rules, input).size() == 1);
  const std::vector<line_piece> lower_above_all = {{0, -3.0}, {2, inf}};
  input.lcl = line_view(lower_above_all, y.size());
  CHECK(fault_of(input) == std::make_pair(cmx::status::bad_input, std::string("lcl")));
  CHECK(line_of_fault() == 3);
  input.lcl = line_view(lower, y.size());
  const std::vector<double> upper_below_all = {3.0, -inf, 3.0, 3.0};
  input.ucl = line_view(upper_below_all);
  CHECK(fault_of(input) == std::make_pair(cmx::status::bad_input, std::string("ucl")));
  CHECK(line_of_fault() == 2);
}

TEST_CASE("rule input lines of points: the first bad value is named, on any thread",
          "[spc][line][rules]") {
  // Lines of points are checked as the pass reads them, 64 points at a time and on each
  // thread's stretch: the point named must still be the first bad one of the whole series.
  const std::size_t n = 300'000;
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = static_cast<double>(i % 7) - 3.0;
  }
  const std::vector<double> sigma(n, 2.0);
  const std::vector<double> lower(n, -6.0);
  const std::vector<double> upper(n, 6.0);
  const rule_set rules = western_electric_rules();
  // The point (1-based line) and field a pass over the lines refuses, or -1 and "" for none.
  const auto fault_of_lines = [&](const line_view& cl, const line_view& sd, const line_view& lcl,
                                  const line_view& ucl, unsigned threads) {
    try {
      (void)evaluate(rules, rule_input{y, cl, sd, lcl, ucl, {}, {}}, evaluate_options{threads});
    } catch (const cmx::error& e) {
      CHECK(e.code() == cmx::status::bad_input);
      return std::make_pair(e.where().line, e.where().field);
    }
    return std::make_pair(std::int64_t{-1}, std::string());
  };
  const auto line_of_fault = [&](const std::vector<double>& cl, const std::vector<double>& sd,
                                 unsigned threads) {
    return fault_of_lines(cl, sd, lower, upper, threads);
  };
  std::vector<double> cl(n, 0.0);
  for (const unsigned threads : {1U, 2U}) {
    CHECK(line_of_fault(cl, sigma, threads).first == -1);
    std::vector<double> bad_cl = cl;
    bad_cl[250'000] = std::numeric_limits<double>::infinity();
    CHECK(line_of_fault(bad_cl, sigma, threads) ==
          std::make_pair(std::int64_t{250'001}, std::string("cl")));
    bad_cl[100'000] = -std::numeric_limits<double>::infinity();
    CHECK(line_of_fault(bad_cl, sigma, threads) ==
          std::make_pair(std::int64_t{100'001}, std::string("cl")));
    std::vector<double> bad_sigma = sigma;
    bad_sigma[170'001] = -0.5;
    bad_sigma[290'000] = std::numeric_limits<double>::infinity();
    CHECK(line_of_fault(cl, bad_sigma, threads) ==
          std::make_pair(std::int64_t{170'002}, std::string("sigma")));
    bad_sigma[170'001] = std::numeric_limits<double>::quiet_NaN();  // missing: allowed
    CHECK(line_of_fault(cl, bad_sigma, threads) ==
          std::make_pair(std::int64_t{290'001}, std::string("sigma")));
  }
  // Limits: infinite on their own side (no limit) pass; on the other side they are named.
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> centre(n, 0.0);
  const auto limit_fault = [&](const std::vector<double>& lcl, const std::vector<double>& ucl,
                               unsigned threads) {
    return fault_of_lines(centre, sigma, lcl, ucl, threads);
  };
  for (const unsigned threads : {1U, 2U}) {
    std::vector<double> bad_lower = lower;
    bad_lower[10] = -inf;
    CHECK(limit_fault(bad_lower, upper, threads).first == -1);
    bad_lower[260'000] = inf;
    CHECK(limit_fault(bad_lower, upper, threads) ==
          std::make_pair(std::int64_t{260'001}, std::string("lcl")));
    std::vector<double> bad_upper = upper;
    bad_upper[20] = inf;
    CHECK(limit_fault(lower, bad_upper, threads).first == -1);
    bad_upper[150'000] = -inf;
    CHECK(limit_fault(lower, bad_upper, threads) ==
          std::make_pair(std::int64_t{150'001}, std::string("ucl")));
  }
}

TEST_CASE("blocked compensated sums are exact where the answer is known", "[spc][sums]") {
  // 1e16 then 10^6 ones: recursive double summation returns 1e16 (each 1 is half an ulp and
  // rounds away); the exact sum 1e16 + 10^6 is a double, and the blocked compensated sum gets it.
  std::vector<double> v(1'000'001, 1.0);
  v[0] = 1e16;
  double naive = 0;
  for (const double d : v) {
    naive += d;
  }
  REQUIRE(naive == 1e16);  // the case really defeats plain summation
  const auto sums = cmx::spc::detail::sum_values_and_ranges(v);
  CHECK(sums.count == v.size());
  CHECK(sums.sum == 1e16 + 1e6);
  CHECK(sums.range_count == v.size() - 1);
  CHECK(sums.range_max == 1e16 - 1);
  CHECK(sums.range_sum == 1e16 - 1);

  // Missing values give neither a value nor the two ranges they touch.
  std::vector<double> gaps = {1, std::numeric_limits<double>::quiet_NaN(), 4, 6, 10};
  const auto g = cmx::spc::detail::sum_values_and_ranges(gaps);
  CHECK(g.count == 4);
  CHECK(g.sum == 21);
  CHECK(g.range_count == 2);  // |6 - 4| and |10 - 6|
  CHECK(g.range_sum == 6);
  CHECK(g.range_max == 4);
  const auto kept = cmx::spc::detail::sum_ranges_below(gaps, 4.0);
  CHECK(kept.count == 1);
  CHECK(kept.sum == 2);
}

TEST_CASE("blocked sums of random data agree with a long double recount", "[spc][sums]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(1000.0, 250.0);
  std::vector<double> v(1'234'567);
  for (auto& d : v) {
    d = normal(rng);
  }
  long double sum = 0;
  long double ranges = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    if (i > 0) {
      ranges += std::abs(v[i] - v[i - 1]);
    }
  }
  const auto sums = cmx::spc::detail::sum_values_and_ranges(v);
  CHECK(sums.sum == Approx(static_cast<double>(sum)).epsilon(1e-14));
  CHECK(sums.range_sum == Approx(static_cast<double>(ranges)).epsilon(1e-14));
}

}  // namespace

TEST_CASE("rules over piecewise lines flag exactly what they flag over per-point copies",
          "[spc][line][rules]") {
  // Random i charts with phases, missing and excluded points: the rule engine reads the chart's
  // own piecewise lines through cursors; the same lines copied out point by point are the
  // independent reading. Every signal and every per-point flag must agree.
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_int_distribution<int> coin(0, 99);
  const rule_set rules = rule_set_by_name("western_electric,nelson,mdc,qcc");
  for (int round = 0; round < 40; ++round) {
    const std::size_t n = 200 + static_cast<std::size_t>(coin(rng)) * 7;
    std::vector<double> x(n);
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(i + 1);
      const double shift = (i / 60) % 2 == 1 ? 1.5 : 0.0;  // shifts make long runs
      y[i] = coin(rng) < 3 ? std::numeric_limits<double>::quiet_NaN() : normal(rng) + shift;
    }
    chart_options options;
    options.type = chart_type::i;
    options.parts = {n / 3, 2 * n / 3};
    options.exclude = {5, n / 2};
    const chart_result chart = compute_chart(x, y, {}, options);
    REQUIRE_FALSE(chart.cl.per_point());

    const std::vector<double> cl = chart.cl.to_vector();
    const std::vector<double> sigma = chart.sigma.to_vector();
    const std::vector<double> lcl = chart.lcl.to_vector();
    const std::vector<double> ucl = chart.ucl.to_vector();
    const rule_input copied{chart.y, cl, sigma, lcl, ucl, chart.part_column, chart.included_column};

    const evaluation from_pieces = evaluate_with_flags(rules, chart.rules_input());
    const evaluation from_copies = evaluate_with_flags(rules, copied);
    REQUIRE(from_pieces.signals.size() == from_copies.signals.size());
    CHECK_FALSE(from_pieces.signals.empty());  // the shifts guarantee signals to compare
    for (std::size_t s = 0; s < from_pieces.signals.size(); ++s) {
      const signal& a = from_pieces.signals[s];
      const signal& b = from_copies.signals[s];
      CHECK(a.rule == b.rule);
      CHECK(a.first == b.first);
      CHECK(a.last == b.last);
      CHECK(a.flag_first == b.flag_first);
      CHECK(a.dir == b.dir);
    }
    CHECK(from_pieces.flags == from_copies.flags);
  }
}
