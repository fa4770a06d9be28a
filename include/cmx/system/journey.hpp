// Patient journeys: episodes made of ordered stays, and the handoffs between units.
#ifndef CMX_SYSTEM_JOURNEY_HPP
#define CMX_SYSTEM_JOURNEY_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/system/system_graph.hpp"
#include "cmx/system/time.hpp"

namespace cmx::system {

// One stay of an episode in a unit, [start, end].
struct stay {
  std::string episode;
  std::string unit;
  instant start = 0;
  instant end = 0;
};

// Stays grouped by episode (in order of first appearance) and ordered by start within each
// episode, with units as dense indices: a struct of arrays the flow kernels stream over.
struct journey_set {
  std::vector<std::string> unit_ids;          // dense unit index -> id
  std::vector<std::string> episode_ids;       // episode index -> id
  std::vector<std::uint32_t> episode_offset;  // episode e has stays [offset[e], offset[e+1])
  std::vector<std::uint32_t> stay_unit;
  std::vector<instant> stay_start;
  std::vector<instant> stay_end;

  [[nodiscard]] std::size_t episode_count() const noexcept {
    return episode_offset.empty() ? 0 : episode_offset.size() - 1;
  }
  [[nodiscard]] std::size_t stay_count() const noexcept { return stay_unit.size(); }
};

// Builds journeys from stays. Errors name the stay (line = 1-based position in stays, or the
// CSV line when read from a file; field = the column): an end before its start (bad_input), two
// stays of one episode that overlap (bad_input; the later one is named), a unit unknown to the
// system when one is given (not_found), an empty episode or unit id (bad_input). Stays of one
// episode that touch (end == next start) are fine.
[[nodiscard]] journey_set build_journeys(std::span<const stay> stays,
                                         const system_graph* system = nullptr,
                                         std::string_view source = "<memory>");

enum class handoff_type { patient = 0, information = 1, service = 2 };

[[nodiscard]] const char* to_string(handoff_type t) noexcept;
[[nodiscard]] std::optional<handoff_type> parse_handoff_type(std::string_view text) noexcept;

// A handoff between two units at one time; delay_hours is the gap it bridged (for a derived
// patient handoff: the next stay's start minus the previous stay's end).
struct handoff {
  std::string episode;
  std::string from;
  std::string to;
  instant time = 0;
  double delay_hours = 0;
  handoff_type type = handoff_type::patient;
  std::string flags;  // free text ("escalation;incomplete")
};

// The patient handoffs of journeys: one per pair of consecutive stays of an episode.
[[nodiscard]] std::vector<handoff> derive_handoffs(const journey_set& journeys);

// Checks explicit handoffs: empty ids, a negative or non-finite delay (bad_input), units unknown
// to the system when one is given (not_found). line = 1-based position, field = the member.
void validate_handoffs(std::span<const handoff> handoffs, const system_graph* system = nullptr,
                       std::string_view source = "<memory>");

}  // namespace cmx::system

#endif  // CMX_SYSTEM_JOURNEY_HPP
