// One observation of one measure for one unit and period: the counts or value the compass scores,
// and where it came from (a CSV file and row, or a FHIR MeasureReport id).
#ifndef CMX_COMPASS_OBSERVATION_HPP
#define CMX_COMPASS_OBSERVATION_HPP

#include <cstdint>
#include <optional>
#include <string>

namespace cmx::compass {

struct provenance {
  std::string source;     // file name or "<memory>"
  std::int64_t row = 0;   // 1-based line of the file, 0 if none
  std::string report_id;  // FHIR MeasureReport.id, empty if none
};

struct observation {
  std::string measure;                // measure id
  std::string unit;                   // unit id
  std::string period;                 // period label (e.g. "2024-01"); ordered as text
  std::string period_start;           // ISO date, optional
  std::string period_end;             // ISO date, optional
  std::optional<double> numerator;    // events (proportion, rate), observed (o/e)
  std::optional<double> denominator;  // trials, exposure
  std::optional<double> value;        // the value itself (continuous, cost, count, time)
  std::optional<double> expected;     // expected events (observed/expected)
  std::optional<double> n;            // patients behind a continuous value (for SE and pooling)
  std::optional<double> sd;           // standard deviation behind a continuous value
  provenance origin;
};

}  // namespace cmx::compass

#endif  // CMX_COMPASS_OBSERVATION_HPP
