// The centre and moving-range sigma of individuals (moving_range.hpp).
#include "moving_range.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "split_sums.hpp"

namespace cmx::spc::detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The mean of the moving ranges after screening: the ranges >= factor x their mean are dropped,
// once (Nelson 1982; qicharts2 option qic.screenedmr).
double screened_mean_range(std::span<const double> v, double factor, double mean_range,
                           unsigned threads) {
  const range_sum kept = sum_ranges_below_split(v, factor * mean_range, threads);
  return kept.count == 0 ? nan : kept.sum / static_cast<double>(kept.count);
}

// mean_and_moving_range with long double sums and ranges, for a series whose double sums
// overflow (values near the largest double): R sums in long double too. Rare, so one plain pass
// (and one more to screen).
void mean_and_moving_range_wide(std::span<const double> v, bool screen, double factor, double& mean,
                                double& amr) {
  long double sum = 0;
  long double ranges = 0;
  long double widest = 0;
  std::size_t count = 0;
  std::size_t range_count = 0;
  const auto range_at = [&](std::size_t j) {
    return std::fabs(static_cast<long double>(v[j]) - static_cast<long double>(v[j - 1]));
  };
  for (std::size_t j = 0; j < v.size(); ++j) {
    if (std::isnan(v[j])) {
      continue;
    }
    sum += v[j];
    ++count;
    if (j > 0 && !std::isnan(v[j - 1])) {
      ranges += range_at(j);
      widest = std::max(widest, range_at(j));
      ++range_count;
    }
  }
  mean = count == 0 ? nan : static_cast<double>(sum / static_cast<long double>(count));
  if (range_count == 0) {
    amr = nan;
    return;
  }
  long double mean_range = ranges / static_cast<long double>(range_count);
  if (screen && mean_range != 0 && widest >= factor * mean_range) {
    long double kept = 0;
    std::size_t kept_count = 0;
    for (std::size_t j = 1; j < v.size(); ++j) {
      if (!std::isnan(v[j]) && !std::isnan(v[j - 1]) && range_at(j) < factor * mean_range) {
        kept += range_at(j);
        ++kept_count;
      }
    }
    mean_range = kept / static_cast<long double>(kept_count);
  }
  amr = static_cast<double>(mean_range);
}

}  // namespace

void mean_and_moving_range(std::span<const double> v, bool screen, double factor, double& mean,
                           double& amr, const values_and_ranges* known_sums, unsigned threads) {
  const values_and_ranges sums = known_sums != nullptr ? *known_sums : sum_values_and_ranges(v);
  if (!std::isfinite(sums.sum) || !std::isfinite(sums.range_sum)) {
    mean_and_moving_range_wide(v, screen, factor, mean, amr);  // finite values, sums overflowed
    return;
  }
  mean = sums.count == 0 ? nan : sums.sum / static_cast<double>(sums.count);
  if (sums.range_count == 0) {
    amr = nan;
    return;
  }
  amr = sums.range_sum / static_cast<double>(sums.range_count);
  if (!screen || amr == 0 || sums.range_max < factor * amr) {
    return;  // nothing to screen: the screened mean is the mean
  }
  amr = screened_mean_range(v, factor, amr, threads);
}

double mean_moving_range(std::span<const double> v, bool screen, double factor, unsigned threads) {
  // The mean is one sum more in the same pass; the ranges and screening are the same.
  double mean = nan;
  double amr = nan;
  mean_and_moving_range(v, screen, factor, mean, amr, nullptr, threads);
  return amr;
}

}  // namespace cmx::spc::detail
