// Reading compass inputs: measures (JSON), observations (CSV) and a part_of hierarchy (JSON),
// with errors naming the file and the JSON pointer or line, column and field.
#ifndef CMX_IO_COMPASS_IO_HPP
#define CMX_IO_COMPASS_IO_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"
#include "cmx/compass/rollup.hpp"
#include "cmx/io/csv.hpp"
#include "cmx/system/system_graph.hpp"

namespace cmx::io {

// {"measures": [ {...}, ... ]} or a bare array. Each measure: "id" (required, unique), "name",
// "point" (west | north | east | south, required), "sub_dimension", "type" (outcome | process |
// structure | balancing | patient_reported | cost; default outcome), "scoring" (proportion |
// rate | continuous | count | time_between | observed_expected, required), "multiplier",
// "direction" (higher_is_better | lower_is_better, or higher | lower: required, never
// defaulted), "unit", "target", "benchmark_mean", "benchmark_sd", "floor", "mid", "weight".
// Errors: cmx::error (parse) with the JSON pointer, e.g. "/measures/2/direction".
[[nodiscard]] std::vector<compass::measure> read_measures_json(std::string_view text,
                                                               const std::string& source);
[[nodiscard]] std::vector<compass::measure> read_measures_file(const std::string& path);

// Columns: measure, unit, period (required); numerator, denominator, value, expected, n, sd,
// period_start, period_end (optional; empty cell = absent). Provenance: the file and line.
[[nodiscard]] std::vector<compass::observation> read_observations(const csv_table& table);
[[nodiscard]] std::vector<compass::observation> read_observations_file(const std::string& path);

// {"edges": [{"child": "...", "parent": "...", "weight": 1.0}, ...]}, a FHIR Organization /
// Bundle (each Organization.partOf is an edge of weight 1), or a system definition (the JSON of
// `cmx system`, recognised by its "units"; built and checked as a system graph, its part_of
// memberships are the edges, whatever their validity periods).
[[nodiscard]] std::vector<compass::hierarchy_edge> read_hierarchy_json(std::string_view text,
                                                                       const std::string& source);
[[nodiscard]] std::vector<compass::hierarchy_edge> read_hierarchy_file(const std::string& path);

// What roll-ups go through: the system graph when the file is a system definition (then its
// memberships' validity periods and levels count), else the edges read as above.
struct rollup_hierarchy {
  std::optional<system::system_graph> system;
  std::vector<compass::hierarchy_edge> edges;  // empty when system is set
};
[[nodiscard]] rollup_hierarchy read_rollup_hierarchy_file(const std::string& path);

// The whole of a file as text; cmx::error (io) naming the file if it cannot be read.
[[nodiscard]] std::string read_text_file(const std::string& path);

}  // namespace cmx::io

#endif  // CMX_IO_COMPASS_IO_HPP
