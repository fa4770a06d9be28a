// Rule sets as data: each rule is a small value (its kind and editable thresholds); a rule_set is
// a list of them. evaluate() runs every rule of a set over a rule_input in one pass.
#ifndef CMX_SPC_RULES_HPP
#define CMX_SPC_RULES_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/spc/signal.hpp"

namespace cmx::spc {

// The pattern a rule looks for. Windows and runs never span two phases (rule_input::part).
// Missing points (y NaN) are skipped by every rule; excluded points (included == 0) are skipped
// by every pattern rule but still judged by the single-point rule `beyond`.
enum class rule_kind : std::uint8_t {
  beyond,         // one point beyond `sigmas` (3: the chart's own lcl/ucl, else cl +- sigmas*sigma)
  run_one_side,   // `count` points in a row strictly on one side of the centre line
  trend,          // `count` points in a row, each strictly above (below) the one before
  alternating,    // `count` points in a row alternating up and down
  m_of_n_beyond,  // `count` of `window` points in a row beyond `sigmas`, on the same side
  within_band,    // `count` points in a row within `sigmas` of the centre line (either side)
  beyond_band,    // `count` points in a row beyond `sigmas` of the centre line (either side)
  too_few_runs,   // whole phase: fewer runs about the centre than chance allows (P <= alpha)
  too_many_runs,  // whole phase: more runs than chance allows (P <= alpha)
};

// What a point exactly on the centre line (runs), or equal to its predecessor (trends), does.
enum class tie_policy : std::uint8_t { breaks = 0, skips = 1 };

struct rule {
  rule_id id = rule_id::beyond_limits;
  rule_kind kind = rule_kind::beyond;
  int count = 1;        // K: run or trend length; M of m_of_n; minimum useful points of runs tests
  int window = 1;       // N of m_of_n (1..64)
  double sigmas = 3.0;  // zone boundary in sigmas (beyond, m_of_n_beyond, within/beyond_band)
  tie_policy ties = tie_policy::breaks;
  bool all_same_side = false;       // m_of_n: all `window` points strictly on one side (MDC)
  bool count_beyond_limits = true;  // m_of_n: points beyond the 3-sigma limits count too
  flag_mode mode = flag_mode::whole_pattern;
  double alpha = 0.05;  // runs tests: one-tailed probability
};

// A named list of at most 32 rules (a point's flags are a 32-bit mask, bit r = rules[r]).
struct rule_set {
  std::string name;
  std::vector<rule> rules;

  // The rule with this id, or nullptr (for editing thresholds).
  [[nodiscard]] rule* find(rule_id id) noexcept;
  [[nodiscard]] const rule* find(rule_id id) const noexcept;
};

// The maximum number of rules in one set and the longest m_of_n window.
inline constexpr std::size_t max_rules = 32;
inline constexpr int max_window = 64;

// The 1986 two-of-three rule of NHS Making Data Count changed in November 2023: before, only
// points between 2 sigma and the process limits counted; since, every point beyond 2 sigma
// counts (both require all three points on the same side of the mean). Source: M. Callus (NHS
// England MDC team), NHSRplotthedots issue #194, 2023-11-06. NHSRplotthedots 0.2.2 uses the
// earlier form.
enum class mdc_two_of_three : std::uint8_t { pre_2023 = 0, post_2023 = 1 };

// Built-in sets (each documented with its source in rules.cpp).
[[nodiscard]] rule_set ihi_rules();
[[nodiscard]] rule_set western_electric_rules();
[[nodiscard]] rule_set nelson_rules();
[[nodiscard]] rule_set mdc_rules(mdc_two_of_three form = mdc_two_of_three::post_2023);
[[nodiscard]] rule_set qcc_run_rules();

// A built-in set by name: "ihi", "western_electric" (or "we"), "nelson", "mdc",
// "mdc_pre2023", "qcc". A comma-separated list concatenates sets ("western_electric,nelson").
// Unknown names throw cmx::error (not_found) naming the name.
[[nodiscard]] rule_set rule_set_by_name(std::string_view names);
// The names rule_set_by_name accepts (without aliases).
[[nodiscard]] std::vector<std::string_view> rule_set_names();
// A short stable name of a rule id ("western_electric_2", "mdc_shift"...).
[[nodiscard]] const char* to_string(rule_id id) noexcept;

// Throws cmx::error (invalid_argument, field "rules[i].<name>") if a threshold is out of its
// domain or the set has more than max_rules rules.
void validate(const rule_set& rules);

// How an evaluation runs; the signals and flags are the same whatever it says.
struct evaluate_options {
  // Threads for one series: 0 means one per hardware thread. A series of at least 2^18 points
  // under a set without whole-phase rules (every built-in set but IHI's) is split into
  // stretches of at least 2^17 points, each on its own thread; shorter series, and any series
  // with threads = 1, run on the calling thread.
  unsigned threads = 0;
};

// Every signal of every rule, ordered by the point that completed it (then by rule order).
// A pattern longer than its minimum is one signal (first..last covering all of it).
[[nodiscard]] std::vector<signal> evaluate(const rule_set& rules, const rule_input& input,
                                           const evaluate_options& options = {});

// Signals plus, per point, a mask of the rules (bit r = rules.rules[r]) that flag it.
struct evaluation {
  std::vector<signal> signals;
  std::vector<std::uint32_t> flags;
  // Scratch kept for reuse by evaluate_into (no meaning): the signals of each stretch but the
  // first of a series split over threads, so that evaluating into the same result again does
  // not allocate (and fault in) them afresh.
  std::vector<std::vector<signal>> stretch_workspace;
};
[[nodiscard]] evaluation evaluate_with_flags(const rule_set& rules, const rule_input& input,
                                             const evaluate_options& options = {});
// The same, reusing out's buffers (no allocation when they are large enough, but for a series
// split over several threads, which starts its threads and allocates their bookkeeping; the
// stretches' signals reuse out.stretch_workspace).
void evaluate_into(const rule_set& rules, const rule_input& input, evaluation& out,
                   const evaluate_options& options = {});

// The per-point mask of an already computed list of signals.
void flag_points(const rule_set& rules, const rule_input& input, std::span<const signal> signals,
                 std::span<std::uint32_t> flags);

}  // namespace cmx::spc

#endif  // CMX_SPC_RULES_HPP
