// The XmR chart of NHS England's "Making Data Count" (MDC): limits mean +- 2.66 x mean moving
// range, the MDC special-cause rules with their precedence, point types from the improvement
// direction, and per group the variation and assurance (against a target) icons.
// Reproduces NHSRplotthedots 0.2.2 (ptd_spc); the two-of-three form is an option.
#ifndef CMX_SPC_MDC_HPP
#define CMX_SPC_MDC_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "cmx/spc/rules.hpp"
#include "cmx/spc/signal.hpp"

namespace cmx::spc::mdc {

enum class improvement : std::int8_t { decrease = -1, neutral = 0, increase = 1 };

// In NHSRplotthedots' precedence (the first that applies names the point).
enum class special_cause : std::uint8_t {
  common_cause = 0,
  above_ucl,
  below_lcl,
  trend_increasing,
  trend_decreasing,
  two_in_three_above,
  two_in_three_below,
  seven_above,
  seven_below,
};

enum class point_type : std::uint8_t {
  common_cause = 0,
  special_cause_improvement,
  special_cause_concern,
  special_cause_neutral_high,
  special_cause_neutral_low,
};

enum class assurance : std::uint8_t { none = 0, consistent_pass, consistent_fail, inconsistent };

struct xmr_options {
  improvement direction = improvement::increase;
  bool screen_outliers = true;                    // drop moving ranges >= 3.267 x their mean, once
  std::optional<std::size_t> fix_after_n_points;  // limits from the first n points of a group
  std::optional<double> target;
  // 0-based points that start a new group (rebase); must be increasing, in 1..n-1.
  std::vector<std::size_t> rebase_at;
  mdc_two_of_three two_of_three = mdc_two_of_three::pre_2023;  // NHSRplotthedots 0.2.2
  std::size_t short_group_threshold = 12;  // groups with fewer points are flagged
};

struct group_summary {
  std::size_t first = 0;  // 0-based points first..last
  std::size_t last = 0;
  double mean = 0;
  double lpl = 0;
  double upl = 0;
  double amr = 0;  // (screened) mean moving range
  std::size_t n = 0;
  std::size_t common_cause = 0;
  std::size_t improvement = 0;
  std::size_t concern = 0;
  point_type variation = point_type::common_cause;  // the last point's type
  assurance assurance_type = assurance::none;
};

struct xmr_result {
  std::vector<double> y, cl, lpl, upl, sigma;
  std::vector<double> fix_y;  // the value used for the limits, NaN after fix_after_n_points
  std::vector<std::int32_t> group;
  std::vector<std::int8_t> relative_to_mean;
  std::vector<std::uint8_t> outside_limits, close_to_limits, special_cause_flag;
  std::vector<std::uint8_t> short_group_warning;
  std::vector<special_cause> cause;
  std::vector<point_type> type;
  std::vector<group_summary> groups;
  std::vector<signal> signals;
};

// Throws cmx::error: empty series, NaN/inf y (bad_input, the point named), bad rebase indices,
// fix_after_n_points < 2 or a target that is not finite (invalid_argument), a group too short
// for a moving range (field y, or rebase_at when a rebase made it short).
// As NHSRplotthedots: a group whose moving ranges are all zero has NaN limits (the screening
// keeps ranges strictly below 3.267 x their mean, here 0); one whose only nonzero ranges are
// screened out has limits on its mean.
[[nodiscard]] xmr_result xmr(std::span<const double> y, const xmr_options& options = {});

// NHSRplotthedots' labels ("Above UCL", "special_cause_concern", "consistent_pass").
[[nodiscard]] const char* to_string(special_cause cause) noexcept;
[[nodiscard]] const char* to_string(point_type type) noexcept;
[[nodiscard]] const char* to_string(assurance value) noexcept;

}  // namespace cmx::spc::mdc

#endif  // CMX_SPC_MDC_HPP
