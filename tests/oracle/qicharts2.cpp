// Adapter for the qicharts2 0.8.1 cases: maps qic()'s recorded arguments onto cmx chart
// options and compares every point field and every part statistic.
#include <cmath>
#include <string>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "oracle/oracle_case.hpp"
#include "oracle/oracle_series.hpp"

namespace cmx::oracle {

namespace {

std::vector<std::size_t> positions(const nlohmann::json& value, const char* name) {
  std::vector<std::size_t> out;
  const auto add = [&](const nlohmann::json& v) {
    if (!v.is_number_integer() || v.get<long long>() < 0) {
      throw uninterpretable(std::string(name) + " is not a list of positions: " + value.dump());
    }
    out.push_back(v.get<std::size_t>());
  };
  if (value.is_array()) {
    for (const auto& v : value) {
      add(v);
    }
  } else {
    add(value);
  }
  return out;
}

bool i_family(spc::chart_type type) {
  using spc::chart_type;
  return type == chart_type::i || type == chart_type::t || type == chart_type::pp ||
         type == chart_type::up || type == chart_type::ip;
}

void run_qic(const oracle_case& c) {
  const auto& e = c.expected;
  const auto& args = e.at("args");
  require_known_args(args, {"chart", "part", "freeze", "exclude", "multiply", "agg.fun"});
  spc::chart_options options;
  const auto type = spc::parse_chart_type(args.at("chart").get<std::string>());
  if (!type || *type == spc::chart_type::np || *type == spc::chart_type::r) {
    throw uninterpretable("qicharts2 chart " + args.at("chart").dump());
  }
  options.type = *type;
  options.keep_subgroup_summaries = true;

  const auto labels = label_column(c.input);
  const auto y = numeric_column(c.input, "y");
  const auto n = numeric_column(c.input, "n");
  if (!y) {
    throw uninterpretable("input.csv has no y column");
  }
  // The call decides whether n is passed, not the presence of the column.
  const bool pass_n = e.at("call").get<std::string>().find("n = n") != std::string::npos;
  std::vector<double> denominators;
  if (pass_n) {
    if (!n) {
      throw uninterpretable("the call passes n but input.csv has no n column");
    }
    denominators = *n;
  }

  // Points: qicharts2 plots the sorted unique x.
  std::vector<double> sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  const auto points =
      static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());

  if (args.contains("part")) {
    // makeparts(): positions outside 1..points-1 are dropped silently.
    for (const std::size_t k : positions(args.at("part"), "part")) {
      if (k >= 1 && k < points) {
        options.parts.push_back(k);
      }
    }
  }
  // qicharts2 ignores freeze when part is given (qic(): freeze applies only without parts).
  if (args.contains("freeze") && options.parts.empty()) {
    const auto f = positions(args.at("freeze"), "freeze");
    options.freeze = f.at(0);
  }
  if (args.contains("exclude")) {
    options.exclude = positions(args.at("exclude"), "exclude");
  }
  if (args.contains("multiply")) {
    options.multiply = args.at("multiply").get<double>();
  }
  if (args.contains("agg.fun")) {
    const auto agg = spc::parse_aggregation(args.at("agg.fun").get<std::string>());
    if (!agg) {
      throw uninterpretable("agg.fun " + args.at("agg.fun").dump());
    }
    options.agg = *agg;
  }
  if (e.contains("options")) {
    for (const auto& [key, value] : e.at("options").items()) {
      if (key != "qic.screenedmr") {
        throw uninterpretable("package option '" + key + "' is not mapped");
      }
      if (i_family(options.type)) {
        options.screen_mr = value.get<bool>();
      }
    }
  }

  const auto chart = spc::compute_chart(labels, *y, denominators, options);
  const auto& want = e.at("points");
  expect_integer("n_points", static_cast<long long>(chart.size()), e.at("n_points"));
  if (want.size() != chart.size()) {
    throw mismatch("points: expected " + std::to_string(want.size()) + ", got " +
                   std::to_string(chart.size()));
  }
  const auto part_of = [&](std::size_t i) {
    return chart.parts.at(static_cast<std::size_t>(chart.part_of(i) - 1));
  };
  for (std::size_t i = 0; i < chart.size(); ++i) {
    const auto& p = want[i];
    const std::string at = "points[" + std::to_string(i) + "].";
    const double n_i = chart.n.empty() ? std::nan("") : chart.n[i];
    for (const auto& [key, value] : p.items()) {
      if (key == "i") {
        expect_integer(at + key, static_cast<long long>(i) + 1, value);
      } else if (key == "x") {
        expect_label(at + key, chart.x[i], value);
      } else if (key == "y") {
        expect_number(at + key, chart.y[i], value);
      } else if (key == "n") {
        expect_number(at + key, n_i, value);
      } else if (key == "cl") {
        expect_number(at + key, chart.cl[i], value);
      } else if (key == "lcl") {
        expect_number(at + key, chart.lcl[i], value);
      } else if (key == "ucl") {
        expect_number(at + key, chart.ucl[i], value);
      } else if (key == "lcl.95") {
        expect_number(at + key, chart.lcl2[i], value);
      } else if (key == "ucl.95") {
        expect_number(at + key, chart.ucl2[i], value);
      } else if (key == "part") {
        expect_integer(at + key, chart.part_of(i), value);
      } else if (key == "baseline") {
        expect_flag(at + key, chart.in_baseline(i), value);
      } else if (key == "include") {
        expect_flag(at + key, chart.is_included(i), value);
      } else if (key == "sigma.signal") {
        expect_flag(at + key, chart.sigma_signal[i] != 0, value);
      } else if (key == "runs.signal") {
        expect_flag(at + key, part_of(i).runs.runs_signal, value);
      } else if (key == "y.sum") {
        expect_number(at + key, chart.subgroups.sum[i], value);
      } else if (key == "y.length") {
        expect_number(at + key, chart.subgroups.count[i], value);
      } else if (key == "y.mean") {
        expect_number(at + key, chart.subgroups.mean[i], value);
      } else if (key == "y.sd") {
        expect_number(at + key, chart.subgroups.sd[i], value);
      } else {
        throw uninterpretable("point field '" + key + "' is not mapped");
      }
    }
  }

  const auto& series = e.at("series");
  bool any_runs = false;
  std::size_t sigma_total = 0;
  for (const auto& part : chart.parts) {
    any_runs = any_runs || part.runs.runs_signal;
    sigma_total += part.sigma_signals;
  }
  for (const auto& [key, value] : series.items()) {
    if (key == "runs.signal") {
      expect_flag("series.runs.signal", any_runs, value);
    } else if (key == "sigma.signals") {
      expect_integer("series.sigma.signals", static_cast<long long>(sigma_total), value);
    } else if (key != "parts") {
      throw uninterpretable("series field '" + key + "' is not mapped");
    }
  }
  const auto& parts = series.at("parts");
  if (parts.size() != chart.parts.size()) {
    throw mismatch("series.parts: expected " + std::to_string(parts.size()) + " parts, got " +
                   std::to_string(chart.parts.size()));
  }
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto& got = chart.parts[k];
    const auto& r = got.runs;
    const std::string at = "series.parts[" + std::to_string(k) + "].";
    const auto run_number = [&](const std::string& what, std::size_t v, const nlohmann::json& w) {
      if (!r.defined) {
        if (!w.is_null()) {
          throw mismatch(what + ": expected " + w.dump() + ", got NA (no useful observations)");
        }
        return;
      }
      expect_integer(what, static_cast<long long>(v), w);
    };
    for (const auto& [key, value] : parts[k].items()) {
      if (key == "part") {
        expect_integer(at + key, got.part, value);
      } else if (key == "first") {
        expect_integer(at + key, static_cast<long long>(got.first) + 1, value);
      } else if (key == "last") {
        expect_integer(at + key, static_cast<long long>(got.last) + 1, value);
      } else if (key == "cl") {
        expect_number(at + key, got.cl, value);
      } else if (key == "n.obs") {
        expect_integer(at + key, static_cast<long long>(r.n_obs), value);
      } else if (key == "n.useful") {
        expect_integer(at + key, static_cast<long long>(r.n_useful), value);
      } else if (key == "longest.run") {
        run_number(at + key, r.longest_run, value);
      } else if (key == "longest.run.max") {
        run_number(at + key, r.longest_run_max, value);
      } else if (key == "n.crossings") {
        run_number(at + key, r.crossings, value);
      } else if (key == "n.crossings.min") {
        run_number(at + key, r.crossings_min, value);
      } else if (key == "runs.signal") {
        expect_flag(at + key, r.runs_signal, value);
      } else if (key == "sigma.signals") {
        expect_integer(at + key, static_cast<long long>(got.sigma_signals), value);
      } else {
        throw uninterpretable("part field '" + key + "' is not mapped");
      }
    }
  }
}

const registrar qic_charts[] = {
    {"qicharts2", "run", run_qic},  {"qicharts2", "i", run_qic},  {"qicharts2", "mr", run_qic},
    {"qicharts2", "xbar", run_qic}, {"qicharts2", "s", run_qic},  {"qicharts2", "t", run_qic},
    {"qicharts2", "p", run_qic},    {"qicharts2", "pp", run_qic}, {"qicharts2", "u", run_qic},
    {"qicharts2", "up", run_qic},   {"qicharts2", "c", run_qic},  {"qicharts2", "g", run_qic},
    {"qicharts2", "ip", run_qic},
};

}  // namespace

}  // namespace cmx::oracle
