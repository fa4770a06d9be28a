// Reading the system graph's inputs: the system definition (JSON), stays, handoffs and
// observations (CSV). Every error names the file, line, column and field (for JSON, the JSON
// pointer of the element). The JSON schema is documented in README.md, "### cmx system".
#ifndef CMX_SYSTEM_IO_HPP
#define CMX_SYSTEM_IO_HPP

#include <string>
#include <string_view>
#include <vector>

#include "cmx/system/journey.hpp"
#include "cmx/system/model.hpp"
#include "cmx/system/rollup.hpp"
#include "cmx/system/system_graph.hpp"

namespace cmx::system {

// Parses a system definition from JSON text (not yet checked: pass it to system_graph::build).
[[nodiscard]] system_definition parse_system_json(std::string_view text,
                                                  const std::string& source = "<memory>");
// Reads and builds a system from a JSON file.
[[nodiscard]] system_graph read_system_file(const std::string& path);
// Parses and builds a system from JSON text.
[[nodiscard]] system_graph read_system_json(std::string_view text,
                                            const std::string& source = "<memory>");

// Stays CSV: columns episode,unit,start,end (ISO 8601 date or date-time); other columns are
// ignored. Errors name file:line:column and the column name.
[[nodiscard]] journey_set read_stays_file(const std::string& path,
                                          const system_graph* system = nullptr);

// Handoffs CSV: episode,from,to,time,type (patient|information|service), optional delay_hours
// and flags columns.
[[nodiscard]] std::vector<handoff> read_handoffs_file(const std::string& path,
                                                      const system_graph* system = nullptr);

// Observations CSV: unit,period,numerator,denominator (or unit,period,observed,expected).
[[nodiscard]] std::vector<observation> read_observations_file(const std::string& path);

}  // namespace cmx::system

#endif  // CMX_SYSTEM_IO_HPP
