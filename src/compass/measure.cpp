// Names of the compass enumerations, as used in JSON, CSV and the C API.
#include "cmx/compass/measure.hpp"

#include <array>
#include <utility>

namespace cmx::compass {
namespace {

constexpr std::array<const char*, 4> point_names{"west", "north", "east", "south"};
constexpr std::array<const char*, 6> type_names{"outcome",   "process",          "structure",
                                                "balancing", "patient_reported", "cost"};
constexpr std::array<const char*, 6> kind_names{"proportion", "rate",         "continuous",
                                                "count",      "time_between", "observed_expected"};

template <class E, std::size_t N>
std::optional<E> find_name(const std::array<const char*, N>& names, std::string_view s) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (s == names[i]) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(compass_point p) noexcept {
  return point_names.at(static_cast<std::size_t>(p));
}
const char* to_string(measure_type t) noexcept {
  return type_names.at(static_cast<std::size_t>(t));
}
const char* to_string(scoring_kind k) noexcept {
  return kind_names.at(static_cast<std::size_t>(k));
}
const char* to_string(improvement d) noexcept {
  switch (d) {
    case improvement::higher_is_better:
      return "higher_is_better";
    case improvement::lower_is_better:
      return "lower_is_better";
    case improvement::unspecified:
      break;
  }
  return "unspecified";
}

std::optional<compass_point> parse_compass_point(std::string_view s) noexcept {
  return find_name<compass_point>(point_names, s);
}
std::optional<measure_type> parse_measure_type(std::string_view s) noexcept {
  return find_name<measure_type>(type_names, s);
}
std::optional<scoring_kind> parse_scoring_kind(std::string_view s) noexcept {
  return find_name<scoring_kind>(kind_names, s);
}
std::optional<improvement> parse_improvement(std::string_view s) noexcept {
  if (s == "higher_is_better" || s == "higher") {
    return improvement::higher_is_better;
  }
  if (s == "lower_is_better" || s == "lower") {
    return improvement::lower_is_better;
  }
  return std::nullopt;
}

}  // namespace cmx::compass
