#include "cmx/system/journey.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "system/journey_detail.hpp"

namespace cmx::system {
namespace detail {
namespace {

const char* stay_field_name(stay_field f) {
  switch (f) {
    case stay_field::episode:
      return "episode";
    case stay_field::unit:
      return "unit";
    case stay_field::start:
      return "start";
    case stay_field::end:
      return "end";
  }
  return "";
}

const char* handoff_field_name(handoff_field f) {
  switch (f) {
    case handoff_field::episode:
      return "episode";
    case handoff_field::from:
      return "from";
    case handoff_field::to:
      return "to";
    case handoff_field::time:
      return "time";
    case handoff_field::type:
      return "type";
    case handoff_field::delay_hours:
      return "delay_hours";
  }
  return "";
}

std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& index,
                     std::vector<std::string>& ids, const std::string& id) {
  const auto [it, added] = index.try_emplace(id, static_cast<std::uint32_t>(ids.size()));
  if (added) {
    ids.push_back(id);
  }
  return it->second;
}

}  // namespace

journey_set build_journeys(std::span<const stay> stays, const system_graph* system,
                           const stay_locator& where) {
  journey_set out;
  std::unordered_map<std::string, std::uint32_t> episode_index;
  std::unordered_map<std::string, std::uint32_t> unit_index;
  std::vector<std::uint32_t> episode_of(stays.size());
  std::vector<std::uint32_t> unit_of(stays.size());
  for (std::size_t i = 0; i < stays.size(); ++i) {
    const stay& s = stays[i];
    if (s.episode.empty()) {
      throw error(status::bad_input, "empty episode id", where(i, stay_field::episode));
    }
    if (s.unit.empty()) {
      throw error(status::bad_input, "empty unit id", where(i, stay_field::unit));
    }
    if (system != nullptr && !system->find(s.unit)) {
      throw error(status::not_found, "unknown unit '" + s.unit + "'", where(i, stay_field::unit));
    }
    if (s.end < s.start) {
      throw error(status::bad_input,
                  "the stay ends (" + format_instant(s.end) + ") before it starts (" +
                      format_instant(s.start) + ")",
                  where(i, stay_field::end));
    }
    episode_of[i] = intern(episode_index, out.episode_ids, s.episode);
    unit_of[i] = intern(unit_index, out.unit_ids, s.unit);
  }
  // Counting sort by episode, then by start within each episode (stable: ties keep file order).
  const std::size_t episodes = out.episode_ids.size();
  out.episode_offset.assign(episodes + 1, 0);
  for (const std::uint32_t e : episode_of) {
    ++out.episode_offset[e + 1];
  }
  std::partial_sum(out.episode_offset.begin(), out.episode_offset.end(),
                   out.episode_offset.begin());
  std::vector<std::uint32_t> order(stays.size());
  {
    std::vector<std::uint32_t> next(out.episode_offset.begin(), out.episode_offset.end() - 1);
    for (std::size_t i = 0; i < stays.size(); ++i) {
      order[next[episode_of[i]]++] = static_cast<std::uint32_t>(i);
    }
  }
  out.stay_unit.resize(stays.size());
  out.stay_start.resize(stays.size());
  out.stay_end.resize(stays.size());
  for (std::size_t e = 0; e < episodes; ++e) {
    const auto first = order.begin() + out.episode_offset[e];
    const auto last = order.begin() + out.episode_offset[e + 1];
    std::stable_sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
      return stays[a].start < stays[b].start;
    });
    for (auto it = first; it != last; ++it) {
      if (it != first && stays[*it].start < stays[*(it - 1)].end) {
        const location previous = where(*(it - 1), stay_field::start);
        throw error(status::bad_input,
                    "the stay overlaps the previous stay of episode '" + stays[*it].episode +
                        "' (line " + std::to_string(previous.line) + ", which ends " +
                        format_instant(stays[*(it - 1)].end) + ")",
                    where(*it, stay_field::start));
      }
      const auto k = static_cast<std::size_t>(it - order.begin());
      out.stay_unit[k] = unit_of[*it];
      out.stay_start[k] = stays[*it].start;
      out.stay_end[k] = stays[*it].end;
    }
  }
  return out;
}

void validate_handoffs(std::span<const handoff> handoffs, const system_graph* system,
                       const handoff_locator& where) {
  for (std::size_t i = 0; i < handoffs.size(); ++i) {
    const handoff& h = handoffs[i];
    if (h.episode.empty()) {
      throw error(status::bad_input, "empty episode id", where(i, handoff_field::episode));
    }
    if (h.from.empty() || h.to.empty()) {
      throw error(status::bad_input, "empty unit id",
                  where(i, h.from.empty() ? handoff_field::from : handoff_field::to));
    }
    if (system != nullptr) {
      if (!system->find(h.from)) {
        throw error(status::not_found, "unknown unit '" + h.from + "'",
                    where(i, handoff_field::from));
      }
      if (!system->find(h.to)) {
        throw error(status::not_found, "unknown unit '" + h.to + "'", where(i, handoff_field::to));
      }
    }
    if (!std::isfinite(h.delay_hours) || h.delay_hours < 0) {
      throw error(status::bad_input, "the delay must be finite and not negative",
                  where(i, handoff_field::delay_hours));
    }
  }
}

namespace {

location position(const std::string& source, std::size_t index, const char* field) {
  return location{source, static_cast<std::int64_t>(index + 1), 0, field};
}

}  // namespace

}  // namespace detail

journey_set build_journeys(std::span<const stay> stays, const system_graph* system,
                           std::string_view source) {
  const std::string name(source);
  return detail::build_journeys(stays, system, [&](std::size_t i, detail::stay_field f) {
    return detail::position(name, i, detail::stay_field_name(f));
  });
}

void validate_handoffs(std::span<const handoff> handoffs, const system_graph* system,
                       std::string_view source) {
  const std::string name(source);
  detail::validate_handoffs(handoffs, system, [&](std::size_t i, detail::handoff_field f) {
    return detail::position(name, i, detail::handoff_field_name(f));
  });
}

const char* to_string(handoff_type t) noexcept {
  switch (t) {
    case handoff_type::patient:
      return "patient";
    case handoff_type::information:
      return "information";
    case handoff_type::service:
      return "service";
  }
  return "unknown";
}

std::optional<handoff_type> parse_handoff_type(std::string_view text) noexcept {
  for (const auto t : {handoff_type::patient, handoff_type::information, handoff_type::service}) {
    if (text == to_string(t)) {
      return t;
    }
  }
  return std::nullopt;
}

std::vector<handoff> derive_handoffs(const journey_set& journeys) {
  std::vector<handoff> out;
  for (std::size_t e = 0; e < journeys.episode_count(); ++e) {
    for (std::size_t k = journeys.episode_offset[e] + 1; k < journeys.episode_offset[e + 1]; ++k) {
      handoff h;
      h.episode = journeys.episode_ids[e];
      h.from = journeys.unit_ids[journeys.stay_unit[k - 1]];
      h.to = journeys.unit_ids[journeys.stay_unit[k]];
      h.time = journeys.stay_start[k];
      h.delay_hours =
          static_cast<double>(journeys.stay_start[k] - journeys.stay_end[k - 1]) / 3600.0;
      out.push_back(std::move(h));
    }
  }
  return out;
}

}  // namespace cmx::system
