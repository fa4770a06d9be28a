// partials_of_block's groups of four values by AVX2 (sums.hpp). The function carries its own
// target attribute rather than the file an -mavx2 flag, for the reason rule_blocks_avx512.cpp
// gives.
#include "sums.hpp"

#if CMX_SPC_AVX512

#include <immintrin.h>

namespace cmx::spc::detail {

__attribute__((target("avx2"))) std::size_t partial_lanes_avx2(
    const double* v, std::size_t begin, std::size_t end,
    const std::array<std::array<double, 4>*, 5>& into) noexcept {
  // lane_pair::take on four values at once: the same operations, lane by lane.
  const __m256d ones = _mm256_set1_pd(1.0);
  const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFF'FFFF'FFFF'FFFF));
  __m256d sum = _mm256_setzero_pd();
  __m256d count = _mm256_setzero_pd();
  __m256d range_sum = _mm256_setzero_pd();
  __m256d range_count = _mm256_setzero_pd();
  __m256d range_max = _mm256_setzero_pd();
  std::size_t k = begin;
  for (; k + 4 <= end; k += 4) {
    const __m256d value = _mm256_loadu_pd(v + k);
    const __m256d present = _mm256_cmp_pd(value, value, _CMP_ORD_Q);
    sum = _mm256_add_pd(sum, _mm256_and_pd(present, value));
    count = _mm256_add_pd(count, _mm256_and_pd(present, ones));
    const __m256d range =
        _mm256_and_pd(magnitude, _mm256_sub_pd(value, _mm256_loadu_pd(v + k - 1)));
    const __m256d ranged = _mm256_cmp_pd(range, range, _CMP_ORD_Q);
    const __m256d kept = _mm256_and_pd(ranged, range);
    range_sum = _mm256_add_pd(range_sum, kept);
    range_count = _mm256_add_pd(range_count, _mm256_and_pd(ranged, ones));
    range_max = _mm256_max_pd(range_max, kept);
  }
  _mm256_storeu_pd(into[0]->data(), sum);
  _mm256_storeu_pd(into[1]->data(), count);
  _mm256_storeu_pd(into[2]->data(), range_sum);
  _mm256_storeu_pd(into[3]->data(), range_count);
  _mm256_storeu_pd(into[4]->data(), range_max);
  return k;
}

}  // namespace cmx::spc::detail

#endif  // CMX_SPC_AVX512
