// The centre and moving-range sigma of individuals, shared by the i chart (and the charts built
// on moving ranges: t, pp, up, ip), the streaming monitor's baseline and many-series charting,
// so that all of them give the same numbers to the bit (private to src/spc).
#ifndef CMX_SRC_SPC_MOVING_RANGE_HPP
#define CMX_SRC_SPC_MOVING_RANGE_HPP

#include <cstddef>
#include <span>
#include <vector>

#include "bits.hpp"
#include "sums.hpp"

namespace cmx::spc::detail {

// What the screening pass over a long series (on several threads) finds besides the screened
// ranges when asked, while each block of values is in cache: a chart of one long phase then
// needs no pass of its own over the values for its Anhøj sides and its points outside the
// limits. In: reach_per_range. Out, when found: the sides about the mean of each whole block of
// 64 values from value 0 (sides_of_block), and every value below low or above high, where
// low/high = mean -/+ reach_per_range x the mean moving range before screening. The caller picks
// the reach so that its limits will lie beyond low and high, and checks that they do.
struct screen_extras {
  double reach_per_range = 0.0;
  bool found = false;  // the screen ran, on several threads, and collected everything below
  double centre = 0.0;
  double low = 0.0;
  double high = 0.0;
  std::vector<side_bits> sides;
  std::vector<std::size_t> beyond;  // ascending
};

// Mean of the moving ranges |v[j] - v[j-1]| (a missing neighbour gives no range; NaN: none),
// screened when asked: ranges >= factor x their mean dropped once (Nelson 1982; qicharts2's
// qic.screenedmr). On up to `threads` threads, with the bits of one.
double mean_moving_range(std::span<const double> v, bool screen, double factor, unsigned threads);

// The mean of v's values (NaN: none) and mean_moving_range in one pass over v, plus the screening
// pass only when some range reaches the screening limit. known_sums, when given, are
// sum_values_and_ranges(v) already. Where the double sums of finite values overflow (values
// near the largest double), both are taken in long double, as R takes them. extras, when given,
// are collected by the screening pass (found only where that pass ran, on several threads).
void mean_and_moving_range(std::span<const double> v, bool screen, double factor, double& mean,
                           double& amr, const values_and_ranges* known_sums, unsigned threads,
                           screen_extras* extras = nullptr);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_MOVING_RANGE_HPP
