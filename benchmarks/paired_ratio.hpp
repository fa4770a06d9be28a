// A kernel's time over the streaming baseline's, measured in one run.
//
// The targets of issue 3 are ratios to BM_StreamingSum. Read from two benchmarks run minutes
// apart, a ratio carries the host's drift: on the machines cmx is measured on, the baseline's
// time moves by a half over minutes while the kernel's moves less (or the other way), so the
// same binaries read 6x at one time and 10x at another. Here the two are timed in alternation,
// round after round within one process, so that both see the same host; each round times the
// kernel once and the baseline once, over the same number of points. The counters:
//   x_sum_median  median kernel time / median baseline time,
//   x_sum_best    fastest kernel time / fastest baseline time,
// each a ratio of one run, to be read against the limit directly.
#ifndef CMX_BENCH_PAIRED_RATIO_HPP
#define CMX_BENCH_PAIRED_RATIO_HPP

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

#include "baseline.hpp"

namespace cmx::bench {

inline double median_of(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  const std::size_t half = times.size() / 2;
  return times.size() % 2 == 1 ? times[half] : 0.5 * (times[half - 1] + times[half]);
}

// Sets x_sum_median and x_sum_best on `state`: `kernel()` does the work of `points` points, and
// the baseline is the streaming sum of as many doubles. Short kernels are timed in bunches of
// calls (at least about a million points a bunch) so the clock's resolution does not count.
template <class Kernel>
void report_paired_ratio(benchmark::State& state, std::size_t points, Kernel&& kernel,
                         int rounds = 11) {
  // The baseline's values in a vector of their own, so that the sum reads memory the kernel has
  // not just left in the cache (as BM_StreamingSum's repeated passes over N values do, once N
  // values outgrow the cache).
  const std::vector<double> values = baseline_values(points);
  const std::size_t calls =
      std::max<std::size_t>(1, std::size_t{1'000'000} / std::max<std::size_t>(points, 1));
  const auto seconds_of = [calls](auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t c = 0; c < calls; ++c) {
      work();
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<double> kernel_times;
  std::vector<double> baseline_times;
  for (int round = 0; round < rounds; ++round) {
    kernel_times.push_back(seconds_of(kernel));
    baseline_times.push_back(seconds_of([&] { benchmark::DoNotOptimize(streaming_sum(values)); }));
  }
  state.counters["x_sum_median"] = median_of(kernel_times) / median_of(baseline_times);
  state.counters["x_sum_best"] = *std::min_element(kernel_times.begin(), kernel_times.end()) /
                                 *std::min_element(baseline_times.begin(), baseline_times.end());
}

}  // namespace cmx::bench

#endif  // CMX_BENCH_PAIRED_RATIO_HPP
