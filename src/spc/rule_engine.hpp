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
#include <span>

#include "cmx/spc/rules.hpp"

namespace cmx::spc::detail {

// Probability that the number of runs about the centre is <= r (lower) or >= r (upper), with n1
// points above and n2 below, every arrangement equally likely (Swed & Eisenhart 1943, Ann. Math.
// Statist. 14:66-87, the exact distribution behind the IHI run-chart table of Perla, Provost &
// Murray 2011, BMJ Qual Saf 20:46-51).
double runs_lower_tail(long long n1, long long n2, long long r);
double runs_upper_tail(long long n1, long long n2, long long r);

inline int sign_of(double v) noexcept {
  return (v > 0.0) - (v < 0.0);
}

// What flagging reads of one point.
struct point_view {
  double y, cl, sigma, lcl, ucl;
  bool included;
};

// Sets `bit` in flags for the points of signal s that take part in its pattern: every counted
// point of a run or trend, the points beyond the zone of an m-of-n rule. at(i) -> point_view.
template <class At>
void flag_pattern(const rule& ru, std::uint32_t bit, const signal& s,
                  std::span<std::uint32_t> flags, At&& at) noexcept {
  const int want = static_cast<int>(s.dir);
  for (std::size_t i = s.flag_first; i <= s.last; ++i) {
    const point_view p = at(i);
    if (std::isnan(p.y)) {
      continue;
    }
    if (ru.kind == rule_kind::beyond) {
      flags[i] |= bit;
      continue;
    }
    if (!p.included) {
      continue;
    }
    const int side = sign_of(p.y - p.cl);
    bool takes_part = true;
    switch (ru.kind) {
      case rule_kind::run_one_side:
        takes_part = side == want;
        break;
      case rule_kind::too_few_runs:
      case rule_kind::too_many_runs:
        takes_part = side != 0;
        break;
      case rule_kind::m_of_n_beyond:
        if (want > 0) {
          takes_part =
              p.y > p.cl + ru.sigmas * p.sigma && (ru.count_beyond_limits || !(p.y > p.ucl));
        } else {
          takes_part =
              p.y < p.cl - ru.sigmas * p.sigma && (ru.count_beyond_limits || !(p.y < p.lcl));
        }
        break;
      default:
        break;
    }
    if (takes_part) {
      flags[i] |= bit;
    }
  }
}

// flag_pattern over a rule_input (s valid for it; no checks).
void flag_signal(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                 std::span<std::uint32_t> flags) noexcept;

// flag_pattern over values with constant centre, sigma and limits (every point included).
inline void flag_constant(const rule& ru, std::uint32_t bit, std::span<const double> y, double cl,
                          double sigma, double lcl, double ucl, const signal& s,
                          std::span<std::uint32_t> flags) noexcept {
  flag_pattern(ru, bit, s, flags,
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

class rule_engine {
 public:
  explicit rule_engine(const rule_set& rules);

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] bool has_phase_rules() const noexcept { return has_phase_rules_; }
  [[nodiscard]] const rule& at(std::size_t r) const noexcept { return rules_[r]; }

  // Starts a new phase: every pattern starts afresh.
  void reset() noexcept;

  // Feeds point i. For each signal the point completes, calls emit(slot, signal, extends):
  // `slot` identifies an open pattern (rule index * 2 + direction bit); extends = true when the
  // signal continues the one last emitted on that slot (same first point, later last point).
  template <class Emit>
  void step(std::size_t i, double y, double cl, double sigma, double lcl, double ucl, bool included,
            Emit&& emit) noexcept;

  // At the end of a phase: the whole-phase rules (runs tests).
  template <class Emit>
  void finish_phase(Emit&& emit) noexcept;

 private:
  struct state {
    std::int64_t len = 0;
    int dir = 0;
    std::size_t start = 0;
    std::size_t flag = 0;  // first flagged point of the open pattern
    std::uint64_t reg_up = 0;
    std::uint64_t reg_dn = 0;
    std::int64_t open_last[2] = {-1, -1};  // m_of_n: eligible index of the open signal's end
    std::size_t open_first[2] = {0, 0};    // m_of_n: first point of the open signal
  };

  std::array<rule, max_rules> rules_{};
  std::array<zone, max_rules> zones_{};
  std::array<state, max_rules> states_{};
  std::size_t count_ = 0;
  bool has_phase_rules_ = false;
  bool needs_ring_ = false;

  // Shared per phase.
  std::int64_t eligible_ = 0;  // pattern-eligible points seen in this phase
  std::array<std::size_t, max_window> ring_{};
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
                       bool included, Emit&& emit) noexcept {
  if (std::isnan(y)) {
    return;
  }
  const int side = sign_of(y - cl);
  if (!included) {
    for (std::size_t r = 0; r < count_; ++r) {
      if (rules_[r].kind == rule_kind::beyond) {
        const zone& z = zones_[r];
        const bool up = z.above(y, cl, sigma, ucl);
        if (up || z.below(y, cl, sigma, lcl)) {
          const direction d = up ? direction::up : direction::down;
          emit(r * 2, signal{rules_[r].id, i, i, i, d, rules_[r].mode}, false);
        }
      }
    }
    return;
  }
  const std::int64_t e = eligible_++;
  if (needs_ring_) {
    ring_[static_cast<std::size_t>(e) & (max_window - 1)] = i;
  }
  side_up_ = (side_up_ << 1U) | static_cast<std::uint64_t>(side > 0);
  side_dn_ = (side_dn_ << 1U) | static_cast<std::uint64_t>(side < 0);
  const int step_dir = has_prev_ ? sign_of(y - prev_y_) : 0;

  for (std::size_t r = 0; r < count_; ++r) {
    const rule& ru = rules_[r];
    state& s = states_[r];
    switch (ru.kind) {
      case rule_kind::beyond: {
        const zone& z = zones_[r];
        const bool up = z.above(y, cl, sigma, ucl);
        if (up || z.below(y, cl, sigma, lcl)) {
          const direction d = up ? direction::up : direction::down;
          emit(r * 2, signal{ru.id, i, i, i, d, ru.mode}, false);
        }
        break;
      }
      case rule_kind::run_one_side: {
        if (side == 0) {
          if (ru.ties == tie_policy::breaks) {
            s.len = 0;
            s.dir = 0;
          }
          break;
        }
        if (side == s.dir) {
          ++s.len;
        } else {
          s.dir = side;
          s.len = 1;
          s.start = i;
        }
        if (s.len >= ru.count) {
          const bool extends = s.len > ru.count;
          if (!extends) {
            s.flag = ru.mode == flag_mode::from_kth_point ? i : s.start;
          }
          const direction d = side > 0 ? direction::up : direction::down;
          emit(r * 2 + (side > 0 ? 1U : 0U), signal{ru.id, s.start, i, s.flag, d, ru.mode},
               extends);
        }
        break;
      }
      case rule_kind::trend:
      case rule_kind::alternating: {
        if (!has_prev_) {
          s.len = 1;
          s.dir = 0;
          s.start = i;
          break;
        }
        if (step_dir == 0) {
          if (ru.ties == tie_policy::breaks) {
            s.len = 1;
            s.dir = 0;
            s.start = i;
          }
          break;
        }
        const bool continues =
            ru.kind == rule_kind::trend ? step_dir == s.dir : (s.dir != 0 && step_dir == -s.dir);
        if (continues) {
          ++s.len;
        } else {
          s.len = 2;
          s.start = prev_i_;
        }
        s.dir = step_dir;
        if (s.len >= ru.count) {
          const bool extends = s.len > ru.count;
          if (!extends) {
            s.flag = ru.mode == flag_mode::from_kth_point ? i : s.start;
          }
          direction d = direction::none;
          std::size_t slot = r * 2;
          if (ru.kind == rule_kind::trend) {
            d = step_dir > 0 ? direction::up : direction::down;
            slot += step_dir > 0 ? 1U : 0U;
          }
          emit(slot, signal{ru.id, s.start, i, s.flag, d, ru.mode}, extends);
        }
        break;
      }
      case rule_kind::within_band:
      case rule_kind::beyond_band: {
        const double half = ru.sigmas * sigma;
        const bool beyond = y > cl + half || y < cl - half;
        const bool within = y >= cl - half && y <= cl + half;
        const bool counts = ru.kind == rule_kind::within_band ? within : beyond;
        if (!counts) {
          s.len = 0;
          break;
        }
        if (s.len == 0) {
          s.start = i;
        }
        ++s.len;
        if (s.len >= ru.count) {
          const bool extends = s.len > ru.count;
          if (!extends) {
            s.flag = ru.mode == flag_mode::from_kth_point ? i : s.start;
          }
          emit(r * 2, signal{ru.id, s.start, i, s.flag, direction::none, ru.mode}, extends);
        }
        break;
      }
      case rule_kind::m_of_n_beyond: {
        bool up = y > cl + ru.sigmas * sigma;
        bool dn = y < cl - ru.sigmas * sigma;
        if (!ru.count_beyond_limits) {  // only points inside the chart's own limits count
          up = up && !(y > ucl);
          dn = dn && !(y < lcl);
        }
        s.reg_up = (s.reg_up << 1U) | static_cast<std::uint64_t>(up);
        s.reg_dn = (s.reg_dn << 1U) | static_cast<std::uint64_t>(dn);
        const std::int64_t n = ru.window;
        const bool full = e + 1 >= n;
        const std::int64_t width = full ? n : e + 1;
        const std::uint64_t mask = width >= 64
                                       ? ~std::uint64_t{0}
                                       : (std::uint64_t{1} << static_cast<unsigned>(width)) - 1U;
        for (int k = 0; k < 2; ++k) {
          const std::uint64_t reg = k == 1 ? s.reg_up : s.reg_dn;
          if (std::popcount(reg & mask) < ru.count) {
            continue;
          }
          if (ru.all_same_side) {
            const std::uint64_t sides = k == 1 ? side_up_ : side_dn_;
            if (!full || (sides & mask) != mask) {
              continue;
            }
          }
          const std::int64_t start_e = e - width + 1;
          const bool extends = s.open_last[k] >= start_e;
          if (!extends) {
            s.open_first[k] = ring_[static_cast<std::size_t>(start_e) & (max_window - 1)];
          }
          const std::size_t first = s.open_first[k];
          s.open_last[k] = e;
          const direction d = k == 1 ? direction::up : direction::down;
          emit(r * 2 + static_cast<std::size_t>(k), signal{ru.id, first, i, first, d, ru.mode},
               extends);
        }
        break;
      }
      case rule_kind::too_few_runs:
      case rule_kind::too_many_runs:
        break;
    }
  }

  // Runs about the centre, for the whole-phase tests.
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
  has_prev_ = true;
  prev_y_ = y;
  prev_i_ = i;
}

template <class Emit>
void rule_engine::finish_phase(Emit&& emit) noexcept {
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
