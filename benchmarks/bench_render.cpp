// Drawing: a control chart of N points as SVG (chart_svg) beside the streaming pass over the same
// N values (BM_RenderStreamingSum), so the ratio holds on a noisy machine. Drawing is text
// formatting (a few hundred bytes per point), so the ratio is large by nature; this guards
// against it growing faster than linearly.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "baseline.hpp"
#include "cmx/render/chart_svg.hpp"
#include "cmx/spc/chart.hpp"

namespace {

void BM_RenderStreamingSum(benchmark::State& state) {
  const auto y = cmx::bench::baseline_values(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmx::bench::streaming_sum(y));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ChartSvg(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto y = cmx::bench::baseline_values(n);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  const auto chart = cmx::spc::compute_chart(x, y, {}, {});
  auto signals = cmx::spc::beyond_limits_signals(chart);
  const auto runs = cmx::spc::anhoej_signals(chart);
  signals.insert(signals.end(), runs.begin(), runs.end());
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string svg = cmx::render::chart_svg(chart, signals);
    bytes = svg.size();
    benchmark::DoNotOptimize(svg.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["svg_bytes"] = static_cast<double>(bytes);
}

}  // namespace

BENCHMARK(BM_RenderStreamingSum)->Arg(1'000)->Arg(10'000);
BENCHMARK(BM_ChartSvg)->Arg(1'000)->Arg(10'000)->Unit(benchmark::kMillisecond);
