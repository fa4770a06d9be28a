// Subgroup statistics and qcc 2.7's default sigma estimators for CUSUM and EWMA.
#include "cmx/spc/subgroups.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cmx/error.hpp"
#include "cmx/spc/constants.hpp"

namespace cmx::spc {

subgroup_stats summarize_subgroups(std::span<const double> values,
                                   std::span<const std::size_t> offsets) {
  if (offsets.size() < 2) {
    throw error(status::bad_input, "no subgroups (offsets need at least 2 entries)",
                location{"subgroups", 0, 0, "offsets"});
  }
  if (offsets.front() != 0) {
    throw error(status::invalid_argument, "offsets must start at 0",
                location{"subgroups", 1, 0, "offsets"});
  }
  subgroup_stats out;
  const std::size_t m = offsets.size() - 1;
  out.mean.resize(m);
  out.size.resize(m);
  out.range.resize(m);
  double weighted = 0;
  double total = 0;
  for (std::size_t g = 0; g < m; ++g) {
    const std::size_t a = offsets[g];
    const std::size_t b = offsets[g + 1];
    if (b <= a) {
      throw error(status::invalid_argument, "offsets must be strictly increasing",
                  location{"subgroups", static_cast<std::int64_t>(g + 2), 0, "offsets"});
    }
    if (b > values.size()) {
      throw error(status::out_of_range,
                  "offset " + std::to_string(b) + " is past the end of " +
                      std::to_string(values.size()) + " values",
                  location{"subgroups", static_cast<std::int64_t>(g + 2), 0, "offsets"});
    }
    double sum = 0;
    double lo = values[a];
    double hi = values[a];
    for (std::size_t i = a; i < b; ++i) {
      if (!std::isfinite(values[i])) {
        throw error(status::bad_input, "the value must be a finite number",
                    location{"subgroups", static_cast<std::int64_t>(i + 1), 0, "values"});
      }
      sum += values[i];
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
    const auto n = static_cast<double>(b - a);
    out.mean[g] = sum / n;
    out.size[g] = n;
    out.range[g] = hi - lo;
    weighted += n * out.mean[g];
    total += n;
  }
  out.grand_mean = weighted / total;
  return out;
}

double sigma_uwave_r(const subgroup_stats& groups) {
  double sum = 0;
  for (std::size_t g = 0; g < groups.size.size(); ++g) {
    const auto n = static_cast<std::size_t>(groups.size[g]);
    if (n < 2) {
      throw error(status::bad_input, "a subgroup of one value has no range (UWAVE-R needs 2+)",
                  location{"subgroups", static_cast<std::int64_t>(g + 1), 0, "size"});
    }
    const double d2 = d2_table(n);  // qcc.options("exp.R.unscaled")
    if (std::isnan(d2)) {
      throw error(status::bad_input,
                  "d2 is tabulated for subgroups of 2 to 25 values, not " + std::to_string(n),
                  location{"subgroups", static_cast<std::int64_t>(g + 1), 0, "size"});
    }
    sum += groups.range[g] / d2;
  }
  return sum / static_cast<double>(groups.size.size());
}

double sigma_moving_range(std::span<const double> values) {
  if (values.size() < 2) {
    throw error(status::bad_input, "a moving range needs at least 2 values",
                location{"values", 0, 0, "values"});
  }
  double sum = 0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    sum += std::abs(values[i] - values[i - 1]);
  }
  return sum / static_cast<double>(values.size() - 1) / d2_of_two;
}

}  // namespace cmx::spc
