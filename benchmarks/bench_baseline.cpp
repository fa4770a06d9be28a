// BM_StreamingSum/N: the baseline of every ratio reported for cmx's kernels.
// BM_CopyInputs/N: copying x and y (N doubles each) into vectors the caller reuses: the least a
// chart whose result owns its x and y must do, to read its ratios against.
// BM_WriteChartColumns/N: every per-point column an i chart with rule flags leaves in its result
// (chart_result's x, y and sigma_signal, evaluation's flags: 21 bytes a point; a chart of one
// phase with nothing excluded holds no phase or exclusion column), written with std::copy and
// std::fill on every hardware thread: what the memory traffic of BM_IChartAllRules/N alone costs on
// a host, before any arithmetic (the library writes some columns with streaming stores, so this is
// an estimate, not a bound). It reports its ratio to the streaming sum as the charts do
// (x_sum_median, x_sum_best: paired_ratio.hpp).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "baseline.hpp"
#include "paired_ratio.hpp"

namespace {

void BM_StreamingSum(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> values = cmx::bench::baseline_values(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmx::bench::streaming_sum(values));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) *
                          static_cast<std::int64_t>(sizeof(double)));
}

void BM_CopyInputs(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> x(n);
  std::vector<double> y(n, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  std::vector<double> x_copy(n);
  std::vector<double> y_copy(n);
  for (auto _ : state) {
    std::copy(x.begin(), x.end(), x_copy.begin());
    std::copy(y.begin(), y.end(), y_copy.begin());
    benchmark::DoNotOptimize(x_copy.data());
    benchmark::DoNotOptimize(y_copy.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// The result columns of a chart of n points.
struct chart_columns {
  std::vector<double> x, y;
  std::vector<std::uint8_t> sigma_signal;
  std::vector<std::uint32_t> flags;
  explicit chart_columns(std::size_t n) : x(n), y(n), sigma_signal(n), flags(n) {}
};

// Points [begin, end) of every column: x and y copied from the input, the others filled.
void write_columns(const std::vector<double>& x, const std::vector<double>& y, chart_columns& out,
                   std::size_t begin, std::size_t end) {
  const auto from = static_cast<std::ptrdiff_t>(begin);
  const auto to = static_cast<std::ptrdiff_t>(end);
  std::copy(x.begin() + from, x.begin() + to, out.x.begin() + from);
  std::copy(y.begin() + from, y.begin() + to, out.y.begin() + from);
  std::fill(out.sigma_signal.begin() + from, out.sigma_signal.begin() + to, std::uint8_t{0});
  std::fill(out.flags.begin() + from, out.flags.begin() + to, 0U);
}

void BM_WriteChartColumns(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> y = cmx::bench::baseline_values(n);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  chart_columns out(n);
  const std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
  const auto write_all = [&] {
    std::vector<std::jthread> others;
    for (std::size_t t = 1; t < threads; ++t) {
      others.emplace_back(write_columns, std::cref(x), std::cref(y), std::ref(out), n * t / threads,
                          n * (t + 1) / threads);
    }
    write_columns(x, y, out, 0, n / threads);
  };
  for (auto _ : state) {
    write_all();
    benchmark::DoNotOptimize(out.flags.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  cmx::bench::report_paired_ratio(state, n, [&] {
    write_all();
    benchmark::DoNotOptimize(out.flags.data());
    benchmark::ClobberMemory();
  });
}

}  // namespace

BENCHMARK(BM_WriteChartColumns)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CopyInputs)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);
BENCHMARK(BM_StreamingSum)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);
