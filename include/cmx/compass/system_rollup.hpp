// The compass rolled up through the system graph: a mesosystem's or macrosystem's observations
// pooled from its units along the graph's part_of memberships, with their allocation weights and
// validity periods (DESIGN.md section 6: counts are pooled, scores and rates never averaged).
#ifndef CMX_COMPASS_SYSTEM_ROLLUP_HPP
#define CMX_COMPASS_SYSTEM_ROLLUP_HPP

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"
#include "cmx/compass/rollup.hpp"
#include "cmx/system/system_graph.hpp"
#include "cmx/system/time.hpp"

namespace cmx::compass {

// The part_of memberships valid at `at` (all of them without it) as roll-up edges, child to
// parent with the membership's allocation weight. Ties of weight 0 carry nothing and are left out.
[[nodiscard]] std::vector<hierarchy_edge> hierarchy_edges(const system::system_graph& system,
                                                          std::optional<system::instant> at = {});

struct system_rollup_result {
  // As with_rollups(): the observations of units without part_of children in their period,
  // followed by the pooled observation of every parent (its own observations inside its pool).
  std::vector<observation> observations;
  std::vector<std::string> warnings;  // as rollup_result, each once
};

// Rolls observations up the system's part_of hierarchy, period by period: a period's memberships
// are those valid at its observations' period_start (all memberships where none is given), so a
// unit that moves from one mesosystem to another counts where it belonged at the time.
// Throws cmx::error: not_found for an observation naming a unit the system does not have, bad_input
// for a period_start that is not an ISO 8601 date (both at the observation's provenance, fields
// "unit" and "period_start"), and as roll_up().
[[nodiscard]] system_rollup_result roll_up(std::span<const measure> measures,
                                           std::span<const observation> observations,
                                           const system::system_graph& system,
                                           const rollup_options& options = {});

}  // namespace cmx::compass

#endif  // CMX_COMPASS_SYSTEM_ROLLUP_HPP
