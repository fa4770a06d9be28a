// Subgroup statistics and the qcc 2.7 default sigma estimators CUSUM and EWMA need, over values
// laid out contiguously with offsets (subgroup g is values[offsets[g] .. offsets[g+1])).
#ifndef CMX_SPC_SUBGROUPS_HPP
#define CMX_SPC_SUBGROUPS_HPP

#include <cstddef>
#include <span>
#include <vector>

namespace cmx::spc {

struct subgroup_stats {
  std::vector<double> mean;
  std::vector<double> size;
  std::vector<double> range;
  double grand_mean = 0;  // sum(n_i mean_i) / sum(n_i) (qcc stats.xbar)
};

// Throws cmx::error: offsets not starting at 0, not increasing, or past the end; NaN/inf values.
[[nodiscard]] subgroup_stats summarize_subgroups(std::span<const double> values,
                                                 std::span<const std::size_t> offsets);

// qcc 2.7 sd.xbar "UWAVE-R": sum(R_i / d2(n_i)) / m (every subgroup of 2 to 25 values), d2 from
// the table of constants.hpp (d2_table); throws for a subgroup of 1 or more than 25 values.
[[nodiscard]] double sigma_uwave_r(const subgroup_stats& groups);

// qcc 2.7 sd.xbar.one "MR": mean |x_i - x_{i-1}| / 1.128 (no screening). Needs 2 values.
[[nodiscard]] double sigma_moving_range(std::span<const double> values);

}  // namespace cmx::spc

#endif  // CMX_SPC_SUBGROUPS_HPP
