// The micro/meso/macro system graph: a checked, immutable system definition with its hierarchy
// queries. Build it once; afterwards every member is const and safe to call from many threads.
#ifndef CMX_SYSTEM_SYSTEM_GRAPH_HPP
#define CMX_SYSTEM_SYSTEM_GRAPH_HPP

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/system/model.hpp"

namespace cmx::system {

// Restricts a query: to units of one level, and to memberships valid at one instant.
struct query_options {
  std::optional<level> at_level;
  std::optional<instant> at;
};

// A part_of parent of a unit with the allocation weight of the tie.
struct weighted_parent {
  std::size_t parent = 0;  // unit index
  double weight = 1.0;
};

class system_graph {
 public:
  // Checks def and builds the graph. Throws cmx::error naming def.source and the JSON pointer
  // of the offending element as field: duplicate or empty ids and unknown ids (not_found), a
  // part_of cycle (inconsistent, the message names it: "a -> b -> a"), a level inversion (a
  // part_of from a higher level to a lower one; a serves tie not from a support microsystem),
  // a weight outside [0, 1] or not finite (out_of_range), a validity period ending before it
  // starts (bad_input), a pathway step naming no unit (bad_input).
  [[nodiscard]] static system_graph build(system_definition def);

  [[nodiscard]] const std::string& source() const noexcept;
  [[nodiscard]] const std::vector<unit>& units() const noexcept;
  [[nodiscard]] const std::vector<membership>& memberships() const noexcept;
  [[nodiscard]] const std::vector<population>& populations() const noexcept;
  [[nodiscard]] const std::vector<pathway>& pathways() const noexcept;

  [[nodiscard]] std::size_t unit_count() const noexcept;
  // The index of a unit, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view id) const noexcept;
  // The index of a unit; an unknown id throws cmx::error (not_found, field "unit").
  [[nodiscard]] std::size_t index_of(std::string_view id) const;
  // A pathway by id; unknown throws cmx::error (not_found, field "pathway").
  [[nodiscard]] const pathway& pathway_by_id(std::string_view id) const;

  // Hierarchy queries over part_of. Results are unit ids in a stable order (parents and
  // children in definition order, ancestors and descendants breadth-first, each once).
  [[nodiscard]] std::vector<std::string> parents(std::string_view id,
                                                 const query_options& options = {}) const;
  [[nodiscard]] std::vector<std::string> children(std::string_view id,
                                                  const query_options& options = {}) const;
  [[nodiscard]] std::vector<std::string> ancestors(std::string_view id,
                                                   const query_options& options = {}) const;
  [[nodiscard]] std::vector<std::string> descendants(std::string_view id,
                                                     const query_options& options = {}) const;
  // The mesosystems a unit belongs to (its part_of ancestors at the mesosystem level).
  [[nodiscard]] std::vector<std::string> mesosystems_of(std::string_view id,
                                                        std::optional<instant> at = {}) const;
  // The microsystems of a mesosystem: its clinical and support microsystem descendants, then the
  // support microsystems that serve it or any of its descendants (each once).
  [[nodiscard]] std::vector<std::string> microsystems_of(std::string_view mesosystem_id,
                                                         std::optional<instant> at = {}) const;
  // Every part_of path from a unit up to a macrosystem, each starting with the unit itself.
  [[nodiscard]] std::vector<std::vector<std::string>> paths_to_macrosystem(
      std::string_view id, std::optional<instant> at = {}) const;

  // Index-level access for the engines built on the graph.
  [[nodiscard]] std::vector<weighted_parent> parent_ties(std::size_t unit_index,
                                                         std::optional<instant> at = {}) const;
  // Unit indices in an order where every unit comes after all its part_of children.
  [[nodiscard]] const std::vector<std::size_t>& bottom_up_order() const noexcept;

  system_graph(const system_graph&) = default;
  system_graph(system_graph&&) noexcept = default;
  system_graph& operator=(const system_graph&) = default;
  system_graph& operator=(system_graph&&) noexcept = default;
  ~system_graph();

  struct impl;

 private:
  explicit system_graph(std::shared_ptr<const impl> p);
  std::shared_ptr<const impl> impl_;
};

}  // namespace cmx::system

#endif  // CMX_SYSTEM_SYSTEM_GRAPH_HPP
