// qcc 2.7 cusum(...) and ewma(...) cases (with their qcc 3.0 cross-check) against cmx::spc::cusum
// and cmx::spc::ewma. The adapter reproduces qcc's defaults: grouped data (qcc.groups) use the
// subgroup means, centre sum(n_i mean_i)/sum(n_i) and sigma UWAVE-R; single values use their
// mean and sigma MR (xbar.one). With a `new` column, centre and sigma come from the rows with 0.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "cmx/spc/cusum.hpp"
#include "cmx/spc/ewma.hpp"
#include "cmx/spc/subgroups.hpp"
#include "oracle/oracle_case.hpp"

namespace {

using cmx::oracle::expect_flag;
using cmx::oracle::expect_indices;
using cmx::oracle::expect_integer;
using cmx::oracle::expect_number;
using cmx::oracle::expect_string;
using cmx::oracle::oracle_case;
using cmx::oracle::uninterpretable;

struct prepared {
  std::vector<double> x, statistics, sizes;
  std::vector<bool> is_new;
  double centre = 0;
  double sigma = 0;
  std::string method;
};

prepared prepare(const oracle_case& c) {
  const auto& ex = c.expected;
  const std::string call = ex.at("call").get<std::string>();
  const auto x = cmx::oracle::numeric_column(c.input, "x");
  const auto y = cmx::oracle::numeric_column(c.input, "y");
  if (!x || !y) {
    throw uninterpretable("input.csv needs x and y");
  }
  const auto flag_new = cmx::oracle::numeric_column(c.input, "new");
  prepared p;
  if (call.find("qcc.groups(") != std::string::npos) {
    // One subgroup per distinct x, in ascending x; rows keep their order inside a subgroup.
    std::map<double, std::vector<double>> groups;
    std::map<double, bool> group_new;
    for (std::size_t i = 0; i < y->size(); ++i) {
      groups[(*x)[i]].push_back((*y)[i]);
      group_new[(*x)[i]] = flag_new && (*flag_new)[i] == 1.0;
    }
    std::vector<double> calib_values;
    std::vector<std::size_t> calib_offsets{0};
    std::vector<double> all_values;
    std::vector<std::size_t> all_offsets{0};
    for (const auto& [key, values] : groups) {
      p.x.push_back(key);
      p.is_new.push_back(group_new[key]);
      all_values.insert(all_values.end(), values.begin(), values.end());
      all_offsets.push_back(all_values.size());
      if (!group_new[key]) {
        calib_values.insert(calib_values.end(), values.begin(), values.end());
        calib_offsets.push_back(calib_values.size());
      }
    }
    const auto all = cmx::spc::summarize_subgroups(all_values, all_offsets);
    const auto calib = cmx::spc::summarize_subgroups(calib_values, calib_offsets);
    if (std::any_of(calib.size.begin(), calib.size.end(), [](double n) { return n > 25; })) {
      throw uninterpretable("subgroups above 25 (qcc would use RMSDF)");
    }
    p.statistics = all.mean;
    p.sizes = all.size;
    p.centre = calib.grand_mean;
    p.sigma = cmx::spc::sigma_uwave_r(calib);
    p.method = "UWAVE-R";
  } else {
    std::vector<double> calib;
    for (std::size_t i = 0; i < y->size(); ++i) {
      const bool fresh = flag_new && (*flag_new)[i] == 1.0;
      p.x.push_back((*x)[i]);
      p.is_new.push_back(fresh);
      p.statistics.push_back((*y)[i]);
      p.sizes.push_back(1.0);
      if (!fresh) {
        calib.push_back((*y)[i]);
      }
    }
    double sum = 0;
    for (double v : calib) {
      sum += v;
    }
    p.centre = sum / static_cast<double>(calib.size());
    p.sigma = cmx::spc::sigma_moving_range(calib);
    p.method = "MR (xbar.one)";
  }
  return p;
}

std::vector<long long> indices_of(const std::vector<std::uint8_t>& flags) {
  std::vector<long long> out;
  for (std::size_t i = 0; i < flags.size(); ++i) {
    if (flags[i] != 0) {
      out.push_back(static_cast<long long>(i) + 1);
    }
  }
  return out;
}

// qcc 3.0 lists violations per point: 1 or null.
void expect_per_point(const std::string& what, const std::vector<std::uint8_t>& flags,
                      const nlohmann::json& expected) {
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const bool want = !expected.at(i).is_null();
    if (want != (flags[i] != 0)) {
      throw cmx::oracle::mismatch(what + "[" + std::to_string(i) + "]: expected " +
                                  expected.at(i).dump());
    }
  }
}

void expect_series(const std::string& what, const std::vector<double>& got,
                   const nlohmann::json& expected) {
  for (std::size_t i = 0; i < got.size(); ++i) {
    expect_number(what + "[" + std::to_string(i) + "]", got[i], expected.at(i));
  }
}

void check_common_point(const std::string& at, const std::string& key, const nlohmann::json& want,
                        const prepared& p, std::size_t i, bool& handled) {
  handled = true;
  if (key == "i") {
    expect_integer(at + key, static_cast<long long>(i) + 1, want);
  } else if (key == "x") {
    expect_number(at + key, p.x[i], want);
  } else if (key == "y") {
    expect_number(at + key, p.statistics[i], want);
  } else if (key == "n") {
    expect_number(at + key, p.sizes[i], want);
  } else if (key == "cl") {
    expect_number(at + key, p.centre, want);
  } else if (key == "new") {
    expect_flag(at + key, p.is_new[i], want);
  } else {
    handled = false;
  }
}

// Every key of every point: the keys both charts share, then own(at, key, want, i) for the
// chart's own keys (it throws uninterpretable for a key it does not map).
template <class Own>
void check_points(const nlohmann::json& points, const prepared& p, Own&& own) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string at = "points[" + std::to_string(i) + "].";
    for (const auto& [key, want] : points[i].items()) {
      bool handled = false;
      check_common_point(at, key, want, p, i, handled);
      if (!handled) {
        own(at, key, want, i);
      }
    }
  }
}

void check_cusum(const oracle_case& c) {
  const auto& ex = c.expected;
  cmx::oracle::require_known_args(ex.at("args"), {"type"});
  const prepared p = prepare(c);
  const auto& s = ex.at("series");
  cmx::spc::cusum_options o;
  o.h = s.at("decision.interval").get<double>();
  o.k = s.at("se.shift").get<double>() / 2.0;
  o.head_start = s.at("head.start").get<double>();
  const auto r = cmx::spc::cusum(p.statistics, p.sizes, p.centre, p.sigma, o);
  expect_integer("n_points", static_cast<long long>(r.z.size()), ex.at("n_points"));
  check_points(ex.at("points"), p,
               [&](const std::string& at, const std::string& key, const nlohmann::json& want,
                   std::size_t i) {
                 if (key == "pos") {
                   expect_number(at + key, r.upper[i], want);
                 } else if (key == "neg") {
                   expect_number(at + key, -r.lower[i], want);
                 } else if (key == "ldb") {
                   expect_number(at + key, -o.h, want);
                 } else if (key == "udb") {
                   expect_number(at + key, o.h, want);
                 } else if (key == "upper.violation") {
                   expect_flag(at + key, r.upper_signal[i] != 0, want);
                 } else if (key == "lower.violation") {
                   expect_flag(at + key, r.lower_signal[i] != 0, want);
                 } else {
                   throw uninterpretable(at + key + " is not mapped");
                 }
               });
  expect_string("series.type", "cusum", s.at("type"));
  expect_number("series.center", p.centre, s.at("center"));
  expect_number("series.std.dev", p.sigma, s.at("std.dev"));
  expect_string("series.std.dev.method", p.method, s.at("std.dev.method"));
  expect_indices("series.violations.lower", indices_of(r.lower_signal),
                 s.at("violations").at("lower"));
  expect_indices("series.violations.upper", indices_of(r.upper_signal),
                 s.at("violations").at("upper"));
  if (ex.contains("qcc_3_0")) {
    const auto& q = ex.at("qcc_3_0");
    expect_series("qcc_3_0.pos", r.upper, q.at("pos"));
    std::vector<double> neg(r.lower.size());
    std::transform(r.lower.begin(), r.lower.end(), neg.begin(), [](double v) { return -v; });
    expect_series("qcc_3_0.neg", neg, q.at("neg"));
    expect_number("qcc_3_0.center", p.centre, q.at("center"));
    expect_number("qcc_3_0.std.dev", p.sigma, q.at("std.dev"));
    expect_per_point("qcc_3_0.violations.lower", r.lower_signal, q.at("violations").at("lower"));
    expect_per_point("qcc_3_0.violations.upper", r.upper_signal, q.at("violations").at("upper"));
  }
}

void check_ewma(const oracle_case& c) {
  const auto& ex = c.expected;
  cmx::oracle::require_known_args(ex.at("args"), {"type"});
  const prepared p = prepare(c);
  const auto& s = ex.at("series");
  cmx::spc::ewma_options o;
  o.lambda = s.at("lambda").get<double>();
  o.L = s.at("nsigmas").get<double>();
  const auto r = cmx::spc::ewma(p.statistics, p.sizes, p.centre, p.sigma, o);
  expect_integer("n_points", static_cast<long long>(r.ewma.size()), ex.at("n_points"));
  check_points(ex.at("points"), p,
               [&](const std::string& at, const std::string& key, const nlohmann::json& want,
                   std::size_t i) {
                 if (key == "ewma") {
                   expect_number(at + key, r.ewma[i], want);
                 } else if (key == "sigma") {
                   expect_number(at + key, r.sigma[i], want);
                 } else if (key == "lcl") {
                   expect_number(at + key, r.lcl[i], want);
                 } else if (key == "ucl") {
                   expect_number(at + key, r.ucl[i], want);
                 } else if (key == "violation") {
                   expect_flag(at + key, r.violation[i] != 0, want);
                 } else {
                   throw uninterpretable(at + key + " is not mapped");
                 }
               });
  expect_string("series.type", "ewma", s.at("type"));
  expect_number("series.center", p.centre, s.at("center"));
  expect_number("series.std.dev", p.sigma, s.at("std.dev"));
  expect_string("series.std.dev.method", p.method, s.at("std.dev.method"));
  expect_indices("series.violations", indices_of(r.violation), s.at("violations"));
  if (ex.contains("qcc_3_0")) {
    const auto& q = ex.at("qcc_3_0");
    expect_series("qcc_3_0.ewma", r.ewma, q.at("ewma"));
    expect_series("qcc_3_0.lcl", r.lcl, q.at("lcl"));
    expect_series("qcc_3_0.ucl", r.ucl, q.at("ucl"));
    expect_number("qcc_3_0.center", p.centre, q.at("center"));
    expect_number("qcc_3_0.std.dev", p.sigma, q.at("std.dev"));
    expect_per_point("qcc_3_0.violations", r.violation, q.at("violations"));
  }
}

const cmx::oracle::registrar reg_cusum("qcc", "cusum", check_cusum);
const cmx::oracle::registrar reg_ewma("qcc", "ewma", check_ewma);

}  // namespace
