// The portable SPC kernels (src/spc/bits.hpp, sums.hpp as built with -DCMX_PORTABLE_SPC), compiled
// into the unit tests beside the library's own kernels so that one test run holds the two to the
// same bits. Plain types only: the kernels' own types differ between the two builds.
#ifndef CMX_TESTS_UNIT_SPC_PORTABLE_KERNELS_HPP
#define CMX_TESTS_UNIT_SPC_PORTABLE_KERNELS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace cmx_test::portable {

// sum, count, range_sum, range_count, range_max of sum_values_and_ranges(v), then the sum and
// count of sum_ranges_below(v, limit).
std::array<double, 7> sums(std::span<const double> v, double limit);

// The same seven numbers from either build's results.
template <class All, class Below>
std::array<double, 7> sums_as_array(const All& all, const Below& below) {
  return {all.sum,
          static_cast<double>(all.count),
          all.range_sum,
          static_cast<double>(all.range_count),
          all.range_max,
          below.sum,
          static_cast<double>(below.count)};
}

// sides_of_block(y, c): above, below.
std::array<std::uint64_t, 2> sides(const double* y, double c);

// range_of_block(y, low, high): below, inside, missing.
std::array<std::uint64_t, 3> range(const double* y, double low, double high);

// zones_against(y, high, low, n, valid): above, below, within.
std::array<std::uint32_t, 3> zones(double y, const double* high, const double* low, std::size_t n,
                                   std::uint32_t valid);

}  // namespace cmx_test::portable

#endif  // CMX_TESTS_UNIT_SPC_PORTABLE_KERNELS_HPP
