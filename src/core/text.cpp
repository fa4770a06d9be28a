// Numbers and dates as text (text.hpp).
#include "core/text.hpp"

#include <array>
#include <charconv>
#include <system_error>

namespace cmx::detail {

namespace {

// Large enough for any double in fixed notation: 309 integer digits, a sign, a point and the
// decimals asked for (at most 17 are meaningful; more are clamped).
constexpr int max_decimals = 40;
using number_buffer = std::array<char, 400>;

std::string to_text(double v, std::chars_format format, int precision) {
  number_buffer buffer{};
  const auto [end, error] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, format, precision);
  // The buffer holds every double at up to max_decimals places, so this cannot fail.
  return error == std::errc{} ? std::string(buffer.data(), end) : std::string("nan");
}

// value as at least `width` digits, zero-padded (as printf's %0Nd of a non-negative value).
void append_padded(std::string& out, long long value, std::size_t width) {
  std::array<char, 24> digits{};
  const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  const auto count = static_cast<std::size_t>(end - digits.data());
  if (error == std::errc{} && value >= 0 && count < width) {
    out.append(width - count, '0');
  }
  out.append(digits.data(), count);
}

}  // namespace

std::string fixed_text(double v, int decimals) {
  return to_text(v, std::chars_format::fixed, decimals < max_decimals ? decimals : max_decimals);
}

std::string general_text(double v, int precision) {
  return to_text(v, std::chars_format::general, precision);
}

std::string year_month_text(const std::chrono::year_month_day& date) {
  std::string out;
  append_padded(out, static_cast<int>(date.year()), 4);
  out += '-';
  append_padded(out, static_cast<unsigned>(date.month()), 2);
  return out;
}

std::string date_text(const std::chrono::year_month_day& date) {
  std::string out = year_month_text(date);
  out += '-';
  append_padded(out, static_cast<unsigned>(date.day()), 2);
  return out;
}

std::string time_of_day_text(long long seconds) {
  std::string out;
  append_padded(out, seconds / 3600, 2);
  out += ':';
  append_padded(out, (seconds / 60) % 60, 2);
  out += ':';
  append_padded(out, seconds % 60, 2);
  return out;
}

}  // namespace cmx::detail
