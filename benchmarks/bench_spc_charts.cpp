// BM_RunChart/N, BM_IChart/N, BM_PChart/N: one whole chart (subgroups, centre, limits, run
// analysis, result arrays) of N points; BM_IChartAllRules/N: an i chart with Anhøj, Western
// Electric, Nelson 1-8 and Making Data Count. To be read against BM_StreamingSum/N: each also
// reports that ratio measured in alternation within its own run (x_sum_median, x_sum_best:
// paired_ratio.hpp).
//
// Steady state: a caller charting repeatedly reuses the result (compute_chart_into,
// evaluate_into), so the arrays are allocated once, before the timed loop; the first, cold call
// (allocation and page faults) is measured apart, as the counter cold_ms. BM_IChartAllRules also
// reports the memory of one cold computation: result_B_per_pt (bytes the chart and the rule flags
// hold, by capacity) and peak_rss_B_per_pt (growth of the peak resident set of a child process
// that computes it once: everything cmx touched, allocator overhead included, the input excluded).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "paired_ratio.hpp"

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
  const auto cold_start = std::chrono::steady_clock::now();
  cmx::spc::compute_chart_into(s.x, s.y, s.n, options, chart);
  state.counters["cold_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cold_start)
          .count();
  for (auto _ : state) {
    cmx::spc::compute_chart_into(s.x, s.y, s.n, options, chart);
    benchmark::DoNotOptimize(chart.y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  cmx::bench::report_paired_ratio(state, size, [&] {
    cmx::spc::compute_chart_into(s.x, s.y, s.n, options, chart);
    benchmark::DoNotOptimize(chart.y.data());
    benchmark::ClobberMemory();
  });
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

template <class T>
double held_bytes(const std::vector<T>& v) {
  return static_cast<double>(v.capacity() * sizeof(T));
}

double result_bytes(const cmx::spc::chart_result& c, const cmx::spc::evaluation& e) {
  double bytes = 0;
  for (const auto* v : {&c.x, &c.y, &c.n, &c.workspace}) {
    bytes += held_bytes(*v);
  }
  for (const auto* line : {&c.cl, &c.sigma, &c.lcl, &c.ucl, &c.lcl2, &c.ucl2, &c.lcl1, &c.ucl1}) {
    bytes += static_cast<double>(line->held_bytes());
  }
  for (const auto* v : {&c.subgroups.count, &c.subgroups.sum, &c.subgroups.mean, &c.subgroups.sd}) {
    bytes += held_bytes(*v);
  }
  bytes += held_bytes(c.part_column) + held_bytes(c.included_column) + held_bytes(c.sigma_signal) +
           held_bytes(c.parts);
  return bytes + held_bytes(e.signals) + held_bytes(e.flags);
}

// Peak resident set growth (bytes) of a child process that charts the series once: the input
// pages are shared with the parent and already resident, so only what the computation touches
// counts. -1 if it cannot be measured.
template <class F>
double child_peak_rss_growth(F&& compute) {
  std::array<int, 2> pipe_fd{};
  if (pipe(pipe_fd.data()) != 0) {
    return -1;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(pipe_fd[0]);
    long size_pages = 0;
    long resident_pages = 0;
    std::ifstream statm("/proc/self/statm");
    if (!(statm >> size_pages >> resident_pages)) {
      resident_pages = 0;
    }
    compute();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    // glibc declares ru_maxrss inside an anonymous union (with a wider alias on x32).
    const long peak_kib = usage.ru_maxrss;  // NOLINT(cppcoreguidelines-pro-type-union-access)
    const double growth =
        static_cast<double>(peak_kib) * 1024.0 -
        static_cast<double>(resident_pages) * static_cast<double>(sysconf(_SC_PAGESIZE));
    const ssize_t written = write(pipe_fd[1], &growth, sizeof growth);
    _exit(written == static_cast<ssize_t>(sizeof growth) ? 0 : 1);
  }
  close(pipe_fd[1]);
  double growth = -1;
  if (pid < 0 || read(pipe_fd[0], &growth, sizeof growth) != static_cast<ssize_t>(sizeof growth)) {
    growth = -1;
  }
  close(pipe_fd[0]);
  if (pid > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
  }
  return growth;
}

// The i chart with every rule set of issue 3 point 8: Anhøj (computed with the chart, per
// phase), Western Electric 1-4, Nelson 1-8 and Making Data Count, with per-point rule flags.
// threads: as chart_options::threads and evaluate_options::threads (0: one per hardware thread).
void i_chart_all_rules(benchmark::State& state, unsigned threads) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const series& s = data(size, false);
  cmx::spc::chart_options options;
  options.type = cmx::spc::chart_type::i;
  options.threads = threads;
  const cmx::spc::rule_set rules = cmx::spc::rule_set_by_name("western_electric,nelson,mdc");
  const auto chart_all = [&](cmx::spc::chart_result& chart, cmx::spc::evaluation& eval) {
    cmx::spc::compute_chart_into(s.x, s.y, s.n, options, chart);
    cmx::spc::evaluate_into(rules, chart.rules_input(), eval, cmx::spc::evaluate_options{threads});
  };
  // The child first: pages the parent holds at a fork become copy-on-write, and the first write
  // to each afterwards would fault inside the timed loop.
  const double rss = child_peak_rss_growth([&] {
    cmx::spc::chart_result fresh;
    cmx::spc::evaluation fresh_eval;
    chart_all(fresh, fresh_eval);
    benchmark::DoNotOptimize(fresh_eval.flags.data());
  });
  cmx::spc::chart_result chart;
  cmx::spc::evaluation eval;
  const auto cold_start = std::chrono::steady_clock::now();
  chart_all(chart, eval);
  const double cold_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cold_start)
          .count();
  const double held = result_bytes(chart, eval);
  for (auto _ : state) {
    chart_all(chart, eval);
    benchmark::DoNotOptimize(eval.flags.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  const auto points = static_cast<double>(size);
  state.counters["cold_ms"] = cold_ms;
  state.counters["signals"] = static_cast<double>(eval.signals.size());
  state.counters["result_B_per_pt"] = held / points;
  state.counters["peak_rss_B_per_pt"] = rss < 0 ? -1.0 : rss / points;
  cmx::bench::report_paired_ratio(state, size, [&] {
    chart_all(chart, eval);
    benchmark::DoNotOptimize(eval.flags.data());
    benchmark::ClobberMemory();
  });
}

// As a caller gets it: long series split over every hardware thread.
void BM_IChartAllRules(benchmark::State& state) {
  i_chart_all_rules(state, 0);
}

// The same on the calling thread alone.
void BM_IChartAllRulesOneThread(benchmark::State& state) {
  i_chart_all_rules(state, 1);
}

// The sizes, 10^4, 10^6 and 10^7 points, in real time: the work of a long series runs
// on threads besides the timing one.
void three_sizes(benchmark::internal::Benchmark* b) {
  b->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK(BM_IChartAllRules)->Apply(three_sizes);
BENCHMARK(BM_IChartAllRulesOneThread)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunChart)->Apply(three_sizes);
BENCHMARK(BM_IChart)->Apply(three_sizes);
BENCHMARK(BM_PChart)->Apply(three_sizes);
