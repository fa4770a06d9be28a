// NHSRplotthedots 0.2.2 ptd_spc(...) XmR cases against cmx::spc::mdc::xmr.
#include <cmath>
#include <string>

#include "cmx/spc/mdc.hpp"
#include "oracle/oracle_case.hpp"

namespace {

using cmx::oracle::expect_flag;
using cmx::oracle::expect_integer;
using cmx::oracle::expect_number;
using cmx::oracle::expect_string;
using cmx::oracle::oracle_case;
using cmx::oracle::uninterpretable;
namespace mdc = cmx::spc::mdc;

mdc::xmr_options options_of(const nlohmann::json& args) {
  cmx::oracle::require_known_args(
      args, {"improvement_direction", "screen_outliers", "fix_after_n_points", "target"});
  mdc::xmr_options o;
  // NHSRplotthedots 0.2.2 counts only points between 2 sigma and the limits in "2 in 3".
  o.two_of_three = cmx::spc::mdc_two_of_three::pre_2023;
  const std::string dir = args.value("improvement_direction", "increase");
  if (dir == "increase") {
    o.direction = mdc::improvement::increase;
  } else if (dir == "decrease") {
    o.direction = mdc::improvement::decrease;
  } else if (dir == "neutral") {
    o.direction = mdc::improvement::neutral;
  } else {
    throw uninterpretable("improvement_direction '" + dir + "'");
  }
  o.screen_outliers = args.value("screen_outliers", true);
  if (args.contains("fix_after_n_points") && !args["fix_after_n_points"].is_null()) {
    o.fix_after_n_points = args["fix_after_n_points"].get<std::size_t>();
  }
  if (args.contains("target") && !args["target"].is_null()) {
    // Recorded as the R call text "ptd_target(<number>)".
    const std::string text = args["target"].get<std::string>();
    const std::string head = "ptd_target(";
    if (text.rfind(head, 0) != 0 || text.back() != ')') {
      throw uninterpretable("target '" + text + "'");
    }
    o.target = std::stod(text.substr(head.size(), text.size() - head.size() - 1));
  }
  return o;
}

void check_xmr(const oracle_case& c) {
  const auto& ex = c.expected;
  const mdc::xmr_options options = options_of(ex.at("args"));
  const auto y = cmx::oracle::numeric_column(c.input, "y");
  if (!y) {
    throw uninterpretable("input.csv has no y column");
  }
  const mdc::xmr_result r = mdc::xmr(*y, options);
  const auto& points = ex.at("points");
  expect_integer("n_points", static_cast<long long>(r.y.size()), ex.at("n_points"));
  const std::size_t x_col = c.input.column("x");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const std::string at = "points[" + std::to_string(i) + "].";
    for (const auto& [key, want] : p.items()) {
      if (key == "i") {
        expect_integer(at + key, static_cast<long long>(i) + 1, want);
      } else if (key == "x") {
        expect_string(at + key, std::string(c.input.cell(i, x_col)), want);
      } else if (key == "y") {
        expect_number(at + key, r.y[i], want);
      } else if (key == "cl") {
        expect_number(at + key, r.cl[i], want);
      } else if (key == "lcl") {
        expect_number(at + key, r.lpl[i], want);
      } else if (key == "ucl") {
        expect_number(at + key, r.upl[i], want);
      } else if (key == "rebase_group") {
        expect_integer(at + key, r.group[i], want);
      } else if (key == "fix_y") {
        expect_number(at + key, r.fix_y[i], want);
      } else if (key == "outside_limits") {
        expect_flag(at + key, r.outside_limits[i] != 0, want);
      } else if (key == "relative_to_mean") {
        expect_integer(at + key, r.relative_to_mean[i], want);
      } else if (key == "close_to_limits") {
        expect_flag(at + key, r.close_to_limits[i] != 0, want);
      } else if (key == "special_cause_type") {
        expect_string(at + key, mdc::to_string(r.cause[i]), want);
      } else if (key == "special_cause_flag") {
        expect_flag(at + key, r.special_cause_flag[i] != 0, want);
      } else if (key == "point_type") {
        expect_string(at + key, mdc::to_string(r.type[i]), want);
      } else if (key == "short_group_warning") {
        expect_flag(at + key, r.short_group_warning[i] != 0, want);
      } else if (key == "target") {
        expect_number(at + key, options.target.value_or(std::nan("")), want);
      } else {
        throw uninterpretable(at + key + " is not mapped");
      }
    }
  }
  const auto& groups = ex.at("series").at("groups");
  expect_integer("series.groups.size", static_cast<long long>(r.groups.size()),
                 static_cast<long long>(groups.size()));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& s = r.groups[g];
    const std::string at = "series.groups[" + std::to_string(g) + "].";
    for (const auto& [key, want] : groups[g].items()) {
      if (key == "mean_col") {
        expect_number(at + key, s.mean, want);
      } else if (key == "lpl") {
        expect_number(at + key, s.lpl, want);
      } else if (key == "upl") {
        expect_number(at + key, s.upl, want);
      } else if (key == "n") {
        expect_integer(at + key, static_cast<long long>(s.n), want);
      } else if (key == "common_cause") {
        expect_integer(at + key, static_cast<long long>(s.common_cause), want);
      } else if (key == "special_cause_improvement") {
        expect_integer(at + key, static_cast<long long>(s.improvement), want);
      } else if (key == "special_cause_concern") {
        expect_integer(at + key, static_cast<long long>(s.concern), want);
      } else if (key == "variation_type") {
        expect_string(at + key, mdc::to_string(s.variation), want);
      } else if (key == "assurance_type") {
        if (want.is_null()) {
          expect_string(at + key, mdc::to_string(s.assurance_type), "none");
        } else {
          expect_string(at + key, mdc::to_string(s.assurance_type), want);
        }
      } else {
        throw uninterpretable(at + key + " is not mapped");
      }
    }
    if (!groups[g].contains("assurance_type") && s.assurance_type != mdc::assurance::none) {
      throw cmx::oracle::mismatch(at + "assurance_type: expected none, got " +
                                  mdc::to_string(s.assurance_type));
    }
  }
}

const cmx::oracle::registrar reg_xmr("NHSRplotthedots", "xmr", check_xmr);

}  // namespace
