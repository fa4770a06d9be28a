// The Anhøj run analysis of one phase (private to src/spc).
#ifndef CMX_SRC_SPC_ANHOEJ_HPP
#define CMX_SRC_SPC_ANHOEJ_HPP

#include <cstddef>
#include <cstdint>
#include <span>

#include "cmx/spc/chart.hpp"

namespace cmx::spc::detail {

// qbinom(p, size, 0.5): the smallest k with P(X <= k) >= p for X ~ Binomial(size, 1/2).
[[nodiscard]] std::size_t binomial_half_quantile(double p, std::size_t size);

// Run statistics of the points [first, last] of y against cl, over the points with
// included != 0 (included empty: every point), as qicharts2's runs.analysis: missing values and
// points on the centre line are dropped before the runs are counted.
[[nodiscard]] run_statistics anhoej_runs(std::span<const double> y, const line_view& cl,
                                         std::span<const std::uint8_t> included, std::size_t first,
                                         std::size_t last);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_ANHOEJ_HPP
