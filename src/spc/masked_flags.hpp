// The per-point flags of a block judged by masks (rule_block_masks.hpp), set into a pass's
// recent_flags (private to src/spc). The masks give each rule's points as bits; the flag column
// wants each point's rules as bits. Where the CPU has AVX-512F that is a transposition, sixteen
// points at a time (one masked OR per rule, masked_flags.cpp); elsewhere each flagged point's bit
// is set in turn, a few instructions per point and a mispredicted branch at the end of each
// rule's loop. Both give the flags of the definition, which the test compares.
#ifndef CMX_SRC_SPC_MASKED_FLAGS_HPP
#define CMX_SRC_SPC_MASKED_FLAGS_HPP

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "bits.hpp"
#include "recent_flags.hpp"
#include "rule_engine.hpp"

namespace cmx::spc::detail {

// The flags of a block judged by masks, for the 128 points from 64 before the block at `base`:
// point base - 64 + t gets bit_of_rule[r] for every rule r of masks.rules whose mask holds it
// (masks.older for t < 64, bit 63 - t; masks.newer for t >= 64, bit 127 - t). Every one of those
// points must be held by `recent` (run_stretch: the block is at least 64 past the stretch's
// start, and recent reached its end).
inline void set_masked_flags_bit_by_bit(const block_flags& masks, const std::uint32_t* bit_of_rule,
                                        std::size_t base, recent_flags& recent) noexcept {
  for (std::uint32_t rules = masks.rules; rules != 0; rules &= rules - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(rules));
    for (std::uint64_t m = masks.older[r]; m != 0; m &= m - 1) {
      recent.set(base - 1 - static_cast<std::size_t>(std::countr_zero(m)), bit_of_rule[r]);
    }
    for (std::uint64_t m = masks.newer[r]; m != 0; m &= m - 1) {
      recent.set(base + 63 - static_cast<std::size_t>(std::countr_zero(m)), bit_of_rule[r]);
    }
  }
}

#if CMX_SPC_AVX512
// points[t] for t = 0..127: the flags of point base - 64 + t as set_masked_flags_bit_by_bit
// defines them, by AVX-512F. Only where cpu_has_avx512f().
void flags_of_masks_avx512(const block_flags& masks, const std::uint32_t* bit_of_rule,
                           std::uint32_t* points) noexcept;
#endif

// The flags of a block judged by masks, as set_masked_flags_bit_by_bit, by the kernel this CPU
// runs fastest.
inline void set_masked_flags(const block_flags& masks, const std::uint32_t* bit_of_rule,
                             std::size_t base, recent_flags& recent) noexcept {
#if CMX_SPC_AVX512
  if (cpu_has_avx512f()) {
    std::array<std::uint32_t, 2 * block_points> points;  // NOLINT(*-member-init): all written
    flags_of_masks_avx512(masks, bit_of_rule, points.data());
    recent.set_points(base - block_points, points.data(), points.size());
    return;
  }
#endif
  set_masked_flags_bit_by_bit(masks, bit_of_rule, base, recent);
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_MASKED_FLAGS_HPP
