// Flow edges from journeys: one streaming pass to count, one to scatter delays by edge, then
// order statistics per edge. No allocation per handoff; no node-based container in the loops.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "cmx/error.hpp"
#include "cmx/system/flow.hpp"

namespace cmx::system {
namespace {

// Maps ordered unit pairs to dense edge ids: a table when n^2 is small, a hash map otherwise.
class edge_ids {
 public:
  explicit edge_ids(std::size_t n) : n_(n) {
    if (n <= dense_limit) {
      table_.assign(n * n, none);
    }
  }
  // The id of (u, v), assigning the next one on first sight.
  std::uint32_t get(std::uint32_t u, std::uint32_t v) {
    if (!table_.empty()) {
      std::uint32_t& slot = table_[static_cast<std::size_t>(u) * n_ + v];
      if (slot == none) {
        slot = next_++;
      }
      return slot;
    }
    const auto [it, added] = map_.try_emplace((static_cast<std::uint64_t>(u) << 32) | v, next_);
    if (added) {
      ++next_;
    }
    return it->second;
  }
  [[nodiscard]] std::uint32_t size() const noexcept { return next_; }

 private:
  static constexpr std::size_t dense_limit = 4096;
  static constexpr std::uint32_t none = 0xffffffffU;
  std::size_t n_;
  std::vector<std::uint32_t> table_;
  std::unordered_map<std::uint64_t, std::uint32_t> map_;
  std::uint32_t next_ = 0;
};

// The p-quantile of values by linear interpolation between order statistics (Hyndman and Fan
// 1996, type 7: numpy's and R's default). Reorders values.
template <class T>
double quantile7(std::span<T> values, double p) {
  const double h = static_cast<double>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const auto x_lo = static_cast<double>(values[lo]);
  if (lo + 1 >= values.size()) {
    return x_lo;
  }
  const auto x_hi = static_cast<double>(
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end()));
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

// The order statistics of one edge's delays (seconds) in hours.
template <class T>
void delay_statistics(std::span<T> seconds, flow_edge& edge) {
  // Quantiles of seconds, then hours (interpolation commutes with the scaling).
  edge.median_delay_hours = quantile7(seconds, 0.5) / 3600.0;
  edge.p90_delay_hours = quantile7(seconds, 0.9) / 3600.0;
}

}  // namespace

flow_graph flow_edges(const journey_set& journeys, const period& within) {
  flow_graph g;
  g.unit_ids = journeys.unit_ids;
  const std::size_t episodes = journeys.episode_count();
  const auto& offset = journeys.episode_offset;
  const auto& unit = journeys.stay_unit;
  const auto& start = journeys.stay_start;
  const auto& end = journeys.stay_end;

  // Pass 1: edge ids, counts, distinct episodes (an edge's last episode tells a repeat), and
  // whether every delay fits 32 bits (then the scatter below moves half the bytes).
  edge_ids ids(g.unit_ids.size());
  // One cache line per handoff: the counters of an edge live together.
  // 12 bytes a counter (the ends live apart, touched once per edge): fewer cache lines when the
  // edges are many.
  struct counter {
    std::uint32_t count;
    std::uint32_t last_episode;
    std::uint32_t distinct;
  };
  std::vector<counter> acc;
  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  constexpr std::uint32_t none = 0xffffffffU;
  bool narrow = true;
  for (std::size_t e = 0; e < episodes; ++e) {
    for (std::size_t k = offset[e] + 1; k < offset[e + 1]; ++k) {
      if (!within.contains(start[k])) {
        continue;
      }
      const std::uint32_t id = ids.get(unit[k - 1], unit[k]);
      if (id == acc.size()) {
        acc.push_back(counter{0, none, 0});
        from.push_back(unit[k - 1]);
        to.push_back(unit[k]);
      }
      counter& c = acc[id];
      ++c.count;
      if (c.last_episode != e) {
        c.last_episode = static_cast<std::uint32_t>(e);
        ++c.distinct;
      }
      const instant delay = start[k] - end[k - 1];
      narrow &= delay >= INT32_MIN && delay <= INT32_MAX;
    }
  }
  // Counts fit 32 bits: journeys index their stays with 32-bit offsets.
  std::vector<std::uint64_t> count(acc.size());
  for (std::size_t i = 0; i < acc.size(); ++i) {
    count[i] = acc[i].count;
  }
  const std::size_t m = count.size();
  std::vector<std::size_t> first(m + 1, 0);
  for (std::size_t i = 0; i < m; ++i) {
    first[i + 1] = first[i] + count[i];
  }
  g.edges.resize(m);
  // Pass 2: scatter each handoff's delay into its edge's slice (a counting sort by edge), then
  // take the order statistics per slice.
  const auto scatter = [&](auto* delays) {
    using T = std::remove_pointer_t<decltype(delays)>;
    // 32-bit cursors (stays are indexed with 32 bits) keep the cursors of many edges in cache.
    std::vector<std::uint32_t> next(first.size() - 1);
    for (std::size_t i = 0; i + 1 < first.size(); ++i) {
      next[i] = static_cast<std::uint32_t>(first[i]);
    }
    for (std::size_t e = 0; e < episodes; ++e) {
      for (std::size_t k = offset[e] + 1; k < offset[e + 1]; ++k) {
        if (within.contains(start[k])) {
          delays[next[ids.get(unit[k - 1], unit[k])]++] = static_cast<T>(start[k] - end[k - 1]);
        }
      }
    }
    for (std::size_t i = 0; i < m; ++i) {
      delay_statistics(std::span<T>(delays + first[i], count[i]), g.edges[i]);
    }
  };
  if (narrow) {
    // Uninitialised: every slot is written by the scatter before it is read.
    const auto delays = std::make_unique_for_overwrite<std::int32_t[]>(first[m]);
    scatter(delays.get());
  } else {
    const auto delays = std::make_unique_for_overwrite<double[]>(first[m]);
    scatter(delays.get());
  }
  for (std::size_t i = 0; i < m; ++i) {
    flow_edge& edge = g.edges[i];
    edge.from = from[i];
    edge.to = to[i];
    edge.count = count[i];
    edge.episodes = acc[i].distinct;
    g.handoffs += count[i];
  }
  std::sort(g.edges.begin(), g.edges.end(), [](const flow_edge& a, const flow_edge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  return g;
}

flow_graph flow_edges(std::span<const handoff> handoffs, std::optional<handoff_type> type,
                      const period& within) {
  flow_graph g;
  std::unordered_map<std::string, std::uint32_t> index;
  const auto id = [&](const std::string& unit) {
    const auto [it, added] = index.try_emplace(unit, static_cast<std::uint32_t>(g.unit_ids.size()));
    if (added) {
      g.unit_ids.push_back(unit);
    }
    return it->second;
  };
  // Not a hot path (explicit handoffs are few): group handoff positions by ordered unit pair.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < handoffs.size(); ++i) {
    const handoff& h = handoffs[i];
    if ((type && h.type != *type) || !within.contains(h.time)) {
      continue;
    }
    const std::uint32_t from = id(h.from);
    groups[{from, id(h.to)}].push_back(i);
  }
  for (const auto& [pair, members] : groups) {
    flow_edge e;
    e.from = pair.first;
    e.to = pair.second;
    e.count = members.size();
    std::vector<std::string_view> episodes;
    std::vector<double> delays;
    for (const std::size_t i : members) {
      episodes.push_back(handoffs[i].episode);
      delays.push_back(handoffs[i].delay_hours);
    }
    std::sort(episodes.begin(), episodes.end());
    e.episodes = static_cast<std::uint64_t>(std::unique(episodes.begin(), episodes.end()) -
                                            episodes.begin());
    e.median_delay_hours = quantile7(std::span<double>(delays), 0.5);
    e.p90_delay_hours = quantile7(std::span<double>(delays), 0.9);
    g.handoffs += e.count;
    g.edges.push_back(e);
  }
  return g;
}

flow_graph make_flow_graph(std::vector<std::string> unit_ids, std::span<const std::uint32_t> from,
                           std::span<const std::uint32_t> to,
                           std::span<const std::uint64_t> count) {
  if (from.size() != to.size() || from.size() != count.size()) {
    throw error(status::invalid_argument, "from, to and count differ in length");
  }
  flow_graph g;
  g.unit_ids = std::move(unit_ids);
  const std::size_t n = g.unit_ids.size();
  std::vector<flow_edge> edges;
  edges.reserve(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (from[i] >= n || to[i] >= n) {
      throw error(
          status::out_of_range, "edge names a unit index past the units",
          location{"<memory>", static_cast<std::int64_t>(i + 1), 0, from[i] >= n ? "from" : "to"});
    }
    if (count[i] > 0) {
      edges.push_back(flow_edge{from[i], to[i], count[i], 0, 0, 0});
    }
  }
  std::sort(edges.begin(), edges.end(), [](const flow_edge& a, const flow_edge& b) {
    return a.from != b.from ? a.from < b.from : a.to < b.to;
  });
  for (const auto& e : edges) {
    if (!g.edges.empty() && g.edges.back().from == e.from && g.edges.back().to == e.to) {
      g.edges.back().count += e.count;
    } else {
      g.edges.push_back(e);
    }
    g.handoffs += e.count;
  }
  return g;
}

degree_table degrees(const flow_graph& g) {
  const std::size_t n = g.unit_count();
  degree_table d;
  d.in_degree.assign(n, 0);
  d.out_degree.assign(n, 0);
  d.in_strength.assign(n, 0.0);
  d.out_strength.assign(n, 0.0);
  for (const auto& e : g.edges) {
    ++d.out_degree[e.from];
    ++d.in_degree[e.to];
    d.out_strength[e.from] += static_cast<double>(e.count);
    d.in_strength[e.to] += static_cast<double>(e.count);
  }
  return d;
}

double density(const flow_graph& g) {
  const auto n = static_cast<double>(g.unit_count());
  if (g.unit_count() <= 1) {
    return 0.0;
  }
  // networkx.density for a directed graph: m / (n (n - 1)).
  return static_cast<double>(g.edges.size()) / (n * (n - 1.0));
}

}  // namespace cmx::system
