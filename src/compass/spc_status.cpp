// The SPC engine behind the compass's SPC status: see spc_status.hpp.
#include "cmx/compass/spc_status.hpp"

#include <cmath>
#include <optional>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"

namespace cmx::compass {
namespace {

spc::chart_type chart_for(scoring_kind k) noexcept {
  switch (k) {
    case scoring_kind::proportion:
      return spc::chart_type::p;
    case scoring_kind::rate:
    case scoring_kind::observed_expected:
      return spc::chart_type::u;
    case scoring_kind::count:
      return spc::chart_type::c;
    case scoring_kind::time_between:
      return spc::chart_type::t;
    case scoring_kind::continuous:
      break;
  }
  return spc::chart_type::i;
}

// The chart's y and n for one period; nullopt when the period has nothing to plot.
struct point {
  double y;
  double n;
};
std::optional<point> point_of(scoring_kind k, const measure_series& s, std::size_t i) {
  const auto at = [](std::span<const double> v, std::size_t j) {
    return j < v.size() ? v[j] : std::nan("");
  };
  point p{};
  switch (k) {
    case scoring_kind::proportion:
    case scoring_kind::rate:
      p = {at(s.numerator, i), at(s.denominator, i)};
      break;
    case scoring_kind::observed_expected:
      p = {at(s.numerator, i), at(s.expected, i)};
      break;
    case scoring_kind::count:
    case scoring_kind::continuous:
    case scoring_kind::time_between:
      p = {at(s.value, i), std::nan("")};
      return std::isnan(p.y) ? std::nullopt : std::optional<point>(p);
  }
  return std::isnan(p.y) || std::isnan(p.n) ? std::nullopt : std::optional<point>(p);
}

}  // namespace

spc_status spc_engine_status(const measure& m, const measure_series& s, std::size_t min_points) {
  spc_status out;
  const auto type = chart_for(m.scoring);
  out.chart = spc::to_string(type);
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> n;
  for (std::size_t i = 0; i < s.value.size(); ++i) {
    if (const auto p = point_of(m.scoring, s, i)) {
      x.push_back(static_cast<double>(i + 1));
      y.push_back(p->y);
      n.push_back(p->n);
    }
  }
  const bool latest_observed = !s.value.empty() && point_of(m.scoring, s, s.value.size() - 1);
  if (!latest_observed) {
    out.note = "the latest period has no observation";
    return out;
  }
  if (x.size() < std::max<std::size_t>(min_points, 2)) {
    out.note =
        "fewer than " + std::to_string(std::max<std::size_t>(min_points, 2)) + " observed periods";
    return out;
  }
  if (type == spc::chart_type::t) {
    for (const double v : y) {
      if (!(v > 0)) {
        // A t chart transforms y^(1/3.6); a time of zero (two events at once) has no place on it.
        out.note = "a t chart needs times between events above zero";
        return out;
      }
    }
  }
  spc::chart_options options;
  options.type = type;
  const bool has_n = type == spc::chart_type::p || type == spc::chart_type::u;
  const auto chart = spc::compute_chart(
      x, y, has_n ? std::span<const double>(n) : std::span<const double>(), options);
  out.computed = true;
  const std::size_t latest = chart.y.size() - 1;
  for (const auto& sig : spc::beyond_limits_signals(chart)) {
    if (spc::chart_signal_flags(chart, sig, latest)) {
      out.signal = true;
      out.rule = spc::to_string(sig.rule);
      return out;
    }
  }
  // Anhøj: the longest-run signal before the crossings signal (it names the pattern itself).
  const auto runs = spc::anhoej_signals(chart);
  for (const auto wanted : {spc::rule_id::anhoej_longest_run, spc::rule_id::anhoej_crossings}) {
    for (const auto& sig : runs) {
      if (sig.rule == wanted && spc::chart_signal_flags(chart, sig, latest)) {
        out.signal = true;
        out.rule = spc::to_string(sig.rule);
        return out;
      }
    }
  }
  return out;
}

spc_status_provider spc_engine_provider(std::size_t min_points) {
  return [min_points](const measure& m, const measure_series& s) {
    return spc_engine_status(m, s, min_points);
  };
}

}  // namespace cmx::compass
