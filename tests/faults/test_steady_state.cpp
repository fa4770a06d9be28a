// The C++ API promises that charting again into the same result, and evaluating again into the
// same evaluation, allocate nothing once the arrays are large enough (chart.hpp, rules.hpp). This
// binary replaces operator new: with the first allocation armed to fail, a second call that
// allocated would throw std::bad_alloc. A long series split over several threads allocates its
// threads (documented); on one thread it allocates nothing either.
#include <catch2/catch.hpp>
#include <cstddef>
#include <random>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "faults/fault_injection.hpp"

namespace {

namespace spc = cmx::spc;

struct rows {
  std::vector<double> x, y, n;
};

rows series(std::size_t size, bool counts) {
  std::mt19937_64 rng(61);
  std::normal_distribution<double> normal(10.0, 2.0);
  std::binomial_distribution<int> events(100, 0.3);
  rows r;
  for (std::size_t i = 0; i < size; ++i) {
    r.x.push_back(static_cast<double>(i + 1));
    r.y.push_back(counts ? static_cast<double>(events(rng)) : normal(rng));
    if (counts) {
      r.n.push_back(100.0);
    }
  }
  return r;
}

// Charts and evaluates twice into the same result; true when the second time allocated nothing.
bool second_call_allocates_nothing(const rows& r, const spc::chart_options& options,
                                   unsigned threads) {
  const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
  spc::chart_result chart;
  spc::evaluation eval;
  spc::compute_chart_into(r.x, r.y, r.n, options, chart);
  spc::evaluate_into(rules, chart.rules_input(), eval, spc::evaluate_options{threads});
  cmx::faults::arm(1);
  bool threw = false;
  try {
    spc::compute_chart_into(r.x, r.y, r.n, options, chart);
    spc::evaluate_into(rules, chart.rules_input(), eval, spc::evaluate_options{threads});
  } catch (const std::bad_alloc&) {
    threw = true;
  }
  const bool allocated = cmx::faults::fired();
  cmx::faults::disarm();
  return !threw && !allocated;
}

}  // namespace

TEST_CASE("charting and evaluating again into the same result allocates nothing",
          "[steady_state]") {
  const rows values = series(20000, false);
  const rows counts = series(20000, true);
  for (const spc::chart_type type :
       {spc::chart_type::run, spc::chart_type::i, spc::chart_type::mr, spc::chart_type::c}) {
    INFO("chart " << spc::to_string(type));
    spc::chart_options options;
    options.type = type;
    CHECK(second_call_allocates_nothing(type == spc::chart_type::c ? counts : values, options, 0));
  }
  spc::chart_options p;
  p.type = spc::chart_type::p;
  CHECK(second_call_allocates_nothing(counts, p, 0));
  spc::chart_options phased;
  phased.parts = {5000, 12000};
  phased.exclude = {7};
  CHECK(second_call_allocates_nothing(values, phased, 0));
  spc::chart_options frozen;
  frozen.freeze = 3000;
  frozen.multiply = 100.0;
  CHECK(second_call_allocates_nothing(values, frozen, 0));
  // Subgroups of five rows each.
  rows grouped = values;
  for (std::size_t i = 0; i < grouped.x.size(); ++i) {
    grouped.x[i] = static_cast<double>(i / 5);  // NOLINT(bugprone-integer-division): labels
  }
  spc::chart_options xbar;
  xbar.type = spc::chart_type::xbar;
  CHECK(second_call_allocates_nothing(grouped, xbar, 0));
}

TEST_CASE("a long series on one thread allocates nothing the second time either",
          "[steady_state]") {
  const rows values = series((std::size_t{1} << 18U) + 100, false);
  spc::chart_options options;
  options.threads = 1;
  CHECK(second_call_allocates_nothing(values, options, 1));
}

TEST_CASE("the steady-state check notices an allocation", "[steady_state]") {
  // A chart into a fresh result allocates its arrays: the check must say so.
  const rows values = series(1000, false);
  spc::chart_result fresh;
  cmx::faults::arm(1);
  bool threw = false;
  try {
    spc::compute_chart_into(values.x, values.y, values.n, spc::chart_options{}, fresh);
  } catch (const std::bad_alloc&) {
    threw = true;
  }
  const bool allocated = cmx::faults::fired();
  cmx::faults::disarm();
  CHECK(threw);
  CHECK(allocated);
}
