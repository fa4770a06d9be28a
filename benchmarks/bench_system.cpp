// The system graph's kernels, each to be read beside BM_StreamingSum over the same number of
// items: flow edges from 10^7 stays, PageRank and Louvain on 10^5 units / 10^6 edges,
// betweenness on 10^4 units, a roll-up of 10^7 observations over 10^5 units.
//   cmx_bench --benchmark_filter='StreamingSum/10000000|System'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmx/io/csv.hpp"
#include "cmx/system/flow.hpp"
#include "cmx/system/io.hpp"
#include "cmx/system/rollup.hpp"

namespace {

namespace sys = cmx::system;

// Episodes of 2..8 stays over `units` units, ordered in time, as the journeys kernel wants them.
// Realistic flow (sparse = true): each unit hands over to one of its 8 usual successors 95% of
// the time (a few thousand distinct edges). Worst case (sparse = false): any unit to any unit
// uniformly (all units^2 pairs are edges, so every lookup and scatter misses the cache).
sys::journey_set synthetic_journeys(std::size_t stays, std::size_t units, bool sparse) {
  sys::journey_set j;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint32_t> unit(0, static_cast<std::uint32_t>(units - 1));
  std::uniform_int_distribution<int> length(2, 8);
  std::uniform_int_distribution<std::int64_t> hours(1, 96);
  std::uniform_int_distribution<std::size_t> usual(0, 7);
  std::bernoulli_distribution habit(0.95);
  std::vector<std::uint32_t> successors(units * 8);
  for (auto& s : successors) {
    s = unit(rng);
  }
  j.unit_ids.resize(units);
  for (std::size_t u = 0; u < units; ++u) {
    j.unit_ids[u] = std::string("u").append(std::to_string(u));
  }
  j.stay_unit.reserve(stays);
  j.stay_start.reserve(stays);
  j.stay_end.reserve(stays);
  j.episode_offset.push_back(0);
  std::int64_t t = 0;
  while (j.stay_unit.size() < stays) {
    const auto k =
        std::min<std::size_t>(static_cast<std::size_t>(length(rng)), stays - j.stay_unit.size());
    for (std::size_t i = 0; i < k; ++i) {
      const bool follow = sparse && i > 0 && habit(rng);
      j.stay_unit.push_back(follow ? successors[std::size_t{j.stay_unit.back()} * 8 + usual(rng)]
                                   : unit(rng));
      t += hours(rng) * 3600;
      j.stay_start.push_back(t);
      t += hours(rng) * 3600;
      j.stay_end.push_back(t);
    }
    j.episode_offset.push_back(static_cast<std::uint32_t>(j.stay_unit.size()));
  }
  return j;
}

// A graph of `units` units in communities of 100 with `edges` edges, 80% inside a community.
sys::flow_graph synthetic_graph(std::size_t units, std::size_t edges) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::uint32_t> any(0, static_cast<std::uint32_t>(units - 1));
  std::uniform_int_distribution<std::uint32_t> offset(0, 99);
  std::uniform_int_distribution<std::uint64_t> count(1, 20);
  std::bernoulli_distribution inside(0.8);
  std::vector<std::uint32_t> from(edges);
  std::vector<std::uint32_t> to(edges);
  std::vector<std::uint64_t> counts(edges);
  for (std::size_t i = 0; i < edges; ++i) {
    from[i] = any(rng);
    to[i] = inside(rng) ? std::min<std::uint32_t>(static_cast<std::uint32_t>(units - 1),
                                                  from[i] / 100 * 100 + offset(rng))
                        : any(rng);
    counts[i] = count(rng);
  }
  std::vector<std::string> ids(units);
  for (std::size_t u = 0; u < units; ++u) {
    ids[u] = std::to_string(u);
    ids[u].insert(ids[u].begin(), 'u');
  }
  return sys::make_flow_graph(std::move(ids), from, to, counts);
}

void flow_edges_benchmark(benchmark::State& state, bool sparse) {
  const auto stays = static_cast<std::size_t>(state.range(0));
  const auto journeys = synthetic_journeys(stays, 500, sparse);
  std::size_t edges = 0;
  for (auto _ : state) {
    auto g = sys::flow_edges(journeys);
    edges = g.edges.size();
    benchmark::DoNotOptimize(g.edges.data());
  }
  state.counters["edges"] = static_cast<double>(edges);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_SystemFlowEdges(benchmark::State& state) {
  flow_edges_benchmark(state, true);
}
void BM_SystemFlowEdgesUniform(benchmark::State& state) {
  flow_edges_benchmark(state, false);
}

void BM_SystemPageRank(benchmark::State& state) {
  const auto g = synthetic_graph(static_cast<std::size_t>(state.range(0)),
                                 static_cast<std::size_t>(state.range(1)));
  sys::pagerank_options options;
  options.tolerance = 1e-6;  // networkx's default
  for (auto _ : state) {
    auto p = sys::pagerank(g, options);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.edges.size()));
}

void BM_SystemLouvain(benchmark::State& state) {
  const auto g = synthetic_graph(static_cast<std::size_t>(state.range(0)),
                                 static_cast<std::size_t>(state.range(1)));
  double q = 0;
  for (auto _ : state) {
    auto c = sys::louvain(g);
    q = c.modularity;
    benchmark::DoNotOptimize(c.community.data());
  }
  state.counters["modularity"] = q;
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.edges.size()));
}

void BM_SystemBetweenness(benchmark::State& state) {
  const auto g = synthetic_graph(static_cast<std::size_t>(state.range(0)),
                                 static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) {
    auto b = sys::betweenness(g);
    benchmark::DoNotOptimize(b.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(g.edges.size()));
}

// 10^5 microsystems in 100 mesosystems of one macrosystem; every tenth microsystem is shared
// between two mesosystems (0.5 / 0.5).
sys::system_graph synthetic_system(std::size_t micro) {
  sys::system_definition d;
  d.units.push_back({"macro", "", sys::level::macrosystem, "", {}});
  for (std::size_t m = 0; m < 100; ++m) {
    d.units.push_back({"meso" + std::to_string(m), "", sys::level::mesosystem, "", {}});
    sys::membership tie;
    tie.from = d.units.back().id;
    tie.to = "macro";
    d.memberships.push_back(tie);
  }
  for (std::size_t u = 0; u < micro; ++u) {
    d.units.push_back({"micro" + std::to_string(u), "", sys::level::clinical_microsystem, "", {}});
    sys::membership tie;
    tie.from = d.units.back().id;
    tie.to = "meso" + std::to_string(u % 100);
    if (u % 10 == 0) {
      tie.weight = 0.5;
      sys::membership other = tie;
      other.to = "meso" + std::to_string((u + 1) % 100);
      d.memberships.push_back(other);
    }
    d.memberships.push_back(tie);
  }
  return sys::system_graph::build(std::move(d));
}

void BM_SystemRollup(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto micro = static_cast<std::size_t>(state.range(1));
  const auto system = synthetic_system(micro);
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<std::uint32_t> unit(101, static_cast<std::uint32_t>(100 + micro));
  std::uniform_int_distribution<std::uint32_t> month(0, 11);
  std::uniform_int_distribution<int> den(20, 200);
  std::vector<std::uint32_t> units(n);
  std::vector<std::uint32_t> periods(n);
  std::vector<double> numerators(n);
  std::vector<double> denominators(n);
  for (std::size_t i = 0; i < n; ++i) {
    units[i] = unit(rng);
    periods[i] = month(rng);
    denominators[i] = den(rng);
    numerators[i] = std::floor(denominators[i] * 0.1);
  }
  for (auto _ : state) {
    auto t = sys::rollup_indexed(system, units, periods, numerators, denominators, 12);
    benchmark::DoNotOptimize(t.numerator.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// A graph CSV from,to,count (unit ids in any text) as a flow graph.
sys::flow_graph read_graph(const std::string& path) {
  const auto t = cmx::io::read_csv_file(path);
  const std::size_t c_from = t.column("from");
  const std::size_t c_to = t.column("to");
  const std::size_t c_count = t.column("count");
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::string> ids;
  const auto id = [&](std::string_view text) {
    const auto [it, added] =
        index.try_emplace(std::string(text), static_cast<std::uint32_t>(ids.size()));
    if (added) {
      ids.emplace_back(text);
    }
    return it->second;
  };
  std::vector<std::uint32_t> from(t.row_count());
  std::vector<std::uint32_t> to(t.row_count());
  std::vector<std::uint64_t> count(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    from[r] = id(t.cell(r, c_from));
    to[r] = id(t.cell(r, c_to));
    count[r] = static_cast<std::uint64_t>(t.required_number(r, c_count));
  }
  return sys::make_flow_graph(std::move(ids), from, to, count);
}

// With CMX_BENCH_SYSTEM_DATA naming a folder written by benchmarks/compare_system_networkx.py,
// the same kernels run over that folder's files, so the script can set cmx beside networkx and
// igraph on the same data (it runs cmx_bench --benchmark_filter=SystemFile).
const bool file_benchmarks_registered = [] {
  const char* dir = std::getenv("CMX_BENCH_SYSTEM_DATA");
  if (dir == nullptr) {
    return false;
  }
  const std::string folder(dir);
  auto journeys = std::make_shared<sys::journey_set>(sys::read_stays_file(folder + "/stays.csv"));
  auto large = std::make_shared<sys::flow_graph>(read_graph(folder + "/graph_large.csv"));
  auto small = std::make_shared<sys::flow_graph>(read_graph(folder + "/graph_small.csv"));
  benchmark::RegisterBenchmark("BM_SystemFile/flow_edges", [journeys](benchmark::State& state) {
    for (auto _ : state) {
      auto g = sys::flow_edges(*journeys);
      benchmark::DoNotOptimize(g.edges.data());
    }
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_SystemFile/pagerank", [large](benchmark::State& state) {
    sys::pagerank_options options;
    options.tolerance = 1e-6;  // networkx's default
    for (auto _ : state) {
      auto p = sys::pagerank(*large, options);
      benchmark::DoNotOptimize(p.data());
    }
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_SystemFile/louvain", [large](benchmark::State& state) {
    for (auto _ : state) {
      auto c = sys::louvain(*large);
      state.counters["modularity"] = c.modularity;
    }
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_SystemFile/betweenness", [small](benchmark::State& state) {
    for (auto _ : state) {
      auto b = sys::betweenness(*small);
      benchmark::DoNotOptimize(b.data());
    }
  })->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace

BENCHMARK(BM_SystemFlowEdges)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SystemFlowEdgesUniform)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SystemPageRank)->Args({100'000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SystemLouvain)->Args({100'000, 1'000'000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SystemBetweenness)
    ->Args({10'000, 50'000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_SystemRollup)->Args({10'000'000, 100'000})->Unit(benchmark::kMillisecond);
