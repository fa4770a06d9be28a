// A streaming monitor: limits fixed from a baseline (or given), then one observation at a time.
// Each push reports the signals the new point completes, in O(rules) time and without
// allocating: the rules run as fixed-size state machines (the same ones evaluate() runs).
#ifndef CMX_SPC_MONITOR_HPP
#define CMX_SPC_MONITOR_HPP

#include <cstddef>
#include <memory>
#include <span>

#include "cmx/spc/rules.hpp"
#include "cmx/spc/signal.hpp"

namespace cmx::spc {

namespace detail {
class rule_engine;
}

// A signal completed by a push. A pattern that goes on growing (a run of 9 after a run of 8)
// is reported again on each push with the same first point and a later last point, and
// `continues` set; the last report of a pattern equals the signal evaluate() returns for it.
struct monitor_event {
  signal sig;
  bool continues = false;
};

struct monitor_limits {
  double cl = 0;
  double sigma = 0;
  double lcl = 0;
  double ucl = 0;
};

class monitor {
 public:
  // Given centre and sigma: limits cl +- 3 sigma. Throws cmx::error: NaN/inf centre, sigma not
  // positive, a rule set with whole-phase rules (the IHI runs tests: unsupported when streaming).
  monitor(const rule_set& rules, double cl, double sigma);
  // Given centre, sigma and limits (lcl < ucl).
  monitor(const rule_set& rules, const monitor_limits& limits);
  // Limits of an individuals chart over a baseline: centre the mean, sigma the mean moving range
  // / 1.128 (moving ranges >= 3.267 x their mean dropped once when screen_mr; as qicharts2):
  // the same numbers, to the bit, as compute_chart's i chart frozen on the baseline. NaN is a
  // missing value, as in the chart: no point of the mean, no moving range with its neighbours.
  // Throws cmx::error for an infinite value (naming it) and for a baseline without two
  // consecutive values, hence without a moving range.
  [[nodiscard]] static monitor from_baseline(const rule_set& rules,
                                             std::span<const double> baseline,
                                             bool screen_mr = true);

  monitor(monitor&& other) noexcept;
  monitor& operator=(monitor&& other) noexcept;
  monitor(const monitor&) = delete;
  monitor& operator=(const monitor&) = delete;
  ~monitor();

  // Judges the next observation (NaN = missing: counted as a point, judged by no rule; inf is
  // refused with cmx::error naming the point). Writes up to out.size() events and returns how
  // many the point completed; size `out` with max_events_per_push() to never lose one.
  std::size_t push(double y, std::span<monitor_event> out);

  // An upper bound on the events of one push (2 per rule).
  [[nodiscard]] std::size_t max_events_per_push() const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] const monitor_limits& limits() const noexcept { return limits_; }

 private:
  struct validated_tag {};  // the constructor that checks the limits, behind the public ones
  monitor(const rule_set& rules, const monitor_limits& limits, validated_tag tag);
  std::unique_ptr<detail::rule_engine> engine_;
  monitor_limits limits_;
  std::size_t count_ = 0;
};

// The individuals-chart limits of a baseline (see monitor::from_baseline).
[[nodiscard]] monitor_limits individuals_limits(std::span<const double> baseline,
                                                bool screen_mr = true);

}  // namespace cmx::spc

#endif  // CMX_SPC_MONITOR_HPP
