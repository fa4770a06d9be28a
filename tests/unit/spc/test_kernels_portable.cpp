// The SSE2 kernels the library runs (on x86-64; the sums by AVX2 where the CPU has it) and the
// portable ones (every other target, and -DCMX_PORTABLE_SPC) must give the same bits: the sums
// are added in the same lanes and order, the masks compare the same way. portable_kernels.cpp
// holds the portable build of the kernels.
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "spc/bits.hpp"
#include "spc/sums.hpp"
#include "unit/spc/portable_kernels.hpp"

namespace {

namespace detail = cmx::spc::detail;
constexpr double missing = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

std::uint64_t bits_of(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

// Normal values with the awkward ones mixed in: missing, infinite, signed zeros, repeats (equal
// neighbours, values on a centre line of 10).
std::vector<double> awkward_series(std::size_t size, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(10.0, 3.0);
  std::uniform_int_distribution<int> pick(0, 39);
  std::vector<double> v(size);
  for (std::size_t i = 0; i < size; ++i) {
    switch (pick(rng)) {
      case 0:
        v[i] = missing;
        break;
      case 1:
        v[i] = i % 2 == 0 ? inf : -inf;
        break;
      case 2:
        v[i] = i % 2 == 0 ? 0.0 : -0.0;
        break;
      case 3:
        v[i] = i > 0 ? v[i - 1] : 10.0;
        break;
      case 4:
        v[i] = 10.0;
        break;
      default:
        v[i] = normal(rng);
    }
  }
  return v;
}

}  // namespace

TEST_CASE("the native and the portable sums give the same bits", "[spc][sums][kernels]") {
  for (const std::size_t size : {1U, 2U, 3U, 4U, 5U, 255U, 256U, 257U, 258U, 1000U, 4099U}) {
    for (const bool finite : {true, false}) {
      std::vector<double> v = awkward_series(size, 11 + size);
      if (finite) {  // infinities make every sum infinite or NaN: check real sums too
        for (double& d : v) {
          d = std::isinf(d) ? 1.5 : d;
        }
      }
      for (const double limit : {0.0, 2.5, 7.0, inf, missing}) {
        CAPTURE(size, finite, limit);
        const std::array<double, 7> native = cmx_test::portable::sums_as_array(
            detail::sum_values_and_ranges(v), detail::sum_ranges_below(v, limit));
        const std::array<double, 7> portable = cmx_test::portable::sums(v, limit);
        for (std::size_t k = 0; k < native.size(); ++k) {
          CAPTURE(k, native[k], portable[k]);
          CHECK(bits_of(native[k]) == bits_of(portable[k]));
        }
      }
    }
  }
}

#if CMX_SPC_AVX512
TEST_CASE("the AVX2 lanes of the sums are the SSE2 lanes, bit for bit", "[spc][sums][kernels]") {
  if (!detail::cpu_has_avx2()) {
    SUCCEED("this CPU has no AVX2: the SSE2 lanes are the native sums");
    return;
  }
  using lanes = std::array<double, 4>;
  for (const bool finite : {true, false}) {
    std::vector<double> v = awkward_series(1 + 4 * 300, 31);
    if (finite) {
      for (double& d : v) {
        d = std::isinf(d) ? 1.5 : d;
      }
    }
    std::array<lanes, 5> wide{};
    const std::size_t end = detail::partial_lanes_avx2(
        v.data(), 1, v.size(), {wide.data(), &wide[1], &wide[2], &wide[3], &wide[4]});
    REQUIRE(end == v.size());
    detail::lane_pair low;
    detail::lane_pair high;
    for (std::size_t k = 1; k + 4 <= v.size(); k += 4) {
      low.take(v.data(), k);
      high.take(v.data(), k + 2);
    }
    // Lanes 0 and 1 in the low pair, 2 and 3 in the high one. (No std::array of __m128d: GCC
    // warns that the template argument drops the type's alignment attribute.)
    const auto lanes_of = [](__m128d a, __m128d b) {
      return lanes{detail::low_of(a), detail::high_of(a), detail::low_of(b), detail::high_of(b)};
    };
    const std::array<lanes, 5> narrow_lanes{
        lanes_of(low.sum, high.sum), lanes_of(low.count, high.count),
        lanes_of(low.range_sum, high.range_sum), lanes_of(low.range_count, high.range_count),
        lanes_of(low.range_max, high.range_max)};
    for (std::size_t a = 0; a < 5; ++a) {
      const lanes& narrow = narrow_lanes[a];
      for (std::size_t lane = 0; lane < 4; ++lane) {
        CAPTURE(finite, a, lane, wide[a][lane], narrow[lane]);
        CHECK(bits_of(wide[a][lane]) == bits_of(narrow[lane]));
      }
    }
  }
}
#endif

TEST_CASE("the SSE2 and the portable block masks give the same bits", "[spc][bits][kernels]") {
  const std::vector<double> v = awkward_series(std::size_t{64} * 40, 5);
  const std::array<double, 6> sigmas = {1.0, 2.0, 3.0, 1.5, 0.5, 0.0};  // even count (pairs)
  for (std::size_t block = 0; block < 40; ++block) {
    const double* y = v.data() + 64 * block;
    for (const double c : {10.0, 0.0, -0.0, 3.0, missing, inf}) {
      CAPTURE(block, c);
      const auto sides = detail::sides_of_block(y, c);
      const auto portable_sides = cmx_test::portable::sides(y, c);
      CHECK(sides.above == portable_sides[0]);
      CHECK(sides.below == portable_sides[1]);
      const auto range = detail::range_of_block(y, c - 4.0, c + 4.0);
      const auto portable_range = cmx_test::portable::range(y, c - 4.0, c + 4.0);
      CHECK(range.below == portable_range[0]);
      CHECK(range.inside == portable_range[1]);
      CHECK(range.missing == portable_range[2]);
    }
    for (std::size_t j = 0; j < 64; ++j) {
      if (std::isnan(y[j])) {  // zones_against's precondition: the engine skips missing points
        continue;
      }
      // Infinite sigma: a zone of 0 sigmas has NaN boundaries (0 * inf), and gives no bit.
      for (const double sigma : {2.0, 0.0, inf, missing}) {
        for (const std::size_t n : {1U, 2U, 5U, 6U}) {
          // The boundaries and their validity as the rule engine makes them. On the heap: GCC
          // 12 at -O3 warns, wrongly, that the pairs read past a local array of six.
          std::vector<double> high(sigmas.size());
          std::vector<double> low(sigmas.size());
          std::uint32_t valid = 0;
          for (std::size_t t = 0; t < n; ++t) {
            high[t] = 10.0 + sigmas[t] * sigma;
            low[t] = 10.0 - sigmas[t] * sigma;
            valid |= static_cast<std::uint32_t>(!std::isnan(high[t]) && !std::isnan(low[t])) << t;
          }
          const auto zones = detail::zones_against(y[j], high.data(), low.data(), n, valid);
          const auto portable = cmx_test::portable::zones(y[j], high.data(), low.data(), n, valid);
          CAPTURE(block, j, y[j], sigma, n);
          CHECK(zones.above == portable[0]);
          CHECK(zones.below == portable[1]);
          CHECK(zones.within == portable[2]);
          // And the definition, zone by zone: within is low <= y <= high, with no comparison
          // of its own in the kernels.
          for (std::size_t t = 0; t < n; ++t) {
            CAPTURE(t);
            CHECK(((zones.above >> t) & 1U) == static_cast<std::uint32_t>(y[j] > high[t]));
            CHECK(((zones.below >> t) & 1U) == static_cast<std::uint32_t>(y[j] < low[t]));
            CHECK(((zones.within >> t) & 1U) ==
                  static_cast<std::uint32_t>(y[j] >= low[t] && y[j] <= high[t]));
          }
          CHECK((zones.above | zones.below | zones.within) >> n == 0U);
        }
      }
    }
  }
}
