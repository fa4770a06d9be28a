// Instants of the system graph: seconds since 1970-01-01T00:00:00Z, read from ISO 8601 text.
#ifndef CMX_SYSTEM_TIME_HPP
#define CMX_SYSTEM_TIME_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmx::system {

// Seconds since the Unix epoch, UTC.
using instant = std::int64_t;

inline constexpr instant seconds_per_day = 86400;

// An ISO 8601 calendar date "YYYY-MM-DD" or date-time "YYYY-MM-DDThh:mm[:ss[.fff]]" with an
// optional "Z" or "+hh:mm"/"-hh:mm" offset (a space may replace the 'T'); nullopt if the text is
// anything else. A date alone is its midnight, UTC. Fractions of a second are dropped.
[[nodiscard]] std::optional<instant> parse_instant(std::string_view text) noexcept;

// True when text is a date alone (no time of day): used to make "--to 2024-12-31" include the
// whole day.
[[nodiscard]] bool is_date_only(std::string_view text) noexcept;

// "YYYY-MM-DDThh:mm:ssZ".
[[nodiscard]] std::string format_instant(instant t);

}  // namespace cmx::system

#endif  // CMX_SYSTEM_TIME_HPP
