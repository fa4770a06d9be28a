// The Anhøj run analysis of one phase (private to src/spc).
#ifndef CMX_SRC_SPC_ANHOEJ_HPP
#define CMX_SRC_SPC_ANHOEJ_HPP

#include <cstddef>
#include <cstdint>
#include <span>

#include "bits.hpp"
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

// anhoej_runs over a phase of one centre with every point included, from the sides of its
// 64-point blocks made elsewhere (on threads): sides[b] = sides_of_block(&y[first + 64 b],
// centre) for every whole block of the phase.
[[nodiscard]] run_statistics anhoej_runs_of_sides(std::span<const double> y, double centre,
                                                  std::size_t first, std::size_t last,
                                                  std::span<const side_bits> sides);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_ANHOEJ_HPP
