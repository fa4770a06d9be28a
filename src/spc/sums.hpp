// Accurate sums at memory speed: the centre and sigma of a chart of 10^7 points are sums, and
// both their time and their rounding error matter there (private to src/spc).
//
// A long double accumulator (cmx's first choice) is accurate but runs on the x87 unit, one
// dependent add every few cycles. Here blocks of `block` values are summed in double by four
// independent accumulators (two SSE2 registers, or a portable loop), and the block sums are
// added with Neumaier's compensated summation (Neumaier 1974, ZAMM 54:39-51; Higham, Accuracy
// and Stability of Numerical Algorithms, 2nd ed., §4.3). The error is then bounded by about
// (block / 4 + 2) u sum|x|, independent of how many values there are, where recursive summation
// grows as n u (Higham, eq. 4.4): at 10^7 values the bound is below long double's.
#ifndef CMX_SRC_SPC_SUMS_HPP
#define CMX_SRC_SPC_SUMS_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>

#include "bits.hpp"  // CMX_SPC_SSE2

namespace cmx::spc::detail {

#if CMX_SPC_AVX512
// The whole groups of four values of partials_of_block over v[begin..end) by AVX2, for CPUs that
// have it (sums_avx2.cpp): value k in lane (k - begin) % 4, one AVX2 register holding the four
// lanes SSE2 holds in two, so the bits are the same. Sets into[0..5) (the lanes of the sums,
// counts, range sums, range counts and largest ranges) and returns the first value left for the
// tail. Only where cpu_has_avx2() (bits.hpp).
std::size_t partial_lanes_avx2(const double* v, std::size_t begin, std::size_t end,
                               const std::array<std::array<double, 4>*, 5>& into) noexcept;
#endif

inline namespace CMX_SPC_KERNELS {

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

// Calls take(lane, j) for j in [k, end): lanes 0 to 3 in turn while four values remain, then
// lane 0.
template <class Take>
void in_four_lanes(std::size_t k, std::size_t end, Take&& take) {
  for (; k + 4 <= end; k += 4) {
    take(0, k);
    take(1, k + 1);
    take(2, k + 2);
    take(3, k + 3);
  }
  for (; k < end; ++k) {
    take(0, k);
  }
}

// The partial sums of one block of values v[begin..end) (begin >= 1) and of their moving ranges,
// in four lanes: value k goes to lane (k - begin) % 4 while four remain, the rest to lane 0.
// The lanes are added as (0 + 1) + (2 + 3). Counts are held in doubles (exact far beyond a
// block) so that everything vectorizes; SSE2 and portable code give the same bits.
struct block_partials {
  double sum = 0.0;
  double count = 0.0;
  double range_sum = 0.0;
  double range_count = 0.0;
  double range_max = 0.0;
};

#if CMX_SPC_SSE2
// Two lanes of the four: the values and ranges of v[k], v[k + 1].
struct lane_pair {
  __m128d sum = _mm_setzero_pd();
  __m128d count = _mm_setzero_pd();
  __m128d range_sum = _mm_setzero_pd();
  __m128d range_count = _mm_setzero_pd();
  __m128d range_max = _mm_setzero_pd();

  void take(const double* v, std::size_t k) noexcept {
    const __m128d ones = _mm_set1_pd(1.0);
    const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7FFF'FFFF'FFFF'FFFF));
    const __m128d value = _mm_loadu_pd(v + k);
    const __m128d present = _mm_cmpord_pd(value, value);
    sum = _mm_add_pd(sum, _mm_and_pd(present, value));
    count = _mm_add_pd(count, _mm_and_pd(present, ones));
    const __m128d range = _mm_and_pd(magnitude, _mm_sub_pd(value, _mm_loadu_pd(v + k - 1)));
    const __m128d ranged = _mm_cmpord_pd(range, range);
    const __m128d kept = _mm_and_pd(ranged, range);
    range_sum = _mm_add_pd(range_sum, kept);
    range_count = _mm_add_pd(range_count, _mm_and_pd(ranged, ones));
    range_max = _mm_max_pd(range_max, kept);
  }
};

inline double low_of(__m128d v) noexcept {
  return _mm_cvtsd_f64(v);
}
inline double high_of(__m128d v) noexcept {
  return _mm_cvtsd_f64(_mm_unpackhi_pd(v, v));
}
#endif

inline block_partials partials_of_block(const double* v, std::size_t begin,
                                        std::size_t end) noexcept {
  using lanes = std::array<double, 4>;
  lanes s{};
  lanes c{};
  lanes r{};
  lanes rc{};
  lanes top{};
  std::size_t k = begin;
#if CMX_SPC_AVX512
  if (cpu_has_avx2()) {  // the four lanes in one AVX2 register each
    std::array<lanes*, 5> into{&s, &c, &r, &rc, &top};
    k = partial_lanes_avx2(v, begin, end, into);
  } else
#endif
  {
#if CMX_SPC_SSE2
    lane_pair low;   // lanes 0 and 1
    lane_pair high;  // lanes 2 and 3
    for (; k + 4 <= end; k += 4) {
      low.take(v, k);
      high.take(v, k + 2);
    }
    const auto unpack = [](__m128d a, __m128d b, lanes& out) {
      out = {low_of(a), high_of(a), low_of(b), high_of(b)};
    };
    unpack(low.sum, high.sum, s);
    unpack(low.count, high.count, c);
    unpack(low.range_sum, high.range_sum, r);
    unpack(low.range_count, high.range_count, rc);
    unpack(low.range_max, high.range_max, top);
#endif
  }
  // Selects instead of branches, so that the portable loop vectorizes too.
  const auto take = [&](std::size_t lane, std::size_t j) {
    const double value = v[j];
    const double range = std::abs(value - v[j - 1]);
    const bool present = !std::isnan(value);
    const bool ranged = !std::isnan(range);
    const double kept = ranged ? range : 0.0;
    s[lane] += present ? value : 0.0;
    c[lane] += present ? 1.0 : 0.0;
    r[lane] += kept;
    rc[lane] += ranged ? 1.0 : 0.0;
    top[lane] = top[lane] > kept ? top[lane] : kept;  // as maxpd
  };
  in_four_lanes(k, end, take);
  const auto add = [](const lanes& l) { return (l[0] + l[1]) + (l[2] + l[3]); };
  const auto largest = [](const lanes& l) {
    return std::max(std::max(l[0], l[1]), std::max(l[2], l[3]));
  };
  return block_partials{add(s), add(c), add(r), add(rc), largest(top)};
}

// sum_values_and_ranges over a series whose values arrive in order (a chart copies its rows
// block by block): advance(v, available) folds every whole block of v[0, available) not yet
// folded, while those values are still in cache; finish(v) folds the rest. The blocks and their
// order are those of one call over the whole series, so the result has the same bits.
class values_and_ranges_in_order {
 public:
  void advance(std::span<const double> v, std::size_t available) noexcept {
    if (next_ == 0 && available > 0) {
      start(v[0]);
      next_ = 1;
    }
    for (; next_ + sum_block <= available; next_ += sum_block) {
      fold(partials_of_block(v.data(), next_, next_ + sum_block));
    }
  }

  [[nodiscard]] values_and_ranges finish(std::span<const double> v) noexcept {
    advance(v, v.size());
    if (next_ != 0 && next_ < v.size()) {
      fold(partials_of_block(v.data(), next_, v.size()));
      next_ = v.size();
    }
    return result();
  }

  // finish(v) from the first value of v and the partials of its blocks, computed elsewhere (on
  // several threads): block k is v[1 + k * sum_block, min(v.size(), 1 + (k + 1) * sum_block)).
  // The same folds in the same order: the same bits.
  [[nodiscard]] static values_and_ranges of_blocks(
      double first, std::span<const block_partials> blocks) noexcept {
    values_and_ranges_in_order sums;
    sums.start(first);
    for (const block_partials& block : blocks) {
      sums.fold(block);
    }
    return sums.result();
  }

 private:
  void start(double first) noexcept {  // the first value: no range before it
    const bool present = !std::isnan(first);
    total_.add(present ? first : 0.0);
    count_ = present ? 1.0 : 0.0;
  }

  [[nodiscard]] values_and_ranges result() const noexcept {
    values_and_ranges out;
    out.sum = total_.value();
    out.count = static_cast<std::size_t>(count_);
    out.range_sum = ranges_.value();
    out.range_count = static_cast<std::size_t>(range_count_);
    out.range_max = range_max_;
    return out;
  }

  void fold(const block_partials& block) noexcept {
    total_.add(block.sum);
    ranges_.add(block.range_sum);
    count_ += block.count;  // integers below 2^53: exact
    range_count_ += block.range_count;
    range_max_ = std::max(range_max_, block.range_max);
  }

  std::size_t next_ = 0;  // the first value not yet folded
  compensated_sum total_;
  compensated_sum ranges_;
  double count_ = 0.0;
  double range_count_ = 0.0;
  double range_max_ = 0.0;
};

inline values_and_ranges sum_values_and_ranges(std::span<const double> v) noexcept {
  values_and_ranges_in_order sums;
  return sums.finish(v);
}

// The moving ranges of v strictly below `limit` (NaN ranges never are): their sum and count.
struct range_sum {
  double sum = 0.0;
  std::size_t count = 0;
};

// The moving ranges of v[begin..end) (begin >= 1) below limit, in four lanes as above.
inline void ranges_below_of_block(const double* v, std::size_t begin, std::size_t end, double limit,
                                  double& sum, double& count) noexcept {
  std::array<double, 4> r{};
  std::array<double, 4> rc{};
  std::size_t k = begin;
#if CMX_SPC_SSE2
  const __m128d ones = _mm_set1_pd(1.0);
  const __m128d magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7FFF'FFFF'FFFF'FFFF));
  const __m128d bound = _mm_set1_pd(limit);
  __m128d r_low = _mm_setzero_pd();
  __m128d r_high = _mm_setzero_pd();
  __m128d c_low = _mm_setzero_pd();
  __m128d c_high = _mm_setzero_pd();
  const auto range_at = [&](std::size_t j) {
    return _mm_and_pd(magnitude, _mm_sub_pd(_mm_loadu_pd(v + j), _mm_loadu_pd(v + j - 1)));
  };
  for (; k + 4 <= end; k += 4) {
    const __m128d low = range_at(k);
    const __m128d high = range_at(k + 2);
    const __m128d keep_low = _mm_cmplt_pd(low, bound);
    const __m128d keep_high = _mm_cmplt_pd(high, bound);
    r_low = _mm_add_pd(r_low, _mm_and_pd(keep_low, low));
    r_high = _mm_add_pd(r_high, _mm_and_pd(keep_high, high));
    c_low = _mm_add_pd(c_low, _mm_and_pd(keep_low, ones));
    c_high = _mm_add_pd(c_high, _mm_and_pd(keep_high, ones));
  }
  r = {low_of(r_low), high_of(r_low), low_of(r_high), high_of(r_high)};
  rc = {low_of(c_low), high_of(c_low), low_of(c_high), high_of(c_high)};
#endif
  const auto take = [&](std::size_t lane, std::size_t j) {
    const double range = std::abs(v[j] - v[j - 1]);
    const bool kept = range < limit;
    r[lane] += kept ? range : 0.0;
    rc[lane] += kept ? 1.0 : 0.0;
  };
  in_four_lanes(k, end, take);
  sum = (r[0] + r[1]) + (r[2] + r[3]);
  count = (rc[0] + rc[1]) + (rc[2] + rc[3]);
}

inline range_sum sum_ranges_below(std::span<const double> v, double limit) noexcept {
  compensated_sum total;
  double count = 0.0;
  for (std::size_t begin = 1; begin < v.size(); begin += sum_block) {
    double block_sum = 0.0;
    double block_count = 0.0;
    ranges_below_of_block(v.data(), begin, std::min(v.size(), begin + sum_block), limit, block_sum,
                          block_count);
    total.add(block_sum);
    count += block_count;
  }
  return range_sum{total.value(), static_cast<std::size_t>(count)};
}

}  // namespace CMX_SPC_KERNELS
}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SUMS_HPP
