// Roll-ups: the compass of a mesosystem or macrosystem from its units, by pooling counts over a
// hierarchy (sum of numerators over sum of denominators, sum observed over sum expected; means
// weighted by n), never by averaging scores or rates (DESIGN.md section 6).
//
// The hierarchy is an abstract input, a list of (child, parent, allocation weight) part_of edges,
// so the compass does not depend on the system graph; the system graph supplies these edges (one
// per part_of membership valid in the period) when the two are wired together.
#ifndef CMX_COMPASS_ROLLUP_HPP
#define CMX_COMPASS_ROLLUP_HPP

#include <span>
#include <string>
#include <vector>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"

namespace cmx::compass {

// child is part of parent with an allocation weight in (0, 1]: the share of the child's counts
// the parent receives. A shared unit (several parents) normally has weights summing to 1.
struct hierarchy_edge {
  std::string child;
  std::string parent;
  double weight = 1;
};

struct rollup_options {
  // true: every edge counts with weight 1 (a shared unit is counted fully in each parent) and a
  // double-count warning is issued per shared unit; false: allocation weights.
  bool full_weight_for_shared = false;
};

struct rollup_result {
  // One pooled observation per (parent unit, measure, period) with any contribution. A unit's pool
  // holds its own observations (weight 1) and those of its descendants, weighted by the product
  // of the allocation weights along each path (summed over paths).
  std::vector<observation> observations;
  std::vector<std::string> warnings;  // double counting, allocations not summing to 1
};

// Pools per scoring kind: proportion, rate: numerator and denominator summed (weighted);
// observed_expected: observed and expected summed; count: values summed; continuous and
// time_between: the n-weighted mean sum(w n v) / sum(w n), with n summed (weighted) and, when
// every pooled observation has an SD, the SD of the combined groups (within- plus
// between-group sums of squares over n - 1).
// Throws cmx::error: inconsistent for a part_of cycle or self-loop (naming the edge, 1-based),
// bad_input for a weight outside (0, 1], a continuous value without n, and as
// make_observation_table() for unknown measures and bad counts.
[[nodiscard]] rollup_result roll_up(std::span<const measure> measures,
                                    std::span<const observation> observations,
                                    std::span<const hierarchy_edge> edges,
                                    const rollup_options& options = {});

// The observations of units without children together with the pooled observations of every
// parent (a parent's own observations are inside its pool): the input to score a whole system.
[[nodiscard]] std::vector<observation> with_rollups(std::span<const observation> observations,
                                                    std::span<const hierarchy_edge> edges,
                                                    const rollup_result& pooled);

}  // namespace cmx::compass

#endif  // CMX_COMPASS_ROLLUP_HPP
