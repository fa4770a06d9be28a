// Roll-ups: observations aggregated up the part_of hierarchy per period by pooling counts
// (sum of numerators over sum of denominators, or of observed over expected), never by
// averaging rates.
#ifndef CMX_SYSTEM_ROLLUP_HPP
#define CMX_SYSTEM_ROLLUP_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx/system/system_graph.hpp"

namespace cmx::system {

// One count pair of a unit in a period: numerator/denominator (a proportion or a rate) or
// observed/expected (an indirectly standardised ratio).
struct observation {
  std::string unit;
  std::string period;
  double numerator = 0;
  double denominator = 0;
};

enum class shared_unit_policy {
  allocate = 0,     // a unit under several parents contributes weight x its counts to each
  count_fully = 1,  // it contributes fully to every ancestor (each once): a double count
};

struct rollup_options {
  shared_unit_policy policy = shared_unit_policy::allocate;
  std::optional<instant> at;  // memberships valid at this instant only
  bool proportions = true;    // numerator <= denominator is required (false for observed/expected)
};

struct rollup_row {
  std::string unit;
  level lvl = level::clinical_microsystem;
  std::string period;
  double numerator = 0;
  double denominator = 0;
  double rate = 0;                 // numerator / denominator; NaN when the denominator is 0
  std::uint64_t observations = 0;  // observations that contributed (with a non-zero weight)
};

// A unit counted under several part_of parents, with the weights of its ties.
struct shared_unit {
  std::string unit;
  std::vector<std::string> parents;
  std::vector<double> weights;
  double weight_sum = 0;  // under allocate, anything but 1 leaks or inflates counts
};

struct rollup_result {
  std::vector<rollup_row> rows;  // by period (first appearance), then unit index
  std::vector<shared_unit> shared_units;
};

// Observations must name known units (not_found) and carry finite, non-negative counts
// (bad_input); with proportions, numerator <= denominator (bad_input). Errors name the
// observation (line = 1-based position, field "numerator", ...).
[[nodiscard]] rollup_result rollup(const system_graph& system, std::span<const observation> data,
                                   const rollup_options& options = {});

// The same over dense indices, for large inputs: unit[i] indexes system.units(), period[i] is
// in [0, period_count). Returns unit-major tables (unit * period_count + period). Inputs are
// checked as above (line = i + 1).
struct rollup_table {
  std::size_t period_count = 0;
  std::vector<double> numerator;
  std::vector<double> denominator;
  std::vector<std::uint64_t> observations;
};

[[nodiscard]] rollup_table rollup_indexed(const system_graph& system,
                                          std::span<const std::uint32_t> unit,
                                          std::span<const std::uint32_t> period,
                                          std::span<const double> numerator,
                                          std::span<const double> denominator,
                                          std::size_t period_count,
                                          const rollup_options& options = {});

// The units with more than one part_of parent (at options.at).
[[nodiscard]] std::vector<shared_unit> shared_units(const system_graph& system,
                                                    std::optional<instant> at = {});

}  // namespace cmx::system

#endif  // CMX_SYSTEM_ROLLUP_HPP
