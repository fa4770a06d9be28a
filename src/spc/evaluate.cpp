// The batch evaluation of a rule set over a chart's points: one pass of the rule engine, or, for
// a long series, stretches of that pass on several threads, joined into exactly the signals and
// flags of one pass.
#include "cmx/spc/rules.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "cmx/error.hpp"
#include "core/text.hpp"
#include "spc/columns.hpp"
#include "spc/evaluate_stretches.hpp"
#include "spc/masked_flags.hpp"
#include "spc/recent_flags.hpp"
#include "spc/rows_avx512.hpp"
#include "spc/rule_block_masks.hpp"
#include "spc/rule_blocks.hpp"
#include "spc/rule_engine.hpp"
#include "spc/split_work.hpp"

namespace cmx::spc {

namespace {

void check_span(std::size_t size, std::size_t expected, const char* field) {
  if (size != 0 && size != expected) {
    throw error(
        status::invalid_argument,
        "has " + std::to_string(size) + " values for " + std::to_string(expected) + " points",
        location{"rule_input", 0, 0, field});
  }
}

// A piecewise line's pieces must start at point 0 and at increasing points inside the line; a
// line of points has one per point (a piecewise line of no pieces reads as one of no points).
void check_pieces(const line_view& line, const char* field) {
  if (line.per_point() && line.points().size() != line.size()) {
    throw error(status::invalid_argument,
                "has " + std::to_string(line.points().size()) + " values (or no pieces) for " +
                    std::to_string(line.size()) + " points",
                location{"rule_input", 0, 0, field});
  }
  const auto pieces = line.pieces();
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const bool ordered = k == 0 ? pieces[k].first == 0 : pieces[k].first > pieces[k - 1].first;
    if (!ordered || pieces[k].first >= line.size()) {
      throw error(status::invalid_argument,
                  "piece " + std::to_string(k + 1) + " starts at point " +
                      std::to_string(pieces[k].first) +
                      ": pieces must start at point 0, then at increasing points below " +
                      std::to_string(line.size()),
                  location{"rule_input", 0, 0, field});
    }
  }
}

// A centre must be finite (NaN: none at this point): an infinite one puts every point on one
// side. A sigma must be finite and not negative (NaN: none): an infinite or negative one turns
// the zones into nonsense.
// (Written as plain comparisons, false for NaN, so that a block's test vectorizes.)
bool centre_fits(double v) noexcept {
  return std::abs(v) != std::numeric_limits<double>::infinity();
}
bool sigma_fits(double v) noexcept {
  return !(v < 0.0 || v > std::numeric_limits<double>::max());
}

// A limit may be infinite on its own side (no limit there), never on the other: an lcl of +inf
// (a ucl of -inf) would put every point beyond it.
bool lower_limit_fits(double v) noexcept {
  return v != std::numeric_limits<double>::infinity();
}
bool upper_limit_fits(double v) noexcept {
  return v != -std::numeric_limits<double>::infinity();
}

constexpr const char* centre_rule = "a centre line must be finite (or NaN: none at this point)";
constexpr const char* sigma_rule =
    "a sigma must be finite and not negative (or NaN: none at this point)";
constexpr const char* lower_limit_rule =
    "a lower limit must be finite or -inf (-inf or NaN: no lower limit at this point)";
constexpr const char* upper_limit_rule =
    "an upper limit must be finite or +inf (+inf or NaN: no upper limit at this point)";

[[noreturn]] void refuse_line_value(const char* field, const char* rule, std::size_t point,
                                    double value) {
  throw error(status::bad_input,
              std::string(field) + " is " + cmx::detail::general_text(value, 6) + " at point " +
                  std::to_string(point + 1) + ": " + rule,
              location{"rule_input", static_cast<std::int64_t>(point + 1), 0, field});
}

// The pieces of a piecewise line, one test each; a line of points is checked point by point as
// the pass reads it (block_lines::plain and the per-point path of run_stretch), so that the
// check costs no pass of its own.
template <class Fits>
void check_piece_values(const line_view& line, const char* field, const char* rule, Fits fits) {
  for (const line_piece& piece : line.pieces()) {
    if (!fits(piece.value)) {
      refuse_line_value(field, rule, piece.first, piece.value);
    }
  }
}

// Checks the spans and lines of a rule_input (y, and lines of points, are checked point by
// point as they are read).
void check_input(const rule_input& in) {
  const std::size_t n = in.y.size();
  if (in.cl.size() != n) {
    throw error(
        status::invalid_argument,
        "has " + std::to_string(in.cl.size()) + " values for " + std::to_string(n) + " points",
        location{"rule_input", 0, 0, "cl"});
  }
  check_span(in.sigma.size(), n, "sigma");
  check_span(in.lcl.size(), n, "lcl");
  check_span(in.ucl.size(), n, "ucl");
  if (in.lcl.empty() != in.ucl.empty()) {  // one limit alone would be ignored
    throw error(status::invalid_argument, "lcl and ucl are given together or not at all",
                location{"rule_input", 0, 0, in.lcl.empty() ? "lcl" : "ucl"});
  }
  check_span(in.part.size(), n, "part");
  check_span(in.included.size(), n, "included");
  check_pieces(in.cl, "cl");
  check_pieces(in.sigma, "sigma");
  check_pieces(in.lcl, "lcl");
  check_pieces(in.ucl, "ucl");
  check_piece_values(in.cl, "cl", centre_rule, centre_fits);
  check_piece_values(in.sigma, "sigma", sigma_rule, sigma_fits);
  check_piece_values(in.lcl, "lcl", lower_limit_rule, lower_limit_fits);
  check_piece_values(in.ucl, "ucl", upper_limit_rule, upper_limit_fits);
}

double at_or_nan(const line_view& v, std::size_t i) noexcept {
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : v[i];
}

// Whether the 64 points from i can go through the engine as one block, and its lines there.
// Plain points are finite (none missing: the per-point path names an infinite one), included,
// in phase `part`, and each line is one value over the block or given per point.
class block_lines {
 public:
  block_lines(const rule_input& input, bool has_sigma, bool has_limits)
      : input_(input), has_sigma_(has_sigma), has_limits_(has_limits) {}

  bool plain(std::size_t i, std::int32_t part) {
    const std::size_t last = i + detail::block_points - 1;
    unsigned bad = 0;
    if (wide_) {  // eight values at a time (rows_avx512.hpp)
      bad = static_cast<unsigned>(!detail::finite_block_avx512(input_.y.data() + i));
    } else {
      for (std::size_t j = i; j <= last; ++j) {
        bad |=
            static_cast<unsigned>(!(std::abs(input_.y[j]) <= std::numeric_limits<double>::max()));
      }
    }
    if (!input_.included.empty()) {
      for (std::size_t j = i; j <= last; ++j) {
        bad |= static_cast<unsigned>(input_.included[j] == 0);
      }
    }
    if (!input_.part.empty()) {
      for (std::size_t j = i; j <= last; ++j) {
        bad |= static_cast<unsigned>(input_.part[j] != part);
      }
    }
    return bad == 0 && over(input_.cl, piece_[0], i, true, cl_) &&
           over(input_.sigma, piece_[1], i, has_sigma_, sigma_) &&
           over(input_.lcl, piece_[2], i, has_limits_, lcl_) &&
           over(input_.ucl, piece_[3], i, has_limits_, ucl_) && points_fit(cl_, centre_fits) &&
           points_fit(sigma_, sigma_fits) && points_fit(lcl_, lower_limit_fits) &&
           points_fit(ucl_, upper_limit_fits);
  }
  // The lines over the block plain() last accepted.
  [[nodiscard]] const detail::block_line& cl() const noexcept { return cl_; }
  [[nodiscard]] const detail::block_line& sigma() const noexcept { return sigma_; }
  [[nodiscard]] const detail::block_line& lcl() const noexcept { return lcl_; }
  [[nodiscard]] const detail::block_line& ucl() const noexcept { return ucl_; }

 private:
  // Whether a line of points has only values `fits` accepts over the block (pieces were checked
  // up front); if not, the per-point path names the first that does not.
  template <class Fits>
  static bool points_fit(const detail::block_line& line, Fits fits) {
    if (line.points == nullptr) {
      return true;
    }
    unsigned bad = 0;
    for (std::size_t j = 0; j < detail::block_points; ++j) {
      bad |= static_cast<unsigned>(!fits(line.points[j]));
    }
    return bad == 0;
  }
  // The line over points i..i+63: its own values, or one piece's value (false: a piece starts
  // inside). `piece` follows the blocks forward.
  static bool over(const line_view& line, std::size_t& piece, std::size_t i, bool given,
                   detail::block_line& out) {
    if (!given) {
      out = detail::block_line{nullptr, std::numeric_limits<double>::quiet_NaN()};
      return true;
    }
    if (line.per_point()) {
      out = detail::block_line{line.points().data() + i, 0.0};
      return true;
    }
    const auto pieces = line.pieces();
    while (piece + 1 < pieces.size() && pieces[piece + 1].first <= i) {
      ++piece;
    }
    if (piece + 1 < pieces.size() && pieces[piece + 1].first < i + detail::block_points) {
      return false;
    }
    out = detail::block_line{nullptr, pieces[piece].value};
    return true;
  }

  const rule_input& input_;
  bool has_sigma_;
  bool has_limits_;
  bool wide_ = detail::cpu_has_avx512f();
  std::array<std::size_t, 4> piece_{};
  detail::block_line cl_;
  detail::block_line sigma_;
  detail::block_line lcl_;
  detail::block_line ucl_;
};

// Rule ids are below 64: each id's first position in the set (-1: none). A signal flags the bit
// of the first rule with its id.
std::array<std::int32_t, 64> first_index_of_ids(const rule_set& rules) noexcept {
  std::array<std::int32_t, 64> index_of{};
  index_of.fill(-1);
  for (std::size_t r = rules.rules.size(); r-- > 0;) {
    index_of[static_cast<std::size_t>(rules.rules[r].id) & 63U] = static_cast<std::int32_t>(r);
  }
  return index_of;
}

// A stretch's engine starts this many eligible points of the phase before the stretch (or at
// the phase's first point): the registers hold 64 points, and whether a signal goes on depends
// on firings over at most 64 more (evaluate_stretches.hpp).
constexpr std::size_t warm_up_points = 3 * static_cast<std::size_t>(max_window);

bool eligible(const rule_input& input, std::size_t i) noexcept {
  return !std::isnan(input.y[i]) && (input.included.empty() || input.included[i] != 0);
}

// Where the engine of the stretch starting at `begin` starts.
std::size_t warm_start(const rule_input& input, std::size_t begin) noexcept {
  std::size_t start = begin;
  std::size_t seen = 0;
  while (start > 0 && seen < warm_up_points &&
         (input.part.empty() || input.part[start - 1] == input.part[begin])) {
    --start;
    seen += eligible(input, start) ? 1U : 0U;
  }
  return start;
}

// What a stretch hands to the join.
struct stretch_result {
  std::vector<signal>* signals = nullptr;  // opened in the stretch, in order
  // Per slot: the index in *signals of the signal open at the stretch's end (-1: none opened
  // in it), and the last point to which it extended a signal opened before it (-1: none).
  std::array<std::int64_t, 2 * max_rules> open{};
  std::array<std::int64_t, 2 * max_rules> continued{};
  // Flags of points before the stretch (rule index, piece of a signal), set after the join.
  std::vector<std::pair<std::size_t, signal>> earlier_flags;
};

// Points [begin, end) of a pass: the engine from warm_start(begin), signals completed before
// begin left to the stretch before; flags of [begin, end) cleared and set as signals are
// reported, while their points are still in cache (a new signal from its flag_first, an
// extended one from the point after its previous end).
void run_stretch(const rule_set& rules, const rule_input& input, std::size_t begin, std::size_t end,
                 std::span<std::uint32_t> flags, stretch_result& out) {
  detail::rule_engine engine(rules);
  std::vector<signal>& signals = *out.signals;
  signals.clear();
  out.open.fill(-1);
  out.continued.fill(-1);
  out.earlier_flags.clear();
  const bool flagging = !flags.empty();
  // The flags of [begin, end), set while their points are among the latest (recent_flags.hpp).
  detail::recent_flags recent(flags, begin, flagging ? end : begin);
  const std::array<std::int32_t, 64> index_of = first_index_of_ids(rules);
  const auto flag_from = [&](const signal& s, std::size_t from) {
    const std::int32_t found = index_of[static_cast<std::size_t>(s.rule) & 63U];
    if (found < 0) {
      return;
    }
    const auto r = static_cast<std::size_t>(found);
    signal piece = s;
    piece.flag_first = std::max(s.flag_first, from);
    if (piece.flag_first < begin && piece.flag_first <= piece.last) {
      signal earlier = piece;
      earlier.last = std::min(piece.last, begin - 1);
      out.earlier_flags.emplace_back(r, earlier);
      piece.flag_first = begin;
    }
    if (piece.flag_first <= piece.last) {
      detail::flag_signal(rules.rules[r], 1U << r, input, piece, recent);
    }
  };
  // Per slot, the signal the engine holds open: none yet, one opened before `begin` (the
  // stretch before reports it; `earlier_last` is its latest point), or signals[out.open[slot]].
  enum class held : std::uint8_t { none, earlier, own };
  std::array<held, 2 * max_rules> holds{};
  std::array<std::size_t, 2 * max_rules> earlier_last{};
  // flagged: the engine leaves the signal's points to the block's masks (step_block).
  auto emit = [&](std::size_t slot, const signal& s, bool extends, bool flagged = false) {
    if (s.last < begin) {
      holds[slot] = held::earlier;
      earlier_last[slot] = s.last;
      return;
    }
    if (!extends) {
      holds[slot] = held::own;
      out.open[slot] = static_cast<std::int64_t>(signals.size());
      signals.push_back(s);
      if (flagging && !flagged) {
        flag_from(s, s.flag_first);
      }
      return;
    }
    if (holds[slot] == held::earlier) {
      // s's own first and flag_first lie at or before earlier_last: only `from` counts.
      const std::size_t from = earlier_last[slot] + 1;
      earlier_last[slot] = s.last;
      out.continued[slot] = static_cast<std::int64_t>(s.last);
      if (flagging && !flagged) {
        flag_from(s, from);
      }
      return;
    }
    signal& extended = signals[static_cast<std::size_t>(out.open[slot])];
    const std::size_t from = extended.last + 1;
    extended.last = s.last;
    if (flagging && !flagged) {
      flag_from(extended, from);
    }
  };
  const bool has_sigma = !input.sigma.empty();
  const bool has_limits = !input.lcl.empty() && !input.ucl.empty();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  line_cursor cl(input.cl);
  line_cursor sigma(input.sigma);
  line_cursor lcl(input.lcl);
  line_cursor ucl(input.ucl);
  block_lines blocks(input, has_sigma, has_limits);
  // The flags of a block judged by masks: each rule's points, under the bit of the first rule
  // with its id (as flag_from).
  detail::block_flags masked;
  std::array<std::uint32_t, max_rules> bit_of_rule{};
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    bit_of_rule[r] =
        1U << static_cast<unsigned>(index_of[static_cast<std::size_t>(rules.rules[r].id) & 63U]);
  }
  const std::size_t start = warm_start(input, begin);
  std::int32_t part = input.part.empty() || start >= end ? 0 : input.part[start];
  for (std::size_t i = start; i < end;) {
    if (!input.part.empty() && input.part[i] != part) {
      engine.finish_phase(emit);
      engine.reset();
      part = input.part[i];
    }
    // 64 plain points at once where the engine can (rule_blocks.hpp): the same signals.
    if (engine.steps_blocks() && i + detail::block_points <= end && blocks.plain(i, part)) {
      recent.reach(i + detail::block_points);
      // A block may be judged by masks once the 64 points before it are this stretch's to flag.
      const bool by_masks = i >= begin + detail::block_points;
      engine.step_block(i, input.y.data() + i, blocks.cl(), blocks.sigma(), blocks.lcl(),
                        blocks.ucl(), emit, by_masks ? &masked : nullptr);
      if (by_masks && flagging) {
        detail::set_masked_flags(masked, bit_of_rule.data(), i, recent);
      }
      i += detail::block_points;
      continue;
    }
    recent.reach(i + 1);
    const double y = input.y[i];
    if (std::isinf(y)) {
      throw error(status::bad_input, "y is infinite",
                  location{"rule_input", static_cast<std::int64_t>(i + 1), 0, "y"});
    }
    const double centre = cl.at(i);
    const double sd = has_sigma ? sigma.at(i) : nan;
    if (!centre_fits(centre)) {
      refuse_line_value("cl", centre_rule, i, centre);
    }
    if (!sigma_fits(sd)) {
      refuse_line_value("sigma", sigma_rule, i, sd);
    }
    const double lower = has_limits ? lcl.at(i) : nan;
    const double upper = has_limits ? ucl.at(i) : nan;
    if (!lower_limit_fits(lower)) {
      refuse_line_value("lcl", lower_limit_rule, i, lower);
    }
    if (!upper_limit_fits(upper)) {
      refuse_line_value("ucl", upper_limit_rule, i, upper);
    }
    engine.step(i, y, centre, sd, lower, upper, input.included.empty() || input.included[i] != 0,
                emit);
    ++i;
  }
  if (end == input.y.size()) {
    engine.finish_phase(emit);
  }
  recent.finish();
}

// The stretches, in order, into one list of signals: each stretch's extensions of a signal
// opened before it move that signal's end; its own signals follow.
void join(std::vector<stretch_result>& stretches, const rule_set& rules, const rule_input& input,
          std::span<std::uint32_t> flags) {
  std::vector<signal>& signals = *stretches.front().signals;
  std::array<std::int64_t, 2 * max_rules> open = stretches.front().open;
  for (std::size_t t = 1; t < stretches.size(); ++t) {
    const stretch_result& stretch = stretches[t];
    for (std::size_t slot = 0; slot < open.size(); ++slot) {
      if (stretch.continued[slot] < 0) {
        continue;
      }
      if (open[slot] < 0) {  // the warm-up would not have matched one pass
        throw error(status::internal, "a stretch continues a signal no earlier stretch opened",
                    location{"rule_input", 0, 0, "y"});
      }
      signals[static_cast<std::size_t>(open[slot])].last =
          static_cast<std::size_t>(stretch.continued[slot]);
    }
    const auto offset = static_cast<std::int64_t>(signals.size());
    signals.insert(signals.end(), stretch.signals->begin(), stretch.signals->end());
    for (std::size_t slot = 0; slot < open.size(); ++slot) {
      if (stretch.open[slot] >= 0) {
        open[slot] = offset + stretch.open[slot];
      }
    }
  }
  if (!flags.empty()) {
    for (const stretch_result& stretch : stretches) {
      for (const auto& [r, piece] : stretch.earlier_flags) {
        detail::flag_signal(rules.rules[r], 1U << r, input, piece, flags);
      }
    }
  }
}

void collect(const rule_set& rules, const rule_input& input, const evaluate_options& options,
             std::vector<signal>& signals, std::span<std::uint32_t> flags,
             std::vector<std::vector<signal>>& workspace) {
  check_input(input);
  const std::size_t n = input.y.size();
  std::size_t count = detail::part_count(n, options.threads);
  count = count > 1 && detail::splits_into_stretches(rules) ? count : 1;
  if (count == 1) {  // one pass, allocating nothing but signals
    const std::size_t from_start = 0;
    detail::evaluate_in_stretches(rules, input, std::span(&from_start, 1), false, signals, flags,
                                  workspace);
    return;
  }
  std::vector<std::size_t> begins(count);
  for (std::size_t t = 0; t < count; ++t) {
    begins[t] = detail::part_begin(n, count, t);
  }
  detail::evaluate_in_stretches(rules, input, begins, true, signals, flags, workspace);
}

}  // namespace

namespace detail {

bool splits_into_stretches(const rule_set& rules) {
  return rule_engine(rules).steps_blocks();
}

void evaluate_in_stretches(const rule_set& rules, const rule_input& input,
                           std::span<const std::size_t> begins, bool on_threads,
                           std::vector<signal>& signals, std::span<std::uint32_t> flags,
                           std::vector<std::vector<signal>>& workspace) {
  const std::size_t n = input.y.size();
  if (begins.size() <= 1) {  // one pass
    stretch_result one;
    one.signals = &signals;
    run_stretch(rules, input, 0, n, flags, one);
    return;
  }
  std::vector<stretch_result> stretches(begins.size());
  if (workspace.size() < begins.size() - 1) {
    workspace.resize(begins.size() - 1);
  }
  for (std::size_t t = 0; t < stretches.size(); ++t) {
    stretches[t].signals = t == 0 ? &signals : &workspace[t - 1];
  }
  const auto run = [&](std::size_t t) {
    const std::size_t begin = begins[t];
    const std::size_t end = t + 1 < begins.size() ? begins[t + 1] : n;
    run_stretch(rules, input, begin, end, flags, stretches[t]);
  };
  if (on_threads) {
    detail::run_parts(stretches.size(), run);
  } else {
    for (std::size_t t = 0; t < stretches.size(); ++t) {
      run(t);
    }
  }
  join(stretches, rules, input, flags);
}

}  // namespace detail

void evaluate_into(const rule_set& rules, const rule_input& input, evaluation& out,
                   const evaluate_options& options) {
  detail::resize_column(out.flags, input.y.size());  // every flag is cleared and set
  collect(rules, input, options, out.signals, out.flags, out.stretch_workspace);
}

std::vector<signal> evaluate(const rule_set& rules, const rule_input& input,
                             const evaluate_options& options) {
  std::vector<signal> signals;
  std::vector<std::vector<signal>> workspace;
  collect(rules, input, options, signals, {}, workspace);
  return signals;
}

evaluation evaluate_with_flags(const rule_set& rules, const rule_input& input,
                               const evaluate_options& options) {
  evaluation out;
  evaluate_into(rules, input, out, options);
  return out;
}

namespace detail {

namespace {

template <class SetFlag>
void flag_signal_with(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                      SetFlag&& set_flag) noexcept {
  flag_pattern(
      ru, bit, s, set_flag, [&](std::size_t i) { return input.y[i]; },
      [&](std::size_t i) { return input.included.empty() || input.included[i] != 0; },
      [&](std::size_t i) { return input.cl[i]; },
      [&](std::size_t i) {
        return point_view{input.y[i],
                          input.cl[i],
                          at_or_nan(input.sigma, i),
                          at_or_nan(input.lcl, i),
                          at_or_nan(input.ucl, i),
                          true};
      });
}

}  // namespace

void flag_signal(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                 std::span<std::uint32_t> flags) noexcept {
  flag_signal_with(ru, bit, input, s,
                   [flags](std::size_t i, std::uint32_t bits) { flags[i] |= bits; });
}

void flag_signal(const rule& ru, std::uint32_t bit, const rule_input& input, const signal& s,
                 recent_flags& flags) noexcept {
  flag_signal_with(ru, bit, input, s,
                   [&flags](std::size_t i, std::uint32_t bits) { flags.set(i, bits); });
}

}  // namespace detail

void flag_points(const rule_set& rules, const rule_input& input, std::span<const signal> signals,
                 std::span<std::uint32_t> flags) {
  check_input(input);
  validate(rules);
  if (flags.size() != input.y.size()) {
    throw error(status::invalid_argument, "flags must have one entry per point",
                location{"flags", 0, 0, "flags"});
  }
  const std::array<std::int32_t, 64> index_of = first_index_of_ids(rules);
  for (const signal& s : signals) {
    const std::int32_t found = index_of[static_cast<std::size_t>(s.rule) & 63U];
    if (found < 0 || s.last >= input.y.size() || s.flag_first > s.last) {
      continue;
    }
    const auto r = static_cast<std::size_t>(found);
    detail::flag_signal(rules.rules[r], 1U << r, input, s, flags);
  }
}

}  // namespace cmx::spc
