// The SPC status beside each compass measure (issue 5, item 3): is the latest point of the
// measure's series a signal, and of which rule. The compass asks a provider; by default it is
// the SPC engine (spc_engine_status), and an embedding product may inject its own.
#ifndef CMX_COMPASS_SPC_STATUS_HPP
#define CMX_COMPASS_SPC_STATUS_HPP

#include <functional>
#include <span>
#include <string>

#include "cmx/compass/measure.hpp"

namespace cmx::compass {

struct spc_status {
  bool computed = false;  // false: too few points, a series the chart cannot take, or no provider
  bool signal = false;    // the latest point is part of a signal
  std::string rule;       // the rule's id as text (e.g. "beyond_limits"), empty if no signal
  std::string chart;      // the chart the engine used ("p", "u", "i", "c", "t"), if any
  std::string note;       // why nothing was computed, empty otherwise
};

// One unit's series of one measure, one entry per period up to and including the period scored,
// in period order; NaN where a period has no observation or the observation lacks the field.
struct measure_series {
  std::span<const std::string> periods;
  std::span<const double> value;        // measure_value(): what the compass scores
  std::span<const double> numerator;    // events, or observed for observed_expected
  std::span<const double> denominator;  // trials or exposure
  std::span<const double> expected;     // expected events (observed_expected)
};

using spc_status_provider = std::function<spc_status(const measure& m, const measure_series& s)>;

// The SPC engine's verdict on the latest point, with qicharts2's defaults: the chart follows the
// measure's scoring (the choice of Provost and Murray, The Health Care Data Guide, 2011, ch. 5):
//   proportion         p chart of numerator / denominator
//   rate               u chart of numerator / denominator
//   observed_expected  u chart of observed over expected (limits 1 +- 3 / sqrt(expected))
//   count              c chart of the values
//   continuous         i chart (XmR) of the values
//   time_between       t chart of the values (all must be > 0)
// and the rules are the 3-sigma limits and Anhøj's run rules (longest run, crossings). The
// latest point is a signal when it lies beyond the limits ("beyond_limits"), inside the longest
// run that breaks its limit ("anhoej_longest_run"), or in a phase with too few crossings
// ("anhoej_crossings"); the rule reported is the first of these that holds. Periods without an
// observation are skipped. Fewer than `min_points` observed periods, or values a chart cannot
// take (a time of zero), give computed = false with the reason in `note`, never a guess.
[[nodiscard]] spc_status spc_engine_status(const measure& m, const measure_series& s,
                                           std::size_t min_points = 2);

// spc_engine_status as a provider.
[[nodiscard]] spc_status_provider spc_engine_provider(std::size_t min_points = 2);

}  // namespace cmx::compass

#endif  // CMX_COMPASS_SPC_STATUS_HPP
