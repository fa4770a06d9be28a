// Numbers and dates as text without printf's varargs (which neither the compiler nor
// clang-tidy can check). std::to_chars writes exactly the digits of printf's %.Nf and %.Ng in
// the "C" locale (C++20 [charconv.to.chars]), whatever the process locale. Internal to cmx.
#ifndef CMX_CORE_TEXT_HPP
#define CMX_CORE_TEXT_HPP

#include <chrono>
#include <string>

namespace cmx::detail {

// printf("%.*f", decimals, v): fixed notation, rounded to `decimals` places (at most 40).
[[nodiscard]] std::string fixed_text(double v, int decimals);
// printf("%.*g", precision, v): at most `precision` significant digits, trailing zeros removed.
[[nodiscard]] std::string general_text(double v, int precision);
// "yyyy-mm-dd" and "yyyy-mm" (years 0..9999 padded to four digits, as %04d).
[[nodiscard]] std::string date_text(const std::chrono::year_month_day& date);
[[nodiscard]] std::string year_month_text(const std::chrono::year_month_day& date);
// "hh:mm:ss" of a number of seconds into a day, in [0, 86400).
[[nodiscard]] std::string time_of_day_text(long long seconds);

}  // namespace cmx::detail

#endif  // CMX_CORE_TEXT_HPP
