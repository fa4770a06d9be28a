// Scoring the Clinical Value Compass. Nelson et al. (1996) give no formula, so every score here is
// a named method, documented where it is declared, and nothing is hidden:
//
//   goalpost           attainment = (value - floor) / (target - floor): 0 at the floor, 1 at the
//                      target, whatever the direction (for lower-is-better the floor lies above
//                      the target). Clamped to [0, 1] unless clamp_goalpost is false. The
//                      "goalposts" normalisation of the UNDP Human Development Index (UNDP,
//                      Human Development Report 2010, technical notes). Needs floor and target.
//   percent_of_target  100 x value / target (higher is better) or 100 x target / value (lower is
//                      better): 100 at the target, above 100 when better. Needs target (and
//                      value > 0 when lower is better).
//   benchmark_z        z = s (value - benchmark mean) / benchmark SD, s = +1 when higher is
//                      better and -1 when lower is better: positive is better than the benchmark.
//   t_score            50 + 10 z with z as above (the T-score metric of PROMIS: mean 50, SD 10).
//
// A compass point's score is the weighted mean (measure weights) of the scores of its measures
// observed in that unit and period. The outcome index is the weighted mean of the West, North and
// East scores present (point_weights). The value index is quality relative to cost:
// outcome index x reference cost / cost, where cost is the sum of the values of the unit's cost
// measures (type cost) in that period; it equals the outcome index at the reference cost.
#ifndef CMX_COMPASS_SCORING_HPP
#define CMX_COMPASS_SCORING_HPP

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"
#include "cmx/compass/spc_status.hpp"

namespace cmx::compass {

enum class score_method : std::uint8_t {
  goalpost = 0,
  percent_of_target = 1,
  benchmark_z = 2,
  t_score = 3,
};

[[nodiscard]] const char* to_string(score_method m) noexcept;
[[nodiscard]] std::optional<score_method> parse_score_method(std::string_view s) noexcept;

// The value of one observation by its measure's scoring kind. Throws cmx::error (bad_input) at
// the observation's provenance (source, row, field) for a missing or non-finite input, a zero
// denominator or expected count, a numerator above its denominator (proportion), a negative
// count or a negative cost.
[[nodiscard]] double measure_value(const measure& m, const observation& o);

// The score of one value (see the methods above). Throws cmx::error (bad_input, field named) when
// the measure lacks what the method needs, its direction is unspecified, or its target equals its
// floor.
[[nodiscard]] double score_value(const measure& m, double value, score_method method,
                                 bool clamp_goalpost = true);

// Observations validated once and indexed: measures by position in the measure list, units and
// periods interned (periods sorted as text). Struct of arrays, one entry per observation.
struct observation_table {
  std::vector<std::string> units;
  std::vector<std::string> periods;
  std::vector<std::uint32_t> measure;
  std::vector<std::uint32_t> unit;
  std::vector<std::uint32_t> period;
  std::vector<double> numerator;    // NaN where absent
  std::vector<double> denominator;  // NaN where absent
  std::vector<double> expected;     // NaN where absent
  std::vector<double> n;            // NaN where absent
  std::vector<double> sd;           // NaN where absent
  std::vector<double> value;        // measure_value()
};

// Validates and indexes observations. Throws cmx::error: not_found for an unknown measure (at the
// observation's provenance, field "measure"), bad_input as measure_value(), inconsistent for a
// measure, unit and period observed twice, bad_input for a measure whose direction is missing.
[[nodiscard]] observation_table make_observation_table(std::span<const measure> measures,
                                                       std::span<const observation> observations);

struct compass_options {
  score_method method = score_method::goalpost;
  bool clamp_goalpost = true;
  std::array<double, 3> point_weights{1, 1, 1};  // West, North, East in the outcome index
  std::optional<double> reference_cost;          // default: the mean cost over cells that have one
};

// The compass of every unit and period of a table.
struct compass_scores {
  std::vector<double> score;  // per observation (table order)
  std::size_t unit_count = 0;
  std::size_t period_count = 0;
  // Per cell (unit u, period p) at index u * period_count + p; NaN where undefined.
  std::array<std::vector<double>, 4> point;  // West, North, East, South
  std::vector<double> outcome_index;
  std::vector<double> cost;  // sum of cost-type measure values, NaN if none
  std::vector<double> value_index;
  double reference_cost = 0;  // NaN when no cell has a cost
};

// Throws cmx::error (bad_input) naming the measure and field for a measure that cannot be scored
// by the method, negative weights, a negative or zero reference cost, a zero cost in a cell.
[[nodiscard]] compass_scores score_compass(std::span<const measure> measures,
                                           const observation_table& table,
                                           const compass_options& options = {});

// One unit's compass at one period, with each measure's value, score and SPC status: the view the
// CLI and C API print. The SPC status comes from `spc`, by default the SPC engine
// (spc_status.hpp); an empty provider leaves it "not computed". Throws cmx::error (not_found) for
// an unknown unit or period.
struct measure_row {
  std::string measure;
  compass_point point = compass_point::west;
  double value = 0;
  double score = 0;
  spc_status spc;
};
struct unit_compass {
  std::string unit;
  std::string period;
  std::vector<measure_row> measures;
  std::array<double, 4> point{};  // NaN where no measure
  double outcome_index = 0;
  double cost = 0;
  double value_index = 0;
};
[[nodiscard]] unit_compass compass_of(std::span<const measure> measures,
                                      const observation_table& table, const compass_scores& scores,
                                      const std::string& unit, const std::string& period,
                                      const spc_status_provider& spc = spc_engine_provider());

}  // namespace cmx::compass

#endif  // CMX_COMPASS_SCORING_HPP
