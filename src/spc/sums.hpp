// Accurate sums at memory speed: the centre and sigma of a chart of 10^7 points are sums, and
// both their time and their rounding error matter there (private to src/spc).
//
// A long double accumulator (cmx's first choice) is accurate but runs on the x87 unit, one
// dependent add every few cycles. Here blocks of `block` values are summed in double by four
// independent accumulators (the compiler vectorizes them), and the block sums are added with
// Neumaier's compensated summation (Neumaier 1974, ZAMM 54:39-51; Higham, Accuracy and Stability
// of Numerical Algorithms, 2nd ed., §4.3). The error is then bounded by about
// (block / 4 + 2) u sum|x|, independent of how many values there are, where recursive summation
// grows as n u (Higham, eq. 4.4): at 10^7 values the bound is below long double's.
#ifndef CMX_SRC_SPC_SUMS_HPP
#define CMX_SRC_SPC_SUMS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>

namespace cmx::spc::detail {

// Neumaier's improved Kahan-Babuska summation.
class compensated_sum {
 public:
  void add(double x) noexcept {
    const double t = sum_ + x;
    compensation_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  [[nodiscard]] double value() const noexcept { return sum_ + compensation_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

inline constexpr std::size_t sum_block = 256;

// The values of v that are not NaN, and the moving ranges |v[j] - v[j-1]| that are not NaN
// (a missing neighbour gives no range): their sums, counts and the largest range.
struct values_and_ranges {
  double sum = 0.0;
  std::size_t count = 0;
  double range_sum = 0.0;
  std::size_t range_count = 0;
  double range_max = 0.0;
};

inline values_and_ranges sum_values_and_ranges(std::span<const double> v) noexcept {
  values_and_ranges out;
  if (v.empty()) {
    return out;
  }
  compensated_sum total;
  compensated_sum ranges;
  const bool first_present = !std::isnan(v[0]);
  total.add(first_present ? v[0] : 0.0);
  out.count = first_present ? 1 : 0;
  for (std::size_t begin = 1; begin < v.size(); begin += sum_block) {
    const std::size_t end = std::min(v.size(), begin + sum_block);
    double s[4] = {0, 0, 0, 0};
    double r[4] = {0, 0, 0, 0};
    double top[4] = {0, 0, 0, 0};
    std::size_t c[4] = {0, 0, 0, 0};
    std::size_t rc[4] = {0, 0, 0, 0};
    std::size_t j = begin;
    // Selects instead of branches, so the loop vectorizes.
    const auto take = [&](std::size_t lane, std::size_t k) {
      const double value = v[k];
      const double range = std::abs(value - v[k - 1]);
      const bool present = !std::isnan(value);
      const bool ranged = !std::isnan(range);
      s[lane] += present ? value : 0.0;
      c[lane] += present ? 1U : 0U;
      r[lane] += ranged ? range : 0.0;
      rc[lane] += ranged ? 1U : 0U;
      top[lane] = std::max(top[lane], ranged ? range : 0.0);
    };
    for (; j + 4 <= end; j += 4) {
      take(0, j);
      take(1, j + 1);
      take(2, j + 2);
      take(3, j + 3);
    }
    for (; j < end; ++j) {
      take(0, j);
    }
    total.add((s[0] + s[1]) + (s[2] + s[3]));
    ranges.add((r[0] + r[1]) + (r[2] + r[3]));
    out.count += (c[0] + c[1]) + (c[2] + c[3]);
    out.range_count += (rc[0] + rc[1]) + (rc[2] + rc[3]);
    out.range_max = std::max({out.range_max, top[0], top[1], top[2], top[3]});
  }
  out.sum = total.value();
  out.range_sum = ranges.value();
  return out;
}

// The moving ranges of v strictly below `limit` (NaN ranges never are): their sum and count.
struct range_sum {
  double sum = 0.0;
  std::size_t count = 0;
};

inline range_sum sum_ranges_below(std::span<const double> v, double limit) noexcept {
  range_sum out;
  compensated_sum total;
  for (std::size_t begin = 1; begin < v.size(); begin += sum_block) {
    const std::size_t end = std::min(v.size(), begin + sum_block);
    double r[4] = {0, 0, 0, 0};
    std::size_t rc[4] = {0, 0, 0, 0};
    const auto take = [&](std::size_t lane, std::size_t k) {
      const double range = std::abs(v[k] - v[k - 1]);
      const bool kept = range < limit;
      r[lane] += kept ? range : 0.0;
      rc[lane] += kept ? 1U : 0U;
    };
    std::size_t j = begin;
    for (; j + 4 <= end; j += 4) {
      take(0, j);
      take(1, j + 1);
      take(2, j + 2);
      take(3, j + 3);
    }
    for (; j < end; ++j) {
      take(0, j);
    }
    total.add((r[0] + r[1]) + (r[2] + r[3]));
    out.count += (rc[0] + rc[1]) + (rc[2] + rc[3]);
  }
  out.sum = total.value();
  return out;
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SUMS_HPP
