// Many series at once: an individuals (XmR) chart and a rule set per series, over values laid
// out contiguously (series s is values[offsets[s] .. offsets[s+1])), on several threads.
#ifndef CMX_SPC_MANY_HPP
#define CMX_SPC_MANY_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cmx/spc/rules.hpp"
#include "cmx/spc/signal.hpp"

namespace cmx::spc {

struct many_options {
  rule_set rules;
  bool screen_mr = true;  // qicharts2's moving-range screening (see individuals_limits)
  unsigned threads = 0;   // 0: one per hardware thread; the work is split only when it pays
};

struct many_result {
  // Per series: the individuals chart (centre the mean, sigma mean MR / 1.128, limits +- 3).
  std::vector<double> cl, sigma, lcl, ucl;
  // Per value: the mask of the rules flagging it (bit r = rules.rules[r]); empty when the flags
  // went to the caller's array (chart_many_into with flags).
  std::vector<std::uint32_t> flags;
  // The signals of series s are signals[signal_offsets[s] .. signal_offsets[s+1]); their point
  // indices are 0-based within the series.
  std::vector<signal> signals;
  std::vector<std::size_t> signal_offsets;
  // Scratch kept for reuse by chart_many_into (no meaning): the signals of the chunks charted
  // on threads other than the caller's.
  std::vector<std::vector<signal>> chunk_signals;
};

// Throws cmx::error: offsets empty, not starting at 0, not increasing, or past the end (the
// offset named); a series of fewer than 2 values; NaN/inf values (series and point named); a
// rule set with whole-phase rules is allowed (each series is one phase).
[[nodiscard]] many_result chart_many(std::span<const double> values,
                                     std::span<const std::size_t> offsets,
                                     const many_options& options);

// As chart_many, into an existing result whose arrays are reused (their capacity is kept): a
// caller charting its series again (each night, say) touches no fresh memory once the arrays are
// large enough, and each thread zeroes and writes only its own share of the flags. When it
// throws, out holds no meaningful result.
void chart_many_into(std::span<const double> values, std::span<const std::size_t> offsets,
                     const many_options& options, many_result& out);

// As chart_many_into, with the flags written to the caller's array `flags` (offsets.back()
// entries) instead of out.flags, which is left empty; an empty `flags` skips flagging altogether
// (only the signals are wanted). For a caller who keeps the flags in memory of its own: the C
// API writes them straight into its caller's buffer. flags must not be out.flags. Throws
// cmx::error (invalid_argument, field "flags") for any other size of flags.
void chart_many_into(std::span<const double> values, std::span<const std::size_t> offsets,
                     const many_options& options, many_result& out, std::span<std::uint32_t> flags);

}  // namespace cmx::spc

#endif  // CMX_SPC_MANY_HPP
