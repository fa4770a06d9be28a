// The streaming monitor over the shared rule engine.
#include "cmx/spc/monitor.hpp"

#include <cmath>
#include <string>

#include "cmx/error.hpp"
#include "cmx/spc/constants.hpp"
#include "spc/rule_engine.hpp"

namespace cmx::spc {

monitor_limits individuals_limits(std::span<const double> baseline, bool screen_mr) {
  if (baseline.size() < 2) {
    throw error(status::bad_input,
                "a baseline needs at least 2 values for a moving range, got " +
                    std::to_string(baseline.size()),
                location{"baseline", 0, 0, "baseline"});
  }
  double sum = 0;
  double mr_sum = 0;
  for (std::size_t i = 0; i < baseline.size(); ++i) {
    if (!std::isfinite(baseline[i])) {
      throw error(status::bad_input, "a baseline value must be a finite number",
                  location{"baseline", static_cast<std::int64_t>(i + 1), 0, "baseline"});
    }
    sum += baseline[i];
    if (i > 0) {
      mr_sum += std::abs(baseline[i] - baseline[i - 1]);
    }
  }
  const auto n_mr = static_cast<double>(baseline.size() - 1);
  double amr = mr_sum / n_mr;
  if (screen_mr) {
    // qicharts2 (qic.screenedmr): moving ranges >= 3.267 x their mean are dropped, once.
    const double cut = 3.267 * amr;
    double kept_sum = 0;
    std::size_t kept = 0;
    for (std::size_t i = 1; i < baseline.size(); ++i) {
      const double mr = std::abs(baseline[i] - baseline[i - 1]);
      if (mr < cut) {
        kept_sum += mr;
        ++kept;
      }
    }
    amr = kept == 0 ? amr : kept_sum / static_cast<double>(kept);
  }
  monitor_limits l;
  l.cl = sum / static_cast<double>(baseline.size());
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
