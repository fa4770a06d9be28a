// The centre and moving-range sigma of individuals, shared by the i chart (and the charts built
// on moving ranges: t, pp, up, ip), the streaming monitor's baseline and many-series charting,
// so that all of them give the same numbers to the bit (private to src/spc).
#ifndef CMX_SRC_SPC_MOVING_RANGE_HPP
#define CMX_SRC_SPC_MOVING_RANGE_HPP

#include <span>

#include "sums.hpp"

namespace cmx::spc::detail {

// Mean of the moving ranges |v[j] - v[j-1]| (a missing neighbour gives no range; NaN: none),
// screened when asked: ranges >= factor x their mean dropped once (Nelson 1982; qicharts2's
// qic.screenedmr). On up to `threads` threads, with the bits of one.
double mean_moving_range(std::span<const double> v, bool screen, double factor, unsigned threads);

// The mean of v's values (NaN: none) and mean_moving_range in one pass over v, plus the screening
// pass only when some range reaches the screening limit. known_sums, when given, are
// sum_values_and_ranges(v) already. Where the double sums of finite values overflow (values
// near the largest double), both are taken in long double, as R takes them.
void mean_and_moving_range(std::span<const double> v, bool screen, double factor, double& mean,
                           double& amr, const values_and_ranges* known_sums, unsigned threads);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_MOVING_RANGE_HPP
