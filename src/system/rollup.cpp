// Roll-ups up the part_of hierarchy: pooled counts (Nelson et al. roll-up of counts, never of
// rates: sum numerators over sum denominators, as the Dartmouth microsystem workbooks and the
// NHS SPC guidance pool), with allocation weights for units under several parents.
#include "cmx/system/rollup.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "cmx/error.hpp"

namespace cmx::system {
namespace {

struct coefficient {
  std::uint32_t unit;
  double weight;
};

// For every unit, the (ancestor-or-self, coefficient) pairs its counts go to. Under allocate the
// coefficient is the sum over part_of paths of the product of tie weights (so a unit split 0.6 /
// 0.4 between two mesosystems of one macrosystem reaches it with 1.0); under count_fully it is 1
// for every distinct ancestor.
std::vector<std::vector<coefficient>> coefficients(const system_graph& system,
                                                   const rollup_options& options) {
  const std::size_t n = system.unit_count();
  std::vector<std::vector<coefficient>> out(n);
  const auto& order = system.bottom_up_order();
  // Parents come after children in bottom_up; walk top-down so parents are done first.
  for (std::size_t k = order.size(); k-- > 0;) {
    const std::size_t u = order[k];
    std::unordered_map<std::uint32_t, double> sum;
    for (const auto& tie : system.parent_ties(u, options.at)) {
      const double w = options.policy == shared_unit_policy::allocate ? tie.weight : 1.0;
      for (const auto& c : out[tie.parent]) {
        double& slot = sum[c.unit];
        slot = options.policy == shared_unit_policy::allocate ? slot + w * c.weight : 1.0;
      }
    }
    out[u].push_back({static_cast<std::uint32_t>(u), 1.0});
    for (const auto& [a, w] : sum) {
      out[u].push_back({a, w});
    }
    std::sort(out[u].begin() + 1, out[u].end(),
              [](const coefficient& x, const coefficient& y) { return x.unit < y.unit; });
  }
  return out;
}

void check_counts(double numerator, double denominator, bool proportions, std::size_t i) {
  const auto where = [&](const char* field) {
    return location{"<memory>", static_cast<std::int64_t>(i + 1), 0, field};
  };
  if (!std::isfinite(numerator) || numerator < 0) {
    throw error(status::bad_input, "the numerator must be finite and not negative",
                where("numerator"));
  }
  if (!std::isfinite(denominator) || denominator < 0) {
    throw error(status::bad_input, "the denominator must be finite and not negative",
                where("denominator"));
  }
  if (proportions && numerator > denominator) {
    throw error(status::bad_input, "the numerator exceeds the denominator", where("numerator"));
  }
}

}  // namespace

rollup_table rollup_indexed(const system_graph& system, std::span<const std::uint32_t> unit,
                            std::span<const std::uint32_t> period,
                            std::span<const double> numerator, std::span<const double> denominator,
                            std::size_t period_count, const rollup_options& options) {
  const std::size_t size = unit.size();
  if (period.size() != size || numerator.size() != size || denominator.size() != size) {
    throw error(status::invalid_argument,
                "unit, period, numerator and denominator differ in length");
  }
  const std::size_t n = system.unit_count();
  for (std::size_t i = 0; i < size; ++i) {
    if (unit[i] >= n) {
      throw error(status::not_found, "unknown unit index " + std::to_string(unit[i]),
                  location{"<memory>", static_cast<std::int64_t>(i + 1), 0, "unit"});
    }
    if (period[i] >= period_count) {
      throw error(status::out_of_range, "period index past period_count",
                  location{"<memory>", static_cast<std::int64_t>(i + 1), 0, "period"});
    }
    check_counts(numerator[i], denominator[i], options.proportions, i);
  }
  // Pass 1 sums each unit's own counts per period (one cell per observation); pass 2 pushes
  // every unit's sums to its ancestors with their coefficients: units x periods work, not
  // observations x ancestors.
  rollup_table own;
  own.period_count = period_count;
  own.numerator.assign(n * period_count, 0.0);
  own.denominator.assign(n * period_count, 0.0);
  own.observations.assign(n * period_count, 0);
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t cell = static_cast<std::size_t>(unit[i]) * period_count + period[i];
    own.numerator[cell] += numerator[i];
    own.denominator[cell] += denominator[i];
    ++own.observations[cell];
  }
  const auto coef = coefficients(system, options);
  rollup_table t;
  t.period_count = period_count;
  t.numerator.assign(n * period_count, 0.0);
  t.denominator.assign(n * period_count, 0.0);
  t.observations.assign(n * period_count, 0);
  for (std::size_t u = 0; u < n; ++u) {
    for (std::size_t p = 0; p < period_count; ++p) {
      const std::size_t from = u * period_count + p;
      if (own.observations[from] == 0) {
        continue;
      }
      for (const auto& c : coef[u]) {
        const std::size_t cell = static_cast<std::size_t>(c.unit) * period_count + p;
        t.numerator[cell] += c.weight * own.numerator[from];
        t.denominator[cell] += c.weight * own.denominator[from];
        t.observations[cell] += c.weight != 0.0 ? own.observations[from] : 0U;
      }
    }
  }
  return t;
}

rollup_result rollup(const system_graph& system, std::span<const observation> data,
                     const rollup_options& options) {
  std::vector<std::uint32_t> unit(data.size());
  std::vector<std::uint32_t> period(data.size());
  std::vector<double> numerator(data.size());
  std::vector<double> denominator(data.size());
  std::vector<std::string> periods;
  std::unordered_map<std::string, std::uint32_t> period_index;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto u = system.find(data[i].unit);
    if (!u) {
      throw error(status::not_found, "unknown unit '" + data[i].unit + "'",
                  location{"<memory>", static_cast<std::int64_t>(i + 1), 0, "unit"});
    }
    unit[i] = static_cast<std::uint32_t>(*u);
    const auto [it, added] =
        period_index.try_emplace(data[i].period, static_cast<std::uint32_t>(periods.size()));
    if (added) {
      periods.push_back(data[i].period);
    }
    period[i] = it->second;
    numerator[i] = data[i].numerator;
    denominator[i] = data[i].denominator;
  }
  const rollup_table t =
      rollup_indexed(system, unit, period, numerator, denominator, periods.size(), options);
  rollup_result result;
  for (std::size_t p = 0; p < periods.size(); ++p) {
    for (std::size_t u = 0; u < system.unit_count(); ++u) {
      const std::size_t cell = u * periods.size() + p;
      if (t.observations[cell] == 0) {
        continue;
      }
      rollup_row row;
      row.unit = system.units()[u].id;
      row.lvl = system.units()[u].lvl;
      row.period = periods[p];
      row.numerator = t.numerator[cell];
      row.denominator = t.denominator[cell];
      row.rate = row.denominator > 0.0 ? row.numerator / row.denominator
                                       : std::numeric_limits<double>::quiet_NaN();
      row.observations = t.observations[cell];
      result.rows.push_back(std::move(row));
    }
  }
  result.shared_units = shared_units(system, options.at);
  return result;
}

std::vector<shared_unit> shared_units(const system_graph& system, std::optional<instant> at) {
  std::vector<shared_unit> out;
  for (std::size_t u = 0; u < system.unit_count(); ++u) {
    const auto ties = system.parent_ties(u, at);
    if (ties.size() < 2) {
      continue;
    }
    shared_unit s;
    s.unit = system.units()[u].id;
    for (const auto& t : ties) {
      s.parents.push_back(system.units()[t.parent].id);
      s.weights.push_back(t.weight);
      s.weight_sum += t.weight;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cmx::system
