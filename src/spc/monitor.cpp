// The streaming monitor over the shared rule engine.
#include "cmx/spc/monitor.hpp"

#include <cmath>
#include <string>

#include "cmx/error.hpp"
#include "cmx/spc/constants.hpp"
#include "spc/moving_range.hpp"
#include "spc/rule_engine.hpp"

namespace cmx::spc {

monitor_limits individuals_limits(std::span<const double> baseline, bool screen_mr) {
  for (std::size_t i = 0; i < baseline.size(); ++i) {
    if (std::isinf(baseline[i])) {
      throw error(status::bad_input, "a baseline value must be a finite number or missing (NaN)",
                  location{"baseline", static_cast<std::int64_t>(i + 1), 0, "baseline"});
    }
  }
  // The sums and screening of the individuals chart (moving_range.hpp): the same limits, to the
  // bit, as an i chart frozen on this baseline. A missing value is no point of the mean and
  // gives no moving range with either neighbour.
  double mean = 0;
  double amr = 0;
  detail::mean_and_moving_range(baseline, screen_mr, mr_screen_factor, mean, amr, nullptr, 1);
  if (std::isnan(amr)) {
    throw error(status::bad_input,
                "a baseline needs two consecutive values (neither missing) for a moving range; "
                "its " +
                    std::to_string(baseline.size()) + " points have none",
                location{"baseline", 0, 0, "baseline"});
  }
  monitor_limits l;
  l.cl = mean;
  // sigma = mean moving range / d2(2) (constants.hpp).
  l.sigma = amr / d2_of_two;
  l.lcl = l.cl - 3.0 * l.sigma;
  l.ucl = l.cl + 3.0 * l.sigma;
  return l;
}

monitor::monitor(const rule_set& rules, const monitor_limits& limits, validated_tag /*tag*/)
    : engine_(std::make_unique<detail::rule_engine>(rules)), limits_(limits) {
  if (engine_->has_phase_rules()) {
    throw error(status::unsupported,
                "whole-phase rules (IHI too few/too many runs) cannot be judged point by point",
                location{"monitor", 0, 0, "rules"});
  }
  if (!std::isfinite(limits.cl)) {
    throw error(status::invalid_argument, "the centre must be a finite number",
                location{"monitor", 0, 0, "cl"});
  }
  if (!(limits.sigma > 0.0 && std::isfinite(limits.sigma))) {
    throw error(status::invalid_argument,
                "sigma must be a positive finite number (a constant baseline has none)",
                location{"monitor", 0, 0, "sigma"});
  }
  if (!(limits.lcl < limits.ucl)) {
    throw error(status::invalid_argument, "lcl must be below ucl",
                location{"monitor", 0, 0, "lcl"});
  }
}

monitor::monitor(const rule_set& rules, double cl, double sigma)
    : monitor(rules, monitor_limits{cl, sigma, cl - 3.0 * sigma, cl + 3.0 * sigma},
              validated_tag{}) {}

monitor::monitor(const rule_set& rules, const monitor_limits& limits)
    : monitor(rules, limits, validated_tag{}) {}

monitor monitor::from_baseline(const rule_set& rules, std::span<const double> baseline,
                               bool screen_mr) {
  return {rules, individuals_limits(baseline, screen_mr), validated_tag{}};
}

monitor::monitor(monitor&& other) noexcept = default;
monitor& monitor::operator=(monitor&& other) noexcept = default;
monitor::~monitor() = default;

std::size_t monitor::max_events_per_push() const noexcept {
  return 2 * engine_->size();
}

std::size_t monitor::push(double y, std::span<monitor_event> out) {
  if (std::isinf(y)) {
    throw error(status::bad_input, "y is infinite",
                location{"monitor", static_cast<std::int64_t>(count_ + 1), 0, "y"});
  }
  std::size_t written = 0;
  engine_->step(count_, y, limits_.cl, limits_.sigma, limits_.lcl, limits_.ucl, true,
                [&](std::size_t, const signal& s, bool extends) {
                  if (written < out.size()) {
                    out[written] = monitor_event{s, extends};
                  }
                  ++written;
                });
  ++count_;
  return written;
}

}  // namespace cmx::spc
