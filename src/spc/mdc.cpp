// The Making Data Count XmR chart, reproducing NHSRplotthedots 0.2.2 (ptd_spc_standard,
// ptd_calculate_point_type, ptd_calculate_assurance_type, ptd_add_short_group_warnings).
#include "cmx/spc/mdc.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "cmx/error.hpp"

namespace cmx::spc::mdc {

namespace {

// NHSRplotthedots' constants: limits at 2.66 mean moving ranges (3 / d2 with d2 = 1.128,
// rounded as in Wheeler's XmR chart), moving ranges >= 3.267 x their mean screened out (D4).
constexpr double limit = 2.66;
constexpr double mr_screen = 3.267;

struct group_limits {
  double mean = 0;
  double amr = 0;
};

// Mean and screened mean moving range over the first `fixed` points of a group.
group_limits limits_of(std::span<const double> y, bool screen) {
  double sum = 0;
  for (double v : y) {
    sum += v;
  }
  group_limits out;
  out.mean = sum / static_cast<double>(y.size());
  double mr_sum = 0;
  for (std::size_t i = 1; i < y.size(); ++i) {
    mr_sum += std::abs(y[i] - y[i - 1]);
  }
  const auto mr_count = static_cast<double>(y.size() - 1);
  out.amr = mr_sum / mr_count;
  if (screen) {
    const double cut = mr_screen * out.amr;
    double kept_sum = 0;
    std::size_t kept = 0;
    for (std::size_t i = 1; i < y.size(); ++i) {
      const double mr = std::abs(y[i] - y[i - 1]);
      if (mr < cut) {
        kept_sum += mr;
        ++kept;
      }
    }
    out.amr =
        kept == 0 ? std::numeric_limits<double>::quiet_NaN() : kept_sum / static_cast<double>(kept);
  }
  return out;
}

int direction_of(special_cause c) noexcept {
  switch (c) {
    case special_cause::above_ucl:
    case special_cause::trend_increasing:
    case special_cause::two_in_three_above:
    case special_cause::seven_above:
      return 1;
    case special_cause::common_cause:
      return 0;
    default:
      return -1;
  }
}

point_type type_of(special_cause c, improvement dir) noexcept {
  const int v = direction_of(c);
  if (v == 0) {
    return point_type::common_cause;
  }
  if (dir == improvement::neutral) {
    return v > 0 ? point_type::special_cause_neutral_high : point_type::special_cause_neutral_low;
  }
  return v * static_cast<int>(dir) > 0 ? point_type::special_cause_improvement
                                       : point_type::special_cause_concern;
}

}  // namespace

xmr_result xmr(std::span<const double> y, const xmr_options& options) {
  const std::size_t n = y.size();
  if (n == 0) {
    throw error(status::bad_input, "the series is empty", location{"y", 0, 0, "y"});
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) {
      throw error(status::bad_input, "y must be a finite number (no missing values in an MDC XmR)",
                  location{"y", static_cast<std::int64_t>(i + 1), 0, "y"});
    }
  }
  if (options.target && !std::isfinite(*options.target)) {
    throw error(status::invalid_argument, "the target must be a finite number",
                location{"options", 0, 0, "target"});
  }
  if (options.fix_after_n_points && *options.fix_after_n_points < 2) {
    throw error(status::invalid_argument, "fix_after_n_points must be at least 2",
                location{"options", 0, 0, "fix_after_n_points"});
  }
  std::vector<std::size_t> starts{0};
  for (std::size_t k = 0; k < options.rebase_at.size(); ++k) {
    const std::size_t at = options.rebase_at[k];
    if (at == 0 || at >= n || at <= starts.back()) {
      throw error(
          status::invalid_argument,
          "rebase points must be increasing and inside the series, got " + std::to_string(at),
          location{"options", static_cast<std::int64_t>(k + 1), 0, "rebase_at"});
    }
    starts.push_back(at);
  }
  starts.push_back(n);

  xmr_result out;
  out.y.assign(y.begin(), y.end());
  out.cl.resize(n);
  out.lpl.resize(n);
  out.upl.resize(n);
  out.sigma.resize(n);
  out.fix_y.resize(n);
  out.group.resize(n);
  out.relative_to_mean.resize(n);
  out.outside_limits.resize(n);
  out.close_to_limits.resize(n);
  out.special_cause_flag.resize(n);
  out.short_group_warning.resize(n);
  out.cause.resize(n);
  out.type.resize(n);
  const double limit_close = 2.0 * (limit / 3.0);
  for (std::size_t g = 0; g + 1 < starts.size(); ++g) {
    const std::size_t first = starts[g];
    const std::size_t size = starts[g + 1] - first;
    const std::size_t fixed = std::min(size, options.fix_after_n_points.value_or(size));
    if (fixed < 2) {
      throw error(status::bad_input,
                  "group " + std::to_string(g + 1) + " has 1 point; a moving range needs 2",
                  location{"y", static_cast<std::int64_t>(first + 1), 0,
                           options.rebase_at.empty() ? "y" : "rebase_at"});
    }
    const group_limits gl = limits_of(y.subspan(first, fixed), options.screen_outliers);
    group_summary sum;
    sum.first = first;
    sum.last = first + size - 1;
    sum.mean = gl.mean;
    sum.amr = gl.amr;
    sum.lpl = gl.mean - limit * gl.amr;
    sum.upl = gl.mean + limit * gl.amr;
    sum.n = size;
    for (std::size_t i = first; i < first + size; ++i) {
      out.cl[i] = gl.mean;
      out.lpl[i] = sum.lpl;
      out.upl[i] = sum.upl;
      // One sigma such that 2 sigma is NHSRplotthedots' "close to limits" distance exactly.
      out.sigma[i] = (limit / 3.0) * gl.amr;
      out.fix_y[i] = i - first < fixed ? y[i] : std::numeric_limits<double>::quiet_NaN();
      out.group[i] = static_cast<std::int32_t>(g);
      const double v = y[i];
      out.relative_to_mean[i] =
          static_cast<std::int8_t>(static_cast<int>(v > gl.mean) - static_cast<int>(v < gl.mean));
      const bool outside = v > sum.upl || v < sum.lpl;
      out.outside_limits[i] = outside ? 1 : 0;
      out.close_to_limits[i] =
          !outside && (v < gl.mean - limit_close * gl.amr || v > gl.mean + limit_close * gl.amr)
              ? 1
              : 0;
      out.short_group_warning[i] = size < options.short_group_threshold ? 1 : 0;
    }
    out.groups.push_back(sum);
  }

  const rule_set rules = mdc_rules(options.two_of_three);
  const rule_input input{out.y, out.cl, out.sigma, out.lpl, out.upl, out.group, {}};
  evaluation e = evaluate_with_flags(rules, input);
  out.signals = std::move(e.signals);
  // Rules 0..3 of mdc_rules: outside, trend, two of three, shift (the package's precedence).
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = e.flags[i];
    const bool above = out.relative_to_mean[i] > 0;
    special_cause c = special_cause::common_cause;
    if ((f & 1U) != 0) {
      c = out.relative_to_mean[i] == 1 ? special_cause::above_ucl : special_cause::below_lcl;
    } else if ((f & 2U) != 0) {
      // As ptd_special_cause_type: a point whose right neighbour is also part of a trend takes
      // the direction of the step to its right, otherwise of the step from its left (none for a
      // group's first point, which the package labels decreasing).
      const bool right =
          i + 1 < n && out.group[i + 1] == out.group[i] && (e.flags[i + 1] & 2U) != 0;
      double step = 0;
      if (right) {
        step = y[i + 1] - y[i];
      } else if (i > 0 && out.group[i - 1] == out.group[i]) {
        step = y[i] - y[i - 1];
      }
      c = step > 0 ? special_cause::trend_increasing : special_cause::trend_decreasing;
    } else if ((f & 4U) != 0) {
      c = above ? special_cause::two_in_three_above : special_cause::two_in_three_below;
    } else if ((f & 8U) != 0) {
      c = above ? special_cause::seven_above : special_cause::seven_below;
    }
    out.cause[i] = c;
    out.special_cause_flag[i] = c != special_cause::common_cause ? 1 : 0;
    out.type[i] = type_of(c, options.direction);
    group_summary& g = out.groups[static_cast<std::size_t>(out.group[i])];
    switch (out.type[i]) {
      case point_type::common_cause:
        ++g.common_cause;
        break;
      case point_type::special_cause_improvement:
        ++g.improvement;
        break;
      case point_type::special_cause_concern:
        ++g.concern;
        break;
      default:
        break;
    }
  }
  for (group_summary& g : out.groups) {
    g.variation = out.type[g.last];
    // ptd_calculate_assurance_type: the target against the process limits.
    if (options.target && options.direction != improvement::neutral) {
      const bool up = options.direction == improvement::increase;
      if (*options.target > g.upl) {
        g.assurance_type = up ? assurance::consistent_fail : assurance::consistent_pass;
      } else if (*options.target < g.lpl) {
        g.assurance_type = up ? assurance::consistent_pass : assurance::consistent_fail;
      } else {
        g.assurance_type = assurance::inconsistent;
      }
    }
  }
  return out;
}

const char* to_string(special_cause cause) noexcept {
  switch (cause) {
    case special_cause::common_cause:
      return "Common Cause";
    case special_cause::above_ucl:
      return "Above UCL";
    case special_cause::below_lcl:
      return "Below LCL";
    case special_cause::trend_increasing:
      return "7 Point Trend (Increasing)";
    case special_cause::trend_decreasing:
      return "7 Point Trend (Decreasing)";
    case special_cause::two_in_three_above:
      return "2 in 3 Above CL";
    case special_cause::two_in_three_below:
      return "2 in 3 Below CL";
    case special_cause::seven_above:
      return "7 Points Above CL";
    case special_cause::seven_below:
      return "7 Points Below CL";
  }
  return "unknown";
}

const char* to_string(point_type type) noexcept {
  switch (type) {
    case point_type::common_cause:
      return "common_cause";
    case point_type::special_cause_improvement:
      return "special_cause_improvement";
    case point_type::special_cause_concern:
      return "special_cause_concern";
    case point_type::special_cause_neutral_high:
      return "special_cause_neutral_high";
    case point_type::special_cause_neutral_low:
      return "special_cause_neutral_low";
  }
  return "unknown";
}

const char* to_string(assurance value) noexcept {
  switch (value) {
    case assurance::none:
      return "none";
    case assurance::consistent_pass:
      return "consistent_pass";
    case assurance::consistent_fail:
      return "consistent_fail";
    case assurance::inconsistent:
      return "inconsistent";
  }
  return "unknown";
}

}  // namespace cmx::spc::mdc
