// What a rule reads from a chart (rule_input) and what it reports (signal). The contract between
// the charts (chart.hpp), the rule sets (rules.hpp) and the streaming monitor (monitor.hpp).
#ifndef CMX_SPC_SIGNAL_HPP
#define CMX_SPC_SIGNAL_HPP

#include <cstddef>
#include <cstdint>
#include <span>

#include "cmx/spc/line.hpp"

namespace cmx::spc {

// Every rule cmx knows. Values are stable (they cross the C API); append only.
enum class rule_id : std::uint16_t {
  beyond_limits = 1,        // a point strictly outside the 3-sigma limits (Shewhart)
  anhoej_longest_run = 2,   // Anhøj: longest run above round(log2(n_useful)) + 3
  anhoej_crossings = 3,     // Anhøj: crossings below qbinom(0.05, n_useful - 1, 0.5)
  ihi_shift = 10,           // IHI run chart: 6 or more points on one side of the median
  ihi_trend = 11,           // IHI: 5 or more points all going up or all going down
  ihi_too_few_runs = 12,    // IHI: fewer runs than the table of Swed and Eisenhart allows
  ihi_too_many_runs = 13,   // IHI: more runs than the table allows
  ihi_astronomical = 14,    // IHI: an obviously different value (judged as beyond 3 sigma)
  western_electric_1 = 20,  // WE 1: one point beyond 3 sigma
  western_electric_2 = 21,  // WE 2: 2 of 3 beyond 2 sigma, same side
  western_electric_3 = 22,  // WE 3: 4 of 5 beyond 1 sigma, same side
  western_electric_4 = 23,  // WE 4: 8 in a row on one side
  nelson_1 = 31,            // Nelson 1-8, Minitab's default K: 3 sigma, 9 one side, 6 trend,
  nelson_2 = 32,            //   14 alternating, 2 of 3 beyond 2 sigma, 4 of 5 beyond 1 sigma,
  nelson_3 = 33,            //   15 within 1 sigma, 8 beyond 1 sigma on either side
  nelson_4 = 34,
  nelson_5 = 35,
  nelson_6 = 36,
  nelson_7 = 37,
  nelson_8 = 38,
  mdc_outside_limits = 40,  // NHS Making Data Count: a point outside the process limits
  mdc_shift = 41,           // MDC: 7 points above or below the mean
  mdc_trend = 42,           // MDC: 7 points increasing or decreasing
  mdc_two_of_three = 43,    // MDC: 2 of 3 beyond 2 sigma (pre- or post-2023 form)
  qcc_run = 50,             // qcc 2.7: a run of 7 on one side, flagged from the 7th point
};

enum class direction : std::int8_t { down = -1, none = 0, up = 1 };

// Which points of a pattern a rule flags: the anchors differ (qcc flags from the K-th point of a
// run; NHSRplotthedots and Minitab flag the whole pattern).
enum class flag_mode : std::uint8_t { whole_pattern = 0, from_kth_point = 1 };

// One signal: a rule broken by the points first..last (0-based, inclusive, in plot order).
// The flagged points are those in [flag_first, last] that take part in the pattern (for "2 of 3"
// rules, the ones beyond the zone; for runs and trends, all of them).
struct signal {
  rule_id rule = rule_id::beyond_limits;
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t flag_first = 0;
  direction dir = direction::none;
  flag_mode mode = flag_mode::whole_pattern;

  friend bool operator==(const signal&, const signal&) = default;
};

// The per-point numbers of a chart that rules read; every span and line has one entry per
// plotted point (a line may be held piecewise constant: line.hpp).
// Missing points have y = NaN and are skipped by every rule (they neither extend nor break a run).
// NaN in a line is no line at that point. Otherwise cl must be finite, sigma finite and not
// negative, lcl finite or -inf (no lower limit) and ucl finite or +inf (no upper limit): any other
// value, and an infinite y, makes evaluate throw cmx::error (bad_input) naming the line and point.
struct rule_input {
  std::span<const double> y;  // the plotted value
  line_view cl;               // centre line
  line_view sigma;            // one sigma of the plotted value at that point (NaN: none)
  line_view lcl;              // lower 3-sigma limit as plotted (clipped where the chart clips)
  line_view ucl;              // upper 3-sigma limit as plotted
  // Phase of each point (rules never span two phases); empty: one phase.
  std::span<const std::int32_t> part;
  // 0 = excluded from centre, limits and runs analysis; empty: every point included.
  std::span<const std::uint8_t> included;
};

}  // namespace cmx::spc

#endif  // CMX_SPC_SIGNAL_HPP
