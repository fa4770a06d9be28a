// The compass engine's kernels, each beside a plain streaming pass over the same input
// (BM_CompassStreamingSum streams the numerators and denominators the funnel reads).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "baseline.hpp"
#include "cmx/compass/funnel.hpp"

namespace {

struct funnel_data {
  std::vector<double> numerator;
  std::vector<double> denominator;
};

funnel_data make_funnel_data(std::size_t units) {
  funnel_data d;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> size(20, 5000);
  for (std::size_t i = 0; i < units; ++i) {
    const int n = size(rng);
    std::binomial_distribution<int> events(n, 0.12);
    d.denominator.push_back(n);
    d.numerator.push_back(events(rng));
  }
  return d;
}

void BM_CompassStreamingSum(benchmark::State& state) {
  const auto d = make_funnel_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmx::bench::streaming_sum(d.numerator) +
                             cmx::bench::streaming_sum(d.denominator));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void run_funnel(benchmark::State& state, cmx::compass::funnel_options o) {
  const auto d = make_funnel_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = cmx::compass::funnel(d.numerator, d.denominator, o);
    benchmark::DoNotOptimize(r.z.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_FunnelExact(benchmark::State& state) {
  run_funnel(state, {});
}

void BM_FunnelNormal(benchmark::State& state) {
  cmx::compass::funnel_options o;
  o.limits = cmx::compass::funnel_limits::normal;
  run_funnel(state, o);
}

void BM_FunnelAdditive(benchmark::State& state) {
  cmx::compass::funnel_options o;
  o.overdispersion = cmx::compass::funnel_overdispersion::additive;
  run_funnel(state, o);
}

}  // namespace

BENCHMARK(BM_CompassStreamingSum)->Arg(100'000);
BENCHMARK(BM_FunnelNormal)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelAdditive)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelExact)->Arg(100'000)->Unit(benchmark::kMillisecond);
