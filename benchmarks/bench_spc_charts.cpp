// BM_RunChart/N, BM_IChart/N, BM_PChart/N: one whole chart (subgroups, centre, limits, run
// analysis, result arrays) of N points, to be read against BM_StreamingSum/N.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "cmx/spc/chart.hpp"

namespace {

struct series {
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> n;
};

// Synthetic data, made once per size: x = 1..N, y normal (or binomial counts out of n).
const series& data(std::size_t size, bool counts) {
  static std::map<std::pair<std::size_t, bool>, series> cache;
  auto& s = cache[{size, counts}];
  if (s.x.size() == size) {
    return s;
  }
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(10.0, 2.0);
  std::uniform_int_distribution<int> sizes(80, 120);
  s.x.resize(size);
  s.y.resize(size);
  if (counts) {
    s.n.resize(size);
  }
  for (std::size_t i = 0; i < size; ++i) {
    s.x[i] = static_cast<double>(i + 1);
    if (counts) {
      s.n[i] = sizes(rng);
      std::binomial_distribution<int> events(static_cast<int>(s.n[i]), 0.1);
      s.y[i] = events(rng);
    } else {
      s.y[i] = normal(rng);
    }
  }
  return s;
}

void run(benchmark::State& state, cmx::spc::chart_type type, bool counts) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const series& s = data(size, counts);
  cmx::spc::chart_options options;
  options.type = type;
  // Steady state: the result's arrays are reused between iterations, as a caller charting
  // repeatedly would (fresh allocations cost page faults that dwarf the computation here).
  cmx::spc::chart_result chart;
  for (auto _ : state) {
    cmx::spc::compute_chart_into(s.x, s.y, s.n, options, chart);
    benchmark::DoNotOptimize(chart.cl.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_RunChart(benchmark::State& state) {
  run(state, cmx::spc::chart_type::run, false);
}
void BM_IChart(benchmark::State& state) {
  run(state, cmx::spc::chart_type::i, false);
}
void BM_PChart(benchmark::State& state) {
  run(state, cmx::spc::chart_type::p, true);
}

}  // namespace

BENCHMARK(BM_RunChart)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IChart)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PChart)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
