// The centre and moving-range sigma of individuals (moving_range.hpp).
#include "moving_range.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "screen_pass.hpp"
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

// sum_ranges_below_split(v, limit, threads), with the bits of it, collecting the extras of each
// block of values while it is in cache. Nothing is collected on one thread, or when more values
// lie beyond the bounds than a sixteenth of the series (the caller's pass is then as cheap).
range_sum screened_ranges_with_extras(std::span<const double> v, double limit, unsigned threads,
                                      screen_extras& extras) {
  const std::size_t parts = part_count(v.size(), threads);
  if (parts == 1) {
    return sum_ranges_below(v, limit);
  }
  const std::size_t blocks = sum_blocks_of(v.size());
  const std::size_t whole_blocks = v.size() / block_points;  // of 64 values, for the sides
  extras.sides.resize(whole_blocks);
  std::vector<double> sums(blocks);
  std::vector<double> counts(blocks);
  std::vector<std::vector<std::size_t>> beyond(parts);
  std::vector<unsigned char> overflowed(parts, 0);
  const std::size_t most_beyond = v.size() / 16 / parts + block_points;
  const double* y = v.data();
  const bool wide =
      cpu_has_avx512f() && cpu_has_avx2();  // whole blocks by AVX-512 (screen_pass.hpp)
  run_parts(parts, [&](std::size_t p) {
    std::vector<std::size_t>& found = beyond[p];
    // Values [from, to): the sides of their whole blocks of 64 and those beyond the bounds.
    const auto collect = [&](std::size_t from, std::size_t to) {
      if (overflowed[p] != 0) {
        return;  // too many to be worth keeping: the chart compares every point again
      }
      std::size_t i = from;
      for (; i + block_points <= to && overflowed[p] == 0; i += block_points) {
        extras.sides[i / block_points] = sides_of_block(y + i, extras.centre);
        for (std::uint64_t bits = beyond_of_block(y + i, extras.low, extras.high); bits != 0;
             bits &= bits - 1) {
          found.push_back(i + static_cast<std::size_t>(std::countr_zero(bits)));
        }
        overflowed[p] = found.size() > most_beyond ? 1 : 0;
      }
      for (; i < to; ++i) {
        if (y[i] < extras.low || y[i] > extras.high) {
          found.push_back(i);
        }
      }
    };
    const std::size_t first_block = part_begin(blocks, parts, p);
    const std::size_t end_block = part_begin(blocks, parts, p + 1);
    // Sum block k holds the ranges ending at values 1 + k * sum_block ..: the part collects the
    // values k * sum_block .. of its blocks (multiples of 64), the last part every value left.
    for (std::size_t k = first_block; k < end_block; ++k) {
      if (wide && (k + 1) * sum_block < v.size() && overflowed[p] == 0) {
        screened_block b;
        screen_block_avx512(y, k, limit, extras.centre, extras.low, extras.high, b);
        sums[k] = b.sum;
        counts[k] = b.count;
        for (std::size_t q = 0; q < 4; ++q) {
          const std::size_t base = k * sum_block + q * block_points;
          extras.sides[base / block_points] = b.sides[q];
          for (std::uint64_t bits = b.beyond[q]; bits != 0; bits &= bits - 1) {
            found.push_back(base + static_cast<std::size_t>(std::countr_zero(bits)));
          }
        }
        overflowed[p] = found.size() > most_beyond ? 1 : 0;
        continue;
      }
      const std::size_t begin = sum_block_begin(k);
      ranges_below_of_block(y, begin, std::min(v.size(), begin + sum_block), limit, sums[k],
                            counts[k]);
      collect(k * sum_block, std::min(v.size(), (k + 1) * sum_block));
    }
    if (p + 1 == parts) {
      collect(std::min(v.size(), end_block * sum_block), v.size());
    }
  });
  // The fold of sum_ranges_below_split: the same bits.
  compensated_sum total;
  double count = 0.0;
  for (std::size_t k = 0; k < blocks; ++k) {
    total.add(sums[k]);
    count += counts[k];
  }
  extras.found =
      std::none_of(overflowed.begin(), overflowed.end(), [](unsigned char o) { return o != 0; });
  extras.beyond.clear();
  if (extras.found) {
    for (const auto& found : beyond) {
      extras.beyond.insert(extras.beyond.end(), found.begin(), found.end());
    }
  }
  return range_sum{total.value(), static_cast<std::size_t>(count)};
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
                           double& amr, const values_and_ranges* known_sums, unsigned threads,
                           screen_extras* extras) {
  if (extras != nullptr) {
    extras->found = false;
  }
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
  if (extras == nullptr) {
    amr = screened_mean_range(v, factor, amr, threads);
    return;
  }
  extras->centre = mean;
  extras->low = mean - extras->reach_per_range * amr;
  extras->high = mean + extras->reach_per_range * amr;
  const range_sum kept = screened_ranges_with_extras(v, factor * amr, threads, *extras);
  amr = kept.count == 0 ? nan : kept.sum / static_cast<double>(kept.count);
}

double mean_moving_range(std::span<const double> v, bool screen, double factor, unsigned threads) {
  // The mean is one sum more in the same pass; the ranges and screening are the same.
  double mean = nan;
  double amr = nan;
  mean_and_moving_range(v, screen, factor, mean, amr, nullptr, threads);
  return amr;
}

}  // namespace cmx::spc::detail
