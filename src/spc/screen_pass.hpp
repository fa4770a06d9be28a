// One sum block of the moving-range screen (moving_range.cpp) by AVX-512F and AVX2, for CPUs
// that have them (private to src/spc): the screen that also finds a chart's sides and outside
// candidates compares every value three times besides its range, and SSE2 packs two
// comparisons at a time into bits in several instructions, where AVX-512 compares eight into
// a mask register in one. The results are bit for bit those of the SSE2 and portable kernels:
// the same comparisons, and the ranges summed in the same four lanes (AVX2's four doubles are
// SSE2's two pairs side by side).
#ifndef CMX_SRC_SPC_SCREEN_PASS_HPP
#define CMX_SRC_SPC_SCREEN_PASS_HPP

#include <array>
#include <cstddef>
#include <cstdint>

#include "bits.hpp"

namespace cmx::spc::detail {

// What the screen finds in sum block k: the sum and count of its ranges below the limit
// (ranges_below_of_block), and for the four blocks of 64 values from k * sum_block their sides
// about the centre and the values below low or above high.
struct screened_block {
  double sum = 0.0;
  double count = 0.0;
  std::array<side_bits, 4> sides{};
  std::array<std::uint64_t, 4> beyond{};
};

// Sum block k of y, whose values y[k * 256 .. k * 256 + 256] are all there (257 values). Only
// where cpu_has_avx512f() and cpu_has_avx2() (bits.hpp).
void screen_block_avx512(const double* y, std::size_t k, double limit, double centre, double low,
                         double high, screened_block& out) noexcept;

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SCREEN_PASS_HPP
