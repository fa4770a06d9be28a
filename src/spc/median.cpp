// Medians without sorting: selection by histogram buckets or by a sample's bracket.
#include "median.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "bits.hpp"
#include "split_work.hpp"

namespace cmx::spc::detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t buckets = 4096;

// Equal-width buckets between lo and hi (hi > lo); the index is monotone in the value.
struct bucket_grid {
  double lo = 0.0;
  double scale = 0.0;  // buckets / (hi - lo)

  [[nodiscard]] std::size_t index(double v) const noexcept {
    const double t = (v - lo) * scale;
    // Through a signed integer: t is in [0, buckets], and the signed conversion is one
    // instruction where the unsigned one is several.
    const auto b = static_cast<std::size_t>(static_cast<std::int64_t>(t));
    return b < buckets ? b : buckets - 1;
  }
};

// The buckets holding ranks first_rank..k (0-based) and how many values lie below the first.
struct rank_buckets {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t below = 0;
};

template <class Count>
rank_buckets locate_ranks(const std::array<Count, buckets>& histogram, std::size_t first_rank,
                          std::size_t k) noexcept {
  rank_buckets r;
  while (r.below + histogram[r.first] <= first_rank) {
    r.below += histogram[r.first++];
  }
  r.last = r.first;
  std::size_t through = r.below + histogram[r.first];
  while (through <= k) {
    through += histogram[++r.last];
  }
  return r;
}

// R's median from the middle rank(s) of `count` values. R's mean of the two sums in long double;
// where the double sum of two finite values overflows, their halves are added instead.
double middle(std::size_t count, double lower, double upper) noexcept {
  if (count % 2 != 0) {
    return upper;
  }
  const double mean = (lower + upper) / 2.0;
  return std::isinf(mean) && std::isfinite(lower) && std::isfinite(upper)
             ? lower / 2.0 + upper / 2.0
             : mean;
}

}  // namespace

// The k-th smallest of values[0..count) (0-based) and, when want_lower, the (k-1)-th too; values
// is reordered. For long inputs a histogram of 4096 equal-width buckets between the minimum and
// the maximum (bucket index monotone in the value) locates the bucket(s) holding ranks k-1 and
// k, and only the values in them are selected among (nth_element): three streaming passes
// instead of nth_element's data-dependent partitioning of everything. Same values either way.
void select_ranks(double* values, std::size_t count, std::size_t k, bool want_lower, double& kth,
                  double& lower) {
  const auto nth_in = [&](double* first, std::size_t n, std::size_t rank) {
    double* middle_value = first + rank;
    std::nth_element(first, middle_value, first + n);
    kth = *middle_value;
    if (want_lower) {
      lower = *std::max_element(first, middle_value);
    }
  };
  if (count < 4 * buckets || count > std::numeric_limits<std::uint32_t>::max()) {
    nth_in(values, count, k);
    return;
  }
  double lo = values[0];
  double hi = values[0];
  for (std::size_t i = 1; i < count; ++i) {
    lo = std::min(lo, values[i]);
    hi = std::max(hi, values[i]);
  }
  const bucket_grid grid{lo, static_cast<double>(buckets) / (hi - lo)};
  if (!(hi > lo) || !std::isfinite(grid.scale)) {
    nth_in(values, count, k);
    return;
  }
  std::array<std::uint32_t, buckets> histogram{};
  for (std::size_t i = 0; i < count; ++i) {
    ++histogram[grid.index(values[i])];
  }
  const rank_buckets r = locate_ranks(histogram, want_lower ? k - 1 : k, k);
  // Compact the candidates to the front (the write index never passes the read index).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t b = grid.index(values[i]);
    if (b >= r.first && b <= r.last) {
      values[kept++] = values[i];
    }
  }
  nth_in(values, kept, k - r.below);
}

// R's median of the non-missing values of buffer (reordered in place); NaN if none.
double median_in_place(std::vector<double>& buffer) {
  const auto end =
      std::remove_if(buffer.begin(), buffer.end(), [](double v) { return std::isnan(v); });
  const auto count = static_cast<std::size_t>(end - buffer.begin());
  if (count == 0) {
    return nan;
  }
  double upper = nan;
  double lower = nan;
  select_ranks(buffer.data(), count, count / 2, count % 2 == 0, upper, lower);
  return middle(count, lower, upper);
}

namespace {

// The median of a long phase by histogram: three streaming passes (range, histogram of 4096
// buckets as in select_ranks, the candidates of the middle bucket(s) into scratch).
double median_by_histogram(std::span<const double> values, std::vector<double>& scratch) {
  std::size_t count = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const double v : values) {
    const bool present = !std::isnan(v);
    count += present ? 1U : 0U;
    lo = present ? std::min(lo, v) : lo;
    hi = present ? std::max(hi, v) : hi;
  }
  if (count == 0) {
    return nan;
  }
  const bucket_grid grid{lo, static_cast<double>(buckets) / (hi - lo)};
  scratch.clear();
  if (count < 4 * buckets || !(hi > lo) || !std::isfinite(grid.scale)) {
    for (const double v : values) {
      if (!std::isnan(v)) {
        scratch.push_back(v);
      }
    }
    return median_in_place(scratch);
  }
  std::array<std::size_t, buckets> histogram{};
  for (const double v : values) {
    if (!std::isnan(v)) {
      ++histogram[grid.index(v)];
    }
  }
  // The bucket(s) of the middle rank(s) (count / 2 - 1 as well when count is even).
  const std::size_t k = count / 2;
  const bool even = count % 2 == 0;
  const rank_buckets r = locate_ranks(histogram, even ? k - 1 : k, k);
  for (const double v : values) {
    if (!std::isnan(v)) {
      const std::size_t b = grid.index(v);
      if (b >= r.first && b <= r.last) {
        scratch.push_back(v);
      }
    }
  }
  double upper = nan;
  double lower = nan;
  select_ranks(scratch.data(), scratch.size(), k - r.below, even, upper, lower);
  return middle(count, lower, upper);
}

// What a part of the counting pass of median_by_sample finds besides the values inside.
struct bracket_count {
  std::size_t count = 0;  // values that are not missing
  std::size_t below = 0;  // values below the bracket
};

// Blocks of 64 values become three bit masks (below the bracket [low, high], inside it,
// missing) by packed compares; counting is then popcounts, and only the set bits of the inside
// mask (1.6 to 3% of the values) are visited. `v >= low && v <= high` per value would be a
// branch as good as a coin toss. The values inside go to `inside` (emptied first).
bracket_count count_in_bracket(std::span<const double> values, double low, double high,
                               std::vector<double>& inside) {
  bracket_count found;
  std::size_t kept = 0;
  std::size_t i = 0;
  inside.clear();
  for (; i + block_points <= values.size(); i += block_points) {
    const double* block = values.data() + i;
    const range_bits bits = range_of_block(block, low, high);
    found.count += block_points - static_cast<std::size_t>(std::popcount(bits.missing));
    found.below += static_cast<std::size_t>(std::popcount(bits.below));
    if (kept + block_points > inside.size()) {
      inside.resize(std::max<std::size_t>(4096, 2 * inside.size()));
    }
    for (std::uint64_t in = bits.inside; in != 0; in &= in - 1) {
      inside[kept++] = block[std::countr_zero(in)];
    }
  }
  inside.resize(kept + block_points);
  for (; i < values.size(); ++i) {
    const double v = values[i];
    found.count += std::isnan(v) ? 0U : 1U;
    found.below += v < low ? 1U : 0U;
    inside[kept] = v;
    kept += static_cast<std::size_t>(v >= low && v <= high);
  }
  inside.resize(kept);
  return found;
}

// Floyd & Rivest (1975), Comm. ACM 18(3):165-172, "Expected time bounds for selection": the
// order statistics of a sample bracket the wanted ranks with high probability, so one pass over
// the data counts the values below the bracket and keeps the few inside it, and only those are
// selected among. The sample is runs of 8 neighbours spread evenly over the data (on
// autocorrelated data it is less informative, and a miss more likely); its bracket is the
// sample median +- 4 standard deviations of a sample rank (sqrt(m) / 2), missed with
// probability about 1e-4 on independent data. A miss is detected (the ranks are not inside
// the bracket) and reported as false.
bool median_by_sample(std::span<const double> values, std::vector<double>& scratch,
                      unsigned threads, double& median) {
  // 16384 values, up to 65536 on long phases: the bracket narrows as the sample grows (3% of
  // the data at 16384, 1.6% at 65536), and every value found inside it costs the pass below a
  // mispredicted branch. The sample is taken as runs of 8 neighbours (one cache line): an
  // eighth of the cache and TLB misses of as many scattered values.
  const std::size_t sample_size = std::clamp<std::size_t>(values.size() / 64, 16384, 65536);
  constexpr std::size_t neighbours = 8;
  const std::size_t stride = values.size() / (sample_size / neighbours);
  scratch.clear();
  for (std::size_t i = stride / 2; i + neighbours <= values.size(); i += stride) {
    for (std::size_t j = i; j < i + neighbours; ++j) {
      if (!std::isnan(values[j])) {
        scratch.push_back(values[j]);
      }
    }
  }
  const std::size_t m = scratch.size();
  if (m < sample_size / 2) {
    return false;  // mostly missing values: the histogram copes
  }
  const auto half_width =
      static_cast<std::size_t>(4.0 * std::sqrt(static_cast<double>(m)) / 2.0) + 1;
  const std::size_t low_rank = m / 2 - half_width;
  const std::size_t high_rank = m / 2 + half_width;
  const auto low_at = scratch.begin() + static_cast<std::ptrdiff_t>(low_rank);
  const auto high_at = scratch.begin() + static_cast<std::ptrdiff_t>(high_rank);
  std::nth_element(scratch.begin(), low_at, scratch.end());
  const double low = *low_at;
  std::nth_element(low_at + 1, high_at, scratch.end());
  const double high = *high_at;

  // The counting pass: on the calling thread alone without allocating (scratch, which no longer
  // needs the sample, keeps the values inside), or in parts on threads, each keeping the values
  // inside in a list of its own, joined afterwards. Neither the values inside nor the rank
  // selected among them depend on the split.
  const std::size_t parts = part_count(values.size(), threads);
  bracket_count total;
  if (parts == 1) {
    total = count_in_bracket(values, low, high, scratch);
  } else {
    std::vector<bracket_count> found(parts);
    std::vector<std::vector<double>> inside_of_part(parts - 1);
    run_parts(parts, [&](std::size_t p) {
      const std::size_t begin = part_begin(values.size(), parts, p);
      const std::size_t end = part_begin(values.size(), parts, p + 1);
      found[p] = count_in_bracket(values.subspan(begin, end - begin), low, high,
                                  p == 0 ? scratch : inside_of_part[p - 1]);
    });
    for (const bracket_count& part : found) {
      total.count += part.count;
      total.below += part.below;
    }
    for (const std::vector<double>& inside : inside_of_part) {
      scratch.insert(scratch.end(), inside.begin(), inside.end());
    }
  }
  const std::size_t count = total.count;
  const std::size_t below = total.below;
  const std::size_t k = count / 2;
  const bool even = count % 2 == 0;
  const std::size_t first_rank = even ? k - 1 : k;
  if (below > first_rank || below + scratch.size() <= k) {
    return false;
  }
  double upper = nan;
  double lower = nan;
  select_ranks(scratch.data(), scratch.size(), k - below, even, upper, lower);
  median = middle(count, lower, upper);
  return true;
}

}  // namespace

double median_of(std::span<const double> values, std::vector<double>& scratch, unsigned threads) {
  constexpr std::size_t long_phase = 1U << 18U;  // below, the sample would be most of the data
  double median = nan;
  if (values.size() >= long_phase && median_by_sample(values, scratch, threads, median)) {
    return median;
  }
  return median_by_histogram(values, scratch);
}

}  // namespace cmx::spc::detail
