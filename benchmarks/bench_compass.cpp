// The compass engine's kernels, each beside a plain streaming pass over the same input
// (BM_CompassStreamingSum streams the numerators and denominators the funnel reads).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "baseline.hpp"
#include "cmx/compass/funnel.hpp"
#include "cmx/compass/scoring.hpp"

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

// Compass scoring of units x 20 measures x 24 periods (the 10^4 x 20 x 24), the table
// built directly (score_compass reads measure, unit, period and value only).
struct compass_data {
  std::vector<cmx::compass::measure> measures;
  cmx::compass::observation_table table;
};

// "m7", "u42": built by appending (GCC 12 warns falsely, -Wrestrict, on "m" + std::string).
std::string label(char prefix, std::size_t i) {
  std::string s(1, prefix);
  s += std::to_string(i);
  return s;
}

const compass_data& compass_fixture(std::size_t units) {
  static compass_data d;
  if (d.table.units.size() == units) {
    return d;
  }
  d = compass_data{};
  constexpr std::size_t measure_count = 20;
  constexpr std::size_t periods = 24;
  for (std::size_t m = 0; m < measure_count; ++m) {
    cmx::compass::measure x;
    x.id = label('m', m);
    x.point = static_cast<cmx::compass::compass_point>(m % 4);
    x.type = m % 4 == 3 ? cmx::compass::measure_type::cost : cmx::compass::measure_type::outcome;
    x.scoring = cmx::compass::scoring_kind::continuous;
    x.direction = m % 2 == 0 ? cmx::compass::improvement::higher_is_better
                             : cmx::compass::improvement::lower_is_better;
    x.floor = m % 2 == 0 ? 20.0 : 80.0;
    x.target = m % 2 == 0 ? 80.0 : 20.0;
    d.measures.push_back(x);
  }
  for (std::size_t u = 0; u < units; ++u) {
    d.table.units.push_back(label('u', u));
  }
  for (std::size_t p = 0; p < periods; ++p) {
    d.table.periods.push_back(label('p', 100 + p));
  }
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> value(10.0, 90.0);
  const std::size_t count = units * measure_count * periods;
  d.table.measure.reserve(count);
  d.table.unit.reserve(count);
  d.table.period.reserve(count);
  d.table.value.reserve(count);
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t p = 0; p < periods; ++p) {
      for (std::size_t m = 0; m < measure_count; ++m) {
        d.table.measure.push_back(static_cast<std::uint32_t>(m));
        d.table.unit.push_back(static_cast<std::uint32_t>(u));
        d.table.period.push_back(static_cast<std::uint32_t>(p));
        d.table.value.push_back(value(rng));
      }
    }
  }
  return d;
}

void BM_CompassTableStreamingSum(benchmark::State& state) {
  const auto& d = compass_fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmx::bench::streaming_sum(d.table.value));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.table.value.size()));
}

void BM_CompassScore(benchmark::State& state) {
  const auto& d = compass_fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = cmx::compass::score_compass(d.measures, d.table);
    benchmark::DoNotOptimize(r.outcome_index.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(d.table.value.size()));
}

}  // namespace

BENCHMARK(BM_CompassTableStreamingSum)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompassScore)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompassStreamingSum)->Arg(100'000);
BENCHMARK(BM_FunnelNormal)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelAdditive)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FunnelExact)->Arg(100'000)->Unit(benchmark::kMillisecond);
