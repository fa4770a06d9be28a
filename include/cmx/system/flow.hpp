// Flow analytics over the patient handoffs of a period: flow edges, degrees and strengths,
// betweenness, PageRank, density, Louvain communities and modularity, archipelagos, frequent
// paths, second-order transitions and conformance to a pathway template.
#ifndef CMX_SYSTEM_FLOW_HPP
#define CMX_SYSTEM_FLOW_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx/system/journey.hpp"
#include "cmx/system/model.hpp"
#include "cmx/system/system_graph.hpp"

namespace cmx::system {

// A half-open period [from, until); absent ends are open. A handoff belongs to the period when
// its time (the next stay's start) does; an episode (for paths, transitions and conformance)
// when its first stay's start does.
struct period {
  std::optional<instant> from;
  std::optional<instant> until;

  [[nodiscard]] bool contains(instant t) const noexcept {
    return (!from || *from <= t) && (!until || t < *until);
  }
};

struct flow_edge {
  std::uint32_t from = 0;  // unit index into flow_graph::unit_ids
  std::uint32_t to = 0;
  std::uint64_t count = 0;     // handoffs
  std::uint64_t episodes = 0;  // distinct episodes with at least one such handoff
  double median_delay_hours = 0;
  double p90_delay_hours = 0;  // linear interpolation between order statistics (type 7)
};

// A directed, weighted graph of units; edges sorted by (from, to), one per ordered pair. Every
// unit that has a stay in the journeys is a node, with or without edges.
struct flow_graph {
  std::vector<std::string> unit_ids;
  std::vector<flow_edge> edges;
  std::uint64_t handoffs = 0;

  [[nodiscard]] std::size_t unit_count() const noexcept { return unit_ids.size(); }
};

// The flow edges of the patient handoffs in a period.
[[nodiscard]] flow_graph flow_edges(const journey_set& journeys, const period& within = {});

// The flow edges of explicit handoffs (of one type, or all when type is empty) whose time is in
// the period: units in order of first appearance; delays are the handoffs' delay_hours.
[[nodiscard]] flow_graph flow_edges(std::span<const handoff> handoffs,
                                    std::optional<handoff_type> type = {},
                                    const period& within = {});

// A flow graph from explicit edges (from, to, count; no delays): for callers with their own
// edge lists and for tests. Duplicate (from, to) pairs are summed; a count of 0 is dropped; an
// index past unit_ids is cmx::error (out_of_range).
[[nodiscard]] flow_graph make_flow_graph(std::vector<std::string> unit_ids,
                                         std::span<const std::uint32_t> from,
                                         std::span<const std::uint32_t> to,
                                         std::span<const std::uint64_t> count);

struct degree_table {
  std::vector<std::uint32_t> in_degree;  // distinct predecessors (a self-loop counts once)
  std::vector<std::uint32_t> out_degree;
  std::vector<double> in_strength;  // sum of incoming counts
  std::vector<double> out_strength;
};

[[nodiscard]] degree_table degrees(const flow_graph& g);

// Betweenness centrality by Brandes (2001) with edge length 1/count, normalised as networkx
// does for a directed graph: divided by (n-1)(n-2) (no normalisation when n <= 2).
[[nodiscard]] std::vector<double> betweenness(const flow_graph& g);

struct pagerank_options {
  double damping = 0.85;
  double tolerance = 1e-12;  // stop when the L1 change is below n * tolerance
  std::size_t max_iterations = 1000;
};

// PageRank (Brin and Page 1998) as networkx.pagerank computes it: transition weights = counts
// normalised by out-strength, uniform teleport, the mass of dangling units spread uniformly.
// Failing to converge within max_iterations is cmx::error (inconsistent).
[[nodiscard]] std::vector<double> pagerank(const flow_graph& g,
                                           const pagerank_options& options = {});

// Directed density m / (n (n-1)), m the number of distinct edges; 0 when n <= 1.
[[nodiscard]] double density(const flow_graph& g);

struct community_result {
  std::vector<std::uint32_t> community;  // per unit, numbered 0.. in order of first unit
  std::size_t count = 0;
  double modularity = 0;
};

struct louvain_options {
  double resolution = 1.0;
  double min_gain = 1e-12;  // a level stops when no move improves modularity by more
};

// Communities by the Louvain method (Blondel et al. 2008) on the undirected graph whose edge
// weight is the number of handoffs in both directions; deterministic (units visited in index
// order). These are the de-facto mesosystems.
[[nodiscard]] community_result louvain(const flow_graph& g, const louvain_options& options = {});

// Newman's modularity (Newman 2006; the formula of networkx.community.modularity) of a
// partition of the same undirected graph: sum over communities of L_c / m - gamma (d_c / 2m)^2.
[[nodiscard]] double modularity(const flow_graph& g, std::span<const std::uint32_t> community,
                                double resolution = 1.0);

// The microsystems of a mesosystem split into islands with no handoff path (in either
// direction, through any unit) between them; an archipelago when there is more than one island.
struct archipelago {
  std::string mesosystem;
  std::vector<std::vector<std::string>> islands;  // each sorted; islands by first member
};

// One entry per mesosystem of the system, its microsystems as system_graph::microsystems_of
// gives them; microsystems without any stay in the flow graph are islands of their own.
[[nodiscard]] std::vector<archipelago> archipelagos(const system_graph& system, const flow_graph& g,
                                                    std::optional<instant> at = {});

struct path_count {
  std::vector<std::string> units;
  std::uint64_t count = 0;
  double coverage = 0;  // count / episodes in the period
};

// The k most frequent whole-episode unit sequences (ties by sequence, lexicographically).
[[nodiscard]] std::vector<path_count> top_paths(const journey_set& journeys, std::size_t k,
                                                const period& within = {});

// P(next | previous, current) from consecutive stay triples of the episodes in the period.
struct transition2 {
  std::string previous;
  std::string current;
  std::string next;
  std::uint64_t count = 0;
  double probability = 0;  // count / all triples starting (previous, current)
};

[[nodiscard]] std::vector<transition2> second_order_transitions(const journey_set& journeys,
                                                                const period& within = {});

// Conformance of whole episodes to a pathway: an episode conforms when its unit sequence is
// exactly the template's steps in order (optional steps may be absent). A non-conforming
// episode deviates at the step after its longest conforming prefix, with the unit found there
// ("" when the episode ended early).
struct deviation {
  std::size_t step = 0;  // 0-based step of the template where the episode left it
  std::string observed;
  std::uint64_t count = 0;
};

struct conformance_result {
  std::string pathway;
  std::uint64_t episodes = 0;
  std::uint64_t conforming = 0;
  double share = 0;                   // conforming / episodes (0 when there are none)
  std::vector<deviation> deviations;  // most frequent first
};

[[nodiscard]] conformance_result conformance(const journey_set& journeys, const pathway& template_,
                                             const period& within = {});

}  // namespace cmx::system

#endif  // CMX_SYSTEM_FLOW_HPP
