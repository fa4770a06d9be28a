// The one state machine behind evaluate() (batch) and monitor (streaming): a point in, the
// signals it completes or extends out. Fixed-size state, no allocation after construction, so a
// batch pass and a stream of pushes see exactly the same rules.
#ifndef CMX_SRC_SPC_RULE_ENGINE_HPP
#define CMX_SRC_SPC_RULE_ENGINE_HPP

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

#include "bits.hpp"
#include "cmx/spc/rules.hpp"

namespace cmx::spc::detail {

// Probability that the number of runs about the centre is <= r (lower) or >= r (upper), with n1
// points above and n2 below, every arrangement equally likely (Swed & Eisenhart 1943, Ann. Math.
// Statist. 14:66-87, the exact distribution behind the IHI run-chart table of Perla, Provost &
// Murray 2011, BMJ Qual Saf 20:46-51).
double runs_lower_tail(long long n1, long long n2, long long r);
double runs_upper_tail(long long n1, long long n2, long long r);

// Population count without a libgcc call on CPUs targeted without POPCNT (SWAR, Hacker's
// Delight 5-1); windows are short, so this is a handful of instructions.
inline constexpr std::array<std::uint8_t, 256> byte_bits = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned v = 0; v < 256; ++v) {
    t[v] = static_cast<std::uint8_t>((v & 1U) + ((v >> 1U) & 1U) + ((v >> 2U) & 1U) +
                                     ((v >> 3U) & 1U) + ((v >> 4U) & 1U) + ((v >> 5U) & 1U) +
                                     ((v >> 6U) & 1U) + ((v >> 7U) & 1U));
  }
  return t;
}();

inline int bit_count(std::uint64_t x) noexcept {
  if (x < 256U) {  // every built-in window is at most 8 points wide
    return byte_bits[x];
  }
  x = x - ((x >> 1U) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2U) & 0x3333333333333333ULL);
  x = (x + (x >> 4U)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56U);
}

inline int sign_of(double v) noexcept {
  return static_cast<int>(v > 0.0) - static_cast<int>(v < 0.0);
}

// A line over a block of 64 points: one value throughout, or the points' own values.
struct block_line {
  const double* points = nullptr;  // nullptr: `value` at every point
  double value = 0.0;

  [[nodiscard]] double at(std::size_t j) const noexcept {
    return points == nullptr ? value : points[j];
  }
};

// The points a block's signals flag, where a block is judged by masks (rule_block_masks.hpp):
// per rule of the set, bit 63 - j for point j of the block (newer) and of the 64 points before it
// (older).
struct block_flags {
  std::uint32_t rules = 0;  // bit r: rule r flags some point
  std::array<std::uint64_t, max_rules> older{};
  std::array<std::uint64_t, max_rules> newer{};
};

struct block_registers;

// What flagging reads of one point.
struct point_view {
  double y, cl, sigma, lcl, ucl;
  bool included;
};

// Sets `bit` for the points of signal s that take part in its pattern, by set_flag(i, bits)
// (bits: `bit` or 0): every counted point of a run or trend, the points beyond the zone of an
// m-of-n rule. The accessors are read only where the rule needs them: value(i) -> y,
// included(i) -> bool, centre(i) -> cl (runs), lines(i) -> point_view (m-of-n rules).
template <class SetFlag, class Value, class Included, class Centre, class Lines>
void flag_pattern(const rule& ru, std::uint32_t bit, const signal& s, SetFlag&& set_flag,
                  Value&& value, Included&& included, Centre&& centre, Lines&& lines) noexcept {
  const int want = static_cast<int>(s.dir);
  if (ru.kind == rule_kind::beyond) {  // the one rule that also judges excluded points
    for (std::size_t i = s.flag_first; i <= s.last; ++i) {
      set_flag(i, std::isnan(value(i)) ? 0U : bit);
    }
    return;
  }
  // The rule's kind decides once which test a point passes; the loop then runs that test alone.
  const auto mark = [&](auto&& takes_part) {
    for (std::size_t i = s.flag_first; i <= s.last; ++i) {
      const double y = value(i);
      if (!std::isnan(y) && included(i) && takes_part(i, y)) {
        set_flag(i, bit);
      }
    }
  };
  switch (ru.kind) {
    case rule_kind::run_one_side:
      mark([&](std::size_t i, double y) { return sign_of(y - centre(i)) == want; });
      break;
    case rule_kind::too_few_runs:
    case rule_kind::too_many_runs:
      mark([&](std::size_t i, double y) { return sign_of(y - centre(i)) != 0; });
      break;
    case rule_kind::m_of_n_beyond:
      if (want > 0) {
        mark([&](std::size_t i, double y) {
          const point_view p = lines(i);
          return y > p.cl + ru.sigmas * p.sigma && (ru.count_beyond_limits || !(y > p.ucl));
        });
      } else {
        mark([&](std::size_t i, double y) {
          const point_view p = lines(i);
          return y < p.cl - ru.sigmas * p.sigma && (ru.count_beyond_limits || !(y < p.lcl));
        });
      }
      break;
    default:  // trends, alternation, bands: every counted point of the stretch
      mark([](std::size_t, double) { return true; });
      break;
  }
}

// flag_pattern over a rule_input (s valid for it; no checks), into flags, or through a
// recent_flags (evaluate.cpp).
void flag_signal(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                 std::span<std::uint32_t> flags) noexcept;
class recent_flags;
void flag_signal(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                 recent_flags& flags) noexcept;

// flag_pattern over values with constant centre, sigma and limits (every point included).
inline void flag_constant(const rule& ru, std::uint32_t bit, std::span<const double> y, double cl,
                          double sigma, double lcl, double ucl, const signal& s,
                          std::span<std::uint32_t> flags) noexcept {
  flag_pattern(
      ru, bit, s, [flags](std::size_t i, std::uint32_t bits) { flags[i] |= bits; },
      [&](std::size_t i) { return y[i]; }, [](std::size_t) { return true; },
      [cl](std::size_t) { return cl; },
      [&](std::size_t i) { return point_view{y[i], cl, sigma, lcl, ucl, true}; });
}

// A rule's zone test: is y beyond the boundary on the upper (lower) side?
struct zone {
  double sigmas = 3.0;
  bool limits = true;  // sigmas == 3: the chart's own lcl/ucl

  [[nodiscard]] bool above(double y, double cl, double sigma, double ucl) const noexcept {
    return limits ? y > ucl : y > cl + sigmas * sigma;
  }
  [[nodiscard]] bool below(double y, double cl, double sigma, double lcl) const noexcept {
    return limits ? y < lcl : y < cl - sigmas * sigma;
  }
};

// The rules run over shared features: one run length per tie policy, one trend, one band per
// zone, one bit register per m-of-n zone, updated once per point without branching on the data;
// each rule then only compares its K (a branch that is almost never taken).
class rule_engine {
 public:
  // How the pattern rules are followed: by registers of the latest 64 pattern-eligible points
  // when every pattern rule breaks at ties and spans at most 64 points (all the built-in sets but
  // IHI's), or by counters of each stretch (any set). `counters` forces the second (the two give
  // the same signals; tests compare them).
  enum class path { automatic, counters };

  explicit rule_engine(const rule_set& rules, path how = path::automatic);

  [[nodiscard]] bool uses_registers() const noexcept { return registers_; }

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool has_phase_rules() const noexcept { return has_phase_rules_; }
  [[nodiscard]] const rule& at(std::size_t r) const noexcept { return rules_[r]; }

  // Starts a new phase: every pattern starts afresh.
  void reset() noexcept;

  // Feeds point i. For each signal the point completes, calls emit(slot, signal, extends):
  // `slot` identifies an open pattern (rule index * 2 + direction bit); extends = true when the
  // signal continues the one last emitted on that slot (same first point, later last point).
  // Not noexcept: emit may allocate (the batch evaluation appends to a vector), and bad_alloc
  // must reach the C API's guard as CMX_E_NOMEM rather than terminate the process.
  template <class Emit>
  void step(std::size_t i, double y, double cl, double sigma, double lcl, double ucl, bool included,
            Emit&& emit);

  // Whether step_block may be used: the register path, and no whole-phase rule (those count
  // every point).
  [[nodiscard]] bool steps_blocks() const noexcept { return registers_ && !has_phase_rules_; }

  // Feeds the 64 points base..base+63 at once, as 64 calls of step would (rule_blocks.hpp): every
  // one included and not missing, all in the current phase; each line is one value over the
  // block or the points' own values. Only for steps_blocks().
  // With `flags`, a block that follows a block of the same phase may be judged by masks
  // (rule_block_masks.hpp): then its signals are reported as emit(slot, signal, extends, true),
  // once each with their last point in the block, and the points they flag are left in *flags
  // for the caller to set (flags->rules is 0 when the block went point by point, every emit
  // then as step's). The caller must be able to flag the 64 points before the block.
  template <class Emit>
  void step_block(std::size_t base, const double* y, const block_line& cl, const block_line& sigma,
                  const block_line& lcl, const block_line& ucl, Emit&& emit,
                  block_flags* flags = nullptr);

  // At the end of a phase: the whole-phase rules (runs tests).
  template <class Emit>
  void finish_phase(Emit&& emit);

 private:
  static constexpr std::size_t max_zones = 8;

  // A stretch of consecutive counted points: its length, direction and first point.
  struct stretch {
    std::int64_t len = 0;
    int dir = 0;
    std::size_t start = 0;
    bool counted = false;  // the latest point took part
  };
  struct window_bits {
    std::uint8_t zone = 0;
    std::uint32_t zone_bit = 1;  // 1 << zone
    bool beyond_limits_count = true;
    std::uint64_t up = 0;
    std::uint64_t dn = 0;
    std::uint64_t widest = 0;  // mask of the widest window of the rules reading these bits
    int fewest = 64;           // the smallest count of those rules
    unsigned packed_at = 0;    // packed windows: 8 - the widest window's width
  };
  struct rule_state {
    std::size_t flag = 0;                  // first flagged point of the open pattern
    std::int64_t open_last[2] = {-1, -1};  // m_of_n: eligible index of the open signal's end
    std::size_t open_first[2] = {0, 0};    // m_of_n: first point of the open signal
  };

  static void count_side(stretch& f, int side, bool skips, std::size_t i) noexcept {
    if (side == 0) {
      f.counted = false;
      if (!skips) {
        f.len = 0;
        f.dir = 0;
      }
      return;
    }
    const bool same = side == f.dir;
    f.counted = true;
    f.start = same ? f.start : i;
    f.len = same ? f.len + 1 : 1;
    f.dir = side;
  }

  void count_step(stretch& f, int d, bool skips, bool alternating, std::size_t i) const noexcept {
    if (!has_prev_ || (d == 0 && !skips)) {
      f.len = 1;
      f.dir = 0;
      f.start = i;
      f.counted = false;
      return;
    }
    if (d == 0) {
      f.counted = false;
      return;
    }
    const bool cont = alternating ? (f.dir != 0 && d == -f.dir) : d == f.dir;
    f.counted = true;
    f.start = cont ? f.start : prev_i_;
    f.len = cont ? f.len + 1 : 2;
    f.dir = d;
  }

  // Runs about the centre, for the whole-phase tests; and the point becomes the previous one.
  void count_runs(std::size_t i, int side) noexcept {
    if (has_phase_rules_) {
      if (!any_) {
        any_ = true;
        first_i_ = i;
      }
      last_i_ = i;
      if (side != 0) {
        (side > 0 ? above_ : below_) += 1;
        if (side != last_side_) {
          ++runs_;
          last_side_ = side;
        }
      }
    }
  }

  static void count_band(stretch& f, bool in, std::size_t i) noexcept {
    f.counted = in;
    f.start = f.len == 0 ? i : f.start;
    f.len = in ? f.len + 1 : 0;
  }

  static constexpr std::int64_t not_fired = -2;

  [[nodiscard]] static std::uint64_t low_bits(std::int64_t k) noexcept {
    return k >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << static_cast<unsigned>(k)) - 1U;
  }
  // 1 when the `mask` lowest bits of reg (the latest points) are all set.
  [[nodiscard]] static unsigned full(std::uint64_t reg, std::uint64_t mask) noexcept {
    return static_cast<unsigned>((reg & mask) == mask);
  }

  // rules if test is 1, else none (without a branch).
  [[nodiscard]] static std::uint32_t when(unsigned test, std::uint32_t rules) noexcept {
    return (0U - test) & rules;
  }
  // Shifts the point into every m-of-n window (the zone bits of the point, and whether it lies
  // beyond a limit) and returns the rules (bit r) of the windows now holding as many points as
  // their least demanding rule.
  std::uint32_t shift_windows(std::uint32_t up_bits, std::uint32_t dn_bits, bool out_up,
                              bool out_dn) noexcept {
    const auto bit = [](bool b) { return static_cast<unsigned>(b); };
    // The zone bits of a point beyond a limit, for windows that do not count such points.
    const std::uint32_t up_inside = up_bits & (bit(out_up) - 1U);
    const std::uint32_t dn_inside = dn_bits & (bit(out_dn) - 1U);
    std::uint32_t candidates = 0;
    for (std::size_t w = 0; w < n_windows_; ++w) {
      window_bits& f = windows_[w];
      const std::uint32_t ups = f.beyond_limits_count ? up_bits : up_inside;
      const std::uint32_t dns = f.beyond_limits_count ? dn_bits : dn_inside;
      f.up = (f.up << 1U) | bit((ups & f.zone_bit) != 0);
      f.dn = (f.dn << 1U) | bit((dns & f.zone_bit) != 0);
      candidates |= when(
          bit(bit_count(f.up & f.widest) >= f.fewest) | bit(bit_count(f.dn & f.widest) >= f.fewest),
          window_rules_[w]);
    }
    return candidates;
  }

  // Windows of at most 8 points, at most 4 of them, over at most 3 zones (most rule sets): the
  // register path keeps them one byte each in one word, window w's up points in byte w and its
  // down points in byte 4 + w. A byte holds the window's latest W points (W: the widest window of
  // its rules) in its top W bits, the oldest at bit 7, so that the point leaving the window is the
  // bit that shifts out of the byte; and a second word keeps each byte's count of set bits, moved
  // by the point entering and the one leaving, where a bytewise population count took a dozen
  // instructions a push. A point enters every window through one lookup (window_entry_, by its
  // zone bits and whether it lies beyond the limit, up and down). A count is compared with the
  // window's fewest by adding 128 - fewest and reading the byte's top bit (counts are at most 8,
  // so nothing carries). One word, not one per direction: the compiler paired two words' updates
  // in vector registers, and the moves in and out cost more than the pairing saved.
  static constexpr unsigned down_byte = 4;  // byte of window 0's down points
  // An entry's index: per side, the point's zone bits and, at entry_limit_bit, whether it lies
  // beyond the limit; the side below in the bits from entry_side_bits.
  static constexpr unsigned entry_limit_bit = 3;
  static constexpr unsigned entry_side_bits = 4;
  using window_masks = std::array<std::uint64_t, max_rules>;  // a register per window
  struct packed_entry {
    std::uint64_t bits = 0;   // the entering bits, each at its window's newest position
    std::uint64_t count = 0;  // 1 in each byte the point enters
  };
  // Shifts the point into the windows; returns the top bits of the bytes whose window now holds
  // as many points as its least demanding rule (for rules_of_reached).
  std::uint64_t shift_packed_windows(std::uint32_t up_bits, std::uint32_t dn_bits, bool out_up,
                                     bool out_dn) noexcept {
    constexpr std::uint64_t low_bits_of_bytes = 0x0101010101010101ULL;
    const unsigned up = up_bits | (static_cast<unsigned>(out_up) << entry_limit_bit);
    const unsigned dn = dn_bits | (static_cast<unsigned>(out_dn) << entry_limit_bit);
    const packed_entry& entry = window_entry_[up | (dn << entry_side_bits)];
    packed_count_ += entry.count - ((packed_ >> 7U) & low_bits_of_bytes);
    packed_ = ((packed_ << 1U) & 0xFEFEFEFEFEFEFEFEULL) | entry.bits;
    return (packed_count_ + packed_bias_) & 0x8080808080808080ULL;
  }
  // The rules of the windows whose top bits `reached` holds. A multiply gathers the eight top
  // bits into one byte (bit b from byte b: each partial product lands on its own bit of the top
  // byte, and none carries), which indexes the rules of those windows: no loop over the windows
  // that reached, whose count varies with the data and would mispredict.
  [[nodiscard]] std::uint32_t rules_of_reached(std::uint64_t reached) const noexcept {
    const auto bytes = static_cast<std::size_t>(((reached >> 7U) * 0x0102040810204080ULL) >> 56U);
    return rules_of_windows_[bytes];
  }
  // The byte of window w's points in direction up (or down), and its position in the word.
  [[nodiscard]] unsigned packed_shift(std::size_t w, bool up) const noexcept {
    return 8U * (static_cast<unsigned>(w) + (up ? 0U : down_byte)) + windows_[w].packed_at;
  }
  // The packed bytes and counts of the windows from their registers (bit 0 the latest point).
  void pack_windows(const window_masks& up, const window_masks& dn) noexcept {
    packed_ = 0;
    for (std::size_t w = 0; w < n_windows_; ++w) {
      packed_ |= (up[w] & windows_[w].widest) << packed_shift(w, true);
      packed_ |= (dn[w] & windows_[w].widest) << packed_shift(w, false);
    }
    packed_count_ = byte_counts(packed_);
  }
  // The population count of each byte (Hacker's Delight 5-1, without the final gathering).
  static std::uint64_t byte_counts(std::uint64_t v) noexcept {
    v -= (v >> 1U) & 0x5555555555555555ULL;
    v = (v & 0x3333333333333333ULL) + ((v >> 2U) & 0x3333333333333333ULL);
    return (v + (v >> 4U)) & 0x0F0F0F0F0F0F0F0FULL;
  }
  // The point of eligible index e (one of the latest 64): inside the block step_block is
  // judging, its own position; inside the block before, its position too (a block's points are
  // never written into the ring: 64 stores a block, for points looked up only when a point or a
  // block judged point by point follows); else the ring's entry.
  [[nodiscard]] std::size_t point_of(std::int64_t e) const noexcept {
    if (e >= block_first_) {
      return block_base_ + static_cast<std::size_t>(e - block_first_);
    }
    if (e >= last_block_first_ && e < last_block_first_ + std::int64_t{64}) {
      return last_block_base_ + static_cast<std::size_t>(e - last_block_first_);
    }
    return ring_[static_cast<std::size_t>(e) & (max_window - 1)];
  }
  // Where y (not NaN) lies against the zones cl +- zone_sigmas_[t] * sigma. The boundaries are
  // made again only when the lines differ from the last point's (a monitor's never do; a chart's
  // change once per phase, or per point where the limits vary), with the arithmetic of the block
  // registers, so the bits are the same. Comparing lines that are NaN never matches: those are
  // made afresh, and give no bits.
  zone_bits zones_at(double y, double cl, double sigma) noexcept {
    if (!(cl == bounds_.cl && sigma == bounds_.sigma)) {
      bounds_.valid = 0;
      for (std::size_t t = 0; t < n_zones_; ++t) {
        const double half = zone_sigmas_[t] * sigma;
        bounds_.high[t] = cl + half;
        bounds_.low[t] = cl - half;
        bounds_.valid |=
            static_cast<std::uint32_t>(!std::isnan(bounds_.high[t]) && !std::isnan(bounds_.low[t]))
            << t;
      }
      bounds_.cl = cl;
      bounds_.sigma = sigma;
    }
    return zones_against(y, bounds_.high.data(), bounds_.low.data(), n_zones_, bounds_.valid);
  }
  // The windows' own registers (as judge_window and step_block read them) from the packed bytes:
  // the latest W points, all the rules of a window of widest W read.
  void unpack_windows() noexcept {
    for (std::size_t w = 0; w < n_windows_; ++w) {
      windows_[w].up = (packed_ >> packed_shift(w, true)) & windows_[w].widest;
      windows_[w].dn = (packed_ >> packed_shift(w, false)) & windows_[w].widest;
    }
  }

  // A single-point rule r at point i: one signal when the point lies beyond its zone (or limit).
  template <class Emit>
  void judge_beyond(std::size_t r, std::size_t i, double y, double cl, double sigma, double lcl,
                    double ucl, Emit& emit) {
    const zone& z = zones_[r];
    const bool up = z.above(y, cl, sigma, ucl);
    if (up || z.below(y, cl, sigma, lcl)) [[unlikely]] {
      emit(r * 2,
           signal{rules_[r].id, i, i, i, up ? direction::up : direction::down, rules_[r].mode},
           false);
    }
  }

  // step_block's judging of a block (rule_blocks.hpp, rule_block_masks.hpp).
  template <class Emit>
  void judge_block_point_by_point(std::size_t base, const double* y, const block_line& cl,
                                  const block_line& sigma, const block_line& lcl,
                                  const block_line& ucl, const block_registers& m,
                                  std::uint64_t alternates, const window_masks& window_up,
                                  const window_masks& window_dn, Emit& emit);
  template <class Emit>
  void judge_block_by_masks(std::size_t base, const block_registers& m, std::uint64_t alternates,
                            const window_masks& window_up, const window_masks& window_dn,
                            Emit& emit, block_flags& flags);
  // The direction of a signal of a rule of `kind` on slot offset k (m-of-n: 1 up, 0 down).
  static direction signal_direction(rule_kind kind, std::size_t k) noexcept {
    const bool directed = kind == rule_kind::run_one_side || kind == rule_kind::trend ||
                          kind == rule_kind::m_of_n_beyond;
    if (!directed) {
      return direction::none;
    }
    return k == 1 ? direction::up : direction::down;
  }

  template <class Emit>
  void judge_rules(std::uint32_t candidates, std::int64_t e, std::size_t i, double y, double cl,
                   double sigma, double lcl, double ucl, Emit& emit);
  // step() of an included point that is not missing, by the counters of each stretch: out of the
  // line of step(), so that a push on the register path (most rule sets) is not compiled around
  // it.
  template <class Emit>
  [[gnu::noinline]] void step_counters(std::size_t i, double y, double cl, double sigma, double lcl,
                                       double ucl, Emit& emit);
  template <class Emit>
  void step_registers(std::size_t i, double y, double cl, double sigma, double lcl, double ucl,
                      Emit& emit);
  // The m-of-n rule r at eligible point e (point i).
  template <class Emit>
  void judge_window(std::size_t r, std::int64_t e, std::size_t i, Emit& emit);
  // A streak rule (run, trend, alternation, band) whose last count points end at e fires on slot.
  template <class Emit>
  void fire_streak(std::size_t r, std::size_t slot, std::int64_t e, std::size_t i, direction d,
                   Emit& emit);

  std::array<rule, max_rules> rules_{};
  std::array<std::uint8_t, max_rules> feature_{};  // index of the rule's feature
  std::array<zone, max_rules> zones_{};
  std::array<rule_state, max_rules> states_{};
  std::size_t count_ = 0;
  bool has_phase_rules_ = false;
  bool needs_ring_ = false;
  bool registers_ = false;       // the register path (see path)
  bool packed_windows_ = false;  // windows packed one byte each (see shift_packed_windows)
  // Blocks may be judged by masks: the block path, every beyond rule at the chart's limits, and
  // rule ids that differ (rules.cpp).
  bool masks_ = false;

  // The shortest K of the rules reading each feature: below it, no rule needs a look.
  static constexpr std::int64_t never = std::int64_t{1} << 62;
  std::int64_t min_run_[2] = {never, never};
  std::int64_t min_trend_[2] = {never, never};
  std::int64_t min_alt_[2] = {never, never};
  std::array<std::int64_t, max_zones> min_within_{};
  std::array<std::int64_t, max_zones> min_beyond_{};
  bool limit_rules_ = false;  // beyond rules at the chart's limits
  double min_beyond_sigmas_ = std::numeric_limits<double>::infinity();  // other beyond rules

  // Features, each updated only when some rule reads it.
  bool use_run_[2] = {false, false};  // by tie policy
  bool use_trend_[2] = {false, false};
  bool use_alt_[2] = {false, false};
  stretch run_[2];
  stretch trend_[2];
  stretch alt_[2];
  std::array<double, max_zones> zone_sigmas_{};
  // The zones' boundaries for the lines they were last made for (zones_at).
  struct zone_bounds {
    std::array<double, max_zones> high{};  // zones_against reads them in pairs
    std::array<double, max_zones> low{};
    std::uint32_t valid = 0;
    double cl = std::numeric_limits<double>::quiet_NaN();
    double sigma = std::numeric_limits<double>::quiet_NaN();
  };
  zone_bounds bounds_;
  std::size_t n_zones_ = 0;
  std::array<bool, max_zones> use_within_{};
  std::array<bool, max_zones> use_beyond_{};
  std::array<stretch, max_zones> within_{};
  std::array<stretch, max_zones> beyond_{};
  std::array<window_bits, max_rules> windows_{};
  std::size_t n_windows_ = 0;

  // The register path: bit k of each register is the k-th latest pattern-eligible point.
  std::uint64_t step_up_ = 0;  // higher than the point before
  std::uint64_t step_dn_ = 0;
  std::uint64_t alternates_ = 0;  // its step reverses the step before (both nonzero)
  std::array<std::uint64_t, max_zones> within_reg_{};
  std::array<std::uint64_t, max_zones> beyond_reg_{};
  // The shortest pattern of each register's rules, as a mask of its latest points.
  std::uint64_t run_mask_ = ~std::uint64_t{0};
  std::uint64_t trend_mask_ = ~std::uint64_t{0};  // steps: K - 1
  std::uint64_t alt_mask_ = ~std::uint64_t{0};    // reversals: K - 2
  std::array<std::uint64_t, max_zones> within_mask_{};
  std::array<std::uint64_t, max_zones> beyond_mask_{};
  // The rules (bit r) each register's test lets through, and the zones a band rule reads.
  std::uint32_t run_rules_ = 0;
  std::uint32_t trend_rules_ = 0;
  std::uint32_t alt_rules_ = 0;
  std::uint32_t beyond_rules_ = 0;
  std::array<std::uint32_t, max_zones> within_rules_{};
  std::array<std::uint32_t, max_zones> beyond_band_rules_{};
  std::array<std::uint32_t, max_rules> window_rules_{};
  std::uint32_t band_zones_ = 0;
  // Packed windows (see shift_packed_windows).
  std::uint64_t packed_ = 0;
  std::uint64_t packed_count_ = 0;  // per byte: its set bits
  std::uint64_t packed_bias_ = 0;   // per byte: 128 - its window's fewest
  std::array<packed_entry, std::size_t{1} << (2 * entry_side_bits)> window_entry_{};
  std::array<std::uint32_t, 256> rules_of_windows_{};  // bit w of the index: window w reached
  // Per slot: eligible index of its latest firing, and the open signal's first and flagged point.
  std::array<std::int64_t, 2 * max_rules> fired_at_{};
  std::array<std::size_t, 2 * max_rules> open_first_{};
  std::array<std::size_t, 2 * max_rules> open_flag_{};

  // Shared per phase.
  std::int64_t eligible_ = 0;  // pattern-eligible points seen in this phase
  std::array<std::size_t, max_window> ring_{};
  // The block step_block is judging: its first eligible index (never outside it) and point.
  std::int64_t block_first_ = never;
  // The latest block step_block judged: its first eligible index (never: none in this phase)
  // and point.
  std::int64_t last_block_first_ = never;
  std::size_t last_block_base_ = 0;
  std::size_t block_base_ = 0;
  std::uint64_t side_up_ = 0;  // bit k: the k-th latest eligible point is above the centre
  std::uint64_t side_dn_ = 0;
  bool has_prev_ = false;
  double prev_y_ = 0.0;
  std::size_t prev_i_ = 0;
  // Runs tests.
  std::int64_t above_ = 0;
  std::int64_t below_ = 0;
  std::int64_t runs_ = 0;
  int last_side_ = 0;
  bool any_ = false;
  std::size_t first_i_ = 0;
  std::size_t last_i_ = 0;
};

template <class Emit>
void rule_engine::step(std::size_t i, double y, double cl, double sigma, double lcl, double ucl,
                       bool included, Emit&& emit) {
  if (std::isnan(y)) {
    return;
  }
  if (!included) {
    for (std::size_t r = 0; r < count_; ++r) {
      if (rules_[r].kind == rule_kind::beyond) {
        judge_beyond(r, i, y, cl, sigma, lcl, ucl, emit);
      }
    }
    return;
  }
  if (registers_) {
    step_registers(i, y, cl, sigma, lcl, ucl, emit);
    return;
  }
  step_counters(i, y, cl, sigma, lcl, ucl, emit);
}

template <class Emit>
void rule_engine::step_counters(std::size_t i, double y, double cl, double sigma, double lcl,
                                double ucl, Emit& emit) {
  const int side = sign_of(y - cl);
  const std::int64_t e = eligible_++;
  if (needs_ring_) {
    ring_[static_cast<std::size_t>(e) & (max_window - 1)] = i;
  }
  side_up_ = (side_up_ << 1U) | static_cast<std::uint64_t>(side > 0);
  side_dn_ = (side_dn_ << 1U) | static_cast<std::uint64_t>(side < 0);
  const int step_dir = has_prev_ ? sign_of(y - prev_y_) : 0;

  // Features.
  for (std::size_t k = 0; k < 2; ++k) {
    if (use_run_[k]) {
      count_side(run_[k], side, k == 1, i);
    }
    if (use_trend_[k]) {
      count_step(trend_[k], step_dir, k == 1, false, i);
    }
    if (use_alt_[k]) {
      count_step(alt_[k], step_dir, k == 1, true, i);
    }
  }
  has_prev_ = true;
  prev_y_ = y;
  prev_i_ = i;
  // Zone tests as 0/1 values combined bitwise: && and || would branch on coin tosses.
  const auto bit = [](bool b) { return static_cast<unsigned>(b); };
  std::uint32_t up_bits = 0;
  std::uint32_t dn_bits = 0;
  for (std::size_t t = 0; t < n_zones_; ++t) {
    const double half = zone_sigmas_[t] * sigma;
    const double high = cl + half;
    const double low = cl - half;
    const unsigned up = bit(y > high);
    const unsigned dn = bit(y < low);
    up_bits |= up << t;
    dn_bits |= dn << t;
    if (use_within_[t]) {
      count_band(within_[t], (bit(y >= low) & bit(y <= high)) != 0, i);  // false if sigma is NaN
    }
    if (use_beyond_[t]) {
      count_band(beyond_[t], (up | dn) != 0, i);
    }
  }
  const bool out_up = y > ucl;
  const bool out_dn = y < lcl;
  // Whether any rule could fire at this point: most points of a stable process skip the rules.
  // Bitwise ors of 0/1, not ||: each test is cheap, and short-circuits would be data-dependent
  // branches.
  unsigned maybe = (bit(limit_rules_) & (bit(out_up) | bit(out_dn))) |
                   bit(y > cl + min_beyond_sigmas_ * sigma) |
                   bit(y < cl - min_beyond_sigmas_ * sigma);
  maybe |= shift_windows(up_bits, dn_bits, out_up, out_dn);
  for (std::size_t k = 0; k < 2; ++k) {
    maybe |= bit(run_[k].len >= min_run_[k]) | bit(trend_[k].len >= min_trend_[k]) |
             bit(alt_[k].len >= min_alt_[k]);
  }
  for (std::size_t t = 0; t < n_zones_; ++t) {
    maybe |= bit(within_[t].len >= min_within_[t]) | bit(beyond_[t].len >= min_beyond_[t]);
  }
  if (maybe == 0) [[likely]] {
    count_runs(i, side);
    return;
  }

  // Rules, in the set's order.
  for (std::size_t r = 0; r < count_; ++r) {
    const rule& ru = rules_[r];
    rule_state& s = states_[r];
    const stretch* f = &run_[0];  // each pattern kind below points it at its feature
    switch (ru.kind) {
      case rule_kind::beyond:
        judge_beyond(r, i, y, cl, sigma, lcl, ucl, emit);
        continue;
      case rule_kind::run_one_side:
        f = &run_[feature_[r]];
        break;
      case rule_kind::trend:
        f = &trend_[feature_[r]];
        break;
      case rule_kind::alternating:
        f = &alt_[feature_[r]];
        break;
      case rule_kind::within_band:
        f = &within_[feature_[r]];
        break;
      case rule_kind::beyond_band:
        f = &beyond_[feature_[r]];
        break;
      case rule_kind::m_of_n_beyond:
        judge_window(r, e, i, emit);
        continue;
      case rule_kind::too_few_runs:
      case rule_kind::too_many_runs:
        continue;
    }
    // f is set by every case that reaches here; the test keeps GCC 12's -Wnull-dereference
    // quiet once emit may throw (ThreadSanitizer build).
    if (f == nullptr || !f->counted || f->len < ru.count) [[likely]] {
      continue;
    }
    const bool extends = f->len > ru.count;
    if (!extends) {
      s.flag = ru.mode == flag_mode::from_kth_point ? i : f->start;
    }
    direction d = direction::none;
    std::size_t slot = r * 2;
    if (ru.kind == rule_kind::run_one_side || ru.kind == rule_kind::trend) {
      d = f->dir > 0 ? direction::up : direction::down;
      slot += f->dir > 0 ? 1U : 0U;
    }
    emit(slot, signal{ru.id, f->start, i, s.flag, d, ru.mode}, extends);
  }

  count_runs(i, side);
}

template <class Emit>
void rule_engine::judge_window(std::size_t r, std::int64_t e, std::size_t i, Emit& emit) {
  const rule& ru = rules_[r];
  rule_state& s = states_[r];
  const window_bits& wb = windows_[feature_[r]];
  const std::int64_t n = ru.window;
  const bool whole = e + 1 >= n;
  const std::int64_t width = whole ? n : e + 1;
  const std::uint64_t mask =
      width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << static_cast<unsigned>(width)) - 1U;
  for (std::size_t k = 0; k < 2; ++k) {
    const std::uint64_t reg = k == 1 ? wb.up : wb.dn;
    if ((reg & mask) == 0 || bit_count(reg & mask) < ru.count) [[likely]] {
      continue;
    }
    if (ru.all_same_side) {
      const std::uint64_t sides = k == 1 ? side_up_ : side_dn_;
      if (!whole || (sides & mask) != mask) {
        continue;
      }
    }
    const std::int64_t start_e = e - width + 1;
    const bool extends = s.open_last[k] >= start_e;
    if (!extends) {
      s.open_first[k] = point_of(start_e);
    }
    s.open_last[k] = e;
    const direction d = k == 1 ? direction::up : direction::down;
    emit(r * 2 + k, signal{ru.id, s.open_first[k], i, s.open_first[k], d, ru.mode}, extends);
  }
}

template <class Emit>
void rule_engine::fire_streak(std::size_t r, std::size_t slot, std::int64_t e, std::size_t i,
                              direction d, Emit& emit) {
  const rule& ru = rules_[r];
  // A streak rule fires at every point of a streak from its K-th on, so the pattern goes on
  // exactly when the slot fired at the eligible point before.
  const bool extends = fired_at_[slot] == e - 1;
  fired_at_[slot] = e;
  if (!extends) {
    open_first_[slot] = point_of(e - (ru.count - 1));
    open_flag_[slot] = ru.mode == flag_mode::from_kth_point ? i : open_first_[slot];
  }
  emit(slot, signal{ru.id, open_first_[slot], i, open_flag_[slot], d, ru.mode}, extends);
}

// The register path's look at the rules in candidates (bit r, in the set's order) at eligible
// point e (point i), over the registers as they stand after it.
template <class Emit>
void rule_engine::judge_rules(std::uint32_t candidates, std::int64_t e, std::size_t i, double y,
                              double cl, double sigma, double lcl, double ucl, Emit& emit) {
  for (; candidates != 0; candidates &= candidates - 1) {
    const auto r = static_cast<std::size_t>(std::countr_zero(candidates));
    const rule& ru = rules_[r];
    switch (ru.kind) {
      case rule_kind::beyond:
        judge_beyond(r, i, y, cl, sigma, lcl, ucl, emit);
        break;
      case rule_kind::run_one_side:
      case rule_kind::trend: {
        const bool run = ru.kind == rule_kind::run_one_side;
        const std::uint64_t mask = low_bits(run ? ru.count : ru.count - 1);
        if (full(run ? side_up_ : step_up_, mask) != 0) {
          fire_streak(r, r * 2 + 1, e, i, direction::up, emit);
        } else if (full(run ? side_dn_ : step_dn_, mask) != 0) {
          fire_streak(r, r * 2, e, i, direction::down, emit);
        }
        break;
      }
      case rule_kind::alternating:
        if (full(alternates_, low_bits(ru.count - 2)) != 0) {
          fire_streak(r, r * 2, e, i, direction::none, emit);
        }
        break;
      case rule_kind::within_band:
      case rule_kind::beyond_band: {
        const std::uint64_t reg =
            ru.kind == rule_kind::within_band ? within_reg_[feature_[r]] : beyond_reg_[feature_[r]];
        if (full(reg, low_bits(ru.count)) != 0) {
          fire_streak(r, r * 2, e, i, direction::none, emit);
        }
        break;
      }
      case rule_kind::m_of_n_beyond:
        judge_window(r, e, i, emit);
        break;
      case rule_kind::too_few_runs:
      case rule_kind::too_many_runs:
        break;
    }
  }
}

// The register path of step(): each pattern is a test of the latest bits of one register (a run
// of K on one side: the K latest side bits set; a trend of K: the K - 1 latest steps one way;
// alternation over K points: the K - 2 latest steps each reversing the one before), so a point
// costs a few shifts and masks instead of a counter per stretch. Same signals as the counters.
template <class Emit>
void rule_engine::step_registers(std::size_t i, double y, double cl, double sigma, double lcl,
                                 double ucl, Emit& emit) {
  const auto bit = [](bool b) { return static_cast<unsigned>(b); };
  // The sign of y - cl by comparisons (y is a number and cl finite or NaN: then neither holds).
  const unsigned above = bit(y > cl);
  const unsigned below = bit(y < cl);
  const int side = static_cast<int>(above) - static_cast<int>(below);
  const std::int64_t e = eligible_++;
  ring_[static_cast<std::size_t>(e) & (max_window - 1)] = i;
  side_up_ = (side_up_ << 1U) | above;
  side_dn_ = (side_dn_ << 1U) | below;
  // Steps from the eligible point before (none at a phase's first point: reset() makes the point
  // before NaN, which every comparison fails).
  const unsigned up = bit(y > prev_y_);
  const unsigned down = bit(y < prev_y_);
  const unsigned reverses =
      (up & static_cast<unsigned>(step_dn_ & 1U)) | (down & static_cast<unsigned>(step_up_ & 1U));
  step_up_ = (step_up_ << 1U) | up;
  step_dn_ = (step_dn_ << 1U) | down;
  alternates_ = (alternates_ << 1U) | reverses;
  prev_y_ = y;

  // The rules that could fire here: those of every test that passes at its least demanding K
  // (a rule of larger K is tested again when judged); most points of a stable process have none.
  std::uint32_t candidates =
      when(full(side_up_, run_mask_) | full(side_dn_, run_mask_), run_rules_) |
      when(full(step_up_, trend_mask_) | full(step_dn_, trend_mask_), trend_rules_) |
      when(full(alternates_, alt_mask_), alt_rules_);
  const zone_bits zones = zones_at(y, cl, sigma);
  for (std::uint32_t bands = band_zones_; bands != 0; bands &= bands - 1) {
    const auto t = static_cast<unsigned>(std::countr_zero(bands));
    within_reg_[t] = (within_reg_[t] << 1U) | ((zones.within >> t) & 1U);
    beyond_reg_[t] = (beyond_reg_[t] << 1U) | (((zones.above | zones.below) >> t) & 1U);
    candidates |= when(full(within_reg_[t], within_mask_[t]), within_rules_[t]) |
                  when(full(beyond_reg_[t], beyond_mask_[t]), beyond_band_rules_[t]);
  }
  const bool out_up = y > ucl;
  const bool out_dn = y < lcl;
  unsigned beyond = bit(limit_rules_) & (bit(out_up) | bit(out_dn));
  if (min_beyond_sigmas_ < std::numeric_limits<double>::infinity()) {
    beyond |= bit(y > cl + min_beyond_sigmas_ * sigma) | bit(y < cl - min_beyond_sigmas_ * sigma);
  }
  candidates |= when(beyond, beyond_rules_);
  // Packed windows say only whether some window reached its count: most points, none, and the
  // rules of those that did are looked up past the test.
  std::uint64_t reached = 0;
  if (packed_windows_) {
    reached = shift_packed_windows(zones.above, zones.below, out_up, out_dn);
  } else {
    candidates |= shift_windows(zones.above, zones.below, out_up, out_dn);
  }
  if ((candidates | reached) != 0) [[unlikely]] {
    if (packed_windows_) {
      candidates |= rules_of_reached(reached);
      unpack_windows();
    }
    judge_rules(candidates, e, i, y, cl, sigma, lcl, ucl, emit);
  }
  count_runs(i, side);
}

template <class Emit>
void rule_engine::finish_phase(Emit&& emit) {
  if (!has_phase_rules_ || !any_) {
    return;
  }
  for (std::size_t r = 0; r < count_; ++r) {
    const rule& ru = rules_[r];
    if (ru.kind != rule_kind::too_few_runs && ru.kind != rule_kind::too_many_runs) {
      continue;
    }
    if (above_ + below_ < ru.count || above_ == 0 || below_ == 0) {
      continue;
    }
    const double p = ru.kind == rule_kind::too_few_runs ? runs_lower_tail(above_, below_, runs_)
                                                        : runs_upper_tail(above_, below_, runs_);
    if (p <= ru.alpha) {
      emit(r * 2, signal{ru.id, first_i_, last_i_, first_i_, direction::none, ru.mode}, false);
    }
  }
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_RULE_ENGINE_HPP
