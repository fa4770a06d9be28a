// Built with CMX_PORTABLE_SPC (tests/CMakeLists.txt): the portable kernels, in their own inline
// namespace (bits.hpp), so they link beside the SSE2 ones the library uses.
#ifndef CMX_PORTABLE_SPC
#error "portable_kernels.cpp must be compiled with CMX_PORTABLE_SPC"
#endif

#include "unit/spc/portable_kernels.hpp"

#include "spc/bits.hpp"
#include "spc/sums.hpp"

namespace cmx_test::portable {

namespace detail = cmx::spc::detail;

std::array<double, 7> sums(std::span<const double> v, double limit) {
  return sums_as_array(detail::sum_values_and_ranges(v), detail::sum_ranges_below(v, limit));
}

std::array<std::uint64_t, 2> sides(const double* y, double c) {
  const auto bits = detail::sides_of_block(y, c);
  return {bits.above, bits.below};
}

std::array<std::uint64_t, 3> range(const double* y, double low, double high) {
  const auto bits = detail::range_of_block(y, low, high);
  return {bits.below, bits.inside, bits.missing};
}

std::array<std::uint32_t, 3> zones(double y, const double* high, const double* low, std::size_t n,
                                   std::uint32_t valid) {
  const auto bits = detail::zones_against(y, high, low, n, valid);
  return {bits.above, bits.below, bits.within};
}

}  // namespace cmx_test::portable
