#include "cmx/system/system_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cmath>
#include <deque>
#include <iterator>
#include <map>
#include <utility>

#include "cmx/error.hpp"

namespace cmx::system {

// The part_of hierarchy as a Boost.Graph: vertex = unit index, edge child -> parent carrying
// the index of its membership.
using hierarchy_graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_index_t, std::size_t>>;

struct system_graph::impl {
  system_definition def;
  std::map<std::string, std::size_t, std::less<>> index;
  hierarchy_graph part_of;
  std::vector<std::vector<std::size_t>> served_by;  // unit -> memberships of type serves into it
  std::vector<std::size_t> bottom_up;
};

namespace {

std::string pointer(const char* array, std::size_t i, const char* member = nullptr) {
  std::string p = std::string("/") + array + "/" + std::to_string(i);
  if (member != nullptr) {
    p += "/";
    p += member;
  }
  return p;
}

[[noreturn]] void fail(status code, const std::string& message, const system_definition& def,
                       std::string field) {
  throw error(code, message, location{def.source, 0, 0, std::move(field)});
}

// Depth-first search visitor that reports the first part_of cycle it meets, named in the
// direction of the ties.
struct cycle_finder : boost::default_dfs_visitor {
  std::vector<std::size_t>* predecessor = nullptr;
  const system_definition* def = nullptr;

  template <class Edge, class Graph>
  void tree_edge(Edge e, const Graph& g) const {
    (*predecessor)[boost::target(e, g)] = boost::source(e, g);
  }

  template <class Edge, class Graph>
  void back_edge(Edge e, const Graph& g) const {
    const std::size_t from = boost::source(e, g);
    const std::size_t to = boost::target(e, g);
    std::vector<std::size_t> chain{from};
    for (std::size_t v = from; v != to;) {
      v = (*predecessor)[v];
      chain.push_back(v);
    }
    std::string text;
    for (std::size_t k = chain.size(); k-- > 0;) {
      text += def->units[chain[k]].id + " -> ";
    }
    text += def->units[to].id;
    const std::size_t m = boost::get(boost::edge_index, g, e);
    fail(status::inconsistent, "part_of cycle: " + text, *def, pointer("memberships", m));
  }
};

void check_units(system_graph::impl& p) {
  const auto& def = p.def;
  for (std::size_t i = 0; i < def.units.size(); ++i) {
    const auto& u = def.units[i];
    if (u.id.empty()) {
      fail(status::bad_input, "a unit needs a non-empty id", def, pointer("units", i, "id"));
    }
    if (!p.index.emplace(u.id, i).second) {
      fail(status::bad_input, "duplicate unit id '" + u.id + "'", def, pointer("units", i, "id"));
    }
  }
}

std::size_t resolve(const system_graph::impl& p, const std::string& id, const std::string& field) {
  const auto it = p.index.find(id);
  if (it == p.index.end()) {
    fail(status::not_found, "unknown unit '" + id + "'", p.def, field);
  }
  return it->second;
}

void check_memberships(system_graph::impl& p) {
  const auto& def = p.def;
  p.served_by.assign(def.units.size(), {});
  for (std::size_t i = 0; i < def.memberships.size(); ++i) {
    const auto& m = def.memberships[i];
    const std::size_t child = resolve(p, m.from, pointer("memberships", i, "from"));
    const std::size_t parent = resolve(p, m.to, pointer("memberships", i, "to"));
    if (!std::isfinite(m.weight) || m.weight < 0.0 || m.weight > 1.0) {
      fail(status::out_of_range, "weight " + std::to_string(m.weight) + " is outside [0, 1]", def,
           pointer("memberships", i, "weight"));
    }
    if (m.valid_from && m.valid_until && *m.valid_until < *m.valid_from) {
      fail(status::bad_input, "the validity period ends before it starts", def,
           pointer("memberships", i, "valid_until"));
    }
    if (child == parent) {
      fail(m.type == membership_type::part_of ? status::inconsistent : status::bad_input,
           std::string(m.type == membership_type::part_of ? "part_of cycle: " : "self tie: ") +
               m.from + " -> " + m.to,
           def, pointer("memberships", i));
    }
    const level lc = def.units[child].lvl;
    const level lp = def.units[parent].lvl;
    switch (m.type) {
      case membership_type::part_of:
        if (level_rank(lc) > level_rank(lp)) {
          fail(status::inconsistent,
               "level inversion: " + m.from + " (" + to_string(lc) + ") cannot be part_of " + m.to +
                   " (" + to_string(lp) + ")",
               def, pointer("memberships", i));
        }
        boost::add_edge(child, parent, i, p.part_of);
        break;
      case membership_type::serves:
        if (lc != level::support_microsystem) {
          fail(status::inconsistent,
               "only a support_microsystem serves; " + m.from + " is a " + to_string(lc), def,
               pointer("memberships", i, "from"));
        }
        p.served_by[parent].push_back(i);
        break;
      case membership_type::affiliated:
        break;
    }
  }
}

void check_acyclic(system_graph::impl& p) {
  std::vector<std::size_t> predecessor(p.def.units.size());
  for (std::size_t i = 0; i < predecessor.size(); ++i) {
    predecessor[i] = i;
  }
  cycle_finder finder;
  finder.predecessor = &predecessor;
  finder.def = &p.def;
  boost::depth_first_search(p.part_of, boost::visitor(finder));
  // Acyclic now: topological_sort writes parents before children (reverse topological order
  // of child -> parent edges); the roll-ups need children first.
  std::vector<std::size_t> order;
  order.reserve(p.def.units.size());
  boost::topological_sort(p.part_of, std::back_inserter(order));
  p.bottom_up.assign(order.rbegin(), order.rend());
}

void check_extras(const system_graph::impl& p) {
  const auto& def = p.def;
  for (std::size_t i = 0; i < def.populations.size(); ++i) {
    for (std::size_t j = 0; j < def.populations[i].units.size(); ++j) {
      (void)resolve(p, def.populations[i].units[j],
                    pointer("populations", i, "units") + "/" + std::to_string(j));
    }
  }
  for (std::size_t i = 0; i < def.pathways.size(); ++i) {
    const auto& w = def.pathways[i];
    if (w.id.empty()) {
      fail(status::bad_input, "a pathway needs a non-empty id", def, pointer("pathways", i, "id"));
    }
    for (std::size_t s = 0; s < w.steps.size(); ++s) {
      const std::string step = pointer("pathways", i, "steps") + "/" + std::to_string(s);
      if (w.steps[s].units.empty()) {
        fail(status::bad_input, "a pathway step names no unit", def, step + "/units");
      }
      for (std::size_t j = 0; j < w.steps[s].units.size(); ++j) {
        (void)resolve(p, w.steps[s].units[j], step + "/units/" + std::to_string(j));
      }
    }
  }
}

bool level_matches(const system_graph::impl& p, std::size_t u, const query_options& o) {
  return !o.at_level || p.def.units[u].lvl == *o.at_level;
}

// Breadth-first over active part_of ties, upwards or downwards; each unit once.
std::vector<std::size_t> reach(const system_graph::impl& p, std::size_t start, bool up,
                               std::optional<instant> at) {
  std::vector<char> seen(p.def.units.size(), 0);
  std::vector<std::size_t> out;
  std::deque<std::size_t> queue{start};
  seen[start] = 1;
  while (!queue.empty()) {
    const std::size_t u = queue.front();
    queue.pop_front();
    auto visit = [&](std::size_t m, std::size_t v) {
      if (seen[v] == 0 && p.def.memberships[m].active_at(at)) {
        seen[v] = 1;
        out.push_back(v);
        queue.push_back(v);
      }
    };
    if (up) {
      for (auto [e, end] = boost::out_edges(u, p.part_of); e != end; ++e) {
        visit(boost::get(boost::edge_index, p.part_of, *e), boost::target(*e, p.part_of));
      }
    } else {
      for (auto [e, end] = boost::in_edges(u, p.part_of); e != end; ++e) {
        visit(boost::get(boost::edge_index, p.part_of, *e), boost::source(*e, p.part_of));
      }
    }
  }
  return out;
}

std::vector<std::string> ids(const system_graph::impl& p, const std::vector<std::size_t>& units,
                             const query_options& o) {
  std::vector<std::string> out;
  for (const std::size_t u : units) {
    if (level_matches(p, u, o)) {
      out.push_back(p.def.units[u].id);
    }
  }
  return out;
}

}  // namespace

system_graph::system_graph(std::shared_ptr<const impl> p) : impl_(std::move(p)) {}
system_graph::~system_graph() = default;

system_graph system_graph::build(system_definition def) {
  auto p = std::make_shared<impl>();
  p->def = std::move(def);
  p->part_of = hierarchy_graph(p->def.units.size());
  check_units(*p);
  check_memberships(*p);
  check_acyclic(*p);
  check_extras(*p);
  return system_graph(std::move(p));
}

const std::string& system_graph::source() const noexcept {
  return impl_->def.source;
}
const std::vector<unit>& system_graph::units() const noexcept {
  return impl_->def.units;
}
const std::vector<membership>& system_graph::memberships() const noexcept {
  return impl_->def.memberships;
}
const std::vector<population>& system_graph::populations() const noexcept {
  return impl_->def.populations;
}
const std::vector<pathway>& system_graph::pathways() const noexcept {
  return impl_->def.pathways;
}
std::size_t system_graph::unit_count() const noexcept {
  return impl_->def.units.size();
}
const std::vector<std::size_t>& system_graph::bottom_up_order() const noexcept {
  return impl_->bottom_up;
}

std::optional<std::size_t> system_graph::find(std::string_view id) const noexcept {
  const auto it = impl_->index.find(id);
  if (it == impl_->index.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::size_t system_graph::index_of(std::string_view id) const {
  if (auto i = find(id)) {
    return *i;
  }
  throw error(status::not_found, "unknown unit '" + std::string(id) + "'",
              location{impl_->def.source, 0, 0, "unit"});
}

const pathway& system_graph::pathway_by_id(std::string_view id) const {
  for (const auto& w : impl_->def.pathways) {
    if (w.id == id) {
      return w;
    }
  }
  throw error(status::not_found, "unknown pathway '" + std::string(id) + "'",
              location{impl_->def.source, 0, 0, "pathway"});
}

std::vector<weighted_parent> system_graph::parent_ties(std::size_t unit_index,
                                                       std::optional<instant> at) const {
  std::vector<weighted_parent> out;
  const auto& g = impl_->part_of;
  for (auto [e, end] = boost::out_edges(unit_index, g); e != end; ++e) {
    const auto& m = impl_->def.memberships[boost::get(boost::edge_index, g, *e)];
    if (m.active_at(at)) {
      out.push_back({boost::target(*e, g), m.weight});
    }
  }
  return out;
}

std::vector<std::string> system_graph::parents(std::string_view id,
                                               const query_options& options) const {
  std::vector<std::size_t> out;
  for (const auto& t : parent_ties(index_of(id), options.at)) {
    out.push_back(t.parent);
  }
  return ids(*impl_, out, options);
}

std::vector<std::string> system_graph::children(std::string_view id,
                                                const query_options& options) const {
  std::vector<std::size_t> out;
  const auto& g = impl_->part_of;
  for (auto [e, end] = boost::in_edges(index_of(id), g); e != end; ++e) {
    if (impl_->def.memberships[boost::get(boost::edge_index, g, *e)].active_at(options.at)) {
      out.push_back(boost::source(*e, g));
    }
  }
  return ids(*impl_, out, options);
}

std::vector<std::string> system_graph::ancestors(std::string_view id,
                                                 const query_options& options) const {
  return ids(*impl_, reach(*impl_, index_of(id), true, options.at), options);
}

std::vector<std::string> system_graph::descendants(std::string_view id,
                                                   const query_options& options) const {
  return ids(*impl_, reach(*impl_, index_of(id), false, options.at), options);
}

std::vector<std::string> system_graph::mesosystems_of(std::string_view id,
                                                      std::optional<instant> at) const {
  return ancestors(id, query_options{level::mesosystem, at});
}

std::vector<std::string> system_graph::microsystems_of(std::string_view mesosystem_id,
                                                       std::optional<instant> at) const {
  const std::size_t meso = index_of(mesosystem_id);
  const auto& units = impl_->def.units;
  std::vector<std::size_t> members = reach(*impl_, meso, false, at);
  std::vector<char> listed(units.size(), 0);
  std::vector<std::string> out;
  auto add = [&](std::size_t u) {
    const level l = units[u].lvl;
    if (listed[u] == 0 && (l == level::clinical_microsystem || l == level::support_microsystem)) {
      listed[u] = 1;
      out.push_back(units[u].id);
    }
  };
  for (const std::size_t u : members) {
    add(u);
  }
  members.push_back(meso);
  for (const std::size_t u : members) {
    for (const std::size_t m : impl_->served_by[u]) {
      const auto& tie = impl_->def.memberships[m];
      if (tie.active_at(at)) {
        add(impl_->index.find(tie.from)->second);
      }
    }
  }
  return out;
}

std::vector<std::vector<std::string>> system_graph::paths_to_macrosystem(
    std::string_view id, std::optional<instant> at) const {
  std::vector<std::vector<std::string>> out;
  std::vector<std::size_t> path{index_of(id)};
  // Depth-first enumeration; the hierarchy is acyclic, so every path is finite.
  auto walk = [&](auto&& self) -> void {
    const std::size_t u = path.back();
    if (impl_->def.units[u].lvl == level::macrosystem) {
      std::vector<std::string> named;
      named.reserve(path.size());
      for (const std::size_t v : path) {
        named.push_back(impl_->def.units[v].id);
      }
      out.push_back(std::move(named));
    }
    for (const auto& t : parent_ties(u, at)) {
      path.push_back(t.parent);
      self(self);
      path.pop_back();
    }
  };
  walk(walk);
  return out;
}

}  // namespace cmx::system
