// The register path over 64 points at a time (rule_engine::step_block). A block of 64 points is
// 64 bits per register, and every register test of step_registers becomes one test of the whole
// block: a streak of K ending at each point is the AND of K shifted copies of the block (older
// points read from the register before the block), a window's count at each point is a
// bit-sliced sum of shifted copies. Only the points some test lets through (about one in ten of
// noisy data under Western Electric + Nelson + MDC) are judged one by one, over the registers
// rebuilt as they stood after that point; so the signals are those of 64 calls of step. A block
// that follows another is judged by masks instead (rule_block_masks.hpp, which a caller of
// step_block includes).
#ifndef CMX_SRC_SPC_RULE_BLOCKS_HPP
#define CMX_SRC_SPC_RULE_BLOCKS_HPP

#include <array>
#include <bit>
#include <cstdint>

#include "bits.hpp"
#include "rule_engine.hpp"

namespace cmx::spc::detail {

// Registers of a block: bit 63 - j is point j of the block, so bit 0 is its latest point, as in
// the engine's registers.
struct block_registers {
  std::uint64_t above = 0;  // the centre
  std::uint64_t below = 0;
  std::uint64_t step_up = 0;
  std::uint64_t step_dn = 0;
  std::uint64_t out_up = 0;  // the limits
  std::uint64_t out_dn = 0;
  std::uint64_t beyond_sigmas = 0;  // beyond cl +- min_beyond_sigmas * sigma
  std::array<std::uint64_t, 8> zone_up{};
  std::array<std::uint64_t, 8> zone_dn{};
  std::array<std::uint64_t, 8> zone_within{};
};

// The register as it stood after the point at bit p of a block m (h: the register before it).
constexpr std::uint64_t register_at(std::uint64_t m, std::uint64_t h, unsigned p) noexcept {
  return p == 0 ? m : (m >> p) | (h << (64U - p));
}

// Bit p: at least `fewest` of the `width` points ending at the point of bit p have their bit
// set. `Planes` bit planes hold each point's count (width < 2^Planes), added one shifted copy at
// a time; the comparison with fewest runs from the highest plane down.
template <std::size_t Planes>
std::uint64_t counts_reaching_in(std::uint64_t m, std::uint64_t h, unsigned width,
                                 int fewest) noexcept {
  std::array<std::uint64_t, Planes> plane{};
  for (unsigned d = 0; d < width && d < 64; ++d) {
    // Every plane in turn, without stopping when the carry dies out: a branch on the data
    // would be mispredicted about as often as taken.
    std::uint64_t carry = register_at(m, h, d);
    for (std::size_t b = 0; b < Planes; ++b) {
      const std::uint64_t next = plane[b] & carry;
      plane[b] ^= carry;
      carry = next;
    }
  }
  std::uint64_t greater = 0;
  std::uint64_t equal = ~std::uint64_t{0};
  for (std::size_t b = plane.size(); b-- > 0;) {
    if (((static_cast<unsigned>(fewest) >> b) & 1U) != 0) {
      equal &= plane[b];
    } else {
      greater |= equal & plane[b];
      equal &= ~plane[b];
    }
  }
  return greater | equal;
}

// As few planes as the window's width needs (fewest <= width, so it fits them too): two for
// windows of three points (the two-of-three rules), three up to seven (four-of-five), four up to
// 15, seven for the widest.
inline std::uint64_t counts_reaching(std::uint64_t m, std::uint64_t h, unsigned width,
                                     int fewest) noexcept {
  if (width < 4) {
    return counts_reaching_in<2>(m, h, width, fewest);
  }
  if (width < 8) {
    return counts_reaching_in<3>(m, h, width, fewest);
  }
  return width < 16 ? counts_reaching_in<4>(m, h, width, fewest)
                    : counts_reaching_in<7>(m, h, width, fewest);
}

#if CMX_SPC_SSE2
// Points j and j + 1 of a line, latest first (the lane order that puts point j + 1 at the lower
// bit of a mask).
inline __m128d latest_first(const block_line& line, std::size_t j) noexcept {
  if (line.points == nullptr) {
    return _mm_set1_pd(line.value);
  }
  const __m128d v = _mm_loadu_pd(line.points + j);
  return _mm_shuffle_pd(v, v, 1);
}

#endif

// What a block's registers are made from: 64 values and their lines, the value before them
// (NaN at a phase's first point), and the engine's zones.
struct block_input {
  const double* y = nullptr;
  double before_first = 0.0;
  block_line cl, sigma, lcl, ucl;
  const double* zone_sigmas = nullptr;  // an even number of entries, at least `zones`
  std::size_t zones = 0;
  std::uint32_t band_zones = 0;  // zones whose `within` bits are needed
  double beyond_sigmas = 0.0;    // infinity: no beyond rule off the limits
};

// The block's registers by the comparisons step_registers makes (and zones_at), one point at a
// time: the reference, and the fallback without SSE2.
inline block_registers registers_of_block_one_by_one(const block_input& in) noexcept {
  block_registers m;
  const bool sigma_beyond_rules = in.beyond_sigmas < std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < 64; ++j) {
    const auto at = [j](std::uint64_t reg, bool b) {
      return reg | (static_cast<std::uint64_t>(b) << (63U - j));
    };
    const double v = in.y[j];
    const double before = j == 0 ? in.before_first : in.y[j - 1];
    const double c = in.cl.at(j);
    const double s = in.sigma.at(j);
    m.above = at(m.above, v > c);
    m.below = at(m.below, v < c);
    m.step_up = at(m.step_up, v > before);
    m.step_dn = at(m.step_dn, v < before);
    m.out_up = at(m.out_up, v > in.ucl.at(j));
    m.out_dn = at(m.out_dn, v < in.lcl.at(j));
    if (sigma_beyond_rules) {
      const double half = in.beyond_sigmas * s;
      m.beyond_sigmas = at(m.beyond_sigmas, v > c + half || v < c - half);
    }
    for (std::size_t t = 0; t < in.zones; ++t) {
      const double half = in.zone_sigmas[t] * s;
      m.zone_up[t] = at(m.zone_up[t], v > c + half);
      m.zone_dn[t] = at(m.zone_dn[t], v < c - half);
      if (((in.band_zones >> t) & 1U) != 0) {
        m.zone_within[t] = at(m.zone_within[t], v >= c - half && v <= c + half);
      }
    }
  }
  return m;
}

#if CMX_SPC_AVX512
// registers_of_block_with<true> by AVX-512F compares into mask registers, eight points per
// compare: the same comparisons, so the same bits (rule_blocks_avx512.cpp), for values that are
// not NaN (a plain block's). Only where cpu_has_avx512f().
block_registers registers_of_constant_block_avx512(const block_input& in) noexcept;
#endif

#if CMX_SPC_SSE2
// The same registers eight points at a time: four pairs, latest first, so that the eight
// comparison results pack (eight_bits) into the eight bits of those points in one go.
// Constant: every line is one value over the block (a chart's phase), so the lines and zone
// boundaries are made once per block instead of once per pair of points; with the same
// arithmetic, hence the same bits.
template <bool Constant>
block_registers registers_of_block_with(const block_input& in) noexcept {
  block_registers m;
  const bool sigma_beyond_rules = in.beyond_sigmas < std::numeric_limits<double>::infinity();
  // The constant lines and boundaries (unused unless Constant).
  const __m128d fixed_centre = _mm_set1_pd(in.cl.value);
  const __m128d fixed_sigma = _mm_set1_pd(in.sigma.value);
  const __m128d fixed_upper = _mm_set1_pd(in.ucl.value);
  const __m128d fixed_lower = _mm_set1_pd(in.lcl.value);
  __m128d fixed_high[8] = {};
  __m128d fixed_low[8] = {};
  if constexpr (Constant) {
    for (std::size_t t = 0; t < in.zones; ++t) {
      const __m128d half = _mm_mul_pd(_mm_set1_pd(in.zone_sigmas[t]), fixed_sigma);
      fixed_high[t] = _mm_add_pd(fixed_centre, half);
      fixed_low[t] = _mm_sub_pd(fixed_centre, half);
    }
  }
  for (std::size_t j = 0; j < 64; j += 8) {
    // C arrays: GCC warns that std::array<__m128d> drops the type's alignment attribute.
    __m128d v[4] = {};
    __m128d before[4] = {};
    __m128d centre[4] = {};
    __m128d one_sigma[4] = {};
    __m128d upper[4] = {};
    __m128d lower[4] = {};
    for (std::size_t k = 0; k < 4; ++k) {
      const std::size_t at = j + 6 - 2 * k;  // points at and at + 1, latest first
      v[k] = latest_first(block_line{in.y, 0.0}, at);
      before[k] = at == 0 ? _mm_set_pd(in.before_first, in.y[0])
                          : latest_first(block_line{in.y - 1, 0.0}, at);
      centre[k] = Constant ? fixed_centre : latest_first(in.cl, at);
      one_sigma[k] = Constant ? fixed_sigma : latest_first(in.sigma, at);
      upper[k] = Constant ? fixed_upper : latest_first(in.ucl, at);
      lower[k] = Constant ? fixed_lower : latest_first(in.lcl, at);
    }
    const unsigned shift = 56U - static_cast<unsigned>(j);
    const auto pack = [shift](auto&& compare) {
      return eight_bits(compare(0), compare(1), compare(2), compare(3)) << shift;
    };
    m.above |= pack([&](std::size_t k) { return _mm_cmpgt_pd(v[k], centre[k]); });
    m.below |= pack([&](std::size_t k) { return _mm_cmplt_pd(v[k], centre[k]); });
    m.step_up |= pack([&](std::size_t k) { return _mm_cmpgt_pd(v[k], before[k]); });
    m.step_dn |= pack([&](std::size_t k) { return _mm_cmplt_pd(v[k], before[k]); });
    m.out_up |= pack([&](std::size_t k) { return _mm_cmpgt_pd(v[k], upper[k]); });
    m.out_dn |= pack([&](std::size_t k) { return _mm_cmplt_pd(v[k], lower[k]); });
    if (sigma_beyond_rules) {
      const __m128d sigmas = _mm_set1_pd(in.beyond_sigmas);
      m.beyond_sigmas |= pack([&](std::size_t k) {
        const __m128d half = _mm_mul_pd(sigmas, one_sigma[k]);
        return _mm_or_pd(_mm_cmpgt_pd(v[k], _mm_add_pd(centre[k], half)),
                         _mm_cmplt_pd(v[k], _mm_sub_pd(centre[k], half)));
      });
    }
    for (std::size_t t = 0; t < in.zones; ++t) {
      const __m128d sigmas = _mm_set1_pd(in.zone_sigmas[t]);
      __m128d high[4] = {};
      __m128d low[4] = {};
      for (std::size_t k = 0; k < 4; ++k) {
        if constexpr (Constant) {
          high[k] = fixed_high[t];
          low[k] = fixed_low[t];
        } else {
          const __m128d half = _mm_mul_pd(sigmas, one_sigma[k]);
          high[k] = _mm_add_pd(centre[k], half);
          low[k] = _mm_sub_pd(centre[k], half);
        }
      }
      m.zone_up[t] |= pack([&](std::size_t k) { return _mm_cmpgt_pd(v[k], high[k]); });
      m.zone_dn[t] |= pack([&](std::size_t k) { return _mm_cmplt_pd(v[k], low[k]); });
      if (((in.band_zones >> t) & 1U) != 0) {
        m.zone_within[t] |= pack([&](std::size_t k) {
          return _mm_and_pd(_mm_cmpge_pd(v[k], low[k]), _mm_cmple_pd(v[k], high[k]));
        });
      }
    }
  }
  return m;
}

inline block_registers registers_of_block(const block_input& in) noexcept {
  const bool constant = in.cl.points == nullptr && in.sigma.points == nullptr &&
                        in.lcl.points == nullptr && in.ucl.points == nullptr;
#if CMX_SPC_AVX512
  if (constant && cpu_has_avx512f()) {
    return registers_of_constant_block_avx512(in);
  }
#endif
  return constant ? registers_of_block_with<true>(in) : registers_of_block_with<false>(in);
}
#else
inline block_registers registers_of_block(const block_input& in) noexcept {
  return registers_of_block_one_by_one(in);
}
#endif

template <class Emit>
void rule_engine::step_block(std::size_t base, const double* y, const block_line& cl,
                             const block_line& sigma, const block_line& lcl, const block_line& ucl,
                             Emit&& emit, block_flags* flags) {
  if (packed_windows_) {
    unpack_windows();
  }
  block_input in{y,           prev_y_,           cl, sigma, lcl, ucl, zone_sigmas_.data(), n_zones_,
                 band_zones_, min_beyond_sigmas_};
  const block_registers m = registers_of_block(in);
  // A step reverses the one before it (both nonzero); the step before the block's first point
  // is the latest of the registers before it.
  const std::uint64_t step_up_before = (m.step_up >> 1U) | (step_up_ << 63U);
  const std::uint64_t step_dn_before = (m.step_dn >> 1U) | (step_dn_ << 63U);
  const std::uint64_t alternates = (m.step_up & step_dn_before) | (m.step_dn & step_up_before);
  window_masks window_up{};
  window_masks window_dn{};
  for (std::size_t w = 0; w < n_windows_; ++w) {
    const window_bits& f = windows_[w];
    window_up[w] = m.zone_up[f.zone] & (f.beyond_limits_count ? ~std::uint64_t{0} : ~m.out_up);
    window_dn[w] = m.zone_dn[f.zone] & (f.beyond_limits_count ? ~std::uint64_t{0} : ~m.out_dn);
  }
  const std::int64_t e0 = eligible_;
  // The block before is this phase's latest block and nothing came since: the latest eligible
  // points are its points, and base follows them.
  const bool follows_block = last_block_first_ + 64 == e0 && last_block_base_ + 64 == base;
  if (flags != nullptr && masks_ && follows_block) {
    judge_block_by_masks(base, m, alternates, window_up, window_dn, emit, *flags);
  } else {
    if (flags != nullptr) {
      flags->rules = 0;
    }
    judge_block_point_by_point(base, y, cl, sigma, lcl, ucl, m, alternates, window_up, window_dn,
                               emit);
  }

  // 4. The ring and the registers as they stand after the block.
  last_block_first_ = e0;
  last_block_base_ = base;
  side_up_ = m.above;
  side_dn_ = m.below;
  step_up_ = m.step_up;
  step_dn_ = m.step_dn;
  alternates_ = alternates;
  for (std::uint32_t bands = band_zones_; bands != 0; bands &= bands - 1) {
    const auto t = static_cast<std::size_t>(std::countr_zero(bands));
    within_reg_[t] = m.zone_within[t];
    beyond_reg_[t] = m.zone_up[t] | m.zone_dn[t];
  }
  if (packed_windows_) {
    // Packed from the block's own masks: reading back windows_ just written would stall on
    // loads that span two stores.
    pack_windows(window_up, window_dn);
  } else {
    for (std::size_t w = 0; w < n_windows_; ++w) {
      windows_[w].up = window_up[w];
      windows_[w].dn = window_dn[w];
    }
  }
  eligible_ = e0 + 64;
  prev_y_ = y[63];
}

// Steps 2 and 3 of step_block where a block is judged point by point (the registers are still
// those before the block; step_block sets them after).
template <class Emit>
void rule_engine::judge_block_point_by_point(std::size_t base, const double* y,
                                             const block_line& cl, const block_line& sigma,
                                             const block_line& lcl, const block_line& ucl,
                                             const block_registers& m, std::uint64_t alternates,
                                             const window_masks& window_up,
                                             const window_masks& window_dn, Emit& emit) {
  // 2. Where each register test passes at its least demanding K.
  const auto streaks = [](std::uint64_t block, std::uint64_t before, bool used, std::int64_t k) {
    return used ? streaks_ending(block, before, k) : std::uint64_t{0};
  };
  const std::uint64_t run_at = streaks(m.above, side_up_, use_run_[0], min_run_[0]) |
                               streaks(m.below, side_dn_, use_run_[0], min_run_[0]);
  const std::uint64_t trend_at = streaks(m.step_up, step_up_, use_trend_[0], min_trend_[0] - 1) |
                                 streaks(m.step_dn, step_dn_, use_trend_[0], min_trend_[0] - 1);
  const std::uint64_t alt_at = streaks(alternates, alternates_, use_alt_[0], min_alt_[0] - 2);
  const std::uint64_t beyond_at =
      (limit_rules_ ? m.out_up | m.out_dn : std::uint64_t{0}) | m.beyond_sigmas;
  std::array<std::uint64_t, max_zones> within_at{};
  std::array<std::uint64_t, max_zones> beyond_band_at{};
  std::uint64_t any = run_at | trend_at | alt_at | beyond_at;
  for (std::uint32_t bands = band_zones_; bands != 0; bands &= bands - 1) {
    const auto t = static_cast<std::size_t>(std::countr_zero(bands));
    within_at[t] = streaks(m.zone_within[t], within_reg_[t], use_within_[t], min_within_[t]);
    beyond_band_at[t] =
        streaks(m.zone_up[t] | m.zone_dn[t], beyond_reg_[t], use_beyond_[t], min_beyond_[t]);
    any |= within_at[t] | beyond_band_at[t];
  }
  std::array<std::uint64_t, max_rules> window_at{};
  for (std::size_t w = 0; w < n_windows_; ++w) {
    const window_bits& f = windows_[w];
    const auto width = static_cast<unsigned>(std::bit_width(f.widest));
    window_at[w] = counts_reaching(window_up[w], f.up, width, f.fewest) |
                   counts_reaching(window_dn[w], f.dn, width, f.fewest);
    any |= window_at[w];
  }

  // 3. The points some test lets through, oldest first, judged over the registers as they stood
  // after each.
  const std::int64_t e0 = eligible_;
  block_first_ = e0;
  block_base_ = base;
  const std::uint64_t side_up_before = side_up_;
  const std::uint64_t side_dn_before = side_dn_;
  const std::uint64_t step_up_prior = step_up_;
  const std::uint64_t step_dn_prior = step_dn_;
  const std::uint64_t alternates_before = alternates_;
  std::array<std::uint64_t, max_zones> within_before = within_reg_;
  std::array<std::uint64_t, max_zones> beyond_before = beyond_reg_;
  std::array<std::uint64_t, max_rules> window_up_before{};
  std::array<std::uint64_t, max_rules> window_dn_before{};
  for (std::size_t w = 0; w < n_windows_; ++w) {
    window_up_before[w] = windows_[w].up;
    window_dn_before[w] = windows_[w].dn;
  }
  while (any != 0) {
    const auto p = static_cast<unsigned>(63 - std::countl_zero(any));
    any &= ~(std::uint64_t{1} << p);
    const std::size_t j = 63U - p;
    const std::uint64_t point = std::uint64_t{1} << p;
    const auto passes = [point](std::uint64_t at) {
      return static_cast<unsigned>((at & point) != 0);
    };
    std::uint32_t candidates =
        when(passes(run_at), run_rules_) | when(passes(trend_at), trend_rules_) |
        when(passes(alt_at), alt_rules_) | when(passes(beyond_at), beyond_rules_);
    for (std::uint32_t bands = band_zones_; bands != 0; bands &= bands - 1) {
      const auto t = static_cast<std::size_t>(std::countr_zero(bands));
      candidates |= when(passes(within_at[t]), within_rules_[t]) |
                    when(passes(beyond_band_at[t]), beyond_band_rules_[t]);
      within_reg_[t] = register_at(m.zone_within[t], within_before[t], p);
      beyond_reg_[t] = register_at(m.zone_up[t] | m.zone_dn[t], beyond_before[t], p);
    }
    for (std::size_t w = 0; w < n_windows_; ++w) {
      candidates |= when(passes(window_at[w]), window_rules_[w]);
      windows_[w].up = register_at(window_up[w], window_up_before[w], p);
      windows_[w].dn = register_at(window_dn[w], window_dn_before[w], p);
    }
    side_up_ = register_at(m.above, side_up_before, p);
    side_dn_ = register_at(m.below, side_dn_before, p);
    step_up_ = register_at(m.step_up, step_up_prior, p);
    step_dn_ = register_at(m.step_dn, step_dn_prior, p);
    alternates_ = register_at(alternates, alternates_before, p);
    judge_rules(candidates, e0 + static_cast<std::int64_t>(j), base + j, y[j], cl.at(j),
                sigma.at(j), lcl.at(j), ucl.at(j), emit);
  }
  block_first_ = never;
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_RULE_BLOCKS_HPP
