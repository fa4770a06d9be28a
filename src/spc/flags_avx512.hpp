// The per-point flags of a block judged by masks (rule_block_masks.hpp), by AVX-512F, for CPUs
// that have it (private to src/spc). The masks give each rule's points as bits; the flag column
// wants each point's rules as bits: a transposition, sixteen points at a time (one masked OR per
// rule), where setting each flagged point's bit in turn costs a few instructions per point and a
// mispredicted branch at the end of each rule's loop. The flags are those of the bit-by-bit
// loop of run_stretch (evaluate.cpp), which the test compares.
#ifndef CMX_SRC_SPC_FLAGS_AVX512_HPP
#define CMX_SRC_SPC_FLAGS_AVX512_HPP

#include <cstdint>

#include "rule_engine.hpp"

namespace cmx::spc::detail {

// points[t] for the 128 points from 64 before the block (t = 0..127): the OR of bit_of_rule[r]
// over the rules r of masks.rules whose mask holds the point (masks.older for t < 64, bit 63 - t;
// masks.newer for t >= 64, bit 127 - t). Only where cpu_has_avx512f() (bits.hpp).
void flags_of_masks_avx512(const block_flags& masks, const std::uint32_t* bit_of_rule,
                           std::uint32_t* points) noexcept;

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_FLAGS_AVX512_HPP
