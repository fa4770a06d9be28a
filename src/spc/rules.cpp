// Rule sets as data: the built-in sets, their names and validation, and how the rule engine
// sets itself up for a set (the batch evaluation is evaluate.cpp).
#include "cmx/spc/rules.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <string>

#include "cmx/error.hpp"
#include "spc/bits.hpp"
#include "spc/rule_engine.hpp"

namespace cmx::spc {

namespace {

rule make(rule_id id, rule_kind kind, int count, int window, double sigmas,
          tie_policy ties = tie_policy::breaks) {
  rule r;
  r.id = id;
  r.kind = kind;
  r.count = count;
  r.window = window;
  r.sigmas = sigmas;
  r.ties = ties;
  return r;
}

// log C(a, b), -inf when the coefficient is 0.
double log_choose(long long a, long long b) {
  if (b < 0 || b > a || a < 0) {
    return -std::numeric_limits<double>::infinity();
  }
  return std::lgamma(static_cast<double>(a) + 1.0) - std::lgamma(static_cast<double>(b) + 1.0) -
         std::lgamma(static_cast<double>(a - b) + 1.0);
}

// P(R = r) for the number of runs R of n1 points above and n2 below (Swed & Eisenhart 1943).
double runs_probability(long long n1, long long n2, long long r) {
  const double total = log_choose(n1 + n2, n1);
  if (r < 2) {
    return 0.0;
  }
  if (r % 2 == 0) {
    const long long k = r / 2;
    return 2.0 * std::exp(log_choose(n1 - 1, k - 1) + log_choose(n2 - 1, k - 1) - total);
  }
  const long long k = (r - 1) / 2;
  return std::exp(log_choose(n1 - 1, k) + log_choose(n2 - 1, k - 1) - total) +
         std::exp(log_choose(n1 - 1, k - 1) + log_choose(n2 - 1, k) - total);
}

error bad_rule(std::size_t index, const char* field, const std::string& message) {
  return error(status::invalid_argument, message,
               location{"rule_set", 0, 0, "rules[" + std::to_string(index) + "]." + field});
}

}  // namespace

namespace detail {

double runs_lower_tail(long long n1, long long n2, long long r) {
  double p = 0.0;
  for (long long k = 2; k <= r; ++k) {
    p += runs_probability(n1, n2, k);
  }
  return p;
}

double runs_upper_tail(long long n1, long long n2, long long r) {
  double p = 0.0;
  for (long long k = r; k <= n1 + n2; ++k) {
    p += runs_probability(n1, n2, k);
  }
  return p;
}

rule_engine::rule_engine(const rule_set& rules, path how) : count_(rules.rules.size()) {
  validate(rules);
  // The zone of a band or m-of-n rule: one slot per distinct number of sigmas.
  auto zone_of = [&](double sigmas) -> std::uint8_t {
    for (std::size_t t = 0; t < n_zones_; ++t) {
      if (zone_sigmas_[t] == sigmas) {
        return static_cast<std::uint8_t>(t);
      }
    }
    if (n_zones_ == max_zones) {
      throw error(status::invalid_argument, "a rule set uses at most 8 distinct zones",
                  location{"rule_set", 0, 0, "sigmas"});
    }
    zone_sigmas_[n_zones_] = sigmas;
    return static_cast<std::uint8_t>(n_zones_++);
  };
  min_within_.fill(never);
  min_beyond_.fill(never);
  for (std::size_t r = 0; r < count_; ++r) {
    const rule& ru = rules.rules[r];
    rules_[r] = ru;
    zones_[r] = zone{ru.sigmas, ru.sigmas == 3.0};
    const std::size_t ties = ru.ties == tie_policy::skips ? 1 : 0;
    switch (ru.kind) {
      case rule_kind::run_one_side:
        use_run_[ties] = true;
        min_run_[ties] = std::min<std::int64_t>(min_run_[ties], ru.count);
        feature_[r] = static_cast<std::uint8_t>(ties);
        break;
      case rule_kind::trend:
        use_trend_[ties] = true;
        min_trend_[ties] = std::min<std::int64_t>(min_trend_[ties], ru.count);
        feature_[r] = static_cast<std::uint8_t>(ties);
        break;
      case rule_kind::alternating:
        use_alt_[ties] = true;
        min_alt_[ties] = std::min<std::int64_t>(min_alt_[ties], ru.count);
        feature_[r] = static_cast<std::uint8_t>(ties);
        break;
      case rule_kind::within_band:
        feature_[r] = zone_of(ru.sigmas);
        use_within_[feature_[r]] = true;
        min_within_[feature_[r]] = std::min<std::int64_t>(min_within_[feature_[r]], ru.count);
        break;
      case rule_kind::beyond_band:
        feature_[r] = zone_of(ru.sigmas);
        use_beyond_[feature_[r]] = true;
        min_beyond_[feature_[r]] = std::min<std::int64_t>(min_beyond_[feature_[r]], ru.count);
        break;
      case rule_kind::m_of_n_beyond: {
        needs_ring_ = true;
        const std::uint8_t z = zone_of(ru.sigmas);
        std::size_t w = 0;
        while (w < n_windows_ && !(windows_[w].zone == z &&
                                   windows_[w].beyond_limits_count == ru.count_beyond_limits)) {
          ++w;
        }
        if (w == n_windows_) {
          windows_[n_windows_].zone = z;
          windows_[n_windows_].zone_bit = std::uint32_t{1} << z;
          windows_[n_windows_].beyond_limits_count = ru.count_beyond_limits;
          ++n_windows_;
        }
        feature_[r] = static_cast<std::uint8_t>(w);
        window_rules_[w] |= std::uint32_t{1} << r;
        windows_[w].fewest = std::min(windows_[w].fewest, ru.count);
        windows_[w].widest |= low_bits(ru.window);
        break;
      }
      case rule_kind::too_few_runs:
      case rule_kind::too_many_runs:
        has_phase_rules_ = true;
        break;
      case rule_kind::beyond:
        if (zones_[r].limits) {
          limit_rules_ = true;
        } else {
          min_beyond_sigmas_ = std::min(min_beyond_sigmas_, ru.sigmas);
        }
        break;
    }
  }
  // The registers hold 64 points: every streak must fit (and a trend needs 2 points, an
  // alternation 3, for a step and a reversal), and ties must break streaks (the IHI rules, where
  // a tie neither adds nor breaks, keep counters).
  const auto fits = [](const rule& ru) {
    const bool breaks = ru.ties == tie_policy::breaks;
    switch (ru.kind) {
      case rule_kind::run_one_side:
        return breaks && ru.count <= max_window;
      case rule_kind::trend:
        return breaks && ru.count >= 2 && ru.count <= max_window;
      case rule_kind::alternating:
        return breaks && ru.count >= 3 && ru.count <= max_window;
      case rule_kind::within_band:
      case rule_kind::beyond_band:
        return ru.count <= max_window;
      default:
        return true;
    }
  };
  registers_ = how == path::automatic && std::all_of(rules.rules.begin(), rules.rules.end(), fits);
  // Windows of at most 8 points, at most 4 windows over at most 3 zones: packed one byte per
  // window and direction, entered by one lookup of 2 x (3 zone bits + 1 limit bit).
  packed_windows_ =
      registers_ && n_windows_ > 0 && n_windows_ <= down_byte && n_zones_ <= entry_limit_bit &&
      std::all_of(windows_.begin(), windows_.begin() + static_cast<std::ptrdiff_t>(n_windows_),
                  [](const window_bits& f) { return f.widest <= 0xFFU; });
  if (packed_windows_) {
    for (std::size_t w = 0; w < n_windows_; ++w) {
      windows_[w].packed_at = 8U - static_cast<unsigned>(std::bit_width(windows_[w].widest));
      const auto bias = static_cast<std::uint64_t>(128 - windows_[w].fewest);
      packed_bias_ |= (bias << (8U * w)) | (bias << (8U * (w + down_byte)));
    }
    for (std::size_t bytes = 0; bytes < rules_of_windows_.size(); ++bytes) {
      for (std::size_t w = 0; w < n_windows_; ++w) {
        const bool reached = ((bytes >> w) & 1U) != 0 || ((bytes >> (w + down_byte)) & 1U) != 0;
        rules_of_windows_[bytes] |= reached ? window_rules_[w] : 0U;
      }
    }
    // Index: the zone bits of the point above the centre and whether it lies above the upper
    // limit, then the same below (shift_packed_windows).
    for (std::size_t index = 0; index < window_entry_.size(); ++index) {
      for (std::size_t down = 0; down < 2; ++down) {
        const std::size_t side =
            (index >> (down * entry_side_bits)) & ((std::size_t{1} << entry_side_bits) - 1);
        const bool beyond_limit = ((side >> entry_limit_bit) & 1U) != 0;
        for (std::size_t w = 0; w < n_windows_; ++w) {
          const window_bits& f = windows_[w];
          const bool enters =
              ((side >> f.zone) & 1U) != 0 && (f.beyond_limits_count || !beyond_limit);
          const auto entering = static_cast<std::uint64_t>(enters) << (8U * (w + down * down_byte));
          window_entry_[index].bits |= entering << f.packed_at;
          window_entry_[index].count |= entering;
        }
      }
    }
  }
  // Masks flag each rule's own pattern: a signal flags under the first rule with its id (as
  // flag_points), so the ids must differ (in the 6 bits that index them).
  masks_ = registers_ && !has_phase_rules_;
  std::uint64_t ids = 0;
  for (std::size_t r = 0; r < count_; ++r) {
    const std::uint64_t id_bit = std::uint64_t{1} << (static_cast<unsigned>(rules_[r].id) & 63U);
    masks_ =
        masks_ && (rules_[r].kind != rule_kind::beyond || zones_[r].limits) && (ids & id_bit) == 0;
    ids |= id_bit;
  }
  if (registers_) {
    needs_ring_ = true;
    run_mask_ = use_run_[0] ? low_bits(min_run_[0]) : ~std::uint64_t{0};
    trend_mask_ = use_trend_[0] ? low_bits(min_trend_[0] - 1) : ~std::uint64_t{0};
    alt_mask_ = use_alt_[0] ? low_bits(min_alt_[0] - 2) : ~std::uint64_t{0};
    for (std::size_t t = 0; t < max_zones; ++t) {
      within_mask_[t] = use_within_[t] ? low_bits(min_within_[t]) : ~std::uint64_t{0};
      beyond_mask_[t] = use_beyond_[t] ? low_bits(min_beyond_[t]) : ~std::uint64_t{0};
    }
    for (std::size_t r = 0; r < count_; ++r) {
      const std::uint32_t rule_bit = std::uint32_t{1} << r;
      switch (rules_[r].kind) {
        case rule_kind::run_one_side:
          run_rules_ |= rule_bit;
          break;
        case rule_kind::trend:
          trend_rules_ |= rule_bit;
          break;
        case rule_kind::alternating:
          alt_rules_ |= rule_bit;
          break;
        case rule_kind::within_band:
          within_rules_[feature_[r]] |= rule_bit;
          band_zones_ |= 1U << feature_[r];
          break;
        case rule_kind::beyond_band:
          beyond_band_rules_[feature_[r]] |= rule_bit;
          band_zones_ |= 1U << feature_[r];
          break;
        case rule_kind::m_of_n_beyond:  // window_rules_ above
          break;
        case rule_kind::beyond:
          beyond_rules_ |= rule_bit;
          break;
        case rule_kind::too_few_runs:
        case rule_kind::too_many_runs:
          break;
      }
    }
  }
  reset();
}

void rule_engine::reset() noexcept {
  // Only what the rules use: many short series reset once each.
  for (std::size_t r = 0; r < count_; ++r) {
    states_[r] = rule_state{};
  }
  for (std::size_t k = 0; k < 2; ++k) {
    run_[k] = stretch{};
    trend_[k] = stretch{};
    alt_[k] = stretch{};
  }
  for (std::size_t t = 0; t < n_zones_; ++t) {
    within_[t] = stretch{};
    beyond_[t] = stretch{};
  }
  for (std::size_t w = 0; w < n_windows_; ++w) {
    windows_[w].up = 0;
    windows_[w].dn = 0;
  }
  step_up_ = 0;
  step_dn_ = 0;
  alternates_ = 0;
  within_reg_.fill(0);
  beyond_reg_.fill(0);
  fired_at_.fill(not_fired);
  packed_ = 0;
  packed_count_ = 0;
  eligible_ = 0;
  last_block_first_ = never;
  side_up_ = 0;
  side_dn_ = 0;
  has_prev_ = false;
  prev_y_ = std::numeric_limits<double>::quiet_NaN();
  above_ = 0;
  below_ = 0;
  runs_ = 0;
  last_side_ = 0;
  any_ = false;
}

}  // namespace detail

rule* rule_set::find(rule_id id) noexcept {
  const auto it =
      std::find_if(rules.begin(), rules.end(), [&](const rule& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

const rule* rule_set::find(rule_id id) const noexcept {
  const auto it =
      std::find_if(rules.begin(), rules.end(), [&](const rule& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

// IHI run-chart rules (Provost & Murray, The Health Care Data Guide, 2011, ch. 3; Perla,
// Provost & Murray 2011): a shift is 6 or more points on one side of the median, points on the
// median neither add to nor break it; a trend is 5 or more points all going up or down, equal
// neighbours are ignored; too few or too many runs by the exact runs distribution at 5% per
// tail from 10 useful points on; an astronomical point is judged here as beyond 3 sigma.
rule_set ihi_rules() {
  rule_set s;
  s.name = "ihi";
  s.rules.push_back(make(rule_id::ihi_shift, rule_kind::run_one_side, 6, 1, 0, tie_policy::skips));
  s.rules.push_back(make(rule_id::ihi_trend, rule_kind::trend, 5, 1, 0, tie_policy::skips));
  s.rules.push_back(make(rule_id::ihi_too_few_runs, rule_kind::too_few_runs, 10, 1, 0));
  s.rules.push_back(make(rule_id::ihi_too_many_runs, rule_kind::too_many_runs, 10, 1, 0));
  s.rules.push_back(make(rule_id::ihi_astronomical, rule_kind::beyond, 1, 1, 3.0));
  return s;
}

// Western Electric, Statistical Quality Control Handbook (1956), rules 1-4; the 2- and 1-sigma
// rules count the points beyond the zone on one side among the last 3 (5) points.
rule_set western_electric_rules() {
  rule_set s;
  s.name = "western_electric";
  s.rules.push_back(make(rule_id::western_electric_1, rule_kind::beyond, 1, 1, 3.0));
  s.rules.push_back(make(rule_id::western_electric_2, rule_kind::m_of_n_beyond, 2, 3, 2.0));
  s.rules.push_back(make(rule_id::western_electric_3, rule_kind::m_of_n_beyond, 4, 5, 1.0));
  s.rules.push_back(make(rule_id::western_electric_4, rule_kind::run_one_side, 8, 1, 0));
  return s;
}

// Nelson (1984), J. Qual. Technol. 16:237-239, with Minitab's default K values (Minitab "Tests
// for special causes"): 1 point beyond 3 sigma; 9 on one side; 6 increasing or decreasing; 14
// alternating up and down; 2 of 3 beyond 2 sigma; 4 of 5 beyond 1 sigma; 15 within 1 sigma;
// 8 beyond 1 sigma on either side.
rule_set nelson_rules() {
  rule_set s;
  s.name = "nelson";
  s.rules.push_back(make(rule_id::nelson_1, rule_kind::beyond, 1, 1, 3.0));
  s.rules.push_back(make(rule_id::nelson_2, rule_kind::run_one_side, 9, 1, 0));
  s.rules.push_back(make(rule_id::nelson_3, rule_kind::trend, 6, 1, 0));
  s.rules.push_back(make(rule_id::nelson_4, rule_kind::alternating, 14, 1, 0));
  s.rules.push_back(make(rule_id::nelson_5, rule_kind::m_of_n_beyond, 2, 3, 2.0));
  s.rules.push_back(make(rule_id::nelson_6, rule_kind::m_of_n_beyond, 4, 5, 1.0));
  s.rules.push_back(make(rule_id::nelson_7, rule_kind::within_band, 15, 1, 1.0));
  s.rules.push_back(make(rule_id::nelson_8, rule_kind::beyond_band, 8, 1, 1.0));
  return s;
}

// NHS England "Making Data Count" (2019 guide; NHSRplotthedots 0.2.2's ptd_special_cause_type):
// a point outside the process limits; 7 points increasing or decreasing (equal neighbours
// break); 2 of 3 points beyond 2 sigma with all 3 on one side of the mean; 7 points on one side
// of the mean (a point on the mean breaks). The rules are listed in the package's precedence.
rule_set mdc_rules(mdc_two_of_three form) {
  rule_set s;
  s.name = form == mdc_two_of_three::pre_2023 ? "mdc_pre2023" : "mdc";
  s.rules.push_back(make(rule_id::mdc_outside_limits, rule_kind::beyond, 1, 1, 3.0));
  s.rules.push_back(make(rule_id::mdc_trend, rule_kind::trend, 7, 1, 0));
  rule two = make(rule_id::mdc_two_of_three, rule_kind::m_of_n_beyond, 2, 3, 2.0);
  two.all_same_side = true;
  two.count_beyond_limits = form == mdc_two_of_three::post_2023;
  s.rules.push_back(two);
  s.rules.push_back(make(rule_id::mdc_shift, rule_kind::run_one_side, 7, 1, 0));
  return s;
}

// qcc 2.7 (shewhart.rules): points beyond the limits, and runs of 7 or more strictly on one
// side of the centre, flagged from the 7th point of the run.
rule_set qcc_run_rules() {
  rule_set s;
  s.name = "qcc";
  s.rules.push_back(make(rule_id::beyond_limits, rule_kind::beyond, 1, 1, 3.0));
  rule run = make(rule_id::qcc_run, rule_kind::run_one_side, 7, 1, 0);
  run.mode = flag_mode::from_kth_point;
  s.rules.push_back(run);
  return s;
}

std::vector<std::string_view> rule_set_names() {
  return {"ihi", "western_electric", "nelson", "mdc", "mdc_pre2023", "qcc"};
}

rule_set rule_set_by_name(std::string_view names) {
  rule_set out;
  out.name = std::string(names);
  std::size_t begin = 0;
  while (begin <= names.size()) {
    const std::size_t comma = std::min(names.find(',', begin), names.size());
    const std::string_view name = names.substr(begin, comma - begin);
    rule_set one;
    if (name == "ihi") {
      one = ihi_rules();
    } else if (name == "western_electric" || name == "we") {
      one = western_electric_rules();
    } else if (name == "nelson") {
      one = nelson_rules();
    } else if (name == "mdc") {
      one = mdc_rules(mdc_two_of_three::post_2023);
    } else if (name == "mdc_pre2023") {
      one = mdc_rules(mdc_two_of_three::pre_2023);
    } else if (name == "qcc") {
      one = qcc_run_rules();
    } else {
      throw error(status::not_found,
                  "unknown rule set '" + std::string(name) +
                      "' (known: ihi, western_electric, nelson, mdc, mdc_pre2023, qcc)",
                  location{"rules", 0, 0, std::string(name)});
    }
    out.rules.insert(out.rules.end(), one.rules.begin(), one.rules.end());
    begin = comma + 1;
  }
  validate(out);
  return out;
}

const char* to_string(rule_id id) noexcept {
  switch (id) {
    case rule_id::beyond_limits:
      return "beyond_limits";
    case rule_id::anhoej_longest_run:
      return "anhoej_longest_run";
    case rule_id::anhoej_crossings:
      return "anhoej_crossings";
    case rule_id::ihi_shift:
      return "ihi_shift";
    case rule_id::ihi_trend:
      return "ihi_trend";
    case rule_id::ihi_too_few_runs:
      return "ihi_too_few_runs";
    case rule_id::ihi_too_many_runs:
      return "ihi_too_many_runs";
    case rule_id::ihi_astronomical:
      return "ihi_astronomical";
    case rule_id::western_electric_1:
      return "western_electric_1";
    case rule_id::western_electric_2:
      return "western_electric_2";
    case rule_id::western_electric_3:
      return "western_electric_3";
    case rule_id::western_electric_4:
      return "western_electric_4";
    case rule_id::nelson_1:
      return "nelson_1";
    case rule_id::nelson_2:
      return "nelson_2";
    case rule_id::nelson_3:
      return "nelson_3";
    case rule_id::nelson_4:
      return "nelson_4";
    case rule_id::nelson_5:
      return "nelson_5";
    case rule_id::nelson_6:
      return "nelson_6";
    case rule_id::nelson_7:
      return "nelson_7";
    case rule_id::nelson_8:
      return "nelson_8";
    case rule_id::mdc_outside_limits:
      return "mdc_outside_limits";
    case rule_id::mdc_shift:
      return "mdc_shift";
    case rule_id::mdc_trend:
      return "mdc_trend";
    case rule_id::mdc_two_of_three:
      return "mdc_two_of_three";
    case rule_id::qcc_run:
      return "qcc_run";
  }
  return "unknown";
}

void validate(const rule_set& rules) {
  if (rules.rules.size() > max_rules) {
    throw error(status::invalid_argument,
                "a rule set holds at most 32 rules, this one " + std::to_string(rules.rules.size()),
                location{"rule_set", 0, 0, "rules"});
  }
  for (std::size_t i = 0; i < rules.rules.size(); ++i) {
    const rule& r = rules.rules[i];
    if (r.count < 1) {
      throw bad_rule(i, "count", "must be at least 1, got " + std::to_string(r.count));
    }
    const bool zoned = r.kind == rule_kind::beyond || r.kind == rule_kind::m_of_n_beyond ||
                       r.kind == rule_kind::within_band || r.kind == rule_kind::beyond_band;
    if (zoned && !(r.sigmas > 0.0 && std::isfinite(r.sigmas))) {
      throw bad_rule(i, "sigmas", "must be a positive finite number of sigmas");
    }
    if (r.kind == rule_kind::m_of_n_beyond &&
        (r.window < 1 || r.window > max_window || r.count > r.window)) {
      throw bad_rule(i, "window",
                     "must be in [count, 64], got " + std::to_string(r.window) + " with count " +
                         std::to_string(r.count));
    }
    if ((r.kind == rule_kind::too_few_runs || r.kind == rule_kind::too_many_runs) &&
        !(r.alpha > 0.0 && r.alpha < 1.0)) {
      throw bad_rule(i, "alpha", "must be in (0, 1)");
    }
  }
}

}  // namespace cmx::spc
