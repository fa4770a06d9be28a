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
#include <limits>

namespace cmx::spc::detail {

namespace {

// Sets the eight bits of points j..j + 7 (from bit 63 - j down: latest at the lowest bit) of a
// register from a mask whose bit i is point j + 7 - i.
inline void put(std::uint64_t& reg, __mmask8 mask, unsigned shift) noexcept {
  reg |= static_cast<std::uint64_t>(mask) << shift;
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
  for (std::size_t j = 0; j < 64; j += 8) {
    const __m512d ascending = _mm512_loadu_pd(in.y + j);
    // The value before each: y[j - 1 .. j + 6], the first from before the block at j = 0.
    // (The zero-masked forms, with every lane kept: GCC 12's unmasked ones start from an
    // "undefined" register that -Wmaybe-uninitialized reports, GCC bug 105593.)
    const __m512d before_ascending =
        j == 0
            ? _mm512_castsi512_pd(_mm512_maskz_alignr_epi64(
                  every_lane, _mm512_castpd_si512(ascending), _mm512_castpd_si512(before_block), 7))
            : _mm512_loadu_pd(in.y + j - 1);
    const __m512d v = _mm512_maskz_permutexvar_pd(every_lane, latest_first, ascending);
    const __m512d before = _mm512_maskz_permutexvar_pd(every_lane, latest_first, before_ascending);
    const unsigned shift = 56U - static_cast<unsigned>(j);
    // Ordered compares, as SSE2's: NaN on either side gives no bit.
    put(m.above, _mm512_cmp_pd_mask(v, centre, _CMP_GT_OQ), shift);
    put(m.below, _mm512_cmp_pd_mask(v, centre, _CMP_LT_OQ), shift);
    put(m.step_up, _mm512_cmp_pd_mask(v, before, _CMP_GT_OQ), shift);
    put(m.step_dn, _mm512_cmp_pd_mask(v, before, _CMP_LT_OQ), shift);
    put(m.out_up, _mm512_cmp_pd_mask(v, upper, _CMP_GT_OQ), shift);
    put(m.out_dn, _mm512_cmp_pd_mask(v, lower, _CMP_LT_OQ), shift);
    if (sigma_beyond_rules) {
      put(m.beyond_sigmas,
          _mm512_cmp_pd_mask(v, beyond_high, _CMP_GT_OQ) |
              _mm512_cmp_pd_mask(v, beyond_low, _CMP_LT_OQ),
          shift);
    }
    for (std::size_t t = 0; t < in.zones; ++t) {
      put(m.zone_up[t], _mm512_cmp_pd_mask(v, high[t], _CMP_GT_OQ), shift);
      put(m.zone_dn[t], _mm512_cmp_pd_mask(v, low[t], _CMP_LT_OQ), shift);
      if (((in.band_zones >> t) & 1U) != 0) {
        put(m.zone_within[t],
            _mm512_cmp_pd_mask(v, low[t], _CMP_GE_OQ) & _mm512_cmp_pd_mask(v, high[t], _CMP_LE_OQ),
            shift);
      }
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
