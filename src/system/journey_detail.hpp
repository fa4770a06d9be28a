// Journeys with errors located by the caller (a CSV reader knows lines and columns; a span of
// stays only knows positions). Private to src/system.
#ifndef CMX_SRC_SYSTEM_JOURNEY_DETAIL_HPP
#define CMX_SRC_SYSTEM_JOURNEY_DETAIL_HPP

#include <functional>

#include "cmx/system/journey.hpp"

namespace cmx::system::detail {

enum class stay_field { episode, unit, start, end };

using stay_locator = std::function<location(std::size_t index, stay_field field)>;

journey_set build_journeys(std::span<const stay> stays, const system_graph* system,
                           const stay_locator& where);

enum class handoff_field { episode, from, to, time, type, delay_hours };

using handoff_locator = std::function<location(std::size_t index, handoff_field field)>;

void validate_handoffs(std::span<const handoff> handoffs, const system_graph* system,
                       const handoff_locator& where);

}  // namespace cmx::system::detail

#endif  // CMX_SRC_SYSTEM_JOURNEY_DETAIL_HPP
