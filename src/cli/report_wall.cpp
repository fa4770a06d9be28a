// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
// ... and -Wnull-dereference inside std::vector's element construction at -O3 (a false positive
// of the same inlining, seen in the Release build of this file).
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include "cli/report_wall.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "cmx/compass/change.hpp"
#include "cmx/compass/funnel.hpp"
#include "cmx/compass/rollup.hpp"
#include "cmx/compass/scoring.hpp"
#include "cmx/render/chart_svg.hpp"
#include "cmx/render/compass_svg.hpp"
#include "cmx/render/flow_map_svg.hpp"
#include "cmx/render/funnel_svg.hpp"
#include "cmx/render/small_multiples.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/mdc.hpp"
#include "cmx/system/flow.hpp"
#include "core/text.hpp"

namespace cmx::cli {
namespace {

using compass::scoring_kind;

// Fewer points make no useful chart (and no Making Data Count moving range per group).
constexpr std::size_t min_points = 3;

std::string slug(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    out += keep ? c : '-';
  }
  return out;
}

std::string number_text(double v, int significant = 3) {
  if (!std::isfinite(v)) {
    return "\xE2\x80\x93";
  }
  const double a = std::abs(v);
  const int decimals =
      a == 0 ? 0 : std::clamp(significant - 1 - static_cast<int>(std::floor(std::log10(a))), 0, 6);
  return cmx::detail::fixed_text(v, decimals);
}

// How a measure is charted: p chart for proportions (in %), u chart for rates and observed /
// expected (Provost and Murray, The Health Care Data Guide, 2011, ch. 6), XmR (i) otherwise.
struct chart_plan {
  spc::chart_type type = spc::chart_type::i;
  double multiply = 1;  // display scale of the measure's value (100 for proportions)
  std::string y_label;  // display unit
};

chart_plan plan_for(const compass::measure& m) {
  chart_plan p;
  switch (m.scoring) {
    case scoring_kind::proportion:
      p.type = spc::chart_type::p;
      p.multiply = 100;
      p.y_label = "%";
      break;
    case scoring_kind::rate:
      p.type = spc::chart_type::u;
      p.multiply = m.multiplier;
      p.y_label = m.unit;
      break;
    case scoring_kind::observed_expected:
      p.type = spc::chart_type::u;
      p.y_label = m.unit.empty() ? "observed / expected" : m.unit;
      break;
    default:
      p.type = spc::chart_type::i;
      p.y_label = m.unit;
  }
  return p;
}

std::string value_text(const compass::measure& m, double value) {
  if (m.scoring == scoring_kind::proportion) {
    return number_text(100 * value) + "%";
  }
  return number_text(value) + (m.unit.empty() ? "" : " " + m.unit);
}

// One unit's series of one measure (periods in order).
struct series {
  std::size_t unit = 0;           // system unit index
  std::size_t measure = 0;        // measure index
  std::vector<std::size_t> rows;  // observation rows (into the pooled list), period order
  std::vector<std::string> periods;
  spc::chart_result chart;
  std::vector<spc::signal> signals;
  std::string svg;
  double lo = INFINITY;  // data and limit range (display scale) for shared axes
  double hi = -std::numeric_limits<double>::infinity();
};

struct context {
  const system::system_graph& sys;
  const report_inputs& in;
  std::vector<compass::observation> all;  // leaves and pooled parents
  compass::observation_table table;
  compass::compass_scores scores;
  // (unit, measure, period) interned in table -> row of `all`
  std::unordered_map<std::uint64_t, std::size_t> row_of;
  std::vector<std::size_t> table_unit_of;  // system unit index -> table unit index (or npos)
  std::set<std::pair<std::size_t, std::size_t>> leaf_observed;  // (system unit, measure)
};

std::uint64_t key(std::size_t unit, std::size_t measure, std::size_t period) {
  return (static_cast<std::uint64_t>(unit) << 40) ^ (static_cast<std::uint64_t>(measure) << 24) ^
         static_cast<std::uint64_t>(period);
}

const system::unit& unit_at(const context& c, std::size_t u) {
  return c.sys.units()[u];
}

std::string unit_name(const context& c, std::size_t u) {
  const auto& unit = unit_at(c, u);
  return unit.name.empty() ? unit.id : unit.name;
}

// Observed leaf units under u (u itself if it is one) that have the measure.
std::size_t contributing_leaves(const context& c, std::size_t u, std::size_t m) {
  std::size_t count = c.leaf_observed.count({u, m});
  for (const auto& id : c.sys.descendants(unit_at(c, u).id)) {
    count += c.leaf_observed.count({c.sys.index_of(id), m});
  }
  return count;
}

std::optional<series> make_series(const context& c, std::size_t u, std::size_t m) {
  const std::size_t tu = c.table_unit_of[u];
  if (tu == static_cast<std::size_t>(-1)) {
    return std::nullopt;
  }
  // A pool of one observed unit repeats that unit's chart under another name: left out.
  if (!c.leaf_observed.contains({u, m}) && contributing_leaves(c, u, m) < 2) {
    return std::nullopt;
  }
  series s;
  s.unit = u;
  s.measure = m;
  for (std::size_t p = 0; p < c.table.periods.size(); ++p) {
    const auto it = c.row_of.find(key(tu, m, p));
    if (it != c.row_of.end()) {
      s.rows.push_back(it->second);
      s.periods.push_back(c.table.periods[p]);
    }
  }
  if (s.rows.size() < min_points) {
    return std::nullopt;
  }
  return s;
}

void compute_chart(const context& c, series& s) {
  const auto& m = c.in.measures[s.measure];
  const chart_plan plan = plan_for(m);
  const std::size_t n = s.rows.size();
  std::vector<double> x(n);
  std::vector<double> y(n);
  std::vector<double> d;
  if (plan.type != spc::chart_type::i) {
    d.resize(n);
  }
  for (std::size_t k = 0; k < n; ++k) {
    const auto& o = c.all[s.rows[k]];
    x[k] = static_cast<double>(k + 1);
    if (m.scoring == scoring_kind::observed_expected) {
      y[k] = o.numerator.value_or(NAN);
      d[k] = o.expected.value_or(NAN);
    } else if (plan.type == spc::chart_type::i) {
      y[k] = compass::measure_value(m, o);
    } else {
      y[k] = o.numerator.value_or(NAN);
      d[k] = o.denominator.value_or(NAN);
    }
  }
  spc::chart_options options;
  options.type = plan.type;
  options.multiply = plan.multiply;
  for (const auto& e : c.in.events) {
    if (e.new_phase && e.measure == m.id && e.unit == unit_at(c, s.unit).id) {
      const auto it = std::find(s.periods.begin(), s.periods.end(), e.period);
      const auto k = static_cast<std::size_t>(it - s.periods.begin());
      if (k > 0 && k < n) {
        options.parts.push_back(k);
      }
    }
  }
  std::sort(options.parts.begin(), options.parts.end());
  options.parts.erase(std::unique(options.parts.begin(), options.parts.end()), options.parts.end());
  s.chart = spc::compute_chart(x, y, d, options);
  s.signals = spc::beyond_limits_signals(s.chart);
  const auto runs = spc::anhoej_signals(s.chart);
  s.signals.insert(s.signals.end(), runs.begin(), runs.end());
  for (const spc::line_view v :
       {spc::line_view(s.chart.y), s.chart.lcl.view(), s.chart.ucl.view(), s.chart.cl.view()}) {
    for (const double value : v) {
      if (std::isfinite(value)) {
        s.lo = std::min(s.lo, value);
        s.hi = std::max(s.hi, value);
      }
    }
  }
  if (m.target) {
    const double t = *m.target * (m.scoring == scoring_kind::proportion ? 100.0 : 1.0);
    s.lo = std::min(s.lo, t);
    s.hi = std::max(s.hi, t);
  }
}

std::string draw_chart(const context& c, const series& s, double y_min, double y_max,
                       const std::string& title, bool title_alone) {
  const auto& m = c.in.measures[s.measure];
  render::chart_style style;
  style.title = title;
  style.y_label = plan_for(m).y_label;
  style.x_labels = s.periods;
  if (m.target) {
    style.target = *m.target * (m.scoring == scoring_kind::proportion ? 100.0 : 1.0);
  }
  for (const auto& e : c.in.events) {
    if (e.measure == m.id && e.unit == unit_at(c, s.unit).id) {
      const auto it = std::find(s.periods.begin(), s.periods.end(), e.period);
      style.annotations.push_back({static_cast<std::size_t>(it - s.periods.begin()), e.text});
    }
  }
  style.y_min = y_min;
  style.y_max = y_max;
  // Alone, a chart fills a grid cell of the wall; in small multiples four share a row.
  style.width = title_alone ? 460 : 340;
  style.height = title_alone ? 290 : 250;
  return render::chart_svg(s.chart, s.signals, style);
}

// The signals of the last phase, in words.
std::string signal_words(const series& s) {
  if (s.chart.parts.empty()) {
    return "";
  }
  const auto& last = s.chart.parts.back();
  std::vector<render::signal_class> seen;
  for (const auto& sig : s.signals) {
    if (sig.last >= last.first && sig.first <= last.last) {
      const auto cls = render::classify(sig.rule);
      if (std::find(seen.begin(), seen.end(), cls) == seen.end()) {
        seen.push_back(cls);
      }
    }
  }
  std::sort(seen.begin(), seen.end());
  std::string out;
  for (const auto cls : seen) {
    out += (out.empty() ? "" : "; ") + std::string(render::legend_text(cls));
  }
  return out;
}

render::summary_row summarise(const context& c, const series& s, const std::string& t1,
                              const std::string& t2, const std::string& anchor) {
  const auto& m = c.in.measures[s.measure];
  render::summary_row row;
  row.unit = unit_name(c, s.unit);
  row.level = system::to_string(unit_at(c, s.unit).lvl);
  row.measure = m.name.empty() ? m.id : m.name;
  const auto& latest = c.all[s.rows.back()];
  row.latest = value_text(m, compass::measure_value(m, latest));
  row.period = s.periods.back();
  row.signals = signal_words(s);
  row.anchor = anchor;
  // NHS Making Data Count on the measure's values: its XmR limits and rules, rebased where a new
  // phase starts, the variation of the last point and the assurance against the target.
  std::vector<double> values;
  for (const std::size_t r : s.rows) {
    values.push_back(compass::measure_value(m, c.all[r]));
  }
  spc::mdc::xmr_options mdc;
  mdc.direction = m.direction == compass::improvement::lower_is_better
                      ? spc::mdc::improvement::decrease
                      : spc::mdc::improvement::increase;
  mdc.target = m.target;
  for (std::size_t k = 1; k < s.chart.size(); ++k) {
    // A group needs two points or more for a moving range.
    if (s.chart.part_of(k) != s.chart.part_of(k - 1) && k >= 2 && s.chart.size() - k >= 2) {
      mdc.rebase_at.push_back(k);
    }
  }
  const auto result = spc::mdc::xmr(values, mdc);
  row.direction = mdc.direction;
  row.variation = result.groups.back().variation;
  row.assurance = result.groups.back().assurance_type;
  // Change from time 1 to time 2 (the board's compass periods, else the series' first and last).
  if (m.mid) {
    const std::size_t tu = c.table_unit_of[s.unit];
    const auto find_row = [&](const std::string& period) -> std::optional<std::size_t> {
      const auto p = std::lower_bound(c.table.periods.begin(), c.table.periods.end(), period);
      if (p == c.table.periods.end() || *p != period) {
        return std::nullopt;
      }
      const auto it =
          c.row_of.find(key(tu, s.measure, static_cast<std::size_t>(p - c.table.periods.begin())));
      return it == c.row_of.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };
    auto r1 = find_row(t1);
    auto r2 = find_row(t2);
    std::string p1 = t1;
    std::string p2 = t2;
    if (!r1 || !r2 || t1 == t2) {
      r1 = s.rows.front();
      r2 = s.rows.back();
      p1 = s.periods.front();
      p2 = s.periods.back();
    }
    const auto change = compass::change_between(m, c.all[*r1], c.all[*r2]);
    row.change = std::string(compass::to_string(change.classification)) + " (" + p1 +
                 " \xE2\x86\x92 " + p2 + ")";
  }
  return row;
}

// A figure of one measure for a group of units: small multiples sharing one y axis.
render::figure measure_figure(const context& c, std::vector<series*>& group) {
  double lo = INFINITY;
  double hi = -std::numeric_limits<double>::infinity();
  for (const auto* s : group) {
    lo = std::min(lo, s->lo);
    hi = std::max(hi, s->hi);
  }
  const double pad = (hi > lo ? hi - lo : std::max(1.0, std::abs(hi))) * 0.06;
  lo -= pad;
  hi += pad;
  if (lo < 0 && std::all_of(group.begin(), group.end(), [](const series* s) {
        return std::all_of(s->chart.y.begin(), s->chart.y.end(), [](double v) { return !(v < 0); });
      })) {
    lo = 0;  // counts, rates and proportions: the axis starts at zero, not below it
  }
  const auto& m = c.in.measures[group.front()->measure];
  const std::string title = m.name.empty() ? m.id : m.name;
  std::vector<std::string> panels;
  for (auto* s : group) {
    // One chart alone carries the measure's name; in small multiples each names its unit.
    s->svg = draw_chart(c, *s, lo, hi, group.size() == 1 ? title : unit_name(c, s->unit),
                        group.size() == 1);
    panels.push_back(s->svg);
  }
  render::figure f;
  if (group.size() == 1) {
    f.svg = panels.front();
  } else {
    render::small_multiples_style style;
    style.title = title + " (" + plan_for(m).y_label + ")";
    style.columns = 4;
    f.svg = render::small_multiples_svg(panels, style);
  }
  f.caption = std::string(spc::to_string(group.front()->chart.type)) + " chart" +
              (group.size() > 1 ? "s" : "") +
              "; limits at 3 sigma, run analysis by Anh\xC3\xB8j's rules; " +
              (m.direction == compass::improvement::lower_is_better ? "lower" : "higher") +
              " is better" + (m.target ? "; target " + value_text(m, *m.target) : "") + ".";
  return f;
}

struct board_units {
  std::vector<std::vector<std::size_t>> groups;  // [macro], [meso, its microsystems]...
  std::vector<std::size_t> leaves;               // observed leaf units of the board
  std::vector<std::size_t> mesosystems;
};

board_units units_of_board(const context& c, std::size_t macro) {
  board_units b;
  const auto& sys = c.sys;
  b.groups.push_back({macro});
  std::set<std::size_t> listed{macro};
  for (const auto& id : sys.children(sys.units()[macro].id)) {
    const std::size_t u = sys.index_of(id);
    if (sys.units()[u].lvl != system::level::mesosystem) {
      continue;
    }
    b.mesosystems.push_back(u);
    std::vector<std::size_t> group{u};
    listed.insert(u);
    for (const auto& micro : sys.microsystems_of(id)) {
      const std::size_t v = sys.index_of(micro);
      group.push_back(v);
      listed.insert(v);
    }
    b.groups.push_back(group);
  }
  // Units under the macrosystem outside any mesosystem join the macrosystem's group.
  for (const auto& id : sys.descendants(sys.units()[macro].id)) {
    const std::size_t u = sys.index_of(id);
    if (listed.insert(u).second) {
      b.groups.front().push_back(u);
    }
  }
  std::set<std::size_t> leaves;
  for (const auto& group : b.groups) {
    for (const std::size_t u : group) {
      for (std::size_t m = 0; m < c.in.measures.size(); ++m) {
        if (c.leaf_observed.contains({u, m})) {
          leaves.insert(u);
        }
      }
    }
  }
  b.leaves.assign(leaves.begin(), leaves.end());
  return b;
}

std::optional<render::figure> compass_figure(const context& c, std::size_t u, const std::string& t1,
                                             const std::string& t2) {
  const std::size_t tu = c.table_unit_of[u];
  if (tu == static_cast<std::size_t>(-1)) {
    return std::nullopt;
  }
  const auto period_index = [&](const std::string& p) -> std::optional<std::size_t> {
    const auto it = std::lower_bound(c.table.periods.begin(), c.table.periods.end(), p);
    if (it == c.table.periods.end() || *it != p) {
      return std::nullopt;
    }
    return static_cast<std::size_t>(it - c.table.periods.begin());
  };
  const auto p1 = period_index(t1);
  const auto p2 = period_index(t2);
  if (!p2) {
    return std::nullopt;
  }
  render::compass_picture pic;
  pic.title = unit_name(c, u);
  pic.t1_label = "Time 1: " + t1;
  pic.t2_label = "Time 2: " + t2;
  bool any = false;
  for (std::size_t q = 0; q < 4; ++q) {
    const auto& point = c.scores.point[q];
    pic.t2[q] = point[tu * c.scores.period_count + *p2];
    any = any || std::isfinite(pic.t2[q]);
    if (p1 && t1 != t2) {
      pic.t1[q] = point[tu * c.scores.period_count + *p1];
    }
  }
  if (!any) {
    return std::nullopt;
  }
  for (std::size_t m = 0; m < c.in.measures.size(); ++m) {
    const auto r2 = c.row_of.find(key(tu, m, *p2));
    if (r2 == c.row_of.end()) {
      continue;
    }
    render::compass_mark mark;
    mark.label = c.in.measures[m].name.empty() ? c.in.measures[m].id : c.in.measures[m].name;
    mark.point = c.in.measures[m].point;
    mark.t2 = c.scores.score[r2->second];
    if (p1 && t1 != t2) {
      const auto r1 = c.row_of.find(key(tu, m, *p1));
      if (r1 != c.row_of.end()) {
        mark.t1 = c.scores.score[r1->second];
      }
    }
    pic.measures.push_back(mark);
  }
  render::figure f;
  f.svg = render::compass_svg(pic);
  f.caption =
      "Goalpost attainment per measure and compass point (weighted mean of its "
      "measures): 0 at the floor, 1 at the target.";
  return f;
}

std::optional<render::figure> funnel_figure(const context& c, const board_units& b, std::size_t m) {
  const auto& measure = c.in.measures[m];
  compass::funnel_options options;
  double multiply = 1;
  switch (measure.scoring) {
    case scoring_kind::proportion:
      options.type = compass::funnel_type::proportion;
      multiply = 100;
      break;
    case scoring_kind::rate:
      options.type = compass::funnel_type::rate;
      multiply = measure.multiplier;
      break;
    case scoring_kind::observed_expected:
      options.type = compass::funnel_type::ratio;
      break;
    default:
      return std::nullopt;
  }
  // The latest period any observed unit of the board has.
  std::string period;
  for (const std::size_t u : b.leaves) {
    const std::size_t tu = c.table_unit_of[u];
    for (std::size_t p = c.table.periods.size(); p-- > 0;) {
      if (c.row_of.contains(key(tu, m, p))) {
        period = std::max(period, c.table.periods[p]);
        break;
      }
    }
  }
  if (period.empty()) {
    return std::nullopt;
  }
  const auto pit = std::lower_bound(c.table.periods.begin(), c.table.periods.end(), period);
  const auto p = static_cast<std::size_t>(pit - c.table.periods.begin());
  std::vector<double> num;
  std::vector<double> den;
  std::vector<std::string> labels;
  for (const std::size_t u : b.leaves) {
    const auto it = c.row_of.find(key(c.table_unit_of[u], m, p));
    if (it == c.row_of.end()) {
      continue;
    }
    const auto& o = c.all[it->second];
    num.push_back(o.numerator.value_or(NAN));
    den.push_back(measure.scoring == scoring_kind::observed_expected ? o.expected.value_or(NAN)
                                                                     : o.denominator.value_or(NAN));
    labels.push_back(unit_at(c, u).id);
  }
  if (num.size() < 3) {
    return std::nullopt;
  }
  // Overdispersion (Spiegelhalter, QSHC 14 (2005) 347-351): with five units or more the
  // additive random-effects adjustment applies when the test finds it (tau^2 > 0).
  if (num.size() >= 5) {
    options.overdispersion = compass::funnel_overdispersion::additive;
  }
  const auto result = compass::funnel(num, den, options);
  const double xmax = *std::max_element(den.begin(), den.end()) * 1.08;
  std::vector<render::funnel_curve_point> curve;
  const auto limits = result.adjusted ? compass::funnel_limits::normal : options.limits;
  for (int k = 0; k <= 120; ++k) {
    double n = xmax * std::pow(1000.0, static_cast<double>(k) / 120.0 - 1.0);
    if (options.type == compass::funnel_type::proportion) {
      n = std::max(1.0, std::round(n));
    }
    const auto l95 = compass::funnel_limits_at(options.type, limits, result.target, n, 0.95, 1,
                                               result.adjusted ? result.tau2 : 0);
    const auto l998 = compass::funnel_limits_at(options.type, limits, result.target, n, 0.998, 1,
                                                result.adjusted ? result.tau2 : 0);
    curve.push_back({n, l95.lower, l95.upper, l998.lower, l998.upper});
  }
  render::funnel_style style;
  style.title = (measure.name.empty() ? measure.id : measure.name) + ", " + period;
  style.y_label = plan_for(measure).y_label;
  style.x_label = measure.scoring == scoring_kind::proportion ? "Patients (denominator)"
                  : measure.scoring == scoring_kind::rate     ? "Exposure (denominator)"
                                                              : "Expected events";
  style.multiply = multiply;
  style.width = 460;  // one grid cell of the wall
  style.height = 340;
  style.note =
      result.adjusted
          ? "Limits widened for overdispersion (Spiegelhalter 2005): \xCF\x84 = " +
                number_text(std::sqrt(result.tau2) * multiply) +
                ", p = " + number_text(result.p_value, 2) + "."
          : "Exact limits; no overdispersion adjustment (p = " + number_text(result.p_value, 2) +
                ").";
  render::figure f;
  f.svg = render::funnel_svg(result, den, labels, curve, style);
  f.caption =
      "Units compared at one period: points outside the funnel differ from the target "
      "by more than chance (99.8% limits).";
  return f;
}

std::optional<render::figure> flow_figure(const context& c, const system::flow_graph& full,
                                          std::size_t meso) {
  const auto& sys = c.sys;
  const auto members = sys.microsystems_of(sys.units()[meso].id);
  const std::set<std::string> in_meso(members.begin(), members.end());
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  std::vector<std::uint64_t> count;
  std::vector<std::string> ids;
  std::map<std::uint32_t, std::uint32_t> local;
  const auto local_of = [&](std::uint32_t g) {
    const auto [it, fresh] = local.emplace(g, static_cast<std::uint32_t>(ids.size()));
    if (fresh) {
      ids.push_back(full.unit_ids[g]);
    }
    return it->second;
  };
  std::uint64_t total = 0;
  for (const auto& e : full.edges) {
    if (e.from != e.to && in_meso.contains(full.unit_ids[e.from]) &&
        in_meso.contains(full.unit_ids[e.to])) {
      from.push_back(local_of(e.from));
      to.push_back(local_of(e.to));
      count.push_back(e.count);
      total += e.count;
    }
  }
  if (from.empty()) {
    return std::nullopt;
  }
  const auto graph = system::make_flow_graph(ids, from, to, count);
  render::flow_map_style style;
  style.title = unit_name(c, meso) + ": patient flow between its microsystems";
  style.width = 1300;
  for (const auto& id : graph.unit_ids) {
    const std::size_t u = sys.index_of(id);
    style.labels.push_back(unit_name(c, u));
    if (sys.mesosystems_of(id).size() > 1) {
      style.groups.emplace_back("Shared with another mesosystem");
    } else if (sys.units()[u].lvl == system::level::support_microsystem) {
      style.groups.emplace_back("Support microsystem");
    } else {
      style.groups.emplace_back("Clinical microsystem");
    }
  }
  render::figure f;
  f.svg = render::flow_map_svg(graph, style);
  f.caption = std::to_string(total) + " patient handoffs between " +
              std::to_string(graph.unit_count()) +
              " microsystems (consecutive stays of one episode); units placed from where "
              "journeys start (left) to where they end (right).";
  return f;
}

}  // namespace

render::wall build_wall(const system::system_graph& sys, const report_inputs& in) {
  const auto progress = [&](std::string_view text) {
    if (in.progress) {
      in.progress(text);
    }
  };
  for (const auto& o : in.observations) {
    if (!sys.find(o.unit)) {
      throw error(status::not_found,
                  "unit '" + o.unit + "' of an observation is not in the system " + sys.source(),
                  location{o.origin.source, o.origin.row, 0, "unit"});
    }
  }
  // The roll-up hierarchy: every part_of tie with a positive allocation weight.
  std::vector<compass::hierarchy_edge> edges;
  for (const auto& m : sys.memberships()) {
    if (m.type == system::membership_type::part_of && m.weight > 0) {
      edges.push_back({m.from, m.to, m.weight});
    }
  }
  progress("pooling observations up the hierarchy");
  const auto pooled = compass::roll_up(in.measures, in.observations, edges);
  context c{sys, in, compass::with_rollups(in.observations, edges, pooled), {}, {}, {}, {}, {}};
  c.table = compass::make_observation_table(in.measures, c.all);
  progress("scoring the value compass");
  c.scores = compass::score_compass(in.measures, c.table);
  for (std::size_t r = 0; r < c.all.size(); ++r) {
    c.row_of.emplace(key(c.table.unit[r], c.table.measure[r], c.table.period[r]), r);
  }
  c.table_unit_of.assign(sys.unit_count(), static_cast<std::size_t>(-1));
  for (std::size_t tu = 0; tu < c.table.units.size(); ++tu) {
    c.table_unit_of[sys.index_of(c.table.units[tu])] = tu;
  }
  std::map<std::string, std::size_t> measure_index;
  for (std::size_t m = 0; m < in.measures.size(); ++m) {
    measure_index.emplace(in.measures[m].id, m);
  }
  for (const auto& o : in.observations) {
    c.leaf_observed.insert({sys.index_of(o.unit), measure_index.at(o.measure)});
  }
  // Events must name a point of a series.
  for (const auto& e : in.events) {
    const auto m = measure_index.find(e.measure);
    const auto u = sys.find(e.unit);
    const auto p = std::find(c.table.periods.begin(), c.table.periods.end(), e.period);
    if (m == measure_index.end() || !u || c.table_unit_of[*u] == static_cast<std::size_t>(-1) ||
        p == c.table.periods.end() ||
        !c.row_of.contains(key(c.table_unit_of[*u], m->second,
                               static_cast<std::size_t>(p - c.table.periods.begin())))) {
      throw error(status::not_found,
                  "event: no observation of measure '" + e.measure + "' for unit '" + e.unit +
                      "' in period '" + e.period + "'",
                  e.where);
    }
  }

  std::vector<std::size_t> macros;
  if (!in.macrosystem.empty()) {
    const auto u = sys.find(in.macrosystem);
    if (!u || sys.units()[*u].lvl != system::level::macrosystem) {
      throw error(status::not_found,
                  "'" + in.macrosystem + "' is not a macrosystem of " + sys.source(),
                  location{"--macrosystem", 0, 0, in.macrosystem});
    }
    macros.push_back(*u);
  } else {
    for (std::size_t u = 0; u < sys.unit_count(); ++u) {
      if (sys.units()[u].lvl == system::level::macrosystem) {
        macros.push_back(u);
      }
    }
  }
  std::optional<system::flow_graph> flows;
  if (in.journeys) {
    progress("deriving patient flows from the journeys");
    flows = system::flow_edges(*in.journeys);
  }

  render::wall page;
  page.title = in.title.empty() ? "Data wall" : in.title;
  page.subtitle =
      "Charts with their signals, value compass, funnel comparison of units and "
      "patient flow, per macrosystem, mesosystem and microsystem.";
  std::size_t charted = 0;
  for (const std::size_t macro : macros) {
    const board_units b = units_of_board(c, macro);
    render::wall_board board;
    board.id = slug(unit_at(c, macro).id);
    board.title = unit_name(c, macro);
    // Compass periods of this board.
    std::vector<std::string> scored;
    for (const auto& group : b.groups) {
      for (const std::size_t u : group) {
        const std::size_t tu = c.table_unit_of[u];
        if (tu == static_cast<std::size_t>(-1)) {
          continue;
        }
        for (std::size_t p = 0; p < c.table.periods.size(); ++p) {
          for (std::size_t q = 0; q < 4; ++q) {
            if (std::isfinite(c.scores.point[q][tu * c.scores.period_count + p])) {
              scored.push_back(c.table.periods[p]);
            }
          }
        }
      }
    }
    std::sort(scored.begin(), scored.end());
    scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
    const auto has = [&](const std::string& p) {
      return std::binary_search(scored.begin(), scored.end(), p);
    };
    const std::string t2 = has(in.t2) ? in.t2 : (scored.empty() ? "" : scored.back());
    const std::string t1 = has(in.t1) ? in.t1 : (scored.empty() ? "" : scored.front());
    board.intro = std::to_string(b.mesosystems.size()) + " mesosystem" +
                  (b.mesosystems.size() == 1 ? "" : "s") + ", " + std::to_string(b.leaves.size()) +
                  " units reporting measures. Mesosystem and macrosystem values pool their "
                  "units' counts (never averages of rates).";
    if (!t2.empty()) {
      board.intro.append(" Compass: time 1 = ").append(t1).append(", time 2 = ").append(t2);
      board.intro += '.';
    }

    // Charts: one section per group with its summary table, one figure per measure.
    const auto chart_group = [&](std::size_t g) {
      const auto& group = b.groups[g];
      render::wall_section section;
      section.id = board.id + "-" + slug(unit_at(c, group.front()).id);
      section.heading = g == 0 ? unit_name(c, group.front()) + ": whole system"
                               : unit_name(c, group.front()) + " and its microsystems";
      std::vector<series> all_series;
      all_series.reserve(group.size() * in.measures.size());
      for (std::size_t m = 0; m < in.measures.size(); ++m) {
        for (const std::size_t u : group) {
          if (auto s = make_series(c, u, m)) {
            compute_chart(c, *s);
            all_series.push_back(std::move(*s));
            ++charted;
            if (charted % 100 == 0) {
              progress("charted " + std::to_string(charted) + " series");
            }
          }
        }
      }
      for (std::size_t m = 0; m < in.measures.size(); ++m) {
        std::vector<series*> of_measure;
        for (auto& s : all_series) {
          if (s.measure == m) {
            of_measure.push_back(&s);
          }
        }
        if (of_measure.empty()) {
          continue;
        }
        section.wide = section.wide || of_measure.size() > 1;
        section.figures.push_back(measure_figure(c, of_measure));
        const std::string anchor = section.id + "-" + std::to_string(section.figures.size());
        for (const auto* s : of_measure) {
          section.summary.push_back(summarise(c, *s, t1, t2, anchor));
        }
      }
      if (!section.figures.empty()) {
        board.sections.push_back(std::move(section));
      }
    };
    // The whole system's measures first, then its compass, funnels and flows, then each
    // mesosystem with its microsystems.
    chart_group(0);
    // At a glance: the macrosystem's compass and the funnels comparing its units.
    {
      render::wall_section section;
      section.id = board.id + "-glance";
      section.heading = "Value compass and funnel plots";
      section.intro =
          "The value compass of the whole system (Nelson et al. 1996: clinical outcomes West, "
          "functional health North, satisfaction East, costs South; time 1 dashed, time 2 "
          "filled) and funnel plots comparing its units on the latest period.";
      if (!t2.empty()) {
        if (auto f = compass_figure(c, macro, t1, t2)) {
          section.figures.push_back(std::move(*f));
        }
      }
      for (std::size_t m = 0; m < in.measures.size(); ++m) {
        if (auto f = funnel_figure(c, b, m)) {
          section.figures.push_back(std::move(*f));
        }
      }
      if (!section.figures.empty()) {
        board.sections.push_back(std::move(section));
      }
    }
    // Flow maps of the mesosystems.
    if (flows) {
      render::wall_section section;
      section.id = board.id + "-flow";
      section.heading = "Journey flow maps";
      section.wide = true;
      for (const std::size_t meso : b.mesosystems) {
        if (auto f = flow_figure(c, *flows, meso)) {
          section.figures.push_back(std::move(*f));
        }
      }
      if (!section.figures.empty()) {
        board.sections.push_back(std::move(section));
      }
    }
    for (std::size_t g = 1; g < b.groups.size(); ++g) {
      chart_group(g);
    }
    // The compass of every other unit with scores.
    if (!t2.empty()) {
      render::wall_section section;
      section.id = board.id + "-compass";
      section.heading = "Value compass of the mesosystems and microsystems";
      for (const auto& group : b.groups) {
        for (const std::size_t u : group) {
          if (u == macro) {
            continue;
          }
          if (auto f = compass_figure(c, u, t1, t2)) {
            section.figures.push_back(std::move(*f));
          }
        }
      }
      if (!section.figures.empty()) {
        board.sections.push_back(std::move(section));
      }
    }
    page.boards.push_back(std::move(board));
  }
  page.notes = {
      "Charts: p charts for proportions (in %), u charts for rates and observed/expected ratios, "
      "XmR (i) charts otherwise; 3-sigma limits per phase; signals by points outside the limits "
      "and Anh\xC3\xB8j's run rules (qicharts2 conventions). Dashed centre line: too few "
      "crossings.",
      "Summary icons: NHS England Making Data Count XmR analysis of the same values (variation "
      "of the latest point, assurance against the target).",
      "Compass scores: goalpost attainment (0 at the measure's floor, 1 at its target). Change "
      "classified against the minimally important difference with a confidence interval.",
      "Roll-ups pool counts through the part_of hierarchy with allocation weights.",
  };
  page.notes.insert(page.notes.end(), in.notes.begin(), in.notes.end());
  progress("charted " + std::to_string(charted) + " series");
  return page;
}

}  // namespace cmx::cli
