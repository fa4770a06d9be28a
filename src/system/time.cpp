#include "cmx/system/time.hpp"
#include "core/text.hpp"

#include <chrono>

namespace cmx::system {
namespace {

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) noexcept {
  if (pos + count > text.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

bool is_date_only(std::string_view text) noexcept {
  return text.size() == 10 && parse_instant(text).has_value();
}

// ISO 8601 extended format (the profile of RFC 3339 with the date alone also allowed).
std::optional<instant> parse_instant(std::string_view text) noexcept {
  int y = 0;
  int mo = 0;
  int d = 0;
  if (text.size() < 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, mo) ||
      text[7] != '-' || !digits(text, 8, 2, d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  const instant days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  instant t = days * seconds_per_day;
  if (text.size() == 10) {
    return t;
  }
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
    return std::nullopt;
  }
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!digits(text, 11, 2, hh) || text.size() < 16 || text[13] != ':' || !digits(text, 14, 2, mm)) {
    return std::nullopt;
  }
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(text, pos + 1, 2, ss)) {
      return std::nullopt;
    }
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      const std::size_t first = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        ++pos;
      }
      if (pos == first) {
        return std::nullopt;
      }
    }
  }
  if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0))) {
    return std::nullopt;
  }
  t += hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
  if (pos == text.size()) {
    return t;
  }
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    return t;
  }
  if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0;
    int om = 0;
    if (!digits(text, pos + 1, 2, oh) || oh > 23) {
      return std::nullopt;
    }
    std::size_t next = pos + 3;
    if (next < text.size() && text[next] == ':') {
      ++next;
    }
    if (!digits(text, next, 2, om) || om > 59 || next + 2 != text.size()) {
      return std::nullopt;
    }
    const instant offset = oh * 3600 + om * 60;
    return text[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string format_instant(instant t) {
  instant days = t / seconds_per_day;
  instant rest = t % seconds_per_day;
  if (rest < 0) {
    rest += seconds_per_day;
    --days;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days{std::chrono::days{static_cast<int>(days)}}};
  return cmx::detail::date_text(ymd) + 'T' + cmx::detail::time_of_day_text(rest) + 'Z';
}

}  // namespace cmx::system
