// Louvain communities, Newman modularity and archipelagos on the undirected flow graph whose
// edge weight is the number of handoffs in both directions.
#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <map>
#include <numeric>
#include <unordered_map>

#include "cmx/system/flow.hpp"

namespace cmx::system {
namespace {

// An undirected weighted graph in compressed rows: neighbours exclude the node itself, whose
// self-loop weight is kept apart. degree = sum of incident weights, a self-loop counted twice.
struct undirected {
  std::size_t n = 0;
  std::vector<std::size_t> offset;
  std::vector<std::uint32_t> neighbour;
  std::vector<double> weight;
  std::vector<double> self_loop;
  std::vector<double> degree;
  double total = 0;  // m: every edge once, self-loops once
};

struct weighted_pair {
  std::uint32_t a;
  std::uint32_t b;
  double w;
};

undirected make_undirected(std::size_t n, std::vector<weighted_pair> pairs) {
  undirected u;
  u.n = n;
  u.self_loop.assign(n, 0.0);
  u.degree.assign(n, 0.0);
  for (auto& p : pairs) {
    if (p.a > p.b) {
      std::swap(p.a, p.b);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const weighted_pair& x, const weighted_pair& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  std::vector<weighted_pair> merged;
  merged.reserve(pairs.size());
  for (const auto& p : pairs) {
    if (!merged.empty() && merged.back().a == p.a && merged.back().b == p.b) {
      merged.back().w += p.w;
    } else {
      merged.push_back(p);
    }
  }
  std::vector<std::size_t> count(n + 1, 0);
  for (const auto& p : merged) {
    u.total += p.w;
    if (p.a == p.b) {
      u.self_loop[p.a] += p.w;
      u.degree[p.a] += 2.0 * p.w;
    } else {
      ++count[p.a + 1];
      ++count[p.b + 1];
      u.degree[p.a] += p.w;
      u.degree[p.b] += p.w;
    }
  }
  std::partial_sum(count.begin(), count.end(), count.begin());
  u.offset = count;
  u.neighbour.resize(u.offset[n]);
  u.weight.resize(u.offset[n]);
  std::vector<std::size_t> next(u.offset.begin(), u.offset.end() - 1);
  for (const auto& p : merged) {
    if (p.a != p.b) {
      u.neighbour[next[p.a]] = p.b;
      u.weight[next[p.a]++] = p.w;
      u.neighbour[next[p.b]] = p.a;
      u.weight[next[p.b]++] = p.w;
    }
  }
  return u;
}

undirected from_flow(const flow_graph& g) {
  std::vector<weighted_pair> pairs;
  pairs.reserve(g.edges.size());
  for (const auto& e : g.edges) {
    pairs.push_back({e.from, e.to, static_cast<double>(e.count)});
  }
  return make_undirected(g.unit_count(), std::move(pairs));
}

// networkx.community.modularity: Q = sum_c L_c / m - gamma (d_c / 2m)^2.
double modularity_of(const undirected& u, std::span<const std::uint32_t> community,
                     double resolution) {
  if (u.total <= 0.0) {
    return 0.0;
  }
  const std::size_t k =
      community.empty()
          ? 0
          : static_cast<std::size_t>(*std::max_element(community.begin(), community.end())) + 1;
  std::vector<double> inside(k, 0.0);
  std::vector<double> degree(k, 0.0);
  for (std::size_t v = 0; v < u.n; ++v) {
    const std::uint32_t c = community[v];
    degree[c] += u.degree[v];
    inside[c] += u.self_loop[v];
    for (std::size_t i = u.offset[v]; i < u.offset[v + 1]; ++i) {
      if (u.neighbour[i] > v && community[u.neighbour[i]] == c) {
        inside[c] += u.weight[i];
      }
    }
  }
  double q = 0.0;
  const double m = u.total;
  for (std::size_t c = 0; c < k; ++c) {
    const double share = degree[c] / (2.0 * m);
    q += inside[c] / m - resolution * share * share;
  }
  return q;
}

// One level of Louvain's local moving (Blondel et al. 2008): each node in turn joins the
// neighbouring community with the largest modularity gain, k_i,in - gamma tot_c k_i / 2m, until
// a sweep moves nobody. Returns whether any node moved.
bool local_moving(const undirected& u, std::vector<std::uint32_t>& community, double resolution,
                  double min_gain) {
  const std::size_t n = u.n;
  const double two_m = 2.0 * u.total;
  community.resize(n);
  std::iota(community.begin(), community.end(), 0U);
  std::vector<double> tot(u.degree);
  std::vector<double> link(n, 0.0);
  std::vector<std::uint32_t> touched;
  bool moved_any = false;
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t v = 0; v < n; ++v) {
      const std::uint32_t own = community[v];
      const double k = u.degree[v];
      touched.clear();
      link[own] = 0.0;
      touched.push_back(own);
      for (std::size_t i = u.offset[v]; i < u.offset[v + 1]; ++i) {
        const std::uint32_t c = community[u.neighbour[i]];
        if (link[c] == 0.0 && c != own) {
          touched.push_back(c);
        }
        link[c] += u.weight[i];
      }
      tot[own] -= k;
      std::uint32_t best = own;
      double best_gain = link[own] - resolution * tot[own] * k / two_m;
      for (const std::uint32_t c : touched) {
        const double gain = link[c] - resolution * tot[c] * k / two_m;
        if (gain > best_gain + min_gain) {
          best_gain = gain;
          best = c;
        }
      }
      tot[best] += k;
      for (const std::uint32_t c : touched) {
        link[c] = 0.0;
      }
      if (best != own) {
        community[v] = best;
        moved = true;
        moved_any = true;
      }
    }
  }
  return moved_any;
}

// Renumbers labels 0.. in order of first appearance; returns how many there are.
std::size_t renumber(std::vector<std::uint32_t>& labels) {
  std::vector<std::uint32_t> map(labels.size() + 1, 0xffffffffU);
  std::uint32_t next = 0;
  for (auto& l : labels) {
    if (map[l] == 0xffffffffU) {
      map[l] = next++;
    }
    l = map[l];
  }
  return next;
}

}  // namespace

double modularity(const flow_graph& g, std::span<const std::uint32_t> community,
                  double resolution) {
  if (community.size() != g.unit_count()) {
    throw error(status::invalid_argument, "one community per unit is needed");
  }
  // Caller labels may be any values: number them densely first.
  std::unordered_map<std::uint32_t, std::uint32_t> dense;
  std::vector<std::uint32_t> labels(community.size());
  for (std::size_t i = 0; i < community.size(); ++i) {
    labels[i] =
        dense.try_emplace(community[i], static_cast<std::uint32_t>(dense.size())).first->second;
  }
  return modularity_of(from_flow(g), labels, resolution);
}

community_result louvain(const flow_graph& g, const louvain_options& options) {
  const undirected base = from_flow(g);
  community_result result;
  result.community.resize(base.n);
  std::iota(result.community.begin(), result.community.end(), 0U);
  if (base.total > 0.0) {
    undirected level = base;
    std::vector<std::uint32_t> local;
    while (local_moving(level, local, options.resolution, options.min_gain)) {
      const std::size_t k = renumber(local);
      for (auto& c : result.community) {
        c = local[c];
      }
      // Aggregate: communities become nodes, inner weight becomes self-loops.
      std::vector<weighted_pair> pairs;
      pairs.reserve(level.neighbour.size() / 2 + level.n);
      for (std::uint32_t v = 0; v < level.n; ++v) {
        if (level.self_loop[v] > 0.0) {
          pairs.push_back({local[v], local[v], level.self_loop[v]});
        }
        for (std::size_t i = level.offset[v]; i < level.offset[v + 1]; ++i) {
          if (level.neighbour[i] > v) {
            pairs.push_back({local[v], local[level.neighbour[i]], level.weight[i]});
          }
        }
      }
      level = make_undirected(k, std::move(pairs));
    }
  }
  result.count = renumber(result.community);
  result.modularity = modularity_of(base, result.community, options.resolution);
  return result;
}

std::vector<archipelago> archipelagos(const system_graph& system, const flow_graph& g,
                                      std::optional<instant> at) {
  using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  graph ug(g.unit_count());
  for (const auto& e : g.edges) {
    boost::add_edge(e.from, e.to, ug);
  }
  std::vector<std::size_t> component(g.unit_count());
  if (g.unit_count() > 0) {
    boost::connected_components(ug, boost::make_iterator_property_map(
                                        component.begin(), boost::get(boost::vertex_index, ug)));
  }
  std::map<std::string, std::size_t, std::less<>> flow_index;
  for (std::size_t i = 0; i < g.unit_ids.size(); ++i) {
    flow_index.emplace(g.unit_ids[i], i);
  }
  std::vector<archipelago> out;
  for (const auto& u : system.units()) {
    if (u.lvl != level::mesosystem) {
      continue;
    }
    archipelago a;
    a.mesosystem = u.id;
    std::map<std::size_t, std::size_t> island_of_component;
    auto micro = system.microsystems_of(u.id, at);
    std::sort(micro.begin(), micro.end());
    for (const auto& id : micro) {
      const auto it = flow_index.find(id);
      if (it == flow_index.end()) {
        a.islands.push_back({id});
        continue;
      }
      const auto [slot, added] =
          island_of_component.try_emplace(component[it->second], a.islands.size());
      if (added) {
        a.islands.emplace_back();
      }
      a.islands[slot->second].push_back(id);
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace cmx::system
