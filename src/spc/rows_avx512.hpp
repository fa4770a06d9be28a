// The screen of plain rows (no denominators, any sign of value) by AVX-512F, for CPUs that have
// it (private to src/spc): the checks of a chart's rows are a few comparisons per row, and
// AVX-512 makes eight of each at once where SSE2 makes two. The answers are those of the
// portable screen (chart.cpp, screen_rows_of): the same comparisons.
#ifndef CMX_SRC_SPC_ROWS_AVX512_HPP
#define CMX_SRC_SPC_ROWS_AVX512_HPP

#include <cstddef>

namespace cmx::spc::detail {

// Of rows [begin, end) (begin >= 1, end > begin): whether any value is infinite, whether any is
// present (not NaN), and whether x rises strictly from row begin - 1 to row end - 1.
struct plain_rows_screen {
  bool infinite = false;
  bool any_value = false;
  bool ascending = true;
};

// Only where cpu_has_avx512f() (bits.hpp).
plain_rows_screen screen_plain_rows_avx512(const double* x, const double* y, std::size_t begin,
                                           std::size_t end) noexcept;

// Whether y[0..64) are all finite (no NaN, no infinity), by AVX-512F where
// cpu_has_avx512f(): a rule pass asks it of every block.
bool finite_block_avx512(const double* y) noexcept;

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_ROWS_AVX512_HPP
