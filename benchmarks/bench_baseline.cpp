// BM_StreamingSum/N: the baseline of every ratio reported for cmx's kernels.
// BM_CopyInputs/N: copying x and y (N doubles each) into vectors the caller reuses: the least a
// chart whose result owns its x and y must do, to read its ratios against.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "baseline.hpp"

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

}  // namespace

BENCHMARK(BM_CopyInputs)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);
BENCHMARK(BM_StreamingSum)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);
