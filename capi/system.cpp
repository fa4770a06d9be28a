// The C API of the system graph: a thin translation over cmx::system, every entry point through
// cmx::capi::guarded.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cmx.h"
#include "cmx/system/flow.hpp"
#include "cmx/system/io.hpp"
#include "cmx/system/rollup.hpp"
#include "context.hpp"
#include "handles.hpp"
#include "struct_size.hpp"

struct cmx_journeys {
  explicit cmx_journeys(cmx::system::journey_set j) : journeys(std::move(j)) {}

  cmx::system::journey_set journeys;
};

struct cmx_flow {
  cmx::system::flow_graph graph;
  cmx::system::degree_table degrees;
  std::vector<double> betweenness;
  std::vector<double> pagerank;
  cmx::system::community_result communities;
  double density = 0;
  std::vector<std::vector<std::size_t>> paths;
  std::vector<std::uint64_t> path_count;
  std::vector<double> path_coverage;
};

struct cmx_rollup {
  cmx::system::rollup_result result;
  std::vector<std::size_t> row_unit;
  std::vector<std::size_t> shared_unit;
};

namespace {

namespace sys = cmx::system;

// Copies results into a caller buffer: *out_len is always the full size.
template <class T>
int fill(cmx_context* ctx, const std::vector<T>& values, T* out, std::size_t capacity,
         std::size_t* out_len) {
  *out_len = values.size();
  if (values.size() > capacity) {
    return ctx->fail(CMX_E_BUFFER_TOO_SMALL,
                     "the buffer is too small; *out_len is the size needed");
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = values[i];
  }
  return CMX_OK;
}

bool buffer_ok(const void* out, std::size_t capacity, const std::size_t* out_len) {
  return out_len != nullptr && (out != nullptr || capacity == 0);
}

std::optional<sys::instant> maybe(int has, std::int64_t value) {
  return has != 0 ? std::optional<sys::instant>(value) : std::nullopt;
}

sys::period period_of(const cmx_flow_options& o) {
  return sys::period{maybe(o.has_from, o.from), maybe(o.has_until, o.until)};
}

std::vector<std::size_t> indices(const sys::system_graph& g, const std::vector<std::string>& ids) {
  std::vector<std::size_t> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    out.push_back(g.index_of(id));
  }
  return out;
}

// Every measure of a flow graph, as the C API hands them out.
std::unique_ptr<cmx_flow> analyse(sys::flow_graph graph, const cmx_flow_options& o) {
  auto f = std::make_unique<cmx_flow>();
  f->graph = std::move(graph);
  f->degrees = sys::degrees(f->graph);
  f->betweenness = sys::betweenness(f->graph);
  sys::pagerank_options p;
  p.damping = o.damping;
  f->pagerank = sys::pagerank(f->graph, p);
  f->communities = sys::louvain(f->graph);
  f->density = sys::density(f->graph);
  return f;
}

}  // namespace

extern "C" {

int cmx_system_parse_time(cmx_context* ctx, const char* text, int64_t* out_seconds) noexcept {
  return cmx::capi::guarded(
      ctx, text == nullptr || out_seconds == nullptr, "text and out_seconds must not be NULL", [&] {
        const auto t = sys::parse_instant(text);
        if (!t) {
          throw cmx::error(
              cmx::status::parse,
              std::string("expected an ISO 8601 date or date-time, found '") + text + "'",
              cmx::location{"<memory>", 0, 0, "text"});
        }
        *out_seconds = *t;
        return CMX_OK;
      });
}

int cmx_system_create_from_json(cmx_context* ctx, const char* json, size_t length,
                                const char* source, cmx_system** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return cmx::capi::guarded(
      ctx, json == nullptr || out == nullptr, "json and out must not be NULL", [&] {
        auto graph = sys::read_system_json(std::string_view(json, length),
                                           source != nullptr ? source : "<memory>");
        *out = std::make_unique<cmx_system>(std::move(graph)).release();
        return CMX_OK;
      });
}

int cmx_system_create_from_file(cmx_context* ctx, const char* path, cmx_system** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return cmx::capi::guarded(ctx, path == nullptr || out == nullptr, "path and out must not be NULL",
                            [&] {
                              auto graph = sys::read_system_file(path);
                              *out = std::make_unique<cmx_system>(std::move(graph)).release();
                              return CMX_OK;
                            });
}

void cmx_system_destroy(cmx_system* system) noexcept {
  delete system;
}

int cmx_system_unit_count(cmx_context* ctx, const cmx_system* system, size_t* out_count) noexcept {
  return cmx::capi::guarded(ctx, system == nullptr || out_count == nullptr,
                            "system and out_count must not be NULL", [&] {
                              *out_count = system->graph.unit_count();
                              return CMX_OK;
                            });
}

int cmx_system_unit_index(cmx_context* ctx, const cmx_system* system, const char* id,
                          size_t* out_index) noexcept {
  return cmx::capi::guarded(ctx, system == nullptr || id == nullptr || out_index == nullptr,
                            "system, id and out_index must not be NULL", [&] {
                              *out_index = system->graph.index_of(id);
                              return CMX_OK;
                            });
}

int cmx_system_unit_id(cmx_context* ctx, const cmx_system* system, size_t index,
                       const char** out_id) noexcept {
  return cmx::capi::guarded(
      ctx, system == nullptr || out_id == nullptr, "system and out_id must not be NULL", [&] {
        *out_id = nullptr;  // DESIGN.md 3.5: NULL after any failure (an index past the end)
        if (index >= system->graph.unit_count()) {
          throw cmx::error(cmx::status::out_of_range, "unit index past the end");
        }
        *out_id = system->graph.units()[index].id.c_str();
        return CMX_OK;
      });
}

int cmx_system_unit_level(cmx_context* ctx, const cmx_system* system, size_t index,
                          int* out_level) noexcept {
  return cmx::capi::guarded(
      ctx, system == nullptr || out_level == nullptr, "system and out_level must not be NULL", [&] {
        if (index >= system->graph.unit_count()) {
          throw cmx::error(cmx::status::out_of_range, "unit index past the end");
        }
        *out_level = static_cast<int>(system->graph.units()[index].lvl);
        return CMX_OK;
      });
}

int cmx_system_query(cmx_context* ctx, const cmx_system* system, const char* id, int relation,
                     const cmx_system_query_options* options, size_t* out_units, size_t capacity,
                     size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (system == nullptr || id == nullptr || !buffer_ok(out_units, capacity, out_len)) {
    return cmx::capi::invalid_argument(ctx, "system, id, out_len (and out_units) must not be NULL");
  }
  const cmx_system_query_options defaults = CMX_SYSTEM_QUERY_OPTIONS_INIT;
  const cmx_system_query_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_system_query_options");
      status != CMX_OK) {
    return status;
  }
  if (o.level < CMX_LEVEL_ANY || o.level > CMX_LEVEL_MACROSYSTEM) {
    return cmx::capi::invalid_argument(ctx, "unknown level");
  }
  if (relation < CMX_RELATION_PARENTS || relation > CMX_RELATION_MICROSYSTEMS) {
    return cmx::capi::invalid_argument(ctx, "unknown relation");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& g = system->graph;
    sys::query_options q;
    q.at = maybe(o.has_at, o.at);
    if (o.level != CMX_LEVEL_ANY) {
      q.at_level = static_cast<sys::level>(o.level);
    }
    std::vector<std::string> ids;
    switch (relation) {
      case CMX_RELATION_PARENTS:
        ids = g.parents(id, q);
        break;
      case CMX_RELATION_CHILDREN:
        ids = g.children(id, q);
        break;
      case CMX_RELATION_ANCESTORS:
        ids = g.ancestors(id, q);
        break;
      case CMX_RELATION_DESCENDANTS:
        ids = g.descendants(id, q);
        break;
      case CMX_RELATION_MESOSYSTEMS:
        ids = g.mesosystems_of(id, q.at);
        break;
      default:
        ids = g.microsystems_of(id, q.at);
        break;
    }
    return fill(ctx, indices(g, ids), out_units, capacity, out_len);
  });
}

int cmx_system_paths_to_macrosystem(cmx_context* ctx, const cmx_system* system, const char* id,
                                    const cmx_system_query_options* options, size_t* out_units,
                                    size_t capacity, size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (system == nullptr || id == nullptr || !buffer_ok(out_units, capacity, out_len)) {
    return cmx::capi::invalid_argument(ctx, "system, id, out_len (and out_units) must not be NULL");
  }
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_system_query_options");
      status != CMX_OK) {
    return status;
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& g = system->graph;
    const auto at = options != nullptr ? maybe(options->has_at, options->at) : std::nullopt;
    std::vector<std::size_t> flat;
    for (const auto& path : g.paths_to_macrosystem(id, at)) {
      for (const auto i : indices(g, path)) {
        flat.push_back(i);
      }
      flat.push_back(CMX_PATH_END);
    }
    return fill(ctx, flat, out_units, capacity, out_len);
  });
}

int cmx_journeys_create(cmx_context* ctx, const cmx_stay* stays, size_t count,
                        const cmx_system* system, cmx_journeys** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if ((stays == nullptr && count > 0) || out == nullptr) {
    return cmx::capi::invalid_argument(ctx, "stays and out must not be NULL");
  }
  for (size_t i = 0; i < count; ++i) {
    if (stays[i].episode == nullptr || stays[i].unit == nullptr) {
      return cmx::capi::invalid_argument(ctx, "a stay has a NULL episode or unit");
    }
  }
  return cmx::capi::guarded(ctx, [&] {
    std::vector<sys::stay> copy(count);
    for (size_t i = 0; i < count; ++i) {
      copy[i] = sys::stay{stays[i].episode, stays[i].unit, stays[i].start, stays[i].end};
    }
    auto j = sys::build_journeys(copy, system != nullptr ? &system->graph : nullptr, "stays");
    *out = std::make_unique<cmx_journeys>(std::move(j)).release();
    return CMX_OK;
  });
}

int cmx_journeys_create_from_file(cmx_context* ctx, const char* path, const cmx_system* system,
                                  cmx_journeys** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return cmx::capi::guarded(
      ctx, path == nullptr || out == nullptr, "path and out must not be NULL", [&] {
        auto j = sys::read_stays_file(path, system != nullptr ? &system->graph : nullptr);
        *out = std::make_unique<cmx_journeys>(std::move(j)).release();
        return CMX_OK;
      });
}

void cmx_journeys_destroy(cmx_journeys* journeys) noexcept {
  delete journeys;
}

int cmx_journeys_counts(cmx_context* ctx, const cmx_journeys* journeys, size_t* out_episodes,
                        size_t* out_stays) noexcept {
  return cmx::capi::guarded(ctx,
                            journeys == nullptr || out_episodes == nullptr || out_stays == nullptr,
                            "journeys, out_episodes and out_stays must not be NULL", [&] {
                              *out_episodes = journeys->journeys.episode_count();
                              *out_stays = journeys->journeys.stay_count();
                              return CMX_OK;
                            });
}

int cmx_flow_create(cmx_context* ctx, const cmx_journeys* journeys, const cmx_flow_options* options,
                    cmx_flow** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (journeys == nullptr || out == nullptr) {
    return cmx::capi::invalid_argument(ctx, "journeys and out must not be NULL");
  }
  const cmx_flow_options defaults = CMX_FLOW_OPTIONS_INIT;
  const cmx_flow_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_flow_options");
      status != CMX_OK) {
    return status;
  }
  if (!(o.damping >= 0.0 && o.damping <= 1.0)) {
    return cmx::capi::invalid_argument(ctx, "damping must be in [0, 1]");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& j = journeys->journeys;
    const sys::period within = period_of(o);
    auto f = analyse(sys::flow_edges(j, within), o);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < f->graph.unit_ids.size(); ++i) {
      index.emplace(f->graph.unit_ids[i], i);
    }
    for (const auto& path : sys::top_paths(j, o.top_paths, within)) {
      std::vector<std::size_t> units;
      for (const auto& id : path.units) {
        units.push_back(index.at(id));
      }
      f->paths.push_back(std::move(units));
      f->path_count.push_back(path.count);
      f->path_coverage.push_back(path.coverage);
    }
    *out = f.release();
    return CMX_OK;
  });
}

void cmx_flow_destroy(cmx_flow* flow) noexcept {
  delete flow;
}

int cmx_flow_get_summary(cmx_context* ctx, const cmx_flow* flow,
                         cmx_flow_summary* out_summary) noexcept {
  return cmx::capi::guarded(ctx, flow == nullptr || out_summary == nullptr,
                            "flow and out_summary must not be NULL", [&] {
                              out_summary->units = flow->graph.unit_count();
                              out_summary->edges = flow->graph.edges.size();
                              out_summary->handoffs = flow->graph.handoffs;
                              out_summary->communities = flow->communities.count;
                              out_summary->modularity = flow->communities.modularity;
                              out_summary->density = flow->density;
                              out_summary->paths = flow->paths.size();
                              return CMX_OK;
                            });
}

int cmx_flow_unit_id(cmx_context* ctx, const cmx_flow* flow, size_t index,
                     const char** out_id) noexcept {
  return cmx::capi::guarded(
      ctx, flow == nullptr || out_id == nullptr, "flow and out_id must not be NULL", [&] {
        *out_id = nullptr;  // DESIGN.md 3.5: NULL after any failure (an index past the end)
        if (index >= flow->graph.unit_count()) {
          throw cmx::error(cmx::status::out_of_range, "unit index past the end");
        }
        *out_id = flow->graph.unit_ids[index].c_str();
        return CMX_OK;
      });
}

int cmx_flow_get_unit(cmx_context* ctx, const cmx_flow* flow, size_t index,
                      cmx_flow_unit* out_unit) noexcept {
  return cmx::capi::guarded(
      ctx, flow == nullptr || out_unit == nullptr, "flow and out_unit must not be NULL", [&] {
        if (index >= flow->graph.unit_count()) {
          throw cmx::error(cmx::status::out_of_range, "unit index past the end");
        }
        out_unit->in_degree = flow->degrees.in_degree[index];
        out_unit->out_degree = flow->degrees.out_degree[index];
        out_unit->in_strength = flow->degrees.in_strength[index];
        out_unit->out_strength = flow->degrees.out_strength[index];
        out_unit->betweenness = flow->betweenness[index];
        out_unit->pagerank = flow->pagerank[index];
        out_unit->community = flow->communities.community[index];
        return CMX_OK;
      });
}

int cmx_flow_get_edges(cmx_context* ctx, const cmx_flow* flow, cmx_flow_edge* out_edges,
                       size_t capacity, size_t* out_len) noexcept {
  return cmx::capi::guarded(
      ctx, flow == nullptr || !buffer_ok(out_edges, capacity, out_len),
      "flow, out_len (and out_edges) must not be NULL", [&] {
        std::vector<cmx_flow_edge> edges;
        edges.reserve(flow->graph.edges.size());
        for (const auto& e : flow->graph.edges) {
          edges.push_back(cmx_flow_edge{e.from, e.to, e.count, e.episodes, e.median_delay_hours,
                                        e.p90_delay_hours});
        }
        return fill(ctx, edges, out_edges, capacity, out_len);
      });
}

int cmx_flow_get_path(cmx_context* ctx, const cmx_flow* flow, size_t index, size_t* out_units,
                      size_t capacity, size_t* out_len, uint64_t* out_count,
                      double* out_coverage) noexcept {
  return cmx::capi::guarded(ctx, flow == nullptr || !buffer_ok(out_units, capacity, out_len),
                            "flow, out_len (and out_units) must not be NULL", [&] {
                              if (index >= flow->paths.size()) {
                                throw cmx::error(cmx::status::out_of_range,
                                                 "path index past the end");
                              }
                              if (out_count != nullptr) {
                                *out_count = flow->path_count[index];
                              }
                              if (out_coverage != nullptr) {
                                *out_coverage = flow->path_coverage[index];
                              }
                              return fill(ctx, flow->paths[index], out_units, capacity, out_len);
                            });
}

int cmx_journeys_conformance(cmx_context* ctx, const cmx_journeys* journeys,
                             const cmx_system* system, const char* pathway_id,
                             const cmx_flow_options* options, uint64_t* out_episodes,
                             uint64_t* out_conforming) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (journeys == nullptr || system == nullptr || pathway_id == nullptr ||
      out_episodes == nullptr || out_conforming == nullptr) {
    return cmx::capi::invalid_argument(
        ctx, "journeys, system, pathway_id, out_episodes and out_conforming must not be NULL");
  }
  const cmx_flow_options defaults = CMX_FLOW_OPTIONS_INIT;
  const cmx_flow_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_flow_options");
      status != CMX_OK) {
    return status;
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto r =
        sys::conformance(journeys->journeys, system->graph.pathway_by_id(pathway_id), period_of(o));
    *out_episodes = r.episodes;
    *out_conforming = r.conforming;
    return CMX_OK;
  });
}

int cmx_journeys_unit_id(cmx_context* ctx, const cmx_journeys* journeys, size_t index,
                         const char** out_id) noexcept {
  return cmx::capi::guarded(
      ctx, journeys == nullptr || out_id == nullptr, "journeys and out_id must not be NULL", [&] {
        *out_id = nullptr;  // DESIGN.md 3.5: NULL after any failure (an index past the end)
        if (index >= journeys->journeys.unit_ids.size()) {
          throw cmx::error(cmx::status::out_of_range, "unit index past the end");
        }
        *out_id = journeys->journeys.unit_ids[index].c_str();
        return CMX_OK;
      });
}

int cmx_journeys_transitions(cmx_context* ctx, const cmx_journeys* journeys,
                             const cmx_flow_options* options, cmx_transition* out, size_t capacity,
                             size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (journeys == nullptr || !buffer_ok(out, capacity, out_len)) {
    return cmx::capi::invalid_argument(ctx, "journeys, out_len (and out) must not be NULL");
  }
  const cmx_flow_options defaults = CMX_FLOW_OPTIONS_INIT;
  const cmx_flow_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_flow_options");
      status != CMX_OK) {
    return status;
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& j = journeys->journeys;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < j.unit_ids.size(); ++i) {
      index.emplace(j.unit_ids[i], i);
    }
    std::vector<cmx_transition> rows;
    for (const auto& t : sys::second_order_transitions(j, period_of(o))) {
      rows.push_back(cmx_transition{index.at(t.previous), index.at(t.current), index.at(t.next),
                                    t.count, t.probability});
    }
    return fill(ctx, rows, out, capacity, out_len);
  });
}

int cmx_flow_create_from_handoffs_file(cmx_context* ctx, const char* path, const cmx_system* system,
                                       int type, const cmx_flow_options* options,
                                       cmx_flow** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (path == nullptr || out == nullptr) {
    return cmx::capi::invalid_argument(ctx, "path and out must not be NULL");
  }
  if (type < CMX_HANDOFF_ANY || type > CMX_HANDOFF_SERVICE) {
    return cmx::capi::invalid_argument(ctx, "unknown handoff type");
  }
  const cmx_flow_options defaults = CMX_FLOW_OPTIONS_INIT;
  const cmx_flow_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_flow_options");
      status != CMX_OK) {
    return status;
  }
  if (!(o.damping >= 0.0 && o.damping <= 1.0)) {
    return cmx::capi::invalid_argument(ctx, "damping must be in [0, 1]");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto handoffs =
        sys::read_handoffs_file(path, system != nullptr ? &system->graph : nullptr);
    const auto which = type == CMX_HANDOFF_ANY
                           ? std::nullopt
                           : std::optional<sys::handoff_type>(static_cast<sys::handoff_type>(type));
    *out = analyse(sys::flow_edges(handoffs, which, period_of(o)), o).release();
    return CMX_OK;
  });
}

int cmx_journeys_deviations(cmx_context* ctx, const cmx_journeys* journeys,
                            const cmx_system* system, const char* pathway_id,
                            const cmx_flow_options* options, cmx_deviation* out, size_t capacity,
                            size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (journeys == nullptr || system == nullptr || pathway_id == nullptr ||
      !buffer_ok(out, capacity, out_len)) {
    return cmx::capi::invalid_argument(
        ctx, "journeys, system, pathway_id, out_len (and out) must not be NULL");
  }
  const cmx_flow_options defaults = CMX_FLOW_OPTIONS_INIT;
  const cmx_flow_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_flow_options");
      status != CMX_OK) {
    return status;
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& j = journeys->journeys;
    const auto r = sys::conformance(j, system->graph.pathway_by_id(pathway_id), period_of(o));
    std::vector<cmx_deviation> rows;
    for (const auto& d : r.deviations) {
      std::size_t observed = CMX_PATH_END;
      if (!d.observed.empty()) {
        observed = static_cast<std::size_t>(
            std::find(j.unit_ids.begin(), j.unit_ids.end(), d.observed) - j.unit_ids.begin());
      }
      rows.push_back(cmx_deviation{d.step, observed, d.count});
    }
    return fill(ctx, rows, out, capacity, out_len);
  });
}

int cmx_flow_islands(cmx_context* ctx, const cmx_flow* flow, const cmx_system* system,
                     const char* mesosystem_id, const cmx_system_query_options* options,
                     size_t* out_units, size_t capacity, size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (flow == nullptr || system == nullptr || mesosystem_id == nullptr ||
      !buffer_ok(out_units, capacity, out_len)) {
    return cmx::capi::invalid_argument(
        ctx, "flow, system, mesosystem_id, out_len (and out_units) must not be NULL");
  }
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_system_query_options");
      status != CMX_OK) {
    return status;
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& g = system->graph;
    const std::size_t meso = g.index_of(mesosystem_id);
    if (g.units()[meso].lvl != sys::level::mesosystem) {
      throw cmx::error(cmx::status::bad_input,
                       "'" + std::string(mesosystem_id) + "' is not a mesosystem",
                       cmx::location{"", 0, 0, "mesosystem_id"});
    }
    const auto at = options != nullptr ? maybe(options->has_at, options->at) : std::nullopt;
    std::vector<std::size_t> flat;
    for (const auto& a : sys::archipelagos(g, flow->graph, at)) {
      if (a.mesosystem != mesosystem_id) {
        continue;
      }
      for (const auto& island : a.islands) {
        for (const auto i : indices(g, island)) {
          flat.push_back(i);
        }
        flat.push_back(CMX_PATH_END);
      }
    }
    return fill(ctx, flat, out_units, capacity, out_len);
  });
}

int cmx_rollup_create(cmx_context* ctx, const cmx_system* system,
                      const cmx_observation* observations, size_t count,
                      const cmx_rollup_options* options, cmx_rollup** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (system == nullptr || (observations == nullptr && count > 0) || out == nullptr) {
    return cmx::capi::invalid_argument(ctx, "system, observations and out must not be NULL");
  }
  const cmx_rollup_options defaults = CMX_ROLLUP_OPTIONS_INIT;
  const cmx_rollup_options& o = options != nullptr ? *options : defaults;
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_rollup_options");
      status != CMX_OK) {
    return status;
  }
  if (o.policy != CMX_ROLLUP_ALLOCATE && o.policy != CMX_ROLLUP_COUNT_FULLY) {
    return cmx::capi::invalid_argument(ctx, "unknown roll-up policy");
  }
  for (size_t i = 0; i < count; ++i) {
    if (observations[i].unit == nullptr || observations[i].period == nullptr) {
      return cmx::capi::invalid_argument(ctx, "an observation has a NULL unit or period");
    }
  }
  return cmx::capi::guarded(ctx, [&] {
    std::vector<sys::observation> data(count);
    for (size_t i = 0; i < count; ++i) {
      data[i] = sys::observation{observations[i].unit, observations[i].period,
                                 observations[i].numerator, observations[i].denominator};
    }
    sys::rollup_options ro;
    ro.policy = o.policy == CMX_ROLLUP_COUNT_FULLY ? sys::shared_unit_policy::count_fully
                                                   : sys::shared_unit_policy::allocate;
    ro.at = maybe(o.has_at, o.at);
    ro.proportions = o.proportions != 0;
    auto r = std::make_unique<cmx_rollup>();
    r->result = sys::rollup(system->graph, data, ro);
    for (const auto& row : r->result.rows) {
      r->row_unit.push_back(system->graph.index_of(row.unit));
    }
    for (const auto& s : r->result.shared_units) {
      r->shared_unit.push_back(system->graph.index_of(s.unit));
    }
    *out = r.release();
    return CMX_OK;
  });
}

void cmx_rollup_destroy(cmx_rollup* rollup) noexcept {
  delete rollup;
}

int cmx_rollup_counts(cmx_context* ctx, const cmx_rollup* rollup, size_t* out_rows,
                      size_t* out_shared_units) noexcept {
  return cmx::capi::guarded(ctx,
                            rollup == nullptr || out_rows == nullptr || out_shared_units == nullptr,
                            "rollup, out_rows and out_shared_units must not be NULL", [&] {
                              *out_rows = rollup->result.rows.size();
                              *out_shared_units = rollup->result.shared_units.size();
                              return CMX_OK;
                            });
}

int cmx_rollup_get_row(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                       cmx_rollup_row* out_row) noexcept {
  return cmx::capi::guarded(
      ctx, rollup == nullptr || out_row == nullptr, "rollup and out_row must not be NULL", [&] {
        if (index >= rollup->result.rows.size()) {
          throw cmx::error(cmx::status::out_of_range, "row index past the end");
        }
        const auto& row = rollup->result.rows[index];
        *out_row = cmx_rollup_row{rollup->row_unit[index], row.period.c_str(), row.numerator,
                                  row.denominator,         row.rate,           row.observations};
        return CMX_OK;
      });
}

int cmx_rollup_get_shared_unit(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                               size_t* out_unit, size_t* out_parents,
                               double* out_weight_sum) noexcept {
  return cmx::capi::guarded(ctx,
                            rollup == nullptr || out_unit == nullptr || out_parents == nullptr ||
                                out_weight_sum == nullptr,
                            "rollup and the out pointers must not be NULL", [&] {
                              if (index >= rollup->result.shared_units.size()) {
                                throw cmx::error(cmx::status::out_of_range,
                                                 "shared unit index past the end");
                              }
                              const auto& s = rollup->result.shared_units[index];
                              *out_unit = rollup->shared_unit[index];
                              *out_parents = s.parents.size();
                              *out_weight_sum = s.weight_sum;
                              return CMX_OK;
                            });
}

}  // extern "C"
