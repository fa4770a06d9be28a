// A block's signals from masks (rule_engine::judge_block_by_masks). Where the 64 points before
// the block were a block of the same phase too, every point of both maps to its eligible index
// by one offset, and each rule's firings over the block are one mask: a streak of K is
// streaks_ending at K, an m-of-n window counts_reaching at the rule's own M and N. A signal is
// then a run of firings (consecutive for a streak, each within the window of the one before for
// an m-of-n rule), reported once with its last firing in the block, and the points its pattern
// flags are the firings smeared back over the pattern's length (and, for an m-of-n rule, those
// of them in its zone). So a block costs a few dozen mask operations per rule instead of a look
// at every point some test lets through, with the signals, order and flags of 64 calls of step
// (tests/unit/spc/test_rule_engine_paths.cpp compares them). Only for sets whose beyond rules
// judge the chart's limits and whose ids differ (a signal flags the pattern of the first rule
// with its id: rule_engine::masks_).
#ifndef CMX_SRC_SPC_RULE_BLOCK_MASKS_HPP
#define CMX_SRC_SPC_RULE_BLOCK_MASKS_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

#include "bits.hpp"
#include "rule_blocks.hpp"
#include "rule_engine.hpp"

namespace cmx::spc::detail {

// The 128 points of the block before (older) and of the block, bit 63 - j for point j of each.
struct two_blocks {
  std::uint64_t older = 0;
  std::uint64_t newer = 0;
};

// Every set bit of `newer` and the `reach` points before it (reach <= 63): the points of the
// patterns that end at those bits.
inline two_blocks smeared_older(std::uint64_t newer, int reach) noexcept {
  two_blocks v{0, newer};
  int covered = 0;  // v holds every shift 0..covered
  while (covered < reach) {
    const auto by = static_cast<unsigned>(std::min(covered + 1, reach - covered));
    v.older |= (v.older << by) | (v.newer >> (64U - by));
    v.newer |= v.newer << by;
    covered += static_cast<int>(by);
  }
  return v;
}

// Bit p: some bit of m among the `reach` points before the point of bit p (reach <= 63).
inline std::uint64_t followed_within(std::uint64_t m, int reach) noexcept {
  if (reach <= 0) {
    return 0;
  }
  std::uint64_t v = m >> 1U;
  int covered = 1;  // v holds every shift 1..covered
  while (covered < reach) {
    const auto by = static_cast<unsigned>(std::min(covered, reach - covered));
    v |= v >> by;
    covered += static_cast<int>(by);
  }
  return v;
}

// The `count` oldest points of a block (count may be <= 0 or >= 64), without a branch on it.
inline std::uint64_t first_points(std::int64_t count) noexcept {
  const auto c = static_cast<unsigned>(std::clamp<std::int64_t>(count, 0, 64));
  const std::uint64_t some = ~(~std::uint64_t{0} >> (c & 63U));  // c = 64 reads as 0 here
  return c == 64 ? ~std::uint64_t{0} : some;
}

// The positions of the lowest (latest) and highest (oldest) set bits (m != 0).
inline unsigned latest_bit(std::uint64_t m) noexcept {
  return static_cast<unsigned>(std::countr_zero(m));
}
inline unsigned oldest_bit(std::uint64_t m) noexcept {
  return 63U - static_cast<unsigned>(std::countl_zero(m));
}

// The points before (above) bit b, and those from bit b on (at or below).
inline std::uint64_t before_bit(unsigned b) noexcept {
  return b == 63U ? 0 : ~std::uint64_t{0} << (b + 1U);
}
inline std::uint64_t from_bit(unsigned b) noexcept {
  return ~before_bit(b);
}

template <class Emit>
void rule_engine::judge_block_by_masks(std::size_t base, const block_registers& m,
                                       std::uint64_t alternates, const window_masks& window_up,
                                       const window_masks& window_dn, Emit& emit,
                                       block_flags& flags) {
  const std::int64_t e0 = eligible_;
  const auto point_at = [base](unsigned bit) { return base + 63U - bit; };
  const auto eligible_at = [e0](unsigned bit) { return e0 + 63 - static_cast<std::int64_t>(bit); };
  // Per slot: its firings, those that open a signal, and the latest firing of those that go on
  // a signal open before the block (set for the slots of opening_slots and extending_slots).
  // Uninitialized: only the slots of those two masks are read.
  std::array<std::uint64_t, 2 * max_rules> fires;   // NOLINT(*-member-init)
  std::array<std::uint64_t, 2 * max_rules> opens;   // NOLINT(*-member-init)
  std::array<unsigned, 2 * max_rules> extended_to;  // NOLINT(*-member-init)
  std::uint64_t opening_slots = 0;                  // bit slot: the slot opens a signal
  std::uint64_t extending_slots = 0;                // bit slot: it goes on an open signal
  std::uint64_t any_open = 0;
  // The firings of the m-of-n rules so far, by window register, width and count: the built-in
  // sets repeat their two windows (2 of 3 beyond 2 sigma, 4 of 5 beyond 1 sigma) in each set.
  struct window_firings {
    std::size_t w;
    int width, count;
    std::uint64_t up, down;
  };
  std::array<window_firings, max_rules> windows_seen;  // NOLINT(*-member-init): n_windows_seen
  std::size_t n_windows_seen = 0;
  flags.rules = 0;
  for (std::size_t r = 0; r < count_; ++r) {
    const rule& ru = rules_[r];
    const std::size_t slot = 2 * r;
    std::uint64_t down = 0;  // and the firings of a rule without direction
    std::uint64_t up = 0;
    int reach = 0;  // points of the pattern before its firing point
    switch (ru.kind) {
      case rule_kind::beyond:  // at the chart's limits (masks_)
        down = m.out_up | m.out_dn;
        break;
      case rule_kind::run_one_side:
        up = streaks_ending(m.above, side_up_, ru.count);
        down = streaks_ending(m.below, side_dn_, ru.count);
        reach = ru.count - 1;
        break;
      case rule_kind::trend:
        up = streaks_ending(m.step_up, step_up_, ru.count - 1);
        down = streaks_ending(m.step_dn, step_dn_, ru.count - 1);
        reach = ru.count - 1;
        break;
      case rule_kind::alternating:
        down = streaks_ending(alternates, alternates_, ru.count - 2);
        reach = ru.count - 1;
        break;
      case rule_kind::within_band:
        down = streaks_ending(m.zone_within[feature_[r]], within_reg_[feature_[r]], ru.count);
        reach = ru.count - 1;
        break;
      case rule_kind::beyond_band: {
        const std::size_t t = feature_[r];
        down = streaks_ending(m.zone_up[t] | m.zone_dn[t], beyond_reg_[t], ru.count);
        reach = ru.count - 1;
        break;
      }
      case rule_kind::m_of_n_beyond: {
        const std::size_t w = feature_[r];
        std::size_t seen = 0;
        while (seen < n_windows_seen &&
               !(windows_seen[seen].w == w && windows_seen[seen].width == ru.window &&
                 windows_seen[seen].count == ru.count)) {
          ++seen;
        }
        if (seen == n_windows_seen) {
          const auto width = static_cast<unsigned>(ru.window);
          windows_seen[n_windows_seen++] =
              window_firings{w, ru.window, ru.count,
                             counts_reaching(window_up[w], windows_[w].up, width, ru.count),
                             counts_reaching(window_dn[w], windows_[w].dn, width, ru.count)};
        }
        up = windows_seen[seen].up;
        down = windows_seen[seen].down;
        if (ru.all_same_side) {
          up &= streaks_ending(m.above, side_up_, ru.window);
          down &= streaks_ending(m.below, side_dn_, ru.window);
        }
        reach = ru.window - 1;
        break;
      }
      case rule_kind::too_few_runs:  // not on this path (steps_blocks)
      case rule_kind::too_many_runs:
        break;
    }
    if ((down | up) == 0) {
      continue;
    }
    // The firings that open a signal, and the points the rule flags.
    const bool window = ru.kind == rule_kind::m_of_n_beyond;
    two_blocks flagged{};
    for (std::size_t k = 0; k < 2; ++k) {
      const std::uint64_t f = k == 0 ? down : up;
      fires[slot + k] = f;
      if (f == 0) {
        continue;
      }
      std::uint64_t continues = 0;  // firings that go on a signal already open
      std::int64_t& latest = window ? states_[r].open_last[k] : fired_at_[slot + k];
      if (window) {
        // A firing goes on the signal whose last firing lies within the window before it
        // (open_last is -1 before any, which reaches no point of the block: e0 >= 64 > reach).
        const std::size_t w = feature_[r];
        continues = followed_within(f, reach) | first_points(latest + reach + 1 - e0);
        const two_blocks reached = smeared_older(f, reach);
        flagged.older |= reached.older & (k == 1 ? windows_[w].up : windows_[w].dn);
        flagged.newer |= reached.newer & (k == 1 ? window_up[w] : window_dn[w]);
      } else if (ru.kind != rule_kind::beyond) {
        // A streak goes on while it fires at consecutive points.
        continues = (f >> 1U) | first_points(latest == e0 - 1 ? 1 : 0);
        const two_blocks reached =
            ru.mode == flag_mode::from_kth_point ? two_blocks{0, f} : smeared_older(f, reach);
        flagged.older |= reached.older;
        flagged.newer |= reached.newer;
      } else {
        flagged.newer |= f;
      }
      const std::uint64_t opening = f & ~continues;
      opens[slot + k] = opening;
      any_open |= opening;
      opening_slots |= static_cast<std::uint64_t>(opening != 0) << (slot + k);
      // Firings before the first opening go on the signal open before the block.
      const std::uint64_t going_on = f & first_points(std::countl_zero(opening));
      extending_slots |= static_cast<std::uint64_t>(going_on != 0) << (slot + k);
      extended_to[slot + k] = latest_bit(going_on);
      // The latest firing, for the blocks and points after this one.
      latest = eligible_at(latest_bit(f));
    }
    flags.older[r] = flagged.older;
    flags.newer[r] = flagged.newer;
    flags.rules |= std::uint32_t{1} << r;
  }

  // Signals open before the block that go on in it (none is new, so their order is free).
  for (std::uint64_t going_on = extending_slots; going_on != 0; going_on &= going_on - 1) {
    const auto slot = static_cast<std::size_t>(std::countr_zero(going_on));
    const std::size_t r = slot / 2;
    const std::size_t k = slot % 2;
    const rule& ru = rules_[r];
    const bool window = ru.kind == rule_kind::m_of_n_beyond;
    const std::size_t first = window ? states_[r].open_first[k] : open_first_[slot];
    const std::size_t flag = window ? first : open_flag_[slot];
    emit(slot,
         signal{ru.id, first, point_at(extended_to[slot]), flag, signal_direction(ru.kind, k),
                ru.mode},
         true, true);
  }

  // New signals in the order 64 calls of step report them: by point, then by slot. The slots
  // opening at each point are gathered first (slots_at, one word per point that opens any), so
  // that each new signal costs the same few steps, where testing every opening slot at every
  // opening point mispredicted about as often as it found one.
  std::array<std::uint64_t, 64> slots_at;  // NOLINT(*-member-init): the bits of any_open set
  for (std::uint64_t points = any_open; points != 0; points &= points - 1) {
    slots_at[latest_bit(points)] = 0;
  }
  for (std::uint64_t slots = opening_slots; slots != 0; slots &= slots - 1) {
    const auto slot = static_cast<unsigned>(std::countr_zero(slots));
    for (std::uint64_t points = opens[slot]; points != 0; points &= points - 1) {
      slots_at[latest_bit(points)] |= std::uint64_t{1} << slot;
    }
  }
  while (any_open != 0) {
    const unsigned bit = oldest_bit(any_open);
    const std::uint64_t at = std::uint64_t{1} << bit;
    any_open &= ~at;
    for (std::uint64_t slots = slots_at[bit]; slots != 0; slots &= slots - 1) {
      const auto slot = static_cast<std::size_t>(std::countr_zero(slots));
      const std::size_t r = slot / 2;
      const std::size_t k = slot % 2;
      const rule& ru = rules_[r];
      const std::size_t i = point_at(bit);
      // The signal's last firing in the block: the latest before the slot's next opening.
      const std::uint64_t later_opens = opens[slot] & (at - 1U);
      std::uint64_t own = fires[slot] & from_bit(bit);
      if (later_opens != 0) {
        own &= before_bit(oldest_bit(later_opens));
      }
      const std::size_t last = point_at(latest_bit(own));
      if (ru.kind == rule_kind::beyond) {
        const direction d = (m.out_up & at) != 0 ? direction::up : direction::down;
        emit(slot, signal{ru.id, i, i, i, d, ru.mode}, false, true);
        continue;
      }
      const direction d = signal_direction(ru.kind, k);
      if (ru.kind == rule_kind::m_of_n_beyond) {
        const std::size_t first = i - static_cast<std::size_t>(ru.window - 1);
        states_[r].open_first[k] = first;
        emit(slot, signal{ru.id, first, last, first, d, ru.mode}, false, true);
        continue;
      }
      const std::size_t first = i - static_cast<std::size_t>(ru.count - 1);
      open_first_[slot] = first;
      open_flag_[slot] = ru.mode == flag_mode::from_kth_point ? i : first;
      emit(slot, signal{ru.id, first, last, open_flag_[slot], d, ru.mode}, false, true);
    }
  }
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_RULE_BLOCK_MASKS_HPP
