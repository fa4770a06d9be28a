// Adapter for the qcc 2.7 Shewhart cases (xbar, R, S, xbar.one, p, np, c, u): maps qcc()'s
// call onto cmx chart options (newdata = phase II: limits frozen at the calibration subgroups)
// and compares every point and the series' centre, std.dev and violation lists.
//
// qcc's beyond.limits and violating.runs lists come from the library's qcc rule set
// (cmx::spc::qcc_run_rules) evaluated over the chart's points.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "oracle/oracle_case.hpp"
#include "oracle/oracle_series.hpp"

namespace cmx::oracle {

namespace {

// qcc 2.7's violation lists (R/qcc.R beyond.limits and violating.runs) from the library's qcc
// rule set (cmx::spc::qcc_run_rules: beyond the limits; a run of 7 strictly on one side, flagged
// from its 7th point). qcc lists the points above the centre (or limit) first, then those below,
// each ascending: the adapter only orders the points the library flags.
struct qcc_violations {
  std::vector<long long> beyond;
  std::vector<long long> runs;
  long long run_length = 0;
};

qcc_violations qcc_rules(const spc::chart_result& chart) {
  const spc::rule_set rules = spc::qcc_run_rules();
  const spc::evaluation eval = spc::evaluate_with_flags(rules, chart.rules_input());
  std::uint32_t beyond_bit = 0;
  std::uint32_t run_bit = 0;
  qcc_violations out;
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    if (rules.rules[r].id == spc::rule_id::beyond_limits) {
      beyond_bit = 1U << r;
    } else if (rules.rules[r].id == spc::rule_id::qcc_run) {
      run_bit = 1U << r;
      out.run_length = rules.rules[r].count;
    }
  }
  if (beyond_bit == 0 || run_bit == 0) {
    throw uninterpretable("the qcc rule set lacks beyond_limits or qcc_run");
  }
  std::vector<long long> below;
  std::vector<long long> runs_below;
  for (std::size_t i = 0; i < chart.size(); ++i) {
    const auto at = static_cast<long long>(i) + 1;
    if ((eval.flags[i] & beyond_bit) != 0) {
      (chart.y[i] > chart.ucl[i] ? out.beyond : below).push_back(at);
    }
    if ((eval.flags[i] & run_bit) != 0) {
      (chart.y[i] > chart.cl[i] ? out.runs : runs_below).push_back(at);
    }
  }
  out.beyond.insert(out.beyond.end(), below.begin(), below.end());
  out.runs.insert(out.runs.end(), runs_below.begin(), runs_below.end());
  return out;
}

bool contains(const std::vector<long long>& list, std::size_t i) {
  return std::find(list.begin(), list.end(), static_cast<long long>(i) + 1) != list.end();
}

// Compares a qcc array (one value, or one per point or per calibration point) with per-point
// values.
void expect_array(const std::string& what, const std::vector<double>& per_point,
                  const nlohmann::json& expected) {
  if (!expected.is_array() || expected.empty() || expected.size() > per_point.size()) {
    throw uninterpretable(what + ": unexpected shape " + expected.dump());
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    expect_number(what + "[" + std::to_string(i) + "]", per_point[i], expected[i]);
  }
}

void run_qcc(const oracle_case& c) {
  const auto& e = c.expected;
  require_known_args(e.at("args"), {"type"});
  const std::string type = e.at("args").at("type").get<std::string>();
  const std::string call = e.at("call").get<std::string>();
  spc::chart_options options;
  bool grouped = false;
  if (type == "xbar" || type == "R" || type == "S") {
    options.type = type == "xbar" ? spc::chart_type::xbar
                                  : (type == "R" ? spc::chart_type::r : spc::chart_type::s);
    options.sigma_estimator = spc::sigma_method::qcc;
    grouped = true;
    if (call.find("qcc.groups(d$y, d$x)") == std::string::npos) {
      throw uninterpretable("grouped qcc call without qcc.groups(d$y, d$x): " + call);
    }
  } else if (type == "xbar.one") {
    options.type = spc::chart_type::i;  // mean moving range / 1.128, no screening (sd.xbar.one)
    options.screen_mr = false;
  } else if (type == "p" || type == "np" || type == "c" || type == "u") {
    options.type = *spc::parse_chart_type(type);
  } else {
    throw uninterpretable("qcc chart type '" + type + "'");
  }
  const bool needs_sizes = type == "p" || type == "np" || type == "u";
  if (needs_sizes != (call.find("sizes = d$n") != std::string::npos)) {
    throw uninterpretable("sizes argument not as expected for type " + type + ": " + call);
  }
  // Other arguments of the call (nsigmas, std.dev, confidence.level...) are not mapped.
  for (const char* unmapped :
       {"nsigmas", "std.dev", "center", "limits", "confidence.level", "rules", "labels"}) {
    if (call.find(std::string(unmapped) + " =") != std::string::npos) {
      throw uninterpretable(std::string("qcc argument '") + unmapped + "' is not mapped");
    }
  }

  const auto labels = label_column(c.input);
  const auto y = numeric_column(c.input, "y");
  const auto n = numeric_column(c.input, "n");
  const auto fresh = numeric_column(c.input, "new");
  const bool newdata = call.find("newdata") != std::string::npos;
  if (!y || (needs_sizes && !n) || (newdata && !fresh)) {
    throw uninterpretable("input.csv lacks a column the call uses");
  }
  std::vector<double> denominators = needs_sizes ? *n : std::vector<double>{};

  // Phase II: the calibration subgroups must come first; limits are frozen at them.
  std::size_t n_calibration = 0;
  std::size_t n_new = 0;
  {
    std::vector<std::pair<double, bool>> subgroup;  // (label, new)
    for (std::size_t row = 0; row < labels.size(); ++row) {
      subgroup.emplace_back(labels[row], newdata && (*fresh)[row] == 1);
    }
    std::stable_sort(subgroup.begin(), subgroup.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    bool seen_new = false;
    for (std::size_t k = 0; k < subgroup.size(); ++k) {
      if (k > 0 && subgroup[k].first == subgroup[k - 1].first) {
        if (subgroup[k].second != subgroup[k - 1].second) {
          throw uninterpretable("a subgroup mixes calibration and new rows");
        }
        continue;
      }
      if (subgroup[k].second) {
        seen_new = true;
        ++n_new;
      } else {
        if (seen_new) {
          throw uninterpretable("calibration subgroups after new ones");
        }
        ++n_calibration;
      }
    }
  }
  if (!grouped && n_calibration + n_new != labels.size()) {
    throw uninterpretable("ungrouped qcc data with repeated x");
  }
  if (newdata) {
    options.freeze = n_calibration;
  }

  const auto chart = spc::compute_chart(labels, *y, denominators, options);
  const qcc_violations violations = qcc_rules(chart);
  const auto& beyond = violations.beyond;
  const auto& runs = violations.runs;

  const auto& want = e.at("points");
  expect_integer("n_points", static_cast<long long>(chart.size()), e.at("n_points"));
  if (want.size() != chart.size()) {
    throw mismatch("points: expected " + std::to_string(want.size()) + ", got " +
                   std::to_string(chart.size()));
  }
  for (std::size_t i = 0; i < chart.size(); ++i) {
    const std::string at = "points[" + std::to_string(i) + "].";
    for (const auto& [key, value] : want[i].items()) {
      if (key == "i") {
        expect_integer(at + key, static_cast<long long>(i) + 1, value);
      } else if (key == "x") {
        expect_label(at + key, chart.x[i], value);
      } else if (key == "y") {
        expect_number(at + key, chart.y[i], value);
      } else if (key == "n") {
        // qcc's sizes: the denominators, or the number of values in the subgroup (1 for
        // ungrouped xbar.one and c data).
        const double size = chart.n.empty() ? 1.0 : chart.n[i];
        expect_number(at + key, size, value);
      } else if (key == "cl") {
        expect_number(at + key, chart.cl[i], value);
      } else if (key == "lcl") {
        expect_number(at + key, chart.lcl[i], value);
      } else if (key == "ucl") {
        expect_number(at + key, chart.ucl[i], value);
      } else if (key == "new") {
        expect_flag(at + key, !chart.in_baseline(i), value);
      } else if (key == "beyond.limits") {
        expect_flag(at + key, contains(beyond, i), value);
      } else if (key == "violating.runs") {
        expect_flag(at + key, contains(runs, i), value);
      } else {
        throw uninterpretable("point field '" + key + "' is not mapped");
      }
    }
  }

  // qcc's std.dev: the process sigma (xbar, R, S, xbar.one), sqrt(pbar(1-pbar)) (p),
  // sqrt(n pbar(1-pbar)) per point (np), sqrt(cbar) (c), sqrt(ubar) (u).
  std::vector<double> std_dev(chart.size(), chart.parts.at(0).sigma);
  if (type == "np") {
    std_dev = chart.sigma.to_vector();
  }
  // qcc keeps one row of limits when all sizes are equal, except for p charts, whose
  // limits.p always passes a vector (center * sizes) on to limits.np.
  bool varying = type == "p" && chart.size() > 1;
  for (std::size_t i = 1; i < chart.size() && !chart.n.empty(); ++i) {
    varying = varying || chart.n[i] != chart.n[0];
  }
  for (const auto& [key, value] : e.at("series").items()) {
    const std::string at = "series." + key;
    if (key == "type") {
      expect_string(at, type, value);
    } else if (key == "center") {
      expect_array(at, chart.cl.to_vector(), value);
    } else if (key == "std.dev") {
      expect_array(at, std_dev, value);
    } else if (key == "nsigmas") {
      expect_number(at, 3.0, value);
    } else if (key == "limits_per_point") {
      expect_flag(at, varying, value);
    } else if (key == "n_calibration") {
      expect_integer(at, static_cast<long long>(n_calibration), value);
    } else if (key == "n_new") {
      expect_integer(at, static_cast<long long>(n_new), value);
    } else if (key == "violations") {
      for (const auto& [vkey, vvalue] : value.items()) {
        if (vkey == "beyond.limits") {
          expect_indices(at + ".beyond.limits", beyond, vvalue);
        } else if (vkey == "violating.runs") {
          expect_indices(at + ".violating.runs", runs, vvalue);
        } else if (vkey == "run.length") {
          expect_integer(at + ".run.length", violations.run_length, vvalue);
        } else {
          throw uninterpretable("violations field '" + vkey + "' is not mapped");
        }
      }
    } else {
      throw uninterpretable("series field '" + key + "' is not mapped");
    }
  }
}

const registrar qcc_charts[] = {
    {"qcc", "xbar", run_qcc},     {"qcc", "R", run_qcc}, {"qcc", "S", run_qcc},
    {"qcc", "xbar.one", run_qcc}, {"qcc", "p", run_qcc}, {"qcc", "np", run_qcc},
    {"qcc", "c", run_qcc},        {"qcc", "u", run_qcc},
};

}  // namespace

}  // namespace cmx::oracle
