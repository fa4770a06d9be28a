// A measure of the Clinical Value Compass (Nelson, Mohr, Batalden, Plume, "Improving health care,
// Part 1: The clinical value compass", Jt Comm J Qual Improv 22 (1996) 243-258): which compass
// point it belongs to, how it is scored, which direction is better (always explicit) and the
// reference values the scoring methods read.
#ifndef CMX_COMPASS_MEASURE_HPP
#define CMX_COMPASS_MEASURE_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmx::compass {

// West: clinical outcomes; North: functional health status (with risk status and well-being);
// East: satisfaction against need; South: costs (direct medical, indirect social).
enum class compass_point : std::uint8_t { west = 0, north = 1, east = 2, south = 3 };

enum class measure_type : std::uint8_t {
  outcome = 0,
  process = 1,
  structure = 2,
  balancing = 3,
  patient_reported = 4,
  cost = 5,
};

// How an observation becomes the measure's value:
//   proportion:         numerator / denominator
//   rate:               numerator / denominator x multiplier (e.g. per 1000 bed days)
//   continuous:         value (a mean; n and sd, if given, describe it)
//   count:              value (events)
//   time_between:       value (time between events, e.g. days between infections)
//   observed_expected:  numerator (observed) / expected
enum class scoring_kind : std::uint8_t {
  proportion = 0,
  rate = 1,
  continuous = 2,
  count = 3,
  time_between = 4,
  observed_expected = 5,
};

// Never defaulted: a measure whose direction is unspecified cannot be scored (cmx::error).
enum class improvement : std::uint8_t {
  unspecified = 0,
  higher_is_better = 1,
  lower_is_better = 2
};

struct measure {
  std::string id;
  std::string name;
  compass_point point = compass_point::west;
  std::string sub_dimension;  // e.g. "mortality", "risk status", "well-being", "direct medical"
  measure_type type = measure_type::outcome;
  scoring_kind scoring = scoring_kind::proportion;
  double multiplier = 1;  // rate only
  improvement direction = improvement::unspecified;
  std::string unit;  // e.g. "%", "per 1000 bed days", "GBP"
  std::optional<double> target;
  std::optional<double> benchmark_mean;
  std::optional<double> benchmark_sd;
  std::optional<double> floor;  // the worst acceptable value (goalpost attainment 0)
  std::optional<double> mid;    // minimally important difference (> 0)
  double weight = 1;            // weight within its compass point (>= 0)
};

[[nodiscard]] const char* to_string(compass_point p) noexcept;
[[nodiscard]] const char* to_string(measure_type t) noexcept;
[[nodiscard]] const char* to_string(scoring_kind k) noexcept;
[[nodiscard]] const char* to_string(improvement d) noexcept;
// Parse the names above ("west", "patient_reported", "observed_expected", "higher_is_better" or
// "higher", ...); nullopt if unknown.
[[nodiscard]] std::optional<compass_point> parse_compass_point(std::string_view s) noexcept;
[[nodiscard]] std::optional<measure_type> parse_measure_type(std::string_view s) noexcept;
[[nodiscard]] std::optional<scoring_kind> parse_scoring_kind(std::string_view s) noexcept;
[[nodiscard]] std::optional<improvement> parse_improvement(std::string_view s) noexcept;

}  // namespace cmx::compass

#endif  // CMX_COMPASS_MEASURE_HPP
