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
  REQUIRE(a.part == b.part);
  REQUIRE(a.included == b.included);
  REQUIRE(a.baseline == b.baseline);
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
