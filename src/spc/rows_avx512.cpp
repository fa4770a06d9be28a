// The AVX-512F screen of plain rows (rows_avx512.hpp). The function carries its own target
// attribute rather than the file an -mavx512f flag, for the reason rule_blocks_avx512.cpp gives.
#include "rows_avx512.hpp"

#include "bits.hpp"  // CMX_SPC_AVX512

#if CMX_SPC_AVX512

#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace cmx::spc::detail {

__attribute__((target("avx512f"))) plain_rows_screen screen_plain_rows_avx512(
    const double* x, const double* y, std::size_t begin, std::size_t end) noexcept {
  const __m512d largest = _mm512_set1_pd(std::numeric_limits<double>::max());
  const __m512i magnitude = _mm512_set1_epi64(0x7FFF'FFFF'FFFF'FFFF);
  __mmask8 infinite = 0;
  __mmask8 present = 0;
  __mmask8 ascending = 0xFF;
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    const __m512d v = _mm512_loadu_pd(y + i);
    const __m512d size = _mm512_castsi512_pd(_mm512_and_epi64(_mm512_castpd_si512(v), magnitude));
    infinite |= _mm512_cmp_pd_mask(size, largest, _CMP_GT_OQ);
    present |= _mm512_cmp_pd_mask(v, v, _CMP_ORD_Q);
    ascending &= _mm512_cmp_pd_mask(_mm512_loadu_pd(x + i), _mm512_loadu_pd(x + i - 1), _CMP_GT_OQ);
  }
  plain_rows_screen out{infinite != 0, present != 0, ascending == 0xFF};
  for (; i < end; ++i) {
    const double v = y[i];
    out.infinite = out.infinite || (v > std::numeric_limits<double>::max() ||
                                    v < -std::numeric_limits<double>::max());
    out.any_value = out.any_value || !std::isnan(v);
    out.ascending = out.ascending && x[i] > x[i - 1];
  }
  return out;
}

__attribute__((target("avx512f"))) bool finite_block_avx512(const double* y) noexcept {
  const __m512d largest = _mm512_set1_pd(std::numeric_limits<double>::max());
  const __m512i magnitude = _mm512_set1_epi64(0x7FFF'FFFF'FFFF'FFFF);
  __mmask8 finite = 0xFF;
  for (std::size_t g = 0; g < 64; g += 8) {
    const __m512d size = _mm512_castsi512_pd(
        _mm512_and_epi64(_mm512_castpd_si512(_mm512_loadu_pd(y + g)), magnitude));
    finite &= _mm512_cmp_pd_mask(size, largest, _CMP_LE_OQ);  // false for NaN
  }
  return finite == 0xFF;
}

}  // namespace cmx::spc::detail

#else

namespace cmx::spc::detail {

plain_rows_screen screen_plain_rows_avx512(const double*, const double*, std::size_t,
                                           std::size_t) noexcept {
  return {};
}

bool finite_block_avx512(const double*) noexcept {
  return false;
}

}  // namespace cmx::spc::detail

#endif  // CMX_SPC_AVX512
