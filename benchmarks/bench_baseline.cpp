// BM_StreamingSum/N: the baseline of every ratio reported for cmx's kernels.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "baseline.hpp"

namespace {

void BM_StreamingSum(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> values(n);
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(10.0, 2.0);
  for (auto& v : values) {
    v = normal(rng);
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmx::bench::streaming_sum(values));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) *
                          static_cast<std::int64_t>(sizeof(double)));
}

}  // namespace

BENCHMARK(BM_StreamingSum)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000);
