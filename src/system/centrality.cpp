// Betweenness (Boost.Graph's Brandes) and PageRank over a flow graph.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <cmath>

#include "cmx/error.hpp"
#include "cmx/system/flow.hpp"

namespace cmx::system {

std::vector<double> betweenness(const flow_graph& g) {
  using graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                            boost::property<boost::edge_weight_t, double>>;
  const std::size_t n = g.unit_count();
  graph bg(n);
  for (const auto& e : g.edges) {
    if (e.from != e.to) {  // a self-loop lies on no shortest path between two distinct units
      // Edge length 1/count: frequent handoffs are short, as in the brief.
      boost::add_edge(e.from, e.to, 1.0 / static_cast<double>(e.count), bg);
    }
  }
  std::vector<double> centrality(n, 0.0);
  // Brandes (2001), weighted: Dijkstra from every source, dependencies accumulated backwards.
  // For a directed graph Boost counts each ordered pair once, as networkx does.
  boost::brandes_betweenness_centrality(
      bg, boost::centrality_map(boost::make_iterator_property_map(
                                    centrality.begin(), boost::get(boost::vertex_index, bg)))
              .weight_map(boost::get(boost::edge_weight, bg)));
  if (n > 2) {
    // networkx.betweenness_centrality(normalized=True) on a DiGraph: 1 / ((n-1)(n-2)).
    const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2));
    for (double& c : centrality) {
      c *= scale;
    }
  }
  return centrality;
}

std::vector<double> pagerank(const flow_graph& g, const pagerank_options& options) {
  if (!(options.damping >= 0.0 && options.damping <= 1.0) || !(options.tolerance > 0.0)) {
    throw error(status::invalid_argument, "damping must be in [0, 1] and tolerance positive");
  }
  const std::size_t n = g.unit_count();
  if (n == 0) {
    return {};
  }
  const double alpha = options.damping;
  const auto nd = static_cast<double>(n);
  std::vector<double> out_strength(n, 0.0);
  for (const auto& e : g.edges) {
    out_strength[e.from] += static_cast<double>(e.count);
  }
  // Row-stochastic transition weights (networkx: stochastic_graph, weight = count).
  std::vector<double> w(g.edges.size());
  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    w[i] = static_cast<double>(g.edges[i].count) / out_strength[g.edges[i].from];
  }
  std::vector<std::uint32_t> dangling;
  for (std::uint32_t u = 0; u < n; ++u) {
    if (out_strength[u] == 0.0) {
      dangling.push_back(u);
    }
  }
  std::vector<double> x(n, 1.0 / nd);
  std::vector<double> next(n);
  // Power iteration of networkx.pagerank (Brin and Page 1998): x' = alpha (x W + dangling mass /
  // n) + (1 - alpha) / n, stopping when the L1 change is below n * tolerance.
  for (std::size_t iteration = 0; iteration < options.max_iterations; ++iteration) {
    double dangling_mass = 0.0;
    for (const std::uint32_t u : dangling) {
      dangling_mass += x[u];
    }
    const double base = alpha * dangling_mass / nd + (1.0 - alpha) / nd;
    std::fill(next.begin(), next.end(), base);
    for (std::size_t i = 0; i < g.edges.size(); ++i) {
      next[g.edges[i].to] += alpha * x[g.edges[i].from] * w[i];
    }
    double change = 0.0;
    for (std::size_t u = 0; u < n; ++u) {
      change += std::fabs(next[u] - x[u]);
    }
    x.swap(next);
    if (change < nd * options.tolerance) {
      return x;
    }
  }
  throw error(status::inconsistent, "PageRank did not converge within " +
                                        std::to_string(options.max_iterations) + " iterations");
}

}  // namespace cmx::system
