// Several threads, each with its own context, share one system graph, one chart, one rule set,
// one funnel, one set of FHIR reports and one compass result (objects the header documents as
// immutable or read-only) and call the C API concurrently. Every answer must equal the one
// computed before the threads start; run under ThreadSanitizer in CI (CMX_SANITIZE=thread), where
// any data race fails the run. A long series (2^18 + 1000 points) is charted and evaluated too:
// cmx splits its passes over threads of its own, inside each calling thread.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cmx.h"

namespace {

std::string slurp(const std::string& path) {
  // Through rdbuf(): GCC 12 warns falsely (-Wnull-dereference) inside istreambuf_iterator.
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What every thread computes, compared field by field with the single-threaded answer.
struct answers {
  std::vector<std::size_t> descendants;
  std::size_t episodes = 0;
  std::size_t flow_edges = 0;
  std::uint64_t handoffs = 0;
  std::size_t rollup_rows = 0;
  std::vector<double> cl;
  std::size_t chart_signals = 0;
  std::size_t rule_signals = 0;
  std::size_t monitor_signals = 0;
  std::size_t many_signals = 0;
  double long_cl = 0;
  double long_sigma = 0;
  std::size_t long_sigma_signals = 0;
  std::size_t long_chart_signals = 0;
  std::size_t long_rule_signals = 0;
  std::uint64_t long_flags_hash = 0;
  double funnel_z = 0;
  double fhir_score = 0;
  std::string compass_measure;
  std::string error_field;

  bool operator==(const answers&) const = default;
};

struct shared_objects {
  cmx_system* system = nullptr;
  cmx_spc_chart* chart = nullptr;
  cmx_spc_rule_set* rules = nullptr;
  cmx_funnel* funnel = nullptr;
  cmx_fhir_reports* reports = nullptr;
  cmx_compass_result* result = nullptr;
  std::vector<cmx_stay> stays;
  std::vector<std::string> stay_strings;
  std::vector<double> y;
  std::vector<double> long_x;
  std::vector<double> long_y;
};

// One round of calls through ctx; reads the shared objects only.
answers work(cmx_context* ctx, const shared_objects& s) {
  answers a;
  a.descendants.resize(64);
  std::size_t len = 0;
  if (cmx_system_query(ctx, s.system, "riverside", CMX_RELATION_DESCENDANTS, nullptr,
                       a.descendants.data(), a.descendants.size(), &len) == CMX_OK) {
    a.descendants.resize(len);
  }
  cmx_journeys* journeys = nullptr;
  if (cmx_journeys_create(ctx, s.stays.data(), s.stays.size(), s.system, &journeys) == CMX_OK) {
    std::size_t stays = 0;
    cmx_journeys_counts(ctx, journeys, &a.episodes, &stays);
    cmx_flow* flow = nullptr;
    if (cmx_flow_create(ctx, journeys, nullptr, &flow) == CMX_OK) {
      cmx_flow_summary summary{};
      cmx_flow_get_summary(ctx, flow, &summary);
      a.flow_edges = summary.edges;
      a.handoffs = summary.handoffs;
    }
    cmx_flow_destroy(flow);
  }
  cmx_journeys_destroy(journeys);

  const cmx_observation observations[] = {{"cardiology_ward", "2024-01", 3, 40},
                                          {"cardiology_ward", "2024-02", 2, 38},
                                          {"oncology_clinic", "2024-01", 1, 20}};
  cmx_rollup* rollup = nullptr;
  if (cmx_rollup_create(ctx, s.system, std::data(observations), 3, nullptr, &rollup) == CMX_OK) {
    std::size_t shared = 0;
    cmx_rollup_counts(ctx, rollup, &a.rollup_rows, &shared);
  }
  cmx_rollup_destroy(rollup);

  a.cl.resize(s.y.size());
  cmx_spc_chart_get_column(ctx, s.chart, CMX_SPC_COLUMN_CL, a.cl.data(), a.cl.size(), &len);
  std::vector<cmx_spc_signal> signals(512);
  cmx_spc_chart_get_signals(ctx, s.chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ,
                            signals.data(), signals.size(), &a.chart_signals);

  const std::size_t n = s.y.size();
  const std::vector<double> cl(n, 10.0);
  const std::vector<double> sigma(n, 1.0);
  const std::vector<double> lcl(n, 7.0);
  const std::vector<double> ucl(n, 13.0);
  cmx_spc_rules_evaluate(ctx, s.rules, n, s.y.data(), cl.data(), sigma.data(), lcl.data(),
                         ucl.data(), nullptr, nullptr, signals.data(), signals.size(),
                         &a.rule_signals, nullptr);
  cmx_spc_monitor* monitor = nullptr;
  if (cmx_spc_monitor_create(ctx, s.rules, 10.0, 1.0, &monitor) == CMX_OK) {
    std::vector<cmx_spc_signal> pushed(cmx_spc_monitor_max_signals(monitor));
    for (double v : s.y) {
      std::size_t k = 0;
      cmx_spc_monitor_push(ctx, monitor, v, pushed.data(), pushed.size(), &k);
      a.monitor_signals += k;
    }
  }
  cmx_spc_monitor_destroy(monitor);
  const std::array<std::size_t, 3> offsets = {0, n / 2, n};
  cmx_spc_many_options many = CMX_SPC_MANY_OPTIONS_INIT;
  many.threads = 2;  // threads of its own inside each calling thread
  std::vector<std::size_t> counts(2);
  cmx_spc_many_compute(ctx, s.rules, s.y.data(), n, offsets.data(), 2, &many, nullptr, nullptr,
                       nullptr, counts.data(), signals.data(), signals.size(), &a.many_signals);

  // The long series: a chart (rows screened, copied and summed in parts) and a rule pass (in
  // stretches), each split over threads inside this one.
  const std::size_t long_n = s.long_y.size();
  cmx_spc_options o = CMX_SPC_OPTIONS_INIT;
  cmx_spc_chart* long_chart = nullptr;
  if (cmx_spc_chart_create(ctx, s.long_x.data(), s.long_y.data(), nullptr, long_n, &o,
                           &long_chart) == CMX_OK) {
    cmx_spc_part part = CMX_SPC_PART_INIT;
    if (cmx_spc_chart_get_part(ctx, long_chart, 0, &part) == CMX_OK) {
      a.long_cl = part.cl;
      a.long_sigma = part.sigma;
      a.long_sigma_signals = part.sigma_signals;
    }
    cmx_spc_chart_get_signals(ctx, long_chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ, nullptr,
                              0, &a.long_chart_signals);
  }
  cmx_spc_chart_destroy(long_chart);
  const std::vector<double> long_cl(long_n, 10.0);
  const std::vector<double> long_sigma(long_n, 1.0);
  const std::vector<double> long_lcl(long_n, 7.0);
  const std::vector<double> long_ucl(long_n, 13.0);
  std::vector<std::uint32_t> flags(long_n);
  cmx_spc_rules_evaluate(ctx, s.rules, long_n, s.long_y.data(), long_cl.data(), long_sigma.data(),
                         long_lcl.data(), long_ucl.data(), nullptr, nullptr, nullptr, 0,
                         &a.long_rule_signals, flags.data());
  for (const std::uint32_t f : flags) {
    a.long_flags_hash = a.long_flags_hash * 1099511628211ULL + f;
  }

  cmx_funnel_unit unit{};
  cmx_funnel_get_unit(ctx, s.funnel, 2, &unit);
  a.funnel_z = unit.z;
  cmx_fhir_group group{};
  cmx_fhir_reports_get(ctx, s.reports, 0, &group);
  a.fhir_score = group.score;
  cmx_compass_measure_score score{};
  if (cmx_compass_result_get(ctx, s.result, 0, &score) == CMX_OK) {
    a.compass_measure = score.measure;
  }
  // An error recorded in this thread's context only.
  cmx_system* none = nullptr;
  const std::string_view broken = R"({"units": [{"id": "a", "level": "mesosystem"}, 7]})";
  cmx_system_create_from_json(ctx, broken.data(), broken.size(), "broken.json", &none);
  a.error_field = cmx_context_error_field(ctx);
  return a;
}

}  // namespace

int main() {
  int failures = 0;
  const auto require = [&failures](bool ok, const char* what) {
    if (!ok) {
      std::cerr << "setup failed: " << what << '\n';
      ++failures;
    }
  };
  const std::string root = CMX_SOURCE_DIR;
  cmx_context* ctx = nullptr;
  require(cmx_context_create(&ctx) == CMX_OK, "context");
  shared_objects s;
  require(cmx_system_create_from_file(ctx, (root + "/examples/data/system/system.json").c_str(),
                                      &s.system) == CMX_OK,
          "system");
  // Journeys through the example's cardiac units, one hour per stay.
  const char* units[] = {"ed", "cardiology_ward", "cardiac_rehab", "primary_care"};
  for (int e = 0; e < 60; ++e) {
    // Appended: GCC 12 at -O2 warns falsely (-Wrestrict, GCC bug 105329) on "e" + std::string.
    s.stay_strings.push_back(std::string("e").append(std::to_string(e)));
  }
  for (int e = 0; e < 60; ++e) {
    const int length = 2 + e % 3;
    for (int k = 0; k < length; ++k) {
      s.stays.push_back({s.stay_strings[static_cast<std::size_t>(e)].c_str(), units[k],
                         3600 * k + 86400 * e, 3600 * (k + 1) + 86400 * e});
    }
  }
  for (int i = 0; i < 120; ++i) {
    s.y.push_back(10.0 + (i % 40 < 10 ? 1.5 : 0.0) + 0.1 * ((i * 37) % 11));
  }
  // Deterministic noise with shifts: signals of every kind, on either side of any cut.
  std::uint64_t state = 88172645463325252ULL;
  for (std::size_t i = 0; i < (std::size_t{1} << 18U) + 1000; ++i) {
    state ^= state << 13U;
    state ^= state >> 7U;
    state ^= state << 17U;
    const double noise = static_cast<double>(state % 2001) / 1000.0 - 1.0;
    s.long_x.push_back(static_cast<double>(i + 1));
    s.long_y.push_back(10.0 + 1.7 * noise + ((i / 500) % 7 == 0 ? 1.2 : 0.0));
  }
  std::vector<double> x(s.y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  cmx_spc_options o = CMX_SPC_OPTIONS_INIT;
  require(
      cmx_spc_chart_create(ctx, x.data(), s.y.data(), nullptr, x.size(), &o, &s.chart) == CMX_OK,
      "chart");
  require(cmx_spc_rule_set_create(ctx, "nelson,mdc", &s.rules) == CMX_OK, "rules");
  const std::array<double, 6> events = {12, 30, 8, 45, 60, 22};
  const std::array<double, 6> trials = {100, 200, 90, 250, 300, 150};
  cmx_funnel_options fo = CMX_FUNNEL_OPTIONS_INIT;
  require(cmx_funnel_create(ctx, events.data(), trials.data(), 6, &fo, &s.funnel) == CMX_OK,
          "funnel");
  const std::string report = slurp(root + "/tests/data/compass/measurereport_proportion.json");
  require(cmx_fhir_read_measure_reports(ctx, report.data(), report.size(), "hl7.json",
                                        &s.reports) == CMX_OK,
          "fhir");
  const std::string measures = slurp(root + "/examples/data/compass/measures.json");
  cmx_compass* compass = nullptr;
  require(cmx_compass_create(ctx, measures.data(), measures.size(), "measures.json", &compass) ==
              CMX_OK,
          "compass");
  cmx_compass_observation ob = CMX_COMPASS_OBSERVATION_INIT;
  ob.measure = "bac_rate";
  ob.unit = "ward";
  ob.period = "2024";
  ob.numerator = 3;
  ob.denominator = 100;
  require(cmx_compass_add_observation(ctx, compass, &ob) == CMX_OK, "observation");
  const int scored = cmx_compass_score(ctx, compass, "ward", nullptr, nullptr, &s.result);
  if (scored != CMX_OK) {
    std::cerr << "compass: " << cmx_context_error_message(ctx) << '\n';
  }
  require(scored == CMX_OK, "compass score");
  cmx_compass_destroy(compass);
  if (failures != 0) {
    return 1;
  }

  const answers expected = work(ctx, s);
  if (expected.descendants.size() < 10 || expected.episodes != 60 || expected.chart_signals == 0 ||
      expected.rule_signals == 0 || expected.error_field.empty() ||
      expected.long_chart_signals == 0 || expected.long_rule_signals < 1000 ||
      !(std::abs(expected.long_cl - 10.17) < 0.05)) {
    std::cerr << "the single-threaded answers are not what the data gives\n";
    return 1;
  }
  constexpr int thread_count = 4;
  constexpr int rounds = 20;
  std::vector<int> mismatches(thread_count, 0);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      cmx_context* own = nullptr;
      if (cmx_context_create(&own) != CMX_OK) {
        mismatches[static_cast<std::size_t>(t)] = rounds;
        return;
      }
      for (int r = 0; r < rounds; ++r) {
        if (!(work(own, s) == expected)) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
      cmx_context_destroy(own);
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  int total = 0;
  for (int t = 0; t < thread_count; ++t) {
    total += mismatches[static_cast<std::size_t>(t)];
  }
  cmx_compass_result_destroy(s.result);
  cmx_fhir_reports_destroy(s.reports);
  cmx_funnel_destroy(s.funnel);
  cmx_spc_rule_set_destroy(s.rules);
  cmx_spc_chart_destroy(s.chart);
  cmx_system_destroy(s.system);
  cmx_context_destroy(ctx);
  std::cout << thread_count << " threads x " << rounds << " rounds: " << total
            << " answers differ from the single-threaded ones\n";
  return total == 0 ? 0 : 1;
}
