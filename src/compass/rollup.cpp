// Roll-ups by pooling counts over a part_of hierarchy: see rollup.hpp.
#include "cmx/compass/rollup.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "cmx/compass/scoring.hpp"
#include "cmx/error.hpp"

namespace cmx::compass {
namespace {

struct pool {
  double numerator = 0;
  double denominator = 0;
  double expected = 0;
  double count = 0;  // sum w v (counts)
  // Means: the pooled n (sum w n), mean and sum of squares about it, combined group by group
  // (T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating formulae and a pairwise algorithm for
  // computing sample variances", COMPSTAT 1982; the combined-groups SD of the Cochrane Handbook,
  // 6.5.2.10). A group of weight w counts as w n patients with sum of squares w (n - 1) sd^2.
  double n = 0;
  double mean = 0;
  double sum_squares = 0;
  bool every_sd = true;  // the pooled SD exists only if every group has one

  void add_mean(double w_n, double m, double group_sum_squares) {
    const double total = n + w_n;
    const double delta = m - mean;
    mean += delta * w_n / total;
    sum_squares += group_sum_squares + delta * delta * n * w_n / total;
    n = total;
  }
  std::string period_start;
  std::string period_end;
};

location edge_where(std::size_t i, const char* field) {
  return location{"hierarchy", static_cast<std::int64_t>(i + 1), 0, field};
}

}  // namespace

rollup_result roll_up(std::span<const measure> measures, std::span<const observation> observations,
                      std::span<const hierarchy_edge> edges, const rollup_options& options) {
  // Validates the observations (unknown measures, bad counts) the same way as scoring.
  const auto table = make_observation_table(measures, observations);
  rollup_result out;

  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::string> names;
  auto intern = [&](const std::string& id) {
    const auto it = index.emplace(id, names.size());
    if (it.second) {
      names.push_back(id);
    }
    return it.first->second;
  };
  std::vector<std::vector<std::pair<std::size_t, double>>> parents;
  std::vector<double> allocated;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto& e = edges[i];
    if (e.child == e.parent) {
      throw error(status::inconsistent, "unit '" + e.child + "' is part of itself",
                  edge_where(i, "parent"));
    }
    if (!(e.weight > 0 && e.weight <= 1)) {
      throw error(status::bad_input, "allocation weight must lie in (0, 1]",
                  edge_where(i, "weight"));
    }
    const auto c = intern(e.child);
    const auto p = intern(e.parent);
    parents.resize(names.size());
    allocated.resize(names.size(), 0.0);
    parents[c].emplace_back(p, options.full_weight_for_shared ? 1.0 : e.weight);
    allocated[c] += e.weight;
  }
  parents.resize(names.size());
  allocated.resize(names.size(), 0.0);
  std::vector<std::uint8_t> is_parent(names.size(), 0);
  for (const auto& ps : parents) {
    for (const auto& [p, w] : ps) {
      is_parent[p] = 1;
    }
  }
  for (std::size_t u = 0; u < names.size(); ++u) {
    if (parents[u].size() > 1 && options.full_weight_for_shared) {
      out.warnings.push_back("unit '" + names[u] + "' is shared by " +
                             std::to_string(parents[u].size()) +
                             " parents and counted fully in each (double counting)");
    } else if (!parents[u].empty() && std::abs(allocated[u] - 1.0) > 1e-9 &&
               !options.full_weight_for_shared) {
      out.warnings.push_back("the allocation weights of unit '" + names[u] + "' sum to " +
                             std::to_string(allocated[u]) + ", not 1");
    }
  }

  // Ancestors with path weights, parents before children (Kahn's algorithm on child -> parent
  // edges; a node left over lies on a cycle).
  std::vector<std::size_t> pending(names.size(), 0);  // parents not yet placed in the order
  std::vector<std::vector<std::size_t>> children(names.size());
  for (std::size_t u = 0; u < names.size(); ++u) {
    pending[u] = parents[u].size();
    for (const auto& [p, w] : parents[u]) {
      children[p].push_back(u);
    }
  }
  std::vector<std::size_t> order;
  for (std::size_t u = 0; u < names.size(); ++u) {
    if (pending[u] == 0) {
      order.push_back(u);
    }
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    for (const auto c : children[order[k]]) {
      if (--pending[c] == 0) {
        order.push_back(c);
      }
    }
  }
  if (order.size() != names.size()) {
    for (std::size_t i = 0; i < edges.size(); ++i) {
      if (pending[index.at(edges[i].child)] > 0) {
        throw error(status::inconsistent,
                    "part_of cycle through '" + edges[i].child + "' -> '" + edges[i].parent + "'",
                    edge_where(i, "parent"));
      }
    }
  }
  std::vector<std::map<std::size_t, double>> ancestors(names.size());
  for (const auto u : order) {
    ancestors[u][u] = 1.0;
    for (const auto& [p, w] : parents[u]) {
      for (const auto& [a, wa] : ancestors[p]) {
        ancestors[u][a] += w * wa;
      }
    }
  }

  // Pool per (parent, measure, period), in a deterministic order.
  std::map<std::tuple<std::size_t, std::uint32_t, std::uint32_t>, pool> pools;
  for (std::size_t i = 0; i < table.value.size(); ++i) {
    const auto& o = observations[i];
    const auto it = index.find(o.unit);
    if (it == index.end()) {
      continue;  // a unit outside the hierarchy rolls up nowhere
    }
    const auto& m = measures[table.measure[i]];
    for (const auto& [a, w] : ancestors[it->second]) {
      if (is_parent[a] == 0) {
        continue;
      }
      auto& pl = pools[{a, table.measure[i], table.period[i]}];
      switch (m.scoring) {
        case scoring_kind::proportion:
        case scoring_kind::rate:
          pl.numerator += w * table.numerator[i];
          pl.denominator += w * table.denominator[i];
          break;
        case scoring_kind::observed_expected:
          pl.numerator += w * table.numerator[i];
          pl.expected += w * table.expected[i];
          break;
        case scoring_kind::count:
          pl.count += w * table.value[i];
          break;
        case scoring_kind::continuous:
        case scoring_kind::time_between:
          if (std::isnan(table.n[i]) || table.n[i] <= 0) {
            throw error(status::bad_input,
                        "pooling a mean needs its n (> 0): means are never averaged unweighted",
                        location{o.origin.source.empty() ? "observation" : o.origin.source,
                                 o.origin.row, 0, "n"});
          }
          if (std::isnan(table.sd[i])) {
            pl.every_sd = false;
          }
          pl.add_mean(w * table.n[i], table.value[i],
                      pl.every_sd ? w * (table.n[i] - 1) * table.sd[i] * table.sd[i] : 0.0);
          break;
      }
      pl.period_start = o.period_start;
      pl.period_end = o.period_end;
    }
  }
  for (const auto& [key, pl] : pools) {
    const auto& [a, mi, pi] = key;
    const auto& m = measures[mi];
    observation o;
    o.measure = m.id;
    o.unit = names[a];
    o.period = table.periods[pi];
    o.period_start = pl.period_start;
    o.period_end = pl.period_end;
    o.origin.source = "roll-up";
    switch (m.scoring) {
      case scoring_kind::proportion:
      case scoring_kind::rate:
        o.numerator = pl.numerator;
        o.denominator = pl.denominator;
        break;
      case scoring_kind::observed_expected:
        o.numerator = pl.numerator;
        o.expected = pl.expected;
        break;
      case scoring_kind::count:
        o.value = pl.count;
        break;
      case scoring_kind::continuous:
      case scoring_kind::time_between:
        o.value = pl.mean;
        o.n = pl.n;
        if (pl.every_sd && pl.n > 1) {
          o.sd = std::sqrt(pl.sum_squares / (pl.n - 1));
        }
        break;
    }
    out.observations.push_back(std::move(o));
  }
  return out;
}

std::vector<observation> with_rollups(std::span<const observation> observations,
                                      std::span<const hierarchy_edge> edges,
                                      const rollup_result& pooled) {
  std::unordered_set<std::string> parents;
  for (const auto& e : edges) {
    parents.insert(e.parent);
  }
  std::vector<observation> out;
  out.reserve(observations.size() + pooled.observations.size());
  for (const auto& o : observations) {
    if (!parents.contains(o.unit)) {
      out.push_back(o);
    }
  }
  out.insert(out.end(), pooled.observations.begin(), pooled.observations.end());
  return out;
}

}  // namespace cmx::compass
