// The block registers of a phase's constant lines by AVX-512F (rule_blocks.hpp), for CPUs that
// have it: a compare of eight doubles lands in a mask register as eight bits, where SSE2
// compares two and packs four of those into eight bits in five more instructions. On a Zen 4
// core this builder takes 1.15 ns a point against 2.0 for the SSE2 one (one thread, the
// registers of Western Electric + Nelson + Making Data Count).
//
// The functions here carry their own target attribute rather than the file an -mavx512f flag:
// an inline function the file instantiated with that flag (from a standard header, say) could
// be the copy the linker keeps for every caller, and fault on a CPU without AVX-512.
#include "rule_blocks.hpp"

#if CMX_SPC_AVX512

#include <immintrin.h>

#include <array>
#include <cmath>
#include <limits>

namespace cmx::spc::detail {

namespace {

// A register from the masks of its eight groups of points (group g: points 8g..8g + 7, mask bit
// i the point 8g + 7 - i), group 0 in the top byte: the register's order, latest point lowest.
__attribute__((target("avx512f"))) inline std::uint64_t gathered(
    const std::array<__mmask8, 8>& k) noexcept {
  std::uint64_t reg = 0;
  for (std::size_t q = 0; q < 4; ++q) {
    const __mmask16 pair = _mm512_kunpackb(k[2 * q], k[2 * q + 1]);  // k[2q] the high byte
    reg |= static_cast<std::uint64_t>(_cvtmask16_u32(pair)) << (48U - 16U * q);
  }
  return reg;
}

// The register of the compare v[g] Predicate bounds[g x step] over the block's eight groups of
// points (step 0: one bound for all). Ordered compares, as SSE2's: NaN on either side gives no
// bit.
template <int Predicate>
__attribute__((target("avx512f"))) inline std::uint64_t bits_against(const __m512d* v,
                                                                     const __m512d* bounds,
                                                                     std::size_t step) noexcept {
  std::array<__mmask8, 8> k{};
  for (std::size_t g = 0; g < 8; ++g) {
    k[g] = _mm512_cmp_pd_mask(v[g], bounds[g * step], Predicate);
  }
  return gathered(k);
}

// A block's constant boundaries, made here, in code built for every x86-64 CPU, as the SSE2
// builder makes them (centre +- k x sigma, one rounding per operation): made inside the AVX-512
// function, a compiler allowed to contract could fuse them into FMAs, which round once.
struct constant_bounds {
  double centre, upper, lower, beyond_high, beyond_low;
  std::array<double, 8> high, low;
};

__attribute__((target("avx512f"))) block_registers registers_by_masks(
    const block_input& in, const constant_bounds& bounds) noexcept {
  block_registers m;
  const bool sigma_beyond_rules = in.beyond_sigmas < std::numeric_limits<double>::infinity();
  const __m512d centre = _mm512_set1_pd(bounds.centre);
  const __m512d upper = _mm512_set1_pd(bounds.upper);
  const __m512d lower = _mm512_set1_pd(bounds.lower);
  const __m512d beyond_high = _mm512_set1_pd(bounds.beyond_high);
  const __m512d beyond_low = _mm512_set1_pd(bounds.beyond_low);
  __m512d high[8];
  __m512d low[8];
  for (std::size_t t = 0; t < in.zones; ++t) {
    high[t] = _mm512_set1_pd(bounds.high[t]);
    low[t] = _mm512_set1_pd(bounds.low[t]);
  }
  // Eight points, latest first: mask bit i is then point j + 7 - i, in the register's order.
  const __m512i latest_first = _mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  const __m512d before_block = _mm512_set1_pd(in.before_first);
  constexpr __mmask8 every_lane = 0xFF;
  // The block's values eight at a time, latest first (mask bit i is then point j + 7 - i, in
  // the register's order), and the value before each.
  __m512d v[8];       // NOLINT(*-avoid-c-arrays): GCC drops the alignment of std::array<__m512d>
  __m512d before[8];  // NOLINT(*-avoid-c-arrays)
  for (std::size_t g = 0; g < 8; ++g) {
    const std::size_t j = 8 * g;
    const __m512d ascending = _mm512_loadu_pd(in.y + j);
    // The value before each: y[j - 1 .. j + 6], the first from before the block at j = 0.
    // (The zero-masked forms, with every lane kept: GCC 12's unmasked ones start from an
    // "undefined" register that -Wmaybe-uninitialized reports, GCC bug 105593.)
    const __m512d before_ascending =
        j == 0
            ? _mm512_castsi512_pd(_mm512_maskz_alignr_epi64(
                  every_lane, _mm512_castpd_si512(ascending), _mm512_castpd_si512(before_block), 7))
            : _mm512_loadu_pd(in.y + j - 1);
    v[g] = _mm512_maskz_permutexvar_pd(every_lane, latest_first, ascending);
    before[g] = _mm512_maskz_permutexvar_pd(every_lane, latest_first, before_ascending);
  }
  // One register at a time (bits_against): where putting each group's mask in place took a
  // move, a shift and an OR, the eight masks are paired in mask registers and moved out four
  // times. A register of two compares is the AND or OR of two registers.
  constexpr std::size_t same = 0;  // one bound for every group
  constexpr std::size_t own = 1;   // the group's own bound
  m.above = bits_against<_CMP_GT_OQ>(&v[0], &centre, same);
  m.below = bits_against<_CMP_LT_OQ>(&v[0], &centre, same);
  m.step_up = bits_against<_CMP_GT_OQ>(&v[0], &before[0], own);
  m.step_dn = bits_against<_CMP_LT_OQ>(&v[0], &before[0], own);
  m.out_up = bits_against<_CMP_GT_OQ>(&v[0], &upper, same);
  m.out_dn = bits_against<_CMP_LT_OQ>(&v[0], &lower, same);
  if (sigma_beyond_rules) {
    m.beyond_sigmas = bits_against<_CMP_GT_OQ>(&v[0], &beyond_high, same) |
                      bits_against<_CMP_LT_OQ>(&v[0], &beyond_low, same);
  }
  for (std::size_t t = 0; t < in.zones; ++t) {
    m.zone_up[t] = bits_against<_CMP_GT_OQ>(&v[0], &high[t], same);
    m.zone_dn[t] = bits_against<_CMP_LT_OQ>(&v[0], &low[t], same);
    if (((in.band_zones >> t) & 1U) != 0) {
      // Within the band is neither above nor below it: the values of a block are never NaN
      // (step_block takes plain points), so only NaN boundaries (no sigma) put no point within.
      // Two fewer compares of every point, where compares are what this kernel waits on.
      const bool bounded = !std::isnan(bounds.high[t]) && !std::isnan(bounds.low[t]);
      m.zone_within[t] = bounded ? ~(m.zone_up[t] | m.zone_dn[t]) : 0;
    }
  }
  return m;
}

}  // namespace

block_registers registers_of_constant_block_avx512(const block_input& in) noexcept {
  const double centre = in.cl.value;
  const double sigma = in.sigma.value;
  const double beyond_half = in.beyond_sigmas * sigma;
  constant_bounds bounds{
      centre, in.ucl.value, in.lcl.value, centre + beyond_half, centre - beyond_half, {}, {}};
  for (std::size_t t = 0; t < in.zones; ++t) {
    const double half = in.zone_sigmas[t] * sigma;
    bounds.high[t] = centre + half;
    bounds.low[t] = centre - half;
  }
  return registers_by_masks(in, bounds);
}

}  // namespace cmx::spc::detail

#endif  // CMX_SPC_AVX512
