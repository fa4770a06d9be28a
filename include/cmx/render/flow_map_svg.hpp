// The flow map of a mesosystem as SVG: units as nodes, the patient handoffs between them as
// arrows whose width is proportional to the number of handoffs. Drawn from a system::flow_graph
// (no flow analytics here). Placement is deterministic: units are ordered from sources to sinks
// by the heuristic of Eades, Lin and Smyth ("A fast and effective heuristic for the feedback arc
// set problem", IPL 47 (1993) 319-323) weighted by handoffs, placed in
// columns by longest path over the forward edges (Sugiyama layering), and ordered within a
// column by the barycentre of their predecessors (ties by unit id). Edges against the order are
// drawn as arcs below.
#ifndef CMX_RENDER_FLOW_MAP_SVG_HPP
#define CMX_RENDER_FLOW_MAP_SVG_HPP

#include <string>
#include <vector>

#include "cmx/system/flow.hpp"

namespace cmx::render {

struct flow_map_style {
  std::string title;
  std::vector<std::string> labels;  // per unit of the graph (unit_ids order); empty: the ids
  std::vector<std::string> groups;  // per unit, for the node colour and the key; empty: one group
  double min_share = 0.01;          // edges below this share of the largest are left out
  std::size_t labelled_edges = 10;  // the largest edges carry their count
  double width = 900;
};

// Classes: "node" (g with data-unit), "edge" (path with data-count and stroke-width), "edge-label".
// Throws cmx::error (invalid_argument) when labels or groups differ in length from unit_ids.
[[nodiscard]] std::string flow_map_svg(const system::flow_graph& graph,
                                       const flow_map_style& style = {});

// The column of each unit in the layout above (for tests and for callers placing other marks).
[[nodiscard]] std::vector<std::size_t> flow_map_columns(const system::flow_graph& graph);

}  // namespace cmx::render

#endif  // CMX_RENDER_FLOW_MAP_SVG_HPP
