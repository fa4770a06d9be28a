// The AVX-512F/AVX2 screen of one sum block (screen_pass.hpp). The functions carry their own
// target attribute rather than the file an -mavx512f flag, for the reason rule_blocks_avx512.cpp
// gives.
#include "screen_pass.hpp"

#include "sums.hpp"

#if CMX_SPC_AVX512

#include <immintrin.h>

#include <array>
#include <cstddef>

namespace cmx::spc::detail {

namespace {

// The 64 bits of a comparison (Compare: an AVX _CMP_ predicate, v against bound) over y[0..64)
// (bit j: value j), eight values to a mask register.
template <int Compare>
__attribute__((target("avx512f"))) inline std::uint64_t mask_of_64(const double* y,
                                                                   __m512d bound) noexcept {
  std::uint64_t bits = 0;
  for (std::size_t g = 0; g < 8; ++g) {
    bits |=
        static_cast<std::uint64_t>(_mm512_cmp_pd_mask(_mm512_loadu_pd(y + 8 * g), bound, Compare))
        << (8U * static_cast<unsigned>(g));
  }
  return bits;
}

}  // namespace

__attribute__((target("avx512f,avx2"))) void screen_block_avx512(const double* y, std::size_t k,
                                                                 double limit, double centre,
                                                                 double low, double high,
                                                                 screened_block& out) noexcept {
  // The ranges of values 1 + 256 k .. 256 (k + 1): four lanes, value j in lane (j - first) % 4,
  // as ranges_below_of_block sums them.
  const std::size_t first = 1 + k * sum_block;
  const __m256d magnitude = _mm256_castsi256_pd(_mm256_set1_epi64x(0x7FFF'FFFF'FFFF'FFFF));
  const __m256d bound = _mm256_set1_pd(limit);
  const __m256d ones = _mm256_set1_pd(1.0);
  __m256d sums = _mm256_setzero_pd();
  __m256d counts = _mm256_setzero_pd();
  for (std::size_t j = first; j < first + sum_block; j += 4) {
    const __m256d range =
        _mm256_and_pd(magnitude, _mm256_sub_pd(_mm256_loadu_pd(y + j), _mm256_loadu_pd(y + j - 1)));
    const __m256d kept = _mm256_cmp_pd(range, bound, _CMP_LT_OS);
    sums = _mm256_add_pd(sums, _mm256_and_pd(kept, range));
    counts = _mm256_add_pd(counts, _mm256_and_pd(kept, ones));
  }
  alignas(32) std::array<double, 4> lane_sums{};
  alignas(32) std::array<double, 4> lane_counts{};
  _mm256_store_pd(lane_sums.data(), sums);
  _mm256_store_pd(lane_counts.data(), counts);
  out.sum = (lane_sums[0] + lane_sums[1]) + (lane_sums[2] + lane_sums[3]);
  out.count = (lane_counts[0] + lane_counts[1]) + (lane_counts[2] + lane_counts[3]);

  const __m512d c = _mm512_set1_pd(centre);
  const __m512d lo = _mm512_set1_pd(low);
  const __m512d hi = _mm512_set1_pd(high);
  for (std::size_t q = 0; q < 4; ++q) {
    const double* block = y + k * sum_block + q * block_points;
    out.sides[q].above = mask_of_64<_CMP_GT_OS>(block, c);
    out.sides[q].below = mask_of_64<_CMP_LT_OS>(block, c);
    out.beyond[q] = mask_of_64<_CMP_LT_OS>(block, lo) | mask_of_64<_CMP_GT_OS>(block, hi);
  }
}

}  // namespace cmx::spc::detail

#else

namespace cmx::spc::detail {

void screen_block_avx512(const double*, std::size_t, double, double, double, double,
                         screened_block&) noexcept {}

}  // namespace cmx::spc::detail

#endif  // CMX_SPC_AVX512
