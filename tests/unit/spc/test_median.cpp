// The phase median (sample bracket, then histogram fallback) equals the median by sorting on
// data that stresses each path: long random series, sorted and periodic data (a strided sample
// sees a biased picture), heavy ties, a constant series, missing values, even and odd counts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "spc/median.hpp"

namespace {

double median_by_sorting(const std::vector<double>& values) {
  std::vector<double> sorted;
  for (const double v : values) {
    if (!std::isnan(v)) {
      sorted.push_back(v);
    }
  }
  std::sort(sorted.begin(), sorted.end());
  const std::size_t m = sorted.size();
  if (m == 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2.0;
}

// On one thread and split over two and three (a long phase's counting pass runs in parts).
void check_median(const std::vector<double>& values) {
  std::vector<double> scratch;
  // NOLINTNEXTLINE(performance-unnecessary-copy-initialization): the snapshot compared below
  const std::vector<double> before = values;
  const double expected = median_by_sorting(values);
  for (const unsigned threads : {1U, 2U, 3U}) {
    INFO(threads << " thread(s)");
    CHECK(cmx::spc::detail::median_of(values, scratch, threads) == expected);
  }
  CHECK(std::equal(values.begin(), values.end(), before.begin(), before.end(),
                   [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }));
}

}  // namespace

TEST_CASE("median of a long phase equals the median by sorting", "[spc][median]") {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(50.0, 9.0);
  std::lognormal_distribution<double> skewed(0.0, 2.0);
  const double missing = std::numeric_limits<double>::quiet_NaN();
  for (const std::size_t n : {std::size_t{300'000}, std::size_t{300'001}, std::size_t{1'000'003}}) {
    std::vector<double> v(n);
    SECTION("normal, with missing values") {
      for (std::size_t i = 0; i < n; ++i) {
        v[i] = i % 97 == 0 ? missing : normal(rng);
      }
      check_median(v);
    }
    SECTION("heavy right tail") {
      for (auto& d : v) {
        d = skewed(rng);
      }
      check_median(v);
    }
    SECTION("sorted, and periodic with the sample's stride") {
      for (std::size_t i = 0; i < n; ++i) {
        v[i] = static_cast<double>(i);
      }
      check_median(v);
      const std::size_t stride = n / 16384;
      for (std::size_t i = 0; i < n; ++i) {
        v[i] = i % stride == stride / 2 ? 1e9 : static_cast<double>(i % 13);
      }
      check_median(v);
    }
    SECTION("heavy ties and a constant series") {
      for (auto& d : v) {
        d = std::floor(normal(rng) / 10.0);
      }
      check_median(v);
      std::fill(v.begin(), v.end(), 4.25);
      check_median(v);
    }
    SECTION("mostly missing") {
      for (std::size_t i = 0; i < n; ++i) {
        v[i] = i % 10 == 0 ? normal(rng) : missing;
      }
      check_median(v);
    }
  }
}

TEST_CASE("median of short and empty phases", "[spc][median]") {
  std::vector<double> scratch;
  CHECK(std::isnan(cmx::spc::detail::median_of({}, scratch)));
  const std::vector<double> two = {3.0, 1.0};
  CHECK(cmx::spc::detail::median_of(two, scratch) == 2.0);
  const std::vector<double> gaps = {std::nan(""), 7.0, std::nan(""), 1.0, 4.0};
  CHECK(cmx::spc::detail::median_of(gaps, scratch) == 4.0);
}
