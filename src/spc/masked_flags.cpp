// The AVX-512F transposition of a block's flag masks (masked_flags.hpp). The function carries its
// own target attribute rather than the file an -mavx512f flag, for the reason
// rule_blocks_avx512.cpp gives.
#include "masked_flags.hpp"

#include "bits.hpp"  // CMX_SPC_AVX512

#if CMX_SPC_AVX512

#include <immintrin.h>

#include <bit>
#include <cstddef>
#include <cstdint>

namespace cmx::spc::detail {

__attribute__((target("avx512f"))) void flags_of_masks_avx512(const block_flags& masks,
                                                              const std::uint32_t* bit_of_rule,
                                                              std::uint32_t* points) noexcept {
  // Lane j of a group's sum holds point 15 - j of the group (bit j of the mask's 16 bits is the
  // later point), so the sum is reversed before it is stored.
  const __m512i reversed = _mm512_set_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // The zero-masked permute, every lane kept: GCC 12's unmasked one starts from an "undefined"
  // register that -Wuninitialized reports (GCC bug 105593, as in rule_blocks_avx512.cpp).
  constexpr __mmask16 every_lane = 0xFFFF;
  for (std::size_t group = 0; group < 8; ++group) {
    const auto shift = static_cast<unsigned>(48U - 16U * (group % 4U));
    __m512i sum = _mm512_setzero_si512();
    for (std::uint32_t rules = masks.rules; rules != 0; rules &= rules - 1) {
      const auto r = static_cast<unsigned>(std::countr_zero(rules));
      const std::uint64_t word = group < 4 ? masks.older[r] : masks.newer[r];
      const auto lanes = static_cast<__mmask16>((word >> shift) & 0xFFFFU);
      sum = _mm512_mask_or_epi32(sum, lanes, sum,
                                 _mm512_set1_epi32(static_cast<int>(bit_of_rule[r])));
    }
    _mm512_storeu_si512(points + std::size_t{16} * group,
                        _mm512_maskz_permutexvar_epi32(every_lane, reversed, sum));
  }
}

}  // namespace cmx::spc::detail

#endif  // CMX_SPC_AVX512
