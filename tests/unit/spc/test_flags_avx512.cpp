// The AVX-512 transposition of a block's flag masks (src/spc/flags_avx512.hpp) against its
// definition: point t of the 128 gets the bit of every rule whose mask holds it.
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

#include "spc/bits.hpp"
#include "spc/flags_avx512.hpp"
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

}  // namespace

TEST_CASE("a block's flag masks transposed by AVX-512 give each point its rules' bits",
          "[spc][kernels][rules]") {
#if CMX_SPC_AVX512
  if (!detail::cpu_has_avx512f()) {
    SUCCEED("this CPU has no AVX-512: a block's flags are set point by point");
    return;
  }
  std::mt19937_64 rng(53);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::size_t flagged = 0;
  for (int trial = 0; trial < 500; ++trial) {
    detail::block_flags masks;
    std::array<std::uint32_t, 32> bits{};
    const double density = trial % 4 == 0 ? 0.9 : 0.1;
    for (unsigned r = 0; r < 32; ++r) {
      bits[r] = std::uint32_t{1} << static_cast<unsigned>(rng() % 32U);  // ids may share a bit
      masks.rules |= static_cast<std::uint32_t>(unit(rng) < 0.4) << r;
      for (unsigned b = 0; b < 64; ++b) {
        masks.older[r] |= static_cast<std::uint64_t>(unit(rng) < density) << b;
        masks.newer[r] |= static_cast<std::uint64_t>(unit(rng) < density) << b;
      }
    }
    // Rules outside masks.rules have masks too: they must be left out.
    std::array<std::uint32_t, 128> wide{};
    detail::flags_of_masks_avx512(masks, bits.data(), wide.data());
    const auto expected = flags_by_definition(masks, bits);
    INFO("trial " << trial);
    REQUIRE(wide == expected);
    for (const std::uint32_t f : expected) {
      flagged += f != 0 ? 1U : 0U;
    }
  }
  CHECK(flagged > 10000);
#else
  SUCCEED("built without AVX-512 kernels");
#endif
}
