// Roll-ups through the system graph: see system_rollup.hpp.
#include "cmx/compass/system_rollup.hpp"

#include <algorithm>
#include <map>

#include "cmx/error.hpp"

namespace cmx::compass {
namespace {

location where(const observation& o, const char* field) {
  return location{o.origin.source.empty() ? "observation" : o.origin.source, o.origin.row, 0,
                  field};
}

}  // namespace

std::vector<hierarchy_edge> hierarchy_edges(const system::system_graph& system,
                                            std::optional<system::instant> at) {
  std::vector<hierarchy_edge> edges;
  for (const auto& m : system.memberships()) {
    if (m.type == system::membership_type::part_of && m.weight > 0 && m.active_at(at)) {
      edges.push_back({m.from, m.to, m.weight});
    }
  }
  return edges;
}

system_rollup_result roll_up(std::span<const measure> measures,
                             std::span<const observation> observations,
                             const system::system_graph& system, const rollup_options& options) {
  // Observations grouped by period, each group with the instant its memberships are taken at.
  struct period_group {
    std::optional<system::instant> at;
    std::vector<observation> observations;
  };
  std::map<std::string, period_group> periods;
  for (const auto& o : observations) {
    if (!system.find(o.unit)) {
      throw error(status::not_found,
                  "unit '" + o.unit + "' is not in the system '" + system.source() + "'",
                  where(o, "unit"));
    }
    auto& group = periods[o.period];
    if (!o.period_start.empty() && !group.at) {
      group.at = system::parse_instant(o.period_start);
      if (!group.at) {
        throw error(status::bad_input,
                    "period_start '" + o.period_start + "' is not an ISO 8601 date",
                    where(o, "period_start"));
      }
    }
    group.observations.push_back(o);
  }
  system_rollup_result out;
  for (const auto& [period, group] : periods) {
    const auto edges = hierarchy_edges(system, group.at);
    const auto pooled = roll_up(measures, group.observations, edges, options);
    auto merged = with_rollups(group.observations, edges, pooled);
    std::move(merged.begin(), merged.end(), std::back_inserter(out.observations));
    for (const auto& w : pooled.warnings) {
      if (std::find(out.warnings.begin(), out.warnings.end(), w) == out.warnings.end()) {
        out.warnings.push_back(w);
      }
    }
  }
  return out;
}

}  // namespace cmx::compass
