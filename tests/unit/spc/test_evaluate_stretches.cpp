// A long series is evaluated in stretches, each on its own thread, each engine starting a
// warm-up before its stretch (evaluate_stretches.hpp). The join must give exactly the signals
// (every field, in order) and the flags of one pass, wherever the cuts fall: inside shifts,
// trends and windows, at and next to phase starts, in gaps of missing or excluded points.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/evaluate_stretches.hpp"
#include "unit/spc/patterned_series.hpp"

namespace {

namespace spc = cmx::spc;
using cmx_test::patterned_series;
using cmx_test::point;
using cmx_test::series_columns;

struct pass {
  std::vector<spc::signal> signals;
  std::vector<std::uint32_t> flags;
};

pass in_stretches(const spc::rule_set& rules, const spc::rule_input& input,
                  const std::vector<std::size_t>& begins, bool on_threads) {
  pass out;
  // Stale values: every flag must be overwritten, and a workspace left by an earlier call (here
  // holding made-up signals) must not leak into the result.
  out.flags.assign(input.y.size(), 0xDEADBEEFU);
  std::vector<std::vector<spc::signal>> workspace(
      2, std::vector<spc::signal>(3, spc::signal{spc::rule_id::nelson_4, 1, 2, 1}));
  spc::detail::evaluate_in_stretches(rules, input, begins, on_threads, out.signals, out.flags,
                                     workspace);
  return out;
}

void require_same(const pass& stretched, const pass& one) {
  REQUIRE(stretched.signals.size() == one.signals.size());
  for (std::size_t k = 0; k < one.signals.size(); ++k) {
    const spc::signal& a = stretched.signals[k];
    const spc::signal& b = one.signals[k];
    INFO("signal " << k << " of rule " << static_cast<int>(b.rule) << " at points " << b.first
                   << ".." << b.last << "; stretched: " << a.first << ".." << a.last);
    REQUIRE(a.rule == b.rule);
    REQUIRE(a.first == b.first);
    REQUIRE(a.last == b.last);
    REQUIRE(a.flag_first == b.flag_first);
    REQUIRE(a.dir == b.dir);
    REQUIRE(a.mode == b.mode);
  }
  REQUIRE(stretched.flags == one.flags);
}

// Cuts: random points, and the hard places of this series (phase starts and the points either
// side, the first point after a gap).
std::vector<std::size_t> cuts(std::mt19937_64& rng, const std::vector<point>& series) {
  const std::size_t n = series.size();
  std::vector<std::size_t> hard;
  for (std::size_t i = 2; i + 1 < n; ++i) {
    const bool gap_before = std::isnan(series[i - 1].y) || !series[i - 1].included;
    if (series[i].new_phase || series[i + 1].new_phase || series[i - 1].new_phase ||
        (gap_before && !std::isnan(series[i].y))) {
      hard.push_back(i);
    }
  }
  std::vector<std::size_t> begins{0};
  const int count = std::uniform_int_distribution<int>(1, 6)(rng);
  std::uniform_int_distribution<std::size_t> anywhere(1, n - 1);
  for (int k = 0; k < count; ++k) {
    const bool at_hard = !hard.empty() && std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    begins.push_back(at_hard
                         ? hard[std::uniform_int_distribution<std::size_t>(0, hard.size() - 1)(rng)]
                         : anywhere(rng));
  }
  std::sort(begins.begin(), begins.end());
  begins.erase(std::unique(begins.begin(), begins.end()), begins.end());
  return begins;
}

// A random rule as patterned_series' tests draw them, with m-of-n windows up to 64 points.
spc::rule random_long_rule(std::mt19937_64& rng) {
  spc::rule r = cmx_test::random_rule(rng);
  if (r.kind == spc::rule_kind::m_of_n_beyond &&
      std::uniform_int_distribution<int>(0, 1)(rng) == 1) {
    r.window = std::uniform_int_distribution<int>(1, spc::max_window)(rng);
    r.count = std::uniform_int_distribution<int>(1, r.window)(rng);
  }
  return r;
}

// Returns the number of cuttings checked.
std::size_t check_stretches(std::mt19937_64& rng, const spc::rule_set& rules,
                            const std::vector<point>& series, bool pieces, bool on_threads) {
  REQUIRE(spc::detail::splits_into_stretches(rules));
  const series_columns columns(series);
  const spc::rule_input input = columns.input(pieces);
  const pass one = in_stretches(rules, input, {0}, false);
  const std::size_t cuttings = 4;
  for (std::size_t trial = 0; trial < cuttings; ++trial) {
    const std::vector<std::size_t> begins = cuts(rng, series);
    INFO(begins.size() << " stretches, the second from point " << begins[1]);
    require_same(in_stretches(rules, input, begins, on_threads), one);
  }
  return cuttings;
}

}  // namespace

TEST_CASE("stretches joined give the signals and flags of one pass", "[spc][rules][stretches]") {
  std::size_t cases_checked = 0;
  std::mt19937_64 rng(31);
  for (const char* names : {"western_electric,nelson,mdc", "mdc_pre2023", "qcc"}) {
    const spc::rule_set rules = spc::rule_set_by_name(names);
    for (int trial = 0; trial < 8; ++trial) {
      cases_checked += check_stretches(rng, rules, patterned_series(rng, 6000, trial % 4 != 3),
                                       trial % 2 == 0, trial % 3 == 0);
    }
  }
  std::mt19937_64 edited(37);
  std::size_t edited_sets = 0;
  for (int trial = 0; edited_sets < 100; ++trial) {
    spc::rule_set rules;
    const int size = std::uniform_int_distribution<int>(1, 10)(edited);
    for (int k = 0; k < size; ++k) {
      rules.rules.push_back(random_long_rule(edited));
    }
    if (!spc::detail::splits_into_stretches(rules)) {
      continue;
    }
    ++edited_sets;
    cases_checked += check_stretches(edited, rules, patterned_series(edited, 3000, trial % 4 != 3),
                                     trial % 2 == 0, trial % 3 == 0);
  }
  CHECK(cases_checked == std::size_t{4} * (24 + 100));
}

TEST_CASE("a shift across a cut is one signal from its first point to its last",
          "[spc][rules][stretches]") {
  // Points 1000..9000 lie above the centre, the rest alternate about it: every run rule gives
  // one signal over exactly the shift, wherever the stretches are cut.
  std::vector<double> y(12000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = i >= 1000 && i <= 9000 ? 11.0 + 0.001 * static_cast<double>(i % 7)
                                  : (i % 2 == 0 ? 10.5 : 9.5);
  }
  const std::vector<double> cl(y.size(), 10.0);
  const std::vector<double> sigma(y.size(), 2.0);
  const std::vector<double> lcl(y.size(), 4.0);
  const std::vector<double> ucl(y.size(), 16.0);
  const spc::rule_input input{y, cl, sigma, lcl, ucl, {}, {}};
  const spc::rule_set rules = spc::rule_set_by_name("mdc");
  const spc::rule* shift = rules.find(spc::rule_id::mdc_shift);
  REQUIRE(shift != nullptr);
  for (const std::vector<std::size_t>& begins :
       {std::vector<std::size_t>{0, 1001}, std::vector<std::size_t>{0, 1006, 1007, 5000},
        std::vector<std::size_t>{0, 8999, 9000, 9001}}) {
    const pass stretched = in_stretches(rules, input, begins, true);
    std::vector<spc::signal> shifts;
    std::copy_if(stretched.signals.begin(), stretched.signals.end(), std::back_inserter(shifts),
                 [](const spc::signal& s) { return s.rule == spc::rule_id::mdc_shift; });
    REQUIRE(shifts.size() == 1);
    CHECK(shifts[0].first == 1000);
    CHECK(shifts[0].last == 9000);
    CHECK(shifts[0].dir == spc::direction::up);
    require_same(stretched, in_stretches(rules, input, {0}, false));
  }
}

TEST_CASE("threads do not change what evaluate returns for a long series",
          "[spc][rules][stretches]") {
  std::mt19937_64 rng(41);
  const std::vector<point> series = patterned_series(rng, std::size_t{1} << 19U);
  const series_columns columns(series);
  const spc::rule_input input = columns.input(true);
  const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
  spc::evaluation one;
  spc::evaluate_into(rules, input, one, spc::evaluate_options{1});
  spc::evaluation two;
  spc::evaluate_into(rules, input, two, spc::evaluate_options{2});
  // Four stretches, into an evaluation that already holds another series' signals and
  // stretch workspace: nothing of that evaluation may survive into this one.
  const std::vector<point> other = patterned_series(rng, std::size_t{1} << 19U);
  const series_columns other_columns(other);
  spc::evaluation four;
  spc::evaluate_into(rules, other_columns.input(true), four, spc::evaluate_options{4});
  REQUIRE(four.stretch_workspace.size() == 3);
  spc::evaluate_into(rules, input, four, spc::evaluate_options{4});
  require_same(pass{two.signals, two.flags}, pass{one.signals, one.flags});
  require_same(pass{four.signals, four.flags}, pass{one.signals, one.flags});
  CHECK(one.signals.size() > 10000);
}

TEST_CASE("an infinite value is named by the stretch that meets it first",
          "[spc][rules][stretches]") {
  std::vector<double> y(4000, 10.0);
  y[3500] = std::numeric_limits<double>::infinity();
  const std::vector<double> cl(y.size(), 10.0);
  const spc::rule_input input{y, cl, {}, {}, {}, {}, {}};
  const spc::rule_set rules = spc::rule_set_by_name("mdc");
  const auto location_line = [&](const std::vector<std::size_t>& begins) {
    std::vector<spc::signal> signals;
    try {
      std::vector<std::vector<spc::signal>> workspace;
      spc::detail::evaluate_in_stretches(rules, input, begins, true, signals, {}, workspace);
    } catch (const cmx::error& e) {
      CHECK(e.code() == cmx::status::bad_input);
      CHECK(e.where().field == "y");
      return e.where().line;
    }
    return std::int64_t{-1};
  };
  CHECK(location_line({0, 2000}) == 3501);
  y[1200] = -std::numeric_limits<double>::infinity();
  CHECK(location_line({0, 2000}) == 1201);
  CHECK(location_line({0, 1100, 1300}) == 1201);
}
