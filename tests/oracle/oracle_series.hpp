// Helpers the SPC chart adapters share: subgroup labels (numbers or ISO dates) and the
// comparison of a point's label.
#ifndef CMX_TESTS_ORACLE_SERIES_HPP
#define CMX_TESTS_ORACLE_SERIES_HPP

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "oracle/oracle_case.hpp"

namespace cmx::oracle {

// Days since 1970-01-01 of an ISO date "yyyy-mm-dd", or NaN when text is not one.
inline double iso_date_days(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%d-%u-%u%c", &y, &m, &d, &tail) != 3) {
    return std::nan("");
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) {
    return std::nan("");
  }
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

// The x column as numbers: plain numbers, or ISO dates as day numbers.
inline std::vector<double> label_column(const io::csv_table& table) {
  const std::size_t column = table.column("x");
  std::vector<double> labels(table.row_count());
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    const std::string text(table.cell(row, column));
    const double day = iso_date_days(text);
    labels[row] = std::isnan(day) ? table.required_number(row, column) : day;
  }
  return labels;
}

inline void expect_label(const std::string& what, double got, const nlohmann::json& expected) {
  if (expected.is_string()) {
    const double want = iso_date_days(expected.get<std::string>());
    if (std::isnan(want)) {
      throw uninterpretable(what + ": label is neither a number nor an ISO date");
    }
    if (got != want) {
      throw mismatch(what + ": expected " + expected.dump() + ", got day " + std::to_string(got));
    }
    return;
  }
  expect_number(what, got, expected);
}

}  // namespace cmx::oracle

#endif  // CMX_TESTS_ORACLE_SERIES_HPP
