// Numbers and dates as text (src/core/text.hpp) against printf, whose formats they replace.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace {

// printf's text of v: %.*f when fixed, else %.*g.
std::string printed(bool fixed, int precision, double v) {
  std::vector<char> text(512);
  // NOLINTBEGIN(cppcoreguidelines-pro-type-vararg): printf is the reference here
  const int length = fixed ? std::snprintf(text.data(), text.size(), "%.*f", precision, v)
                           : std::snprintf(text.data(), text.size(), "%.*g", precision, v);
  // NOLINTEND(cppcoreguidelines-pro-type-vararg)
  REQUIRE(length > 0);
  REQUIRE(static_cast<std::size_t>(length) < text.size());
  return {text.data(), static_cast<std::size_t>(length)};
}

}  // namespace

TEST_CASE("fixed_text and general_text write printf's %.*f and %.*g", "[core][text]") {
  std::vector<double> values = {
      0.0,       -0.0,     0.5,  1.5,    2.5,   -2.5,   0.125,  1e-7,
      123.456,   1e15,     1e16, -1e300, 1e300, 1e-300, 5e-324, std::numeric_limits<double>::max(),
      0.1 + 0.2, 2.0 / 3.0};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int k = 0; k < 2000; ++k) {
    values.push_back(std::ldexp(mantissa(rng), exponent(rng)));
  }
  for (const double v : values) {
    for (const int decimals : {0, 1, 2, 3, 6, 17}) {
      INFO(v << " with " << decimals << " decimals");
      CHECK(cmx::detail::fixed_text(v, decimals) == printed(true, decimals, v));
    }
    for (const int precision : {1, 3, 6, 15, 17}) {
      INFO(v << " with precision " << precision);
      CHECK(cmx::detail::general_text(v, precision) == printed(false, precision, v));
    }
  }
}

TEST_CASE("dates and times of day are zero-padded as %04d-%02u-%02u and %02d:%02d:%02d",
          "[core][text]") {
  using namespace std::chrono;
  CHECK(cmx::detail::date_text(year{2024} / March / 5) == "2024-03-05");
  CHECK(cmx::detail::date_text(year{987} / December / 31) == "0987-12-31");
  CHECK(cmx::detail::year_month_text(year{2016} / January / 1) == "2016-01");
  CHECK(cmx::detail::time_of_day_text(0) == "00:00:00");
  CHECK(cmx::detail::time_of_day_text(86399) == "23:59:59");
  CHECK(cmx::detail::time_of_day_text(3600 + 2 * 60 + 3) == "01:02:03");
}
