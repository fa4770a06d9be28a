// Compass scoring: the named methods of scoring.hpp, point scores, outcome and value indices.
#include "cmx/compass/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "cmx/error.hpp"

namespace cmx::compass {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

location where(const observation& o, const char* field) {
  std::string source = o.origin.source;
  if (!o.origin.report_id.empty()) {
    source += (source.empty() ? "" : ": ") + std::string("MeasureReport/") + o.origin.report_id;
  }
  if (source.empty()) {
    source = "observation";
  }
  return location{source, o.origin.row, 0, field};
}

location where(const measure& m, const char* field) {
  return location{"measure '" + m.id + "'", 0, 0, field};
}

double required(const observation& o, const std::optional<double>& v, const char* field) {
  if (!v) {
    throw error(status::bad_input, std::string(field) + " is required for this measure's scoring",
                where(o, field));
  }
  if (!std::isfinite(*v)) {
    throw error(status::bad_input, std::string(field) + " must be a finite number",
                where(o, field));
  }
  return *v;
}

double optional_or_nan(const observation& o, const std::optional<double>& v, const char* field) {
  if (!v) {
    return nan;
  }
  if (!std::isfinite(*v) || *v < 0) {
    throw error(status::bad_input, std::string(field) + " must be a finite number >= 0",
                where(o, field));
  }
  return *v;
}

double needed(const measure& m, const std::optional<double>& v, const char* field,
              score_method method) {
  if (!v || !std::isfinite(*v)) {
    throw error(status::bad_input,
                std::string("the ") + to_string(method) + " method needs the measure's " + field,
                where(m, field));
  }
  return *v;
}

void check_direction(const measure& m) {
  if (m.direction == improvement::unspecified) {
    throw error(status::bad_input,
                "direction missing: say whether higher or lower is better (never assumed)",
                where(m, "direction"));
  }
}

}  // namespace

const char* to_string(score_method m) noexcept {
  switch (m) {
    case score_method::goalpost:
      return "goalpost";
    case score_method::percent_of_target:
      return "percent_of_target";
    case score_method::benchmark_z:
      return "benchmark_z";
    case score_method::t_score:
      return "t_score";
  }
  return "goalpost";
}

std::optional<score_method> parse_score_method(std::string_view s) noexcept {
  for (const auto m : {score_method::goalpost, score_method::percent_of_target,
                       score_method::benchmark_z, score_method::t_score}) {
    if (s == to_string(m)) {
      return m;
    }
  }
  return std::nullopt;
}

double measure_value(const measure& m, const observation& o) {
  switch (m.scoring) {
    case scoring_kind::proportion:
    case scoring_kind::rate: {
      const double num = required(o, o.numerator, "numerator");
      const double den = required(o, o.denominator, "denominator");
      if (num < 0) {
        throw error(status::bad_input, "numerator must be >= 0", where(o, "numerator"));
      }
      if (den <= 0) {
        throw error(
            status::bad_input,
            den == 0 ? "denominator of zero: the measure has no value" : "denominator must be > 0",
            where(o, "denominator"));
      }
      if (m.scoring == scoring_kind::proportion && num > den) {
        throw error(status::bad_input, "numerator above its denominator in a proportion",
                    where(o, "numerator"));
      }
      return m.scoring == scoring_kind::rate ? num / den * m.multiplier : num / den;
    }
    case scoring_kind::observed_expected: {
      const double obs = required(o, o.numerator, "numerator");
      const double exp = required(o, o.expected, "expected");
      if (obs < 0) {
        throw error(status::bad_input, "observed count must be >= 0", where(o, "numerator"));
      }
      if (exp <= 0) {
        throw error(status::bad_input,
                    exp == 0 ? "expected count of zero: observed/expected is undefined"
                             : "expected count must be > 0",
                    where(o, "expected"));
      }
      return obs / exp;
    }
    case scoring_kind::count:
    case scoring_kind::time_between:
    case scoring_kind::continuous: {
      const double v = required(o, o.value, "value");
      if (m.type == measure_type::cost && v < 0) {
        throw error(status::bad_input, "negative cost", where(o, "value"));
      }
      if ((m.scoring == scoring_kind::count || m.scoring == scoring_kind::time_between) && v < 0) {
        throw error(status::bad_input, "a count or a time between events must be >= 0",
                    where(o, "value"));
      }
      return v;
    }
  }
  throw error(status::internal, "unknown scoring kind");
}

double score_value(const measure& m, double value, score_method method, bool clamp_goalpost) {
  check_direction(m);
  const bool higher = m.direction == improvement::higher_is_better;
  switch (method) {
    case score_method::goalpost: {
      const double floor = needed(m, m.floor, "floor", method);
      const double target = needed(m, m.target, "target", method);
      if (target == floor) {
        throw error(status::bad_input, "target equals floor: goalpost attainment is undefined",
                    where(m, "target"));
      }
      if ((target > floor) != higher) {
        throw error(status::bad_input,
                    std::string("target and floor contradict the direction (") +
                        to_string(m.direction) + ")",
                    where(m, "floor"));
      }
      const double a = (value - floor) / (target - floor);
      return clamp_goalpost ? std::clamp(a, 0.0, 1.0) : a;
    }
    case score_method::percent_of_target: {
      const double target = needed(m, m.target, "target", method);
      if (target <= 0) {
        throw error(status::bad_input, "percent of target needs a target > 0", where(m, "target"));
      }
      if (higher) {
        return 100.0 * value / target;
      }
      if (value <= 0) {
        throw error(status::bad_input,
                    "percent of target with lower-is-better needs a value > 0 (target / value)",
                    where(m, "value"));
      }
      return 100.0 * target / value;
    }
    case score_method::benchmark_z:
    case score_method::t_score: {
      const double mean = needed(m, m.benchmark_mean, "benchmark_mean", method);
      const double sd = needed(m, m.benchmark_sd, "benchmark_sd", method);
      if (sd <= 0) {
        throw error(status::bad_input, "benchmark SD must be > 0", where(m, "benchmark_sd"));
      }
      const double z = (higher ? 1.0 : -1.0) * (value - mean) / sd;
      return method == score_method::t_score ? 50.0 + 10.0 * z : z;
    }
  }
  throw error(status::internal, "unknown score method");
}

observation_table make_observation_table(std::span<const measure> measures,
                                         std::span<const observation> observations) {
  std::unordered_map<std::string, std::uint32_t> measure_index;
  for (std::size_t i = 0; i < measures.size(); ++i) {
    check_direction(measures[i]);
    if (!(measures[i].weight >= 0) || !std::isfinite(measures[i].weight)) {
      throw error(status::bad_input, "weight must be a finite number >= 0",
                  where(measures[i], "weight"));
    }
    if (!measure_index.emplace(measures[i].id, static_cast<std::uint32_t>(i)).second) {
      throw error(status::inconsistent, "measure id defined twice", where(measures[i], "id"));
    }
  }
  observation_table t;
  std::unordered_map<std::string, std::uint32_t> unit_index;
  std::unordered_map<std::string, std::uint32_t> period_index;
  std::vector<std::uint32_t> raw_period;
  const std::size_t count = observations.size();
  t.measure.reserve(count);
  t.unit.reserve(count);
  raw_period.reserve(count);
  t.numerator.reserve(count);
  t.denominator.reserve(count);
  t.expected.reserve(count);
  t.n.reserve(count);
  t.sd.reserve(count);
  t.value.reserve(count);
  for (const auto& o : observations) {
    const auto m = measure_index.find(o.measure);
    if (m == measure_index.end()) {
      throw error(status::not_found, "unknown measure '" + o.measure + "'", where(o, "measure"));
    }
    if (o.unit.empty()) {
      throw error(status::bad_input, "an observation needs a unit", where(o, "unit"));
    }
    const auto u = unit_index.emplace(o.unit, static_cast<std::uint32_t>(t.units.size()));
    if (u.second) {
      t.units.push_back(o.unit);
    }
    const auto p = period_index.emplace(o.period, static_cast<std::uint32_t>(t.periods.size()));
    if (p.second) {
      t.periods.push_back(o.period);
    }
    t.measure.push_back(m->second);
    t.unit.push_back(u.first->second);
    raw_period.push_back(p.first->second);
    t.numerator.push_back(o.numerator ? *o.numerator : nan);
    t.denominator.push_back(o.denominator ? *o.denominator : nan);
    t.expected.push_back(o.expected ? *o.expected : nan);
    t.n.push_back(optional_or_nan(o, o.n, "n"));
    t.sd.push_back(optional_or_nan(o, o.sd, "sd"));
    t.value.push_back(measure_value(measures[m->second], o));
  }
  // Periods in text order (ISO dates and "2024-01" labels sort chronologically).
  std::vector<std::uint32_t> order(t.periods.size());
  std::iota(order.begin(), order.end(), 0U);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return t.periods[a] < t.periods[b]; });
  std::vector<std::uint32_t> rank(order.size());
  std::vector<std::string> sorted(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = static_cast<std::uint32_t>(i);
    sorted[i] = std::move(t.periods[order[i]]);
  }
  t.periods = std::move(sorted);
  t.period.resize(count);
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(count);
  const std::uint64_t periods = t.periods.size();
  const std::uint64_t units = t.units.size();
  for (std::size_t i = 0; i < count; ++i) {
    t.period[i] = rank[raw_period[i]];
    const std::uint64_t key =
        (std::uint64_t{t.measure[i]} * units + t.unit[i]) * periods + t.period[i];
    if (!seen.insert(key).second) {
      throw error(status::inconsistent,
                  "measure '" + observations[i].measure + "' observed twice for unit '" +
                      observations[i].unit + "' in period '" + observations[i].period + "'",
                  where(observations[i], "period"));
    }
  }
  return t;
}

compass_scores score_compass(std::span<const measure> measures, const observation_table& t,
                             const compass_options& o) {
  for (const double w : o.point_weights) {
    if (!(w >= 0) || !std::isfinite(w)) {
      throw error(status::bad_input, "compass point weights must be finite numbers >= 0",
                  location{"options", 0, 0, "point_weights"});
    }
  }
  if (o.reference_cost && !(*o.reference_cost > 0)) {
    throw error(status::bad_input, "the reference cost must be > 0 (negative or zero costs)",
                location{"options", 0, 0, "reference_cost"});
  }
  // Validate each measure against the method once (so the loop below needs no checks): scoring
  // its benchmark or target value raises the error the measure would raise.
  std::vector<std::uint8_t> used(measures.size(), 0);
  for (const auto m : t.measure) {
    used[m] = 1;
  }
  for (std::size_t i = 0; i < measures.size(); ++i) {
    if (used[i] != 0) {
      const auto& m = measures[i];
      const double probe = m.target.value_or(m.benchmark_mean.value_or(1.0));
      (void)score_value(m, probe > 0 ? probe : 1.0, o.method, o.clamp_goalpost);
    }
  }

  compass_scores r;
  r.unit_count = t.units.size();
  r.period_count = t.periods.size();
  const std::size_t cells = r.unit_count * r.period_count;
  std::array<std::vector<double>, 4> sum_w;
  for (std::size_t p = 0; p < 4; ++p) {
    sum_w[p].assign(cells, 0.0);
    r.point[p].assign(cells, 0.0);
  }
  r.cost.assign(cells, nan);
  r.score.resize(t.value.size());
  for (std::size_t i = 0; i < t.value.size(); ++i) {
    const auto& m = measures[t.measure[i]];
    const double s = score_value(m, t.value[i], o.method, o.clamp_goalpost);
    r.score[i] = s;
    const std::size_t cell = std::size_t{t.unit[i]} * r.period_count + t.period[i];
    const auto p = static_cast<std::size_t>(m.point);
    r.point[p][cell] += m.weight * s;
    sum_w[p][cell] += m.weight;
    if (m.type == measure_type::cost) {
      r.cost[cell] = (std::isnan(r.cost[cell]) ? 0.0 : r.cost[cell]) + t.value[i];
    }
  }
  double cost_sum = 0;
  std::size_t cost_cells = 0;
  for (std::size_t c = 0; c < cells; ++c) {
    for (std::size_t p = 0; p < 4; ++p) {
      r.point[p][c] = sum_w[p][c] > 0 ? r.point[p][c] / sum_w[p][c] : nan;
    }
    if (!std::isnan(r.cost[c])) {
      cost_sum += r.cost[c];
      ++cost_cells;
    }
  }
  r.reference_cost =
      o.reference_cost.value_or(cost_cells > 0 ? cost_sum / static_cast<double>(cost_cells) : nan);
  r.outcome_index.resize(cells);
  r.value_index.resize(cells);
  for (std::size_t c = 0; c < cells; ++c) {
    double num = 0;
    double den = 0;
    for (std::size_t p = 0; p < 3; ++p) {
      if (!std::isnan(r.point[p][c])) {
        num += o.point_weights[p] * r.point[p][c];
        den += o.point_weights[p];
      }
    }
    r.outcome_index[c] = den > 0 ? num / den : nan;
    if (!std::isnan(r.cost[c]) && r.cost[c] <= 0) {
      throw error(status::bad_input,
                  "cost of zero for unit '" + t.units[c / r.period_count] + "' in period '" +
                      t.periods[c % r.period_count] + "': the value index is undefined",
                  location{"compass", 0, 0, "cost"});
    }
    // Value = quality relative to cost (Nelson et al. 1996): outcome index x reference / cost.
    r.value_index[c] = r.outcome_index[c] * r.reference_cost / r.cost[c];
  }
  return r;
}

unit_compass compass_of(std::span<const measure> measures, const observation_table& t,
                        const compass_scores& s, const std::string& unit, const std::string& period,
                        const spc_status_provider& spc) {
  const auto u = std::find(t.units.begin(), t.units.end(), unit);
  if (u == t.units.end()) {
    throw error(status::not_found, "unknown unit '" + unit + "'",
                location{"compass", 0, 0, "unit"});
  }
  const auto p = std::find(t.periods.begin(), t.periods.end(), period);
  if (p == t.periods.end()) {
    throw error(status::not_found, "unknown period '" + period + "'",
                location{"compass", 0, 0, "period"});
  }
  const auto ui = static_cast<std::size_t>(u - t.units.begin());
  const auto pi = static_cast<std::size_t>(p - t.periods.begin());
  const std::size_t cell = ui * s.period_count + pi;
  unit_compass out;
  out.unit = unit;
  out.period = period;
  for (std::size_t k = 0; k < 4; ++k) {
    out.point[k] = s.point[k][cell];
  }
  out.outcome_index = s.outcome_index[cell];
  out.cost = s.cost[cell];
  out.value_index = s.value_index[cell];
  // With an SPC provider, each measure observed in the cell gets the unit's series of it up to
  // and including the period (in period order): four columns (value, numerator, denominator,
  // expected) of `periods` entries in one store, filled in a single pass over the rows.
  const std::size_t periods = pi + 1;
  constexpr auto no_series = static_cast<std::size_t>(-1);
  std::vector<std::size_t> series_of(measures.size(), no_series);
  std::vector<double> store;
  if (spc) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < t.value.size(); ++i) {
      if (t.unit[i] == ui && t.period[i] == pi) {
        series_of[t.measure[i]] = count++;
      }
    }
    store.assign(count * 4 * periods, nan);
    for (std::size_t j = 0; j < t.value.size(); ++j) {
      const std::size_t k =
          t.unit[j] == ui && t.period[j] <= pi ? series_of[t.measure[j]] : no_series;
      if (k != no_series) {
        double* column = store.data() + k * 4 * periods + t.period[j];
        column[0] = t.value[j];
        column[periods] = t.numerator[j];
        column[2 * periods] = t.denominator[j];
        column[3 * periods] = t.expected[j];
      }
    }
  }
  for (std::size_t i = 0; i < t.value.size(); ++i) {
    if (t.unit[i] != ui || t.period[i] != pi) {
      continue;
    }
    const auto& m = measures[t.measure[i]];
    measure_row row{m.id, m.point, t.value[i], s.score[i], {}};
    if (spc) {
      const std::span<const double> series(store.data() + series_of[t.measure[i]] * 4 * periods,
                                           4 * periods);
      row.spc = spc(m, measure_series{std::span<const std::string>(t.periods).first(periods),
                                      series.subspan(0, periods), series.subspan(periods, periods),
                                      series.subspan(2 * periods, periods),
                                      series.subspan(3 * periods, periods)});
    } else {
      row.spc.note = "no SPC status provider";
    }
    out.measures.push_back(std::move(row));
  }
  return out;
}

}  // namespace cmx::compass
