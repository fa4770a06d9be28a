// Rule sets, the streaming monitor and many-series charting (in C++ and through the C API),
// beside BM_StreamingSum.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "cmx.h"
#include "cmx/spc/many.hpp"
#include "cmx/spc/monitor.hpp"
#include "cmx/spc/rules.hpp"
#include "paired_ratio.hpp"

namespace {

std::vector<double> noisy(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = normal(rng) + (i % 1000 < 50 ? 1.0 : 0.0);  // a shift now and then
  }
  return y;
}

// Western Electric + Nelson 1-8 + Making Data Count over a precomputed chart of N points (lines
// given per point): signals and per-point flags, into an evaluation reused from one iteration to
// the next (steady state, as a caller evaluating repeatedly would; the first, allocating call is
// outside the timed loop, as in bench_spc_charts.cpp).
void BM_RulesAll(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> y = noisy(n, 1);
  const std::vector<double> cl(n, 0.0);
  const std::vector<double> sigma(n, 1.0);
  const std::vector<double> lcl(n, -3.0);
  const std::vector<double> ucl(n, 3.0);
  const cmx::spc::rule_set rules = cmx::spc::rule_set_by_name("western_electric,nelson,mdc");
  const cmx::spc::rule_input input{y, cl, sigma, lcl, ucl, {}, {}};
  cmx::spc::evaluation eval;
  cmx::spc::evaluate_into(rules, input, eval);
  for (auto _ : state) {
    cmx::spc::evaluate_into(rules, input, eval);
    benchmark::DoNotOptimize(eval.flags.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// One push (the same rules) per iteration.
void BM_MonitorPush(benchmark::State& state) {
  const std::vector<double> y = noisy(1U << 20U, 2);
  cmx::spc::monitor m(cmx::spc::rule_set_by_name("western_electric,nelson,mdc"), 0.0, 1.0);
  std::vector<cmx::spc::monitor_event> out(m.max_events_per_push());
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.push(y[i], out));
    i = (i + 1) & ((1U << 20U) - 1U);
  }
  state.SetItemsProcessed(state.iterations());
  // Against the baseline's per-element time at 10^6 values: 10^6 pushes a round.
  constexpr std::size_t pushes = 1'000'000;
  cmx::bench::report_paired_ratio(state, pushes, [&] {
    for (std::size_t k = 0; k < pushes; ++k) {
      benchmark::DoNotOptimize(m.push(y[i], out));
      i = (i + 1) & ((1U << 20U) - 1U);
    }
  });
}

// 10^6 series of 36 points, laid out one after the other.
struct laid_out_series {
  std::vector<double> values;
  std::vector<std::size_t> offsets;
};
laid_out_series many_series() {
  const std::size_t series = 1'000'000;
  const std::size_t len = 36;
  laid_out_series out{noisy(series * len, 3), std::vector<std::size_t>(series + 1)};
  for (std::size_t s = 0; s <= series; ++s) {
    out.offsets[s] = s * len;
  }
  return out;
}

// An individuals chart and the same rules per series.
void BM_ManySeries(benchmark::State& state) {
  const laid_out_series laid_out = many_series();
  const std::vector<double>& values = laid_out.values;
  const std::vector<std::size_t>& offsets = laid_out.offsets;
  cmx::spc::many_options options;
  options.rules = cmx::spc::rule_set_by_name("western_electric,nelson,mdc");
  // Steady state, as for the charts: the result is reused (chart_many_into), so its 144 MB of
  // flags are not faulted in afresh each iteration; the first, cold call is the counter cold_ms.
  cmx::spc::many_result result;
  const auto cold_start = std::chrono::steady_clock::now();
  cmx::spc::chart_many_into(values, offsets, options, result);
  state.counters["cold_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cold_start)
          .count();
  for (auto _ : state) {
    cmx::spc::chart_many_into(values, offsets, options, result);
    benchmark::DoNotOptimize(result.signals.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(values.size()));
}

// The same through the C API (the shared library, as a C caller links it), the caller's arrays
// allocated once: what an embedding charting its series repeatedly pays per call.
void BM_ManySeriesCapi(benchmark::State& state) {
  const laid_out_series laid_out = many_series();
  const std::size_t series = laid_out.offsets.size() - 1;
  const std::vector<double>& values = laid_out.values;
  const std::vector<std::size_t>& offsets = laid_out.offsets;
  cmx_context* ctx = nullptr;
  cmx_spc_rule_set* rules = nullptr;
  if (cmx_context_create(&ctx) != CMX_OK ||
      cmx_spc_rule_set_create(ctx, "western_electric,nelson,mdc", &rules) != CMX_OK) {
    state.SkipWithError("cannot create the context or the rule set");
    cmx_context_destroy(ctx);
    return;
  }
  const cmx_spc_many_options options = CMX_SPC_MANY_OPTIONS_INIT;
  std::vector<double> cl(series);
  std::vector<double> sigma(series);
  std::vector<std::uint32_t> flags(values.size());
  std::vector<std::size_t> counts(series);
  std::vector<cmx_spc_signal> signals;
  std::size_t needed = 0;
  const auto call = [&] {
    return cmx_spc_many_compute(ctx, rules, values.data(), values.size(), offsets.data(), series,
                                &options, cl.data(), sigma.data(), flags.data(), counts.data(),
                                signals.data(), signals.size(), &needed);
  };
  // The first call learns how many signals there are, and is the cold one.
  const auto cold_start = std::chrono::steady_clock::now();
  if (call() == CMX_E_BUFFER_TOO_SMALL) {
    signals.resize(needed);
  }
  state.counters["cold_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cold_start)
          .count();
  for (auto _ : state) {
    if (call() != CMX_OK) {
      state.SkipWithError(cmx_context_error_message(ctx));
      break;
    }
    benchmark::DoNotOptimize(signals.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(values.size()));
  cmx_spc_rule_set_destroy(rules);
  cmx_context_destroy(ctx);
}

}  // namespace

BENCHMARK(BM_RulesAll)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();  // a long series is evaluated on threads besides the timing one
BENCHMARK(BM_MonitorPush);
BENCHMARK(BM_ManySeries)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ManySeriesCapi)->Unit(benchmark::kMillisecond)->UseRealTime();
