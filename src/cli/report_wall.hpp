// cmx report: the data wall of a system from its definition, measures, observations and
// (optionally) journeys. This is where the engines run (SPC charts and rules, Making Data Count,
// compass roll-ups and scores, funnels, flow edges); cmx::render only draws their results.
#ifndef CMX_CLI_REPORT_WALL_HPP
#define CMX_CLI_REPORT_WALL_HPP

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"
#include "cmx/error.hpp"
#include "cmx/render/data_wall.hpp"
#include "cmx/system/journey.hpp"
#include "cmx/system/system_graph.hpp"

namespace cmx::cli {

// A note tied to one point of one unit's series; new_phase starts a new phase of its chart (and a
// new Making Data Count group) at that point.
struct report_event {
  std::string measure;
  std::string unit;
  std::string period;
  std::string text;
  bool new_phase = false;
  location where;  // the events file and line, for errors
};

struct report_inputs {
  std::vector<compass::measure> measures;
  std::vector<compass::observation> observations;
  std::optional<system::journey_set> journeys;
  std::vector<report_event> events;
  std::string t1;           // compass time 1 and time 2 (default per board: its first and last
  std::string t2;           //   period with compass scores)
  std::string macrosystem;  // one board for this macrosystem; empty: one per macrosystem
  std::string title;        // default: the system's name or "Data wall"
  std::vector<std::string> notes;
  std::function<void(std::string_view)> progress;  // may be empty
};

// Throws cmx::error naming the place: an observation's unit not in the system (not_found, at the
// observation's provenance, field "unit"), an unknown or non-macrosystem --macrosystem, an event
// whose measure, unit or period has no series (not_found, at the events file line), and whatever
// the engines throw for bad data.
[[nodiscard]] render::wall build_wall(const system::system_graph& system,
                                      const report_inputs& inputs);

}  // namespace cmx::cli

#endif  // CMX_CLI_REPORT_WALL_HPP
