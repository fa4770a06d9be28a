// Columns of a long series are copied past the cache (src/spc/stream_copy.hpp): the copy must
// hold the bits an ordinary copy holds, whatever the alignment, and a chart copied that way must
// keep its numbers. Its sums are then taken of the rows, not of the copy: they must still be the
// copy's (+0 for a series of -0).
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "spc/stream_copy.hpp"

namespace {

namespace spc = cmx::spc;
namespace detail = cmx::spc::detail;

std::uint64_t bits_of(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

// Awkward values: signed zeros, a quiet and a signalling NaN, infinities, normal values.
std::vector<double> awkward_values(std::size_t size) {
  const double signalling = std::numeric_limits<double>::signaling_NaN();
  const double quiet = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> kinds{0.0, -0.0, quiet, signalling, inf, -inf, 1.5, -2.25, 1e-310};
  std::vector<double> v(size);
  for (std::size_t i = 0; i < size; ++i) {
    v[i] = kinds[(i * 7 + i / 3) % kinds.size()];
  }
  return v;
}

}  // namespace

TEST_CASE("a streamed copy holds the bits of an ordinary copy at any alignment",
          "[spc][kernels][stream]") {
  const std::vector<double> from = awkward_values(64);
  for (const bool plus_zero : {false, true}) {
    for (std::size_t offset = 0; offset < 4; ++offset) {  // targets 8-byte but not 16-byte aligned
      for (std::size_t count = 0; count + offset <= 40; ++count) {
        INFO("plus_zero " << plus_zero << ", target offset " << offset << ", " << count
                          << " values");
        std::vector<double> to(48, 99.0);
        detail::copy_streaming(from.data() + 1, to.data() + offset, count, plus_zero);
        detail::finish_streaming();
        for (std::size_t i = 0; i < to.size(); ++i) {
          if (i < offset || i >= offset + count) {
            REQUIRE(to[i] == 99.0);  // nothing outside the target is written
            continue;
          }
          const double v = from[1 + i - offset];
          if (plus_zero && std::isnan(v)) {
            REQUIRE(std::isnan(to[i]));  // 0 + NaN is a NaN (a signalling one turns quiet)
          } else if (plus_zero) {
            REQUIRE(bits_of(to[i]) == bits_of(0.0 + v));
          } else {
            REQUIRE(bits_of(to[i]) == bits_of(v));
          }
        }
      }
    }
  }
  const double signalling = std::numeric_limits<double>::signaling_NaN();
  double kept = 0.0;
  detail::copy_streaming(&signalling, &kept, 1, false);
  REQUIRE(bits_of(kept) == bits_of(signalling));
}

TEST_CASE("a streamed fill writes the value at any alignment and nothing outside",
          "[spc][kernels][stream]") {
  const auto check = [](auto value, auto untouched) {
    using T = decltype(value);
    for (std::size_t offset = 0; offset < 16 / sizeof(T) + 1; ++offset) {
      for (std::size_t count = 0; count + offset <= 70; ++count) {
        INFO(sizeof(T) << "-byte values, target offset " << offset << ", " << count << " values");
        std::vector<T> to(80, untouched);
        detail::fill_streaming(to.data() + offset, count, value);
        detail::finish_streaming();
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < to.size(); ++i) {
          const bool inside = i >= offset && i < offset + count;
          wrong += to[i] == (inside ? value : untouched) ? 0U : 1U;
        }
        REQUIRE(wrong == 0);
      }
    }
  };
  check(std::int32_t{-7}, std::int32_t{3});
  check(std::uint8_t{1}, std::uint8_t{0});
  check(std::uint16_t{0xBEEF}, std::uint16_t{5});
  check(2.5, -1.0);
}

TEST_CASE("the columns of a long chart filled past the cache hold their values",
          "[spc][chart][stream]") {
  const std::size_t size = detail::streamed_points + 333;
  std::vector<double> x(size);
  std::vector<double> y(size);
  for (std::size_t i = 0; i < size; ++i) {
    x[i] = static_cast<double>(i + 1);
    y[i] = static_cast<double>((i * 7919) % 101);
  }
  for (const unsigned threads : {1U, 2U}) {
    INFO(threads << " thread(s)");
    spc::chart_options options;
    options.type = spc::chart_type::i;
    options.threads = threads;
    options.parts = {5, size / 2 + 1};  // phases starting off every alignment a block has
    options.freeze = 3;
    options.exclude = {size - 2};
    const spc::chart_result chart = spc::compute_chart(x, y, {}, options);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < size; ++i) {
      const std::int32_t part = i < 5 ? 1 : (i < size / 2 + 1 ? 2 : 3);
      wrong += chart.part_of(i) == part ? 0U : 1U;
      wrong += chart.is_included(i) == (i != size - 3) ? 0U : 1U;
      wrong += chart.in_baseline(i) == (i < 3) ? 0U : 1U;
    }
    REQUIRE(wrong == 0);
  }
}

TEST_CASE("a chart long enough to be copied past the cache keeps its rows and numbers",
          "[spc][chart][stream]") {
  const std::size_t size = detail::streamed_points + 77;
  std::mt19937_64 rng(17);
  std::normal_distribution<double> normal(10.0, 2.0);
  std::vector<double> x(size);
  std::vector<double> y(size);
  for (std::size_t i = 0; i < size; ++i) {
    x[i] = static_cast<double>(i) + 0.5;
    y[i] = i % 1000 == 7 ? -0.0 : (i % 977 == 3 ? std::nan("") : normal(rng));
  }
  for (const unsigned threads : {1U, 2U}) {
    INFO(threads << " thread(s)");
    spc::chart_options options;
    options.type = spc::chart_type::i;
    options.threads = threads;
    const spc::chart_result chart = spc::compute_chart(x, y, {}, options);
    REQUIRE(chart.size() == size);
    long double sum = 0;
    std::size_t count = 0;
    std::size_t wrong_x = 0;
    std::size_t wrong_y = 0;
    for (std::size_t i = 0; i < size; ++i) {
      wrong_x += bits_of(chart.x[i]) == bits_of(x[i]) ? 0U : 1U;
      wrong_y += bits_of(chart.y[i]) == bits_of(0.0 + y[i]) ? 0U : 1U;  // a mean of -0 plots +0
      if (!std::isnan(y[i])) {
        sum += y[i];
        ++count;
      }
    }
    REQUIRE(wrong_x == 0);
    REQUIRE(wrong_y == 0);
    const auto mean = static_cast<double>(sum / static_cast<long double>(count));
    REQUIRE(chart.parts.at(0).cl == Approx(mean).epsilon(1e-13));

    // The median of one value is the value itself: -0 stays -0.
    options.agg = spc::aggregation::median;
    const spc::chart_result as_is = spc::compute_chart(x, y, {}, options);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < size; ++i) {
      changed += bits_of(as_is.y[i]) == bits_of(y[i]) ? 0U : 1U;
    }
    REQUIRE(changed == 0);
    REQUIRE(bits_of(as_is.parts.at(0).cl) == bits_of(chart.parts.at(0).cl));
  }
}

TEST_CASE("a long series of -0 has the centre line +0, as a short one", "[spc][chart][stream]") {
  for (const std::size_t size : {std::size_t{1000}, detail::streamed_points + 5}) {
    INFO(size << " points");
    std::vector<double> x(size);
    for (std::size_t i = 0; i < size; ++i) {
      x[i] = static_cast<double>(i + 1);
    }
    const std::vector<double> y(size, -0.0);
    spc::chart_options options;
    options.type = spc::chart_type::i;
    const spc::chart_result chart = spc::compute_chart(x, y, {}, options);
    REQUIRE(bits_of(chart.parts.at(0).cl) == bits_of(0.0));
    REQUIRE(bits_of(chart.y.back()) == bits_of(0.0));
  }
}
