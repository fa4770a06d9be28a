// Bit-parallel views of a series, 64 points to a word (bit j is point base + j), for the passes
// that only ask "is anything unusual here?" of most of the data: a block answers it in a few
// word operations, and only a block that answers yes is walked point by point.
#ifndef CMX_SRC_SPC_BITS_HPP
#define CMX_SRC_SPC_BITS_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

// SSE2 (every x86-64 CPU) where the compiler targets it; portable code elsewhere, or everywhere
// with -DCMX_PORTABLE_SPC (which the portable paths are checked with).
#if defined(__SSE2__) && !defined(CMX_PORTABLE_SPC)
#define CMX_SPC_SSE2 1  // NOLINT(cppcoreguidelines-macro-usage): tested by #if, not a value
#include <emmintrin.h>
#else
#define CMX_SPC_SSE2 0  // NOLINT(cppcoreguidelines-macro-usage): tested by #if, not a value
#endif

// AVX-512 kernels chosen at run time (rule_blocks_avx512.cpp, screen_pass_avx512.cpp): on x86-64
// with SSE2 kernels and a compiler that builds single functions for other targets.
#if CMX_SPC_SSE2 && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CMX_SPC_AVX512 1  // NOLINT(cppcoreguidelines-macro-usage): tested by #if, not a value
#else
#define CMX_SPC_AVX512 0  // NOLINT(cppcoreguidelines-macro-usage): tested by #if, not a value
#endif

namespace cmx::spc::detail {
// Whether the CPU running cmx has AVX2 and AVX-512F (cpu_features.cpp; false where
// CMX_SPC_AVX512 is 0): the wide kernels are chosen by these, asked once.
bool cpu_has_avx2() noexcept;
bool cpu_has_avx512f() noexcept;
}  // namespace cmx::spc::detail

// The kernels live in an inline namespace named after their kind: a translation unit built with
// -DCMX_PORTABLE_SPC (the unit test that holds the portable kernels against the SSE2 ones) then
// links beside the library without two different definitions of one function.
#if CMX_SPC_SSE2
#define CMX_SPC_KERNELS sse2_kernels
#else
#define CMX_SPC_KERNELS portable_kernels
#endif

namespace cmx::spc::detail {
inline namespace CMX_SPC_KERNELS {

inline constexpr std::size_t block_points = 64;
inline constexpr std::uint64_t all_points = ~std::uint64_t{0};

// Which of y[0..64) lie strictly above and strictly below c (a NaN lies in neither).
struct side_bits {
  std::uint64_t above = 0;
  std::uint64_t below = 0;
};

// Which of y[0..64) lie below low, inside [low, high], and are missing (NaN).
struct range_bits {
  std::uint64_t below = 0;
  std::uint64_t inside = 0;
  std::uint64_t missing = 0;
};

// Against zones t = 0..n-1 about a centre line: whether a value lies above zone t, below it, or
// within it (bit t each; none of the three where the zone's boundaries are not numbers).
struct zone_bits {
  std::uint32_t above = 0;
  std::uint32_t below = 0;
  std::uint32_t within = 0;
};

#if CMX_SPC_SSE2
// Eight comparison results (two per register, each lane all ones or all zeros) as 8 bits: the
// even 32-bit halves gathered, then narrowed twice with saturation, then one byte mask.
inline std::uint64_t eight_bits(__m128d a, __m128d b, __m128d c, __m128d d) noexcept {
  const __m128 ab = _mm_shuffle_ps(_mm_castpd_ps(a), _mm_castpd_ps(b), _MM_SHUFFLE(2, 0, 2, 0));
  const __m128 cd = _mm_shuffle_ps(_mm_castpd_ps(c), _mm_castpd_ps(d), _MM_SHUFFLE(2, 0, 2, 0));
  const __m128i words = _mm_packs_epi32(_mm_castps_si128(ab), _mm_castps_si128(cd));
  return static_cast<std::uint64_t>(_mm_movemask_epi8(_mm_packs_epi16(words, words)) & 0xFF);
}

// The 64 bits of compare(pair) over y[0..64) (bit j: value j), two values per comparison and eight
// comparisons packed at a time.
template <class Compare>
std::uint64_t mask_of_block(const double* y, Compare&& compare) noexcept {
  std::uint64_t bits = 0;
  for (std::size_t g = 0; g < block_points; g += 8) {
    bits |= eight_bits(compare(_mm_loadu_pd(y + g)), compare(_mm_loadu_pd(y + g + 2)),
                       compare(_mm_loadu_pd(y + g + 4)), compare(_mm_loadu_pd(y + g + 6)))
            << g;
  }
  return bits;
}

inline side_bits sides_of_block(const double* y, double c) noexcept {
  const __m128d centre = _mm_set1_pd(c);
  return side_bits{mask_of_block(y, [centre](__m128d v) { return _mm_cmpgt_pd(v, centre); }),
                   mask_of_block(y, [centre](__m128d v) { return _mm_cmplt_pd(v, centre); })};
}

// Which of y[0..64) lie strictly below low or strictly above high (a NaN lies beyond neither).
inline std::uint64_t beyond_of_block(const double* y, double low, double high) noexcept {
  const __m128d lo = _mm_set1_pd(low);
  const __m128d hi = _mm_set1_pd(high);
  return mask_of_block(
      y, [lo, hi](__m128d v) { return _mm_or_pd(_mm_cmplt_pd(v, lo), _mm_cmpgt_pd(v, hi)); });
}

inline range_bits range_of_block(const double* y, double low, double high) noexcept {
  const __m128d lo = _mm_set1_pd(low);
  const __m128d hi = _mm_set1_pd(high);
  return range_bits{
      mask_of_block(y, [lo](__m128d v) { return _mm_cmplt_pd(v, lo); }),
      mask_of_block(
          y, [lo, hi](__m128d v) { return _mm_and_pd(_mm_cmpge_pd(v, lo), _mm_cmple_pd(v, hi)); }),
      mask_of_block(y, [](__m128d v) { return _mm_cmpunord_pd(v, v); })};
}

// Against the boundaries high[t] and low[t] of zones t < n (the arrays hold an even number of
// entries, at least two and at least n: zones are compared two at a time). valid: bit t set when
// both boundaries of zone t are numbers (and t < n). y must not be NaN: then within is neither
// above nor below, since !(y > high) && !(y < low) is low <= y <= high, and costs no comparison of
// its own.
inline zone_bits zones_against(double y, const double* high, const double* low, std::size_t n,
                               std::uint32_t valid) noexcept {
  const __m128d value = _mm_set1_pd(y);
  zone_bits bits;
  // The first pair without a loop test (most rule sets have one or two zones; with none, valid
  // clears its bits).
  bits.above = static_cast<std::uint32_t>(_mm_movemask_pd(_mm_cmpgt_pd(value, _mm_loadu_pd(high))));
  bits.below = static_cast<std::uint32_t>(_mm_movemask_pd(_mm_cmplt_pd(value, _mm_loadu_pd(low))));
  for (std::size_t t = 2; t < n; t += 2) {
    bits.above |=
        static_cast<std::uint32_t>(_mm_movemask_pd(_mm_cmpgt_pd(value, _mm_loadu_pd(high + t))))
        << t;
    bits.below |=
        static_cast<std::uint32_t>(_mm_movemask_pd(_mm_cmplt_pd(value, _mm_loadu_pd(low + t))))
        << t;
  }
  bits.above &= valid;
  bits.below &= valid;
  bits.within = ~(bits.above | bits.below) & valid;
  return bits;
}
#else
inline side_bits sides_of_block(const double* y, double c) noexcept {
  side_bits bits;
  for (std::size_t j = 0; j < block_points; ++j) {
    bits.above |= static_cast<std::uint64_t>(y[j] > c) << j;
    bits.below |= static_cast<std::uint64_t>(y[j] < c) << j;
  }
  return bits;
}

inline std::uint64_t beyond_of_block(const double* y, double low, double high) noexcept {
  std::uint64_t bits = 0;
  for (std::size_t j = 0; j < block_points; ++j) {
    bits |= static_cast<std::uint64_t>(y[j] < low || y[j] > high) << j;
  }
  return bits;
}

inline range_bits range_of_block(const double* y, double low, double high) noexcept {
  range_bits bits;
  for (std::size_t j = 0; j < block_points; ++j) {
    bits.below |= static_cast<std::uint64_t>(y[j] < low) << j;
    bits.inside |= static_cast<std::uint64_t>(y[j] >= low && y[j] <= high) << j;
    bits.missing |= static_cast<std::uint64_t>(std::isnan(y[j])) << j;
  }
  return bits;
}

inline zone_bits zones_against(double y, const double* high, const double* low, std::size_t n,
                               std::uint32_t valid) noexcept {
  zone_bits bits;
  for (std::size_t t = 0; t < n; ++t) {
    bits.above |= static_cast<std::uint32_t>(y > high[t]) << t;
    bits.below |= static_cast<std::uint32_t>(y < low[t]) << t;
  }
  bits.above &= valid;
  bits.below &= valid;
  bits.within = ~(bits.above | bits.below) & valid;
  return bits;
}
#endif

// Bit p: bits p..p+k-1 of the 128 bits (h, m) are all set, h holding the higher (in a rule
// register: the k points ending at the point of bit p, h the points before m). k in 0..64. By
// doubling: once bit p covers the c points ending there, ANDing the copy c points older covers
// 2c, so a streak of k takes about log2(k) steps over the 128 bits of h and m instead of k - 1
// (Warren, Hacker's Delight, 2nd ed., ch. 6: finding a string of 1-bits of a given length by
// shift-and with doubling shifts). Shifts stay below 64 (c <= 32, k - c < c).
constexpr std::uint64_t streaks_ending(std::uint64_t m, std::uint64_t h, std::int64_t k) noexcept {
  if (k <= 1) {
    return k <= 0 ? ~std::uint64_t{0} : m;
  }
  std::uint64_t lo = m;
  std::uint64_t hi = h;
  std::int64_t cover = 1;
  while (cover * 2 <= k) {
    const auto d = static_cast<unsigned>(cover);
    lo &= (lo >> d) | (hi << (64U - d));
    hi &= hi >> d;
    cover *= 2;
  }
  if (cover < k) {
    const auto d = static_cast<unsigned>(k - cover);
    lo &= (lo >> d) | (hi << (64U - d));
  }
  return lo;
}

// Whether v holds k consecutive set bits (k >= 1; false when k > 64).
constexpr bool has_run_of(std::uint64_t v, std::size_t k) noexcept {
  return k <= block_points && streaks_ending(v, 0, static_cast<std::int64_t>(k)) != 0;
}

}  // namespace CMX_SPC_KERNELS
}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_BITS_HPP
