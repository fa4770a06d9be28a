// Whole-episode analytics: frequent paths, second-order transitions, pathway conformance.
#include <algorithm>
#include <map>
#include <tuple>

#include "cmx/system/flow.hpp"

namespace cmx::system {
namespace {

bool episode_in(const journey_set& j, std::size_t e, const period& within) {
  return j.episode_offset[e] < j.episode_offset[e + 1] &&
         within.contains(j.stay_start[j.episode_offset[e]]);
}

std::vector<std::string> named(const journey_set& j, const std::vector<std::uint32_t>& units) {
  std::vector<std::string> out;
  out.reserve(units.size());
  for (const auto u : units) {
    out.push_back(j.unit_ids[u]);
  }
  return out;
}

// Matches seq against the steps from (s, i); records the deepest position reached (and the
// step there) so a failure can say where the episode left the pathway. Memoised on (s, i).
struct matcher {
  const std::vector<std::vector<char>>& allowed;  // step -> unit index -> allowed
  const std::vector<bool>& optional;
  std::span<const std::uint32_t> seq;
  std::vector<char> failed;
  std::size_t best_i = 0;
  std::size_t best_s = 0;

  bool run(std::size_t s, std::size_t i) {
    const std::size_t steps = allowed.size();
    if (i > best_i) {  // the first step tried at the deepest position
      best_i = i;
      best_s = s;
    }
    if (s == steps) {
      return i == seq.size();
    }
    char& f = failed[s * (seq.size() + 1) + i];
    if (f != 0) {
      return false;
    }
    if (i < seq.size() && allowed[s][seq[i]] != 0 && run(s + 1, i + 1)) {
      return true;
    }
    if (optional[s] && run(s + 1, i)) {
      return true;
    }
    f = 1;
    return false;
  }
};

}  // namespace

std::vector<path_count> top_paths(const journey_set& journeys, std::size_t k,
                                  const period& within) {
  std::map<std::vector<std::uint32_t>, std::uint64_t> counts;
  std::uint64_t total = 0;
  for (std::size_t e = 0; e < journeys.episode_count(); ++e) {
    if (!episode_in(journeys, e, within)) {
      continue;
    }
    ++total;
    std::vector<std::uint32_t> seq(journeys.stay_unit.begin() + journeys.episode_offset[e],
                                   journeys.stay_unit.begin() + journeys.episode_offset[e + 1]);
    ++counts[seq];
  }
  std::vector<path_count> out;
  out.reserve(counts.size());
  for (const auto& [seq, count] : counts) {
    out.push_back({named(journeys, seq), count, 0.0});
  }
  std::stable_sort(out.begin(), out.end(), [](const path_count& a, const path_count& b) {
    return a.count != b.count ? a.count > b.count : a.units < b.units;
  });
  if (out.size() > k) {
    out.resize(k);
  }
  for (auto& p : out) {
    p.coverage = static_cast<double>(p.count) / static_cast<double>(total);
  }
  return out;
}

std::vector<transition2> second_order_transitions(const journey_set& journeys,
                                                  const period& within) {
  std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::uint64_t> triples;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> pairs;
  for (std::size_t e = 0; e < journeys.episode_count(); ++e) {
    if (!episode_in(journeys, e, within)) {
      continue;
    }
    for (std::size_t k = journeys.episode_offset[e] + 2; k < journeys.episode_offset[e + 1]; ++k) {
      const auto a = journeys.stay_unit[k - 2];
      const auto b = journeys.stay_unit[k - 1];
      ++triples[{a, b, journeys.stay_unit[k]}];
      ++pairs[{a, b}];
    }
  }
  std::vector<transition2> out;
  for (const auto& [key, count] : triples) {
    const auto [a, b, c] = key;
    out.push_back({journeys.unit_ids[a], journeys.unit_ids[b], journeys.unit_ids[c], count,
                   static_cast<double>(count) / static_cast<double>(pairs[{a, b}])});
  }
  std::stable_sort(out.begin(), out.end(), [](const transition2& x, const transition2& y) {
    if (x.previous != y.previous) {
      return x.previous < y.previous;
    }
    if (x.current != y.current) {
      return x.current < y.current;
    }
    return x.count != y.count ? x.count > y.count : x.next < y.next;
  });
  return out;
}

conformance_result conformance(const journey_set& journeys, const pathway& template_,
                               const period& within) {
  conformance_result result;
  result.pathway = template_.id;
  const std::size_t n = journeys.unit_ids.size();
  std::vector<std::vector<char>> allowed(template_.steps.size(), std::vector<char>(n, 0));
  std::vector<bool> optional(template_.steps.size());
  for (std::size_t s = 0; s < template_.steps.size(); ++s) {
    optional[s] = template_.steps[s].optional;
    for (const auto& id : template_.steps[s].units) {
      const auto it = std::find(journeys.unit_ids.begin(), journeys.unit_ids.end(), id);
      if (it != journeys.unit_ids.end()) {
        allowed[s][static_cast<std::size_t>(it - journeys.unit_ids.begin())] = 1;
      }
    }
  }
  std::map<std::pair<std::size_t, std::string>, std::uint64_t> deviations;
  for (std::size_t e = 0; e < journeys.episode_count(); ++e) {
    if (!episode_in(journeys, e, within)) {
      continue;
    }
    ++result.episodes;
    const std::span<const std::uint32_t> seq(
        journeys.stay_unit.data() + journeys.episode_offset[e],
        journeys.episode_offset[e + 1] - journeys.episode_offset[e]);
    matcher m{allowed, optional, seq,
              std::vector<char>((allowed.size() + 1) * (seq.size() + 1), 0)};
    if (m.run(0, 0)) {
      ++result.conforming;
    } else {
      const std::string observed =
          m.best_i < seq.size() ? journeys.unit_ids[seq[m.best_i]] : std::string();
      ++deviations[{m.best_s, observed}];
    }
  }
  for (const auto& [key, count] : deviations) {
    result.deviations.push_back({key.first, key.second, count});
  }
  std::stable_sort(result.deviations.begin(), result.deviations.end(),
                   [](const deviation& a, const deviation& b) { return a.count > b.count; });
  result.share = result.episodes == 0 ? 0.0
                                      : static_cast<double>(result.conforming) /
                                            static_cast<double>(result.episodes);
  return result;
}

}  // namespace cmx::system
