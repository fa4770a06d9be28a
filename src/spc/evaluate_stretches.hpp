// The batch evaluation in stretches (evaluate.cpp): the points split into consecutive stretches,
// each run by its own engine (on its own thread), and the stretches joined into exactly the
// signals and flags of one pass. Declared here for the tests, which choose the stretches.
//
// Why a stretch can start cold: on the register path (rule_engine::steps_blocks) the engine's
// state after a point is made of its latest 64 eligible points (included, not missing) and of
// its firings over the 64 before those. A stretch's engine therefore starts `warm-up` points
// early (3 x 64 eligible points of the phase, or the phase's first point): by the stretch's first
// point it fires exactly where one pass fires. Signals completed in the warm-up are the earlier
// stretch's; one the warm-up leaves open and the stretch extends continues the earlier
// stretch's open signal on that slot. No thread writes a flag of another stretch's points: those
// are set after the join.
#ifndef CMX_SRC_SPC_EVALUATE_STRETCHES_HPP
#define CMX_SRC_SPC_EVALUATE_STRETCHES_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cmx/spc/rules.hpp"

namespace cmx::spc::detail {

// Whether a pass under `rules` may be split: the register path without whole-phase rules.
[[nodiscard]] bool splits_into_stretches(const rule_set& rules);

// The signals and flags of one pass over input (flags: one per point, or empty for none; every
// entry is overwritten), with stretches starting at `begins` (ascending, the first 0, all below
// the number of points; a single 0 is one pass). With several stretches, splits_into_stretches
// must hold; `on_threads` false runs them one after another (the same result). The signals of
// the stretches after the first are gathered in `workspace` (resized to one vector per such
// stretch; their capacity is kept for the next call, their contents mean nothing after it).
void evaluate_in_stretches(const rule_set& rules, const rule_input& input,
                           std::span<const std::size_t> begins, bool on_threads,
                           std::vector<signal>& signals, std::span<std::uint32_t> flags,
                           std::vector<std::vector<signal>>& workspace);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_EVALUATE_STRETCHES_HPP
