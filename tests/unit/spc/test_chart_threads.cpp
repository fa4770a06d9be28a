// A long series is charted in parts on several threads (chart_options::threads). The result
// must have the bits of one thread: every column, every phase's numbers, and the rules' signals
// and flags over it.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/bits.hpp"
#include "spc/moving_range.hpp"
#include "spc/rows_avx512.hpp"
#include "spc/screen_pass.hpp"
#include "spc/sums.hpp"

namespace {

namespace spc = cmx::spc;

// The same bits (NaN equal to NaN of the same bits; -0 unequal to +0).
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](double u, double v) { return same_bits(u, v); });
}

std::vector<double> line_values(const spc::chart_line& l) {
  std::vector<double> out;
  for (std::size_t i = 0; i < l.size(); ++i) {
    out.push_back(l[i]);
  }
  return out;
}

void require_same_chart(const spc::chart_result& a, const spc::chart_result& b) {
  REQUIRE(same_bits(a.x, b.x));
  REQUIRE(same_bits(a.y, b.y));
  REQUIRE(a.part_column == b.part_column);
  REQUIRE(a.included_column == b.included_column);
  REQUIRE(a.baseline_points == b.baseline_points);
  REQUIRE(a.sigma_signal == b.sigma_signal);
  REQUIRE(same_bits(line_values(a.cl), line_values(b.cl)));
  REQUIRE(same_bits(line_values(a.sigma), line_values(b.sigma)));
  REQUIRE(same_bits(line_values(a.lcl), line_values(b.lcl)));
  REQUIRE(same_bits(line_values(a.ucl), line_values(b.ucl)));
  REQUIRE(a.parts.size() == b.parts.size());
  for (std::size_t k = 0; k < a.parts.size(); ++k) {
    INFO("phase " << k + 1);
    REQUIRE(same_bits(a.parts[k].cl, b.parts[k].cl));
    REQUIRE(same_bits(a.parts[k].sigma, b.parts[k].sigma));
    REQUIRE(a.parts[k].sigma_signals == b.parts[k].sigma_signals);
    REQUIRE(a.parts[k].runs.longest_run == b.parts[k].runs.longest_run);
    REQUIRE(a.parts[k].runs.crossings == b.parts[k].runs.crossings);
    REQUIRE(a.parts[k].runs.n_useful == b.parts[k].runs.n_useful);
    REQUIRE(a.parts[k].runs.n_obs == b.parts[k].runs.n_obs);
    REQUIRE(a.parts[k].runs.longest_first == b.parts[k].runs.longest_first);
    REQUIRE(a.parts[k].runs.longest_last == b.parts[k].runs.longest_last);
    REQUIRE(a.parts[k].runs.longest_dir == b.parts[k].runs.longest_dir);
    REQUIRE(a.parts[k].runs.runs_signal == b.parts[k].runs.runs_signal);
  }
  REQUIRE(a.screened_mr == b.screened_mr);
}

// 2^19 + 77 rows: heavy tails (so that screening drops ranges), a few missing values, a shift.
struct long_series {
  std::vector<double> x, y, n;
};

long_series make_series(spc::chart_type type) {
  std::mt19937_64 rng(53);
  std::student_t_distribution<double> heavy(3.0);
  std::binomial_distribution<int> events(100, 0.2);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  long_series s;
  const std::size_t size = (std::size_t{1} << 19U) + 77;
  for (std::size_t i = 0; i < size; ++i) {
    s.x.push_back(static_cast<double>(i + 1));
    const double shift = i > size / 2 ? 0.7 : 0.0;
    double v = 10.0 + shift + heavy(rng);
    if (type == spc::chart_type::c) {
      v = static_cast<double>(events(rng));
    }
    if (type == spc::chart_type::pp || type == spc::chart_type::p) {
      s.n.push_back(100.0);
      v = static_cast<double>(events(rng));
    }
    s.y.push_back(unit(rng) < 0.001 ? std::numeric_limits<double>::quiet_NaN() : v);
  }
  return s;
}

}  // namespace

TEST_CASE("a long series charted on several threads has the bits of one thread",
          "[spc][chart][threads]") {
  // p and pp: limits per point (the p chart's clipped at 0 and 1).
  for (const spc::chart_type type : {spc::chart_type::run, spc::chart_type::i, spc::chart_type::mr,
                                     spc::chart_type::c, spc::chart_type::p, spc::chart_type::pp}) {
    INFO("chart " << spc::to_string(type));
    const long_series s = make_series(type);
    for (const bool phases : {false, true}) {
      spc::chart_options options;
      options.type = type;
      if (phases) {
        options.parts = {1000, 300000};
        options.exclude = {5, 400000};
      }
      options.threads = 1;
      const spc::chart_result one = spc::compute_chart(s.x, s.y, s.n, options);
      if (type == spc::chart_type::i && !phases) {
        REQUIRE(one.screened_mr);  // the screening pass does run
      }
      const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
      const spc::evaluation one_eval =
          spc::evaluate_with_flags(rules, one.rules_input(), spc::evaluate_options{1});
      for (const unsigned threads : {2U, 3U, 0U}) {
        INFO(threads << " threads, phases: " << phases);
        options.threads = threads;
        const spc::chart_result many = spc::compute_chart(s.x, s.y, s.n, options);
        require_same_chart(many, one);
        const spc::evaluation eval =
            spc::evaluate_with_flags(rules, many.rules_input(), spc::evaluate_options{threads});
        REQUIRE(eval.signals.size() == one_eval.signals.size());
        REQUIRE(eval.flags == one_eval.flags);
      }
    }
  }
}

TEST_CASE("rows checked on several threads are named as one pass names them",
          "[spc][chart][threads]") {
  long_series s = make_series(spc::chart_type::i);
  spc::chart_options options;
  options.threads = 2;
  const auto failing_row = [&] {
    try {
      (void)spc::compute_chart(s.x, s.y, s.n, options);
    } catch (const cmx::error& e) {
      CHECK(e.code() == cmx::status::bad_input);
      return e.where().line;
    }
    return std::int64_t{-1};
  };
  s.y[400000] = std::numeric_limits<double>::infinity();
  CHECK(failing_row() == 400001);
  s.y[123] = -std::numeric_limits<double>::infinity();
  CHECK(failing_row() == 124);
}

TEST_CASE("rows out of order in a later part are grouped as on one thread",
          "[spc][chart][threads]") {
  long_series s = make_series(spc::chart_type::i);
  std::swap(s.x[450000], s.x[450001]);  // out of order: regrouped, then summed afresh
  s.x[500000] = s.x[499999];            // a subgroup of two rows
  spc::chart_options options;
  options.threads = 1;
  const spc::chart_result one = spc::compute_chart(s.x, s.y, s.n, options);
  REQUIRE(one.y.size() == s.y.size() - 1);
  options.threads = 2;
  require_same_chart(spc::compute_chart(s.x, s.y, s.n, options), one);
}

TEST_CASE("the screening pass finds every side and every candidate outside, as a pass of its own",
          "[spc][chart][threads]") {
  namespace detail = cmx::spc::detail;
  std::mt19937_64 rng(71);
  std::normal_distribution<double> normal(10.0, 2.0);
  const std::size_t size = (std::size_t{1} << 19U) + 45;  // a tail after the last 64-block
  std::vector<double> y(size);
  for (double& v : y) {
    v = normal(rng);
  }
  y[1000] = std::numeric_limits<double>::quiet_NaN();
  y[size - 3] = 40.0;  // beyond, in the tail
  detail::values_and_ranges sums = detail::sum_values_and_ranges(y);
  const double reach_per_range = 0.85 * 3.0 / 1.128379167095513;
  for (const unsigned threads : {2U, 3U}) {
    INFO(threads << " threads");
    detail::screen_extras extras;
    extras.reach_per_range = reach_per_range;
    double mean = 0.0;
    double amr = 0.0;
    detail::mean_and_moving_range(y, true, 3.267, mean, amr, &sums, threads, &extras);
    REQUIRE(extras.found);
    double plain_mean = 0.0;
    double plain_amr = 0.0;
    detail::mean_and_moving_range(y, true, 3.267, plain_mean, plain_amr, &sums, 1);
    REQUIRE(same_bits(mean, plain_mean));
    REQUIRE(same_bits(amr, plain_amr));  // the screened mean range, to the bit
    REQUIRE(same_bits(extras.centre, mean));
    const double unscreened = sums.range_sum / static_cast<double>(sums.range_count);
    REQUIRE(same_bits(extras.high, mean + reach_per_range * unscreened));
    REQUIRE(same_bits(extras.low, mean - reach_per_range * unscreened));
    REQUIRE(extras.sides.size() == size / 64);
    std::size_t wrong_sides = 0;
    for (std::size_t k = 0; k < extras.sides.size(); ++k) {
      const detail::side_bits expected = detail::sides_of_block(y.data() + 64 * k, mean);
      wrong_sides +=
          extras.sides[k].above == expected.above && extras.sides[k].below == expected.below ? 0U
                                                                                             : 1U;
    }
    REQUIRE(wrong_sides == 0);
    std::vector<std::size_t> beyond;
    for (std::size_t i = 0; i < size; ++i) {
      if (y[i] < extras.low || y[i] > extras.high) {
        beyond.push_back(i);
      }
    }
    REQUIRE(beyond.size() > 100);
    REQUIRE(beyond.back() == size - 3);
    REQUIRE(extras.beyond == beyond);
  }
}

TEST_CASE("an i chart of one long phase marks the same points outside whichever pass finds them",
          "[spc][chart][threads]") {
  std::mt19937_64 rng(72);
  std::normal_distribution<double> normal(10.0, 2.0);
  const std::size_t size = (std::size_t{1} << 19U) + 13;
  std::vector<double> x(size);
  std::vector<double> stable(size);
  for (std::size_t i = 0; i < size; ++i) {
    x[i] = static_cast<double>(i + 1);
    stable[i] = normal(rng);
  }
  // Outliers: screening drops their ranges and narrows the limits far inside the candidates'
  // bounds, so the chart must compare every point again.
  std::vector<double> outliers = stable;
  for (std::size_t i = 500; i < size; i += 97) {
    outliers[i] += 60.0;
  }
  std::vector<double> missing = stable;
  for (std::size_t i = 3; i < size; i += 1001) {
    missing[i] = std::numeric_limits<double>::quiet_NaN();
  }
  // A trend with spikes: screening runs, and nearly every value lies beyond the bounds, too many
  // candidates to keep.
  std::vector<double> trend(size);
  for (std::size_t i = 0; i < size; ++i) {
    trend[i] = static_cast<double>(i) * 1e-3 + (i % 10007 == 0 ? 1e3 : 0.0);
  }
  {
    cmx::spc::detail::screen_extras extras;
    extras.reach_per_range = 0.85 * 3.0 / 1.128379167095513;
    double mean = 0.0;
    double amr = 0.0;
    cmx::spc::detail::mean_and_moving_range(trend, true, 3.267, mean, amr, nullptr, 2, &extras);
    CHECK_FALSE(extras.found);
    CHECK(extras.beyond.empty());
  }
  for (const auto* y : {&stable, &outliers, &missing, &trend}) {
    for (const bool known_centre : {false, true}) {
      INFO("series " << (y == &stable     ? "stable"
                         : y == &outliers ? "outliers"
                                          : "missing")
                     << ", known centre " << known_centre);
      spc::chart_options options;
      options.type = spc::chart_type::i;
      if (known_centre) {
        options.centre = 10.0;
      }
      options.threads = 1;
      const spc::chart_result one = spc::compute_chart(x, *y, {}, options);
      REQUIRE(one.screened_mr);
      REQUIRE(one.parts[0].sigma_signals > 0);
      options.threads = 2;
      const spc::chart_result two = spc::compute_chart(x, *y, {}, options);
      require_same_chart(two, one);
    }
  }
}

TEST_CASE("the AVX-512 screen of a block has the bits of the SSE2 kernels",
          "[spc][kernels][threads]") {
  namespace detail = cmx::spc::detail;
  if (!(detail::cpu_has_avx512f() && detail::cpu_has_avx2())) {
    SUCCEED("this CPU has no AVX-512: the SSE2 kernels screen every block");
    return;
  }
  std::mt19937_64 rng(73);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> y(4 * 256 + 1);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = i % 37 == 5 ? std::numeric_limits<double>::quiet_NaN()
                       : (i % 53 == 0 ? 0.25 : normal(rng) * (i % 7 == 0 ? 1e6 : 1.0));
  }
  for (std::size_t k = 0; k < 4; ++k) {
    for (const double limit : {0.5, 2.0, std::numeric_limits<double>::infinity()}) {
      INFO("block " << k << ", limit " << limit);
      detail::screened_block wide;
      detail::screen_block_avx512(y.data(), k, limit, 0.25, -1.5, 1.5, wide);
      double sum = 0.0;
      double count = 0.0;
      detail::ranges_below_of_block(y.data(), 1 + k * 256, 1 + (k + 1) * 256, limit, sum, count);
      REQUIRE(same_bits(wide.sum, sum));
      REQUIRE(same_bits(wide.count, count));
      for (std::size_t q = 0; q < 4; ++q) {
        const double* block = y.data() + k * 256 + q * 64;
        const detail::side_bits sides = detail::sides_of_block(block, 0.25);
        REQUIRE(wide.sides[q].above == sides.above);
        REQUIRE(wide.sides[q].below == sides.below);
        REQUIRE(wide.beyond[q] == detail::beyond_of_block(block, -1.5, 1.5));
      }
    }
  }
}

TEST_CASE("the AVX-512 screen of plain rows answers as the row-by-row checks",
          "[spc][kernels][chart]") {
  namespace detail = cmx::spc::detail;
  if (!detail::cpu_has_avx512f()) {
    SUCCEED("this CPU has no AVX-512: rows are screened by the portable loop");
    return;
  }
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x(40);
  std::vector<double> y(40, nan);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i);
  }
  const auto by_rows = [&](std::size_t begin, std::size_t end) {
    detail::plain_rows_screen out;
    for (std::size_t i = begin; i < end; ++i) {
      out.infinite = out.infinite || std::isinf(y[i]);
      out.any_value = out.any_value || !std::isnan(y[i]);
      out.ascending = out.ascending && x[i] > x[i - 1];
    }
    return out;
  };
  const auto agree = [&] {
    for (std::size_t begin = 1; begin < 20; ++begin) {
      for (std::size_t end = begin + 1; end <= x.size(); ++end) {
        const detail::plain_rows_screen wide =
            detail::screen_plain_rows_avx512(x.data(), y.data(), begin, end);
        const detail::plain_rows_screen expected = by_rows(begin, end);
        if (wide.infinite != expected.infinite || wide.any_value != expected.any_value ||
            wide.ascending != expected.ascending) {
          return false;
        }
      }
    }
    return true;
  };
  CHECK(agree());  // every value missing, x rising
  y[17] = 1.5;
  CHECK(agree());
  y[30] = -inf;
  CHECK(agree());
  y[30] = std::numeric_limits<double>::max();  // the largest finite value is not infinite
  y[8] = inf;
  CHECK(agree());
  x[25] = x[24];  // a tie breaks the rise
  CHECK(agree());
  x[25] = 24.5;
  x[12] = nan;  // NaN never rises
  CHECK(agree());
}

TEST_CASE("the AVX-512 test of a finite block finds a NaN or an infinity anywhere in it",
          "[spc][kernels][rules]") {
  namespace detail = cmx::spc::detail;
  if (!detail::cpu_has_avx512f()) {
    SUCCEED("this CPU has no AVX-512: the rule pass tests blocks value by value");
    return;
  }
  std::vector<double> y(64, -std::numeric_limits<double>::max());
  CHECK(detail::finite_block_avx512(y.data()));
  for (const double odd :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    std::size_t missed = 0;
    for (std::size_t j = 0; j < y.size(); ++j) {
      std::vector<double> with = y;
      with[j] = odd;
      missed += detail::finite_block_avx512(with.data()) ? 1U : 0U;
    }
    CHECK(missed == 0);
  }
}
