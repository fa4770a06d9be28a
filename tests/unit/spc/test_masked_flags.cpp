// The flags of a block judged by masks (src/spc/masked_flags.hpp) against their definition:
// point t of the 128 from 64 before the block gets the bit of every rule whose mask holds it.
// Both ways of setting them (bit by bit, and the AVX-512 transposition where the CPU has it),
// through a recent_flags as a rule pass sets them.
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "spc/bits.hpp"
#include "spc/masked_flags.hpp"
#include "spc/recent_flags.hpp"
#include "spc/rule_engine.hpp"

namespace {

namespace detail = cmx::spc::detail;

// The definition, point by point: masks.older bit 63 - t for t < 64, masks.newer bit 127 - t.
std::array<std::uint32_t, 128> flags_by_definition(const detail::block_flags& masks,
                                                   const std::array<std::uint32_t, 32>& bits) {
  std::array<std::uint32_t, 128> points{};
  for (unsigned t = 0; t < 128; ++t) {
    for (unsigned r = 0; r < 32; ++r) {
      if (((masks.rules >> r) & 1U) == 0) {
        continue;
      }
      const std::uint64_t word = t < 64 ? masks.older[r] : masks.newer[r];
      const unsigned bit = t < 64 ? 63U - t : 127U - t;
      points[t] |= ((word >> bit) & 1U) != 0 ? bits[r] : 0U;
    }
  }
  return points;
}

// Random masks (dense, sparse), with rules outside masks.rules that have masks too: they must be
// left out. Ids may share a bit.
struct random_masks {
  detail::block_flags masks;
  std::array<std::uint32_t, 32> bits{};
};

random_masks make_masks(std::mt19937_64& rng, int trial) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  random_masks out;
  const double density = trial % 4 == 0 ? 0.9 : 0.1;
  for (unsigned r = 0; r < 32; ++r) {
    out.bits[r] = std::uint32_t{1} << static_cast<unsigned>(rng() % 32U);
    out.masks.rules |= static_cast<std::uint32_t>(unit(rng) < 0.4) << r;
    for (unsigned b = 0; b < 64; ++b) {
      out.masks.older[r] |= static_cast<std::uint64_t>(unit(rng) < density) << b;
      out.masks.newer[r] |= static_cast<std::uint64_t>(unit(rng) < density) << b;
    }
  }
  return out;
}

// The flag column after a pass over points [0, 448) whose only flags are those of a block at
// `base`, set by `set` through the pass's recent_flags.
template <class Set>
std::vector<std::uint32_t> column_after(std::size_t base, Set&& set) {
  std::vector<std::uint32_t> column(448, 0xDEADBEEFU);  // every point is written by the pass
  detail::recent_flags recent(column, 0, column.size());
  recent.reach(base + 64);
  set(recent);
  recent.finish();
  return column;
}

}  // namespace

TEST_CASE("a masked block's flags set bit by bit or transposed are those of the definition",
          "[spc][kernels][rules]") {
  std::mt19937_64 rng(53);
  std::size_t flagged = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const random_masks m = make_masks(rng, trial);
    const auto expected = flags_by_definition(m.masks, m.bits);
    // Blocks at every offset of the ring of 256 points, so that some wrap around it.
    const std::size_t base = 64 + static_cast<std::size_t>(trial) % 320;
    std::vector<std::uint32_t> wanted(448, 0U);
    std::copy(expected.begin(), expected.end(),
              wanted.begin() + static_cast<std::ptrdiff_t>(base - 64));
    INFO("trial " << trial << ", block at " << base);
    REQUIRE(column_after(base, [&](detail::recent_flags& recent) {
              detail::set_masked_flags_bit_by_bit(m.masks, m.bits.data(), base, recent);
            }) == wanted);
    REQUIRE(column_after(base, [&](detail::recent_flags& recent) {
              detail::set_masked_flags(m.masks, m.bits.data(), base, recent);
            }) == wanted);
#if CMX_SPC_AVX512
    if (detail::cpu_has_avx512f()) {
      std::array<std::uint32_t, 128> wide{};
      detail::flags_of_masks_avx512(m.masks, m.bits.data(), wide.data());
      REQUIRE(wide == expected);
    }
#endif
    for (const std::uint32_t f : expected) {
      flagged += f != 0 ? 1U : 0U;
    }
  }
  CHECK(flagged > 10000);
#if CMX_SPC_AVX512
  if (!detail::cpu_has_avx512f()) {
    WARN("this CPU has no AVX-512: only the bit-by-bit flags were run");
  }
#endif
}
