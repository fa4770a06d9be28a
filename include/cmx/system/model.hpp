// The plain values of the system graph: units, typed memberships, populations and pathway
// templates. A system_definition is what a reader produces and system_graph::build() checks.
#ifndef CMX_SYSTEM_MODEL_HPP
#define CMX_SYSTEM_MODEL_HPP

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cmx/system/time.hpp"

namespace cmx::system {

// The levels of Nelson, Batalden and Godfrey's clinical microsystem model, from the patient
// outwards. part_of may go up or stay at the same level, never down (a level inversion).
enum class level {
  patient_family = 0,
  clinical_microsystem = 1,
  support_microsystem = 2,
  mesosystem = 3,
  macrosystem = 4,
};

// The rank used for level inversions: both kinds of microsystem share rank 1.
[[nodiscard]] int level_rank(level l) noexcept;
// "patient_family", "clinical_microsystem", ...
[[nodiscard]] const char* to_string(level l) noexcept;
// The inverse of to_string; nullopt for anything else.
[[nodiscard]] std::optional<level> parse_level(std::string_view text) noexcept;

enum class membership_type {
  part_of = 0,     // the child belongs to the parent (acyclic; the roll-up hierarchy)
  serves = 1,      // a support microsystem serves a unit (no hierarchy)
  affiliated = 2,  // a loose tie (no hierarchy)
};

[[nodiscard]] const char* to_string(membership_type t) noexcept;
[[nodiscard]] std::optional<membership_type> parse_membership_type(std::string_view text) noexcept;

struct unit {
  std::string id;
  std::string name;
  level lvl = level::clinical_microsystem;
  std::string kind;  // a free code ("ED", "cath_lab", ...)
  std::vector<std::pair<std::string, std::string>> attributes;
};

// A typed tie from unit `from` to unit `to` (for part_of: child -> parent; for serves: the
// support microsystem -> the unit it serves). The validity period is [valid_from, valid_until)
// in instants; absent ends are open.
struct membership {
  std::string from;
  std::string to;
  membership_type type = membership_type::part_of;
  double weight = 1.0;  // allocation weight in [0, 1]
  std::optional<instant> valid_from;
  std::optional<instant> valid_until;

  [[nodiscard]] bool active_at(std::optional<instant> at) const noexcept {
    return !at || ((!valid_from || *valid_from <= *at) && (!valid_until || *at < *valid_until));
  }
};

// A population (e.g. "adults with acute myocardial infarction") and the units that serve it.
struct population {
  std::string id;
  std::string name;
  std::vector<std::string> units;
};

// A designed pathway: ordered steps, each one of a set of units, optionally skippable.
struct pathway_step {
  std::vector<std::string> units;
  bool optional = false;
};

struct pathway {
  std::string id;
  std::string name;
  std::vector<pathway_step> steps;
};

// Everything a system file holds, unchecked. The source names it in errors; errors about an
// element carry its JSON pointer ("/units/3/id") as field.
struct system_definition {
  std::string source = "<memory>";
  std::vector<unit> units;
  std::vector<membership> memberships;
  std::vector<population> populations;
  std::vector<pathway> pathways;
};

}  // namespace cmx::system

#endif  // CMX_SYSTEM_MODEL_HPP
