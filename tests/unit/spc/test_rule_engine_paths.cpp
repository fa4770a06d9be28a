// The rule engine follows patterns two ways: registers of the latest 64 points (sets whose
// streaks break at ties and span at most 64 points) and counters per stretch (any set). They
// must emit the same signals, in the same order, with the same "extends" marks, point for point:
// random series built of the patterns the rules look for (shifts, trends, zigzags, strata,
// mixtures, ties, gaps, excluded points, phases), under the built-in sets and random edited ones.
#include <algorithm>
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "cmx/spc/line.hpp"
#include "cmx/spc/rules.hpp"
#include "spc/rule_blocks.hpp"
#include "spc/rule_engine.hpp"
#include "unit/spc/patterned_series.hpp"

namespace {

namespace spc = cmx::spc;
using cmx_test::patterned_series;
using cmx_test::point;
using cmx_test::random_rule;
using spc::detail::rule_engine;

struct event {
  std::size_t slot = 0;
  spc::signal sig;
  bool extends = false;

  bool operator==(const event& o) const {
    return slot == o.slot && sig.rule == o.sig.rule && sig.first == o.sig.first &&
           sig.last == o.sig.last && sig.flag_first == o.sig.flag_first && sig.dir == o.sig.dir &&
           sig.mode == o.sig.mode && extends == o.extends;
  }
};

std::vector<event> run(const spc::rule_set& rules, const std::vector<point>& series,
                       rule_engine::path how, bool& used_registers) {
  rule_engine engine(rules, how);
  used_registers = engine.uses_registers();
  std::vector<event> events;
  const auto emit = [&](std::size_t slot, const spc::signal& s, bool extends) {
    events.push_back(event{slot, s, extends});
  };
  for (std::size_t i = 0; i < series.size(); ++i) {
    const point& p = series[i];
    if (p.new_phase) {
      engine.finish_phase(emit);
      engine.reset();
    }
    engine.step(i, p.y, p.cl, p.sigma, p.cl - 3.0 * p.sigma, p.cl + 3.0 * p.sigma, p.included,
                emit);
  }
  engine.finish_phase(emit);
  return events;
}

void check_same(const spc::rule_set& rules, const std::vector<point>& series, const char* label) {
  bool registers = false;
  bool counters = true;
  const auto by_registers = run(rules, series, rule_engine::path::automatic, registers);
  const auto by_counters = run(rules, series, rule_engine::path::counters, counters);
  INFO(label << ": " << by_registers.size() << " events by registers, " << by_counters.size()
             << " by counters");
  REQUIRE(registers);
  REQUIRE_FALSE(counters);
  REQUIRE(by_registers.size() == by_counters.size());
  for (std::size_t k = 0; k < by_counters.size(); ++k) {
    INFO("event " << k << " at point " << by_counters[k].sig.last);
    REQUIRE(by_registers[k] == by_counters[k]);
  }
}

// Events merged into signals as evaluate() merges them: an extending event moves the end of the
// signal open on its slot.
std::vector<spc::signal> merged(const std::vector<event>& events) {
  std::vector<spc::signal> out;
  std::array<std::size_t, 2 * spc::max_rules> open{};
  for (const event& ev : events) {
    if (ev.extends) {
      out[open[ev.slot]].last = ev.sig.last;
    } else {
      open[ev.slot] = out.size();
      out.push_back(ev.sig);
    }
  }
  return out;
}

// evaluate() over the series (64-point blocks wherever they are plain) against the counters
// stepped point by point; lines per point, or one piece per phase when `pieces`. Returns the
// points flagged by some rule (summed over a test case, to show the flags are exercised).
std::size_t check_blocks(const spc::rule_set& rules, const std::vector<point>& series,
                         bool pieces) {
  const std::size_t n = series.size();
  const cmx_test::series_columns columns(series);
  const spc::rule_input input = columns.input(pieces);
  const auto by_blocks = spc::evaluate(rules, input);
  bool counters = true;
  const auto by_points = merged(run(rules, series, rule_engine::path::counters, counters));
  INFO(by_blocks.size() << " signals by blocks, " << by_points.size() << " point by point");
  REQUIRE(by_blocks.size() == by_points.size());
  for (std::size_t k = 0; k < by_points.size(); ++k) {
    INFO("signal " << k << " of rule " << static_cast<int>(by_points[k].rule) << " at points "
                   << by_points[k].first << ".." << by_points[k].last);
    REQUIRE(by_blocks[k].rule == by_points[k].rule);
    REQUIRE(by_blocks[k].first == by_points[k].first);
    REQUIRE(by_blocks[k].last == by_points[k].last);
    REQUIRE(by_blocks[k].flag_first == by_points[k].flag_first);
    REQUIRE(by_blocks[k].dir == by_points[k].dir);
  }
  // The flags evaluate_with_flags sets during the pass, a signal's points as they are reported
  // (a new signal's, then each extension's), equal those flag_points sets afterwards from the
  // whole signals.
  const spc::evaluation with_flags = spc::evaluate_with_flags(rules, input);
  REQUIRE(with_flags.signals.size() == by_points.size());
  std::vector<std::uint32_t> afterwards(n, 0U);
  spc::flag_points(rules, input, by_points, afterwards);
  const auto differ = std::mismatch(afterwards.begin(), afterwards.end(), with_flags.flags.begin());
  if (differ.first != afterwards.end()) {
    FAIL_CHECK("flags differ first at point " << (differ.first - afterwards.begin()) << ": "
                                              << *differ.second << " in the pass, " << *differ.first
                                              << " afterwards");
  }
  REQUIRE(with_flags.flags == afterwards);
  return static_cast<std::size_t>(
      std::count_if(afterwards.begin(), afterwards.end(), [](std::uint32_t f) { return f != 0; }));
}

}  // namespace

TEST_CASE("64-point blocks give the signals of stepping point by point", "[spc][rules][engine]") {
  std::size_t flagged_points = 0;
  std::mt19937_64 rng(23);
  for (const char* names : {"western_electric,nelson,mdc", "mdc_pre2023", "qcc"}) {
    const spc::rule_set rules = spc::rule_set_by_name(names);
    REQUIRE(rule_engine(rules).steps_blocks());
    for (int trial = 0; trial < 8; ++trial) {
      const auto series = patterned_series(rng, 7000, trial % 4 == 3);
      flagged_points += check_blocks(rules, series, trial % 2 == 0);
    }
  }
  std::mt19937_64 edited(29);
  for (int trial = 0; trial < 120; ++trial) {
    spc::rule_set rules;
    const int size = std::uniform_int_distribution<int>(1, 10)(edited);
    for (int k = 0; k < size; ++k) {
      rules.rules.push_back(random_rule(edited));
      // Rules of one id flag under the first of them, with its pattern; with ids of their own
      // (half the sets) blocks after the first may be judged by masks (rule_block_masks.hpp).
      if (trial % 4 >= 2) {
        rules.rules.back().id = static_cast<spc::rule_id>(100 + k);
      }
    }
    flagged_points +=
        check_blocks(rules, patterned_series(edited, 3000, trial % 4 == 3), trial % 2 == 0);
  }
  CHECK(flagged_points > 100000);
}

TEST_CASE("a pattern stretched over hundreds of missing points is flagged back to its start",
          "[spc][rules][engine]") {
  // The pass keeps the latest points' flags in cache and writes older ones straight to the
  // column (recent_flags.hpp): runs whose points lie 70 to 200 points apart, missing or excluded
  // between them, end far past the start of their pattern.
  std::mt19937_64 rng(29);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<point> series;
  const auto add_noise = [&](std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) {
      series.push_back(point{noise(rng), 0.0, 1.0, true, false});
    }
  };
  for (const std::size_t gap : {70U, 130U, 200U}) {
    add_noise(500);
    for (int k = 0; k < 10; ++k) {  // a run of 10 above the centre, 1.5 sigma out
      series.push_back(point{1.5, 0.0, 1.0, true, false});
      for (std::size_t g = 0; g < gap; ++g) {
        const bool excluded = g % 2 == 1;
        series.push_back(point{excluded ? noise(rng) : std::numeric_limits<double>::quiet_NaN(),
                               0.0, 1.0, !excluded, false});
      }
    }
  }
  add_noise(500);
  const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
  CHECK(check_blocks(rules, series, true) > 30);
  const cmx_test::series_columns columns(series);
  const spc::evaluation flagged = spc::evaluate_with_flags(rules, columns.input(true));
  // The run's first point is flagged by the rules that flag a whole run (it lies more than 256
  // points before the run's ninth point).
  const std::size_t first_of_last_run = 500 + 10 * 71 + 500 + 10 * 131 + 500;
  CHECK(flagged.flags[first_of_last_run] != 0U);
  CHECK(flagged.flags[first_of_last_run + 1] == 0U);  // missing: never flagged
}

TEST_CASE("registers and counters emit the same signals under the built-in rule sets",
          "[spc][rules][engine]") {
  std::mt19937_64 rng(7);
  std::size_t events = 0;
  for (const char* names :
       {"western_electric", "nelson", "mdc", "mdc_pre2023", "qcc", "western_electric,nelson,mdc"}) {
    const spc::rule_set rules = spc::rule_set_by_name(names);
    for (int trial = 0; trial < 6; ++trial) {
      const auto series = patterned_series(rng, 6000);
      check_same(rules, series, names);
      bool unused = false;
      events += run(rules, series, rule_engine::path::counters, unused).size();
    }
  }
  CHECK(events > 10000);  // the series do exercise the rules
}

TEST_CASE("registers and counters emit the same signals under random edited rule sets",
          "[spc][rules][engine]") {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 150; ++trial) {
    spc::rule_set rules;
    const int size = std::uniform_int_distribution<int>(1, 10)(rng);
    for (int k = 0; k < size; ++k) {
      rules.rules.push_back(random_rule(rng));
    }
    check_same(rules, patterned_series(rng, 2500), "random set");
  }
}

TEST_CASE("registers and counters agree where the zones change, vanish and come back",
          "[spc][rules][engine]") {
  // The register path keeps the zone boundaries of the last point's lines and makes them again
  // only when the lines change: here they change every few points, between centres +0 and -0
  // (equal, though their boundaries differ in the sign of a zero), go to infinity with sigma,
  // and vanish where sigma is NaN.
  std::mt19937_64 rng(41);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_int_distribution<int> pick(0, 5);
  std::vector<point> series;
  double cl = 0.0;
  double sigma = 1.0;
  for (std::size_t i = 0; i < 20000; ++i) {
    if (i % 7 == 0) {
      const std::array<double, 6> centres = {0.0, -0.0, 1.0, 0.0, -0.0, 0.25};
      const std::array<double, 6> sigmas = {1.0,
                                            1.0,
                                            0.5,
                                            std::numeric_limits<double>::quiet_NaN(),
                                            std::numeric_limits<double>::infinity(),
                                            0.0};
      cl = centres[static_cast<std::size_t>(pick(rng))];
      sigma = sigmas[static_cast<std::size_t>(pick(rng))];
    }
    // Shifted stretches now and then, so that runs and bands reach their counts.
    const double shift = (i / 100) % 3 == 1 ? 1.5 : 0.0;
    series.push_back(point{shift + noise(rng), cl, sigma, true, i > 0 && i % 5000 == 0});
  }
  const spc::rule_set rules = spc::rule_set_by_name("western_electric,nelson,mdc");
  check_same(rules, series, "changing zones");
  bool unused = false;
  CHECK(run(rules, series, rule_engine::path::counters, unused).size() > 1000);
}

TEST_CASE("sets the registers cannot hold keep the counters", "[spc][rules][engine]") {
  spc::rule_set ihi = spc::rule_set_by_name("ihi");  // ties neither add nor break
  CHECK_FALSE(rule_engine(ihi).uses_registers());
  spc::rule_set long_run = spc::rule_set_by_name("nelson");
  long_run.find(spc::rule_id::nelson_2)->count = 65;  // beyond 64 points
  CHECK_FALSE(rule_engine(long_run).uses_registers());
  long_run.find(spc::rule_id::nelson_2)->count = 64;
  CHECK(rule_engine(long_run).uses_registers());
}

TEST_CASE("a block's registers by packed compares equal those made point by point",
          "[spc][rules][engine]") {
  // The SSE2 and AVX-512 builders (and the one this CPU runs) against the portable one (the
  // fallback where SSE2 is missing): values on and off the lines and zones, equal neighbours,
  // lines per point or constant, NaN sigma.
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> ticks(-12, 12);
  const std::array<double, 8> zone_sigmas = {1.0, 2.0, 0.5, 1.5, 3.0, 2.5, 0.0, 0.0};
  [[maybe_unused]] int avx512_trials = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::array<double, 66> y{};
    std::array<double, 64> cl{};
    std::array<double, 64> sigma{};
    std::array<double, 64> lcl{};
    std::array<double, 64> ucl{};
    for (std::size_t j = 0; j < y.size(); ++j) {
      // Quarter-sigma ticks about 10: values land exactly on centres and zone edges too.
      y[j] = unit(rng) < 0.1 && j > 0 ? y[j - 1] : 10.0 + 0.25 * ticks(rng);
    }
    for (std::size_t j = 0; j < 64; ++j) {
      cl[j] = 10.0 + (unit(rng) < 0.5 ? 0.0 : 0.25 * ticks(rng) / 4.0);
      sigma[j] = trial % 5 == 4 ? std::numeric_limits<double>::quiet_NaN() : 1.0;
      lcl[j] = cl[j] - 2.75;
      ucl[j] = cl[j] + 3.0;
    }
    const bool per_point = trial % 2 == 0;
    const auto line = [&](const std::array<double, 64>& values) {
      return per_point ? spc::detail::block_line{values.data(), 0.0}
                       : spc::detail::block_line{nullptr, values[0]};
    };
    spc::detail::block_input in;
    in.y = y.data() + 1;
    in.before_first = trial % 3 == 0 ? std::numeric_limits<double>::quiet_NaN() : y[0];
    in.cl = line(cl);
    in.sigma = line(sigma);
    in.lcl = line(lcl);
    in.ucl = line(ucl);
    in.zone_sigmas = zone_sigmas.data();
    in.zones = static_cast<std::size_t>(1 + trial % 6);
    in.band_zones = static_cast<std::uint32_t>(trial) & ((1U << in.zones) - 1U);
    in.beyond_sigmas = trial % 4 == 0 ? std::numeric_limits<double>::infinity() : 2.25;
    const auto one_by_one = spc::detail::registers_of_block_one_by_one(in);
    const auto check_against_one_by_one = [&](const spc::detail::block_registers& packed,
                                              const char* builder) {
      INFO("trial " << trial << ", " << builder);
      CHECK(packed.above == one_by_one.above);
      CHECK(packed.below == one_by_one.below);
      CHECK(packed.step_up == one_by_one.step_up);
      CHECK(packed.step_dn == one_by_one.step_dn);
      CHECK(packed.out_up == one_by_one.out_up);
      CHECK(packed.out_dn == one_by_one.out_dn);
      CHECK(packed.beyond_sigmas == one_by_one.beyond_sigmas);
      CHECK(packed.zone_up == one_by_one.zone_up);
      CHECK(packed.zone_dn == one_by_one.zone_dn);
      CHECK(packed.zone_within == one_by_one.zone_within);
    };
    check_against_one_by_one(spc::detail::registers_of_block(in), "the builder this CPU runs");
#if CMX_SPC_SSE2
    check_against_one_by_one(per_point ? spc::detail::registers_of_block_with<false>(in)
                                       : spc::detail::registers_of_block_with<true>(in),
                             "SSE2");
#endif
#if CMX_SPC_AVX512
    if (!per_point && spc::detail::cpu_has_avx512f()) {
      check_against_one_by_one(spc::detail::registers_of_constant_block_avx512(in), "AVX-512");
      ++avx512_trials;
    }
#endif
    // A point's bit is 63 - j: the block's first point is the highest bit.
    CHECK(((one_by_one.above >> 63U) & 1U) == (y[1] > cl[0] ? 1U : 0U));
  }
#if CMX_SPC_AVX512
  if (spc::detail::cpu_has_avx512f()) {
    CHECK(avx512_trials == 200);  // every block of constant lines
  } else {
    WARN("this CPU has no AVX-512F: its register builder was not run");
  }
#endif
}

TEST_CASE("block streaks and window counts agree with their definitions bit by bit",
          "[spc][rules][engine]") {
  // Bit p of a block is the point p places before its latest; the 64 points before the block
  // are h. A streak of k ends at bit p when bits p..p+k-1 of (h, m) are all set; a window of
  // `width` reaches `fewest` when at least that many of bits p..p+width-1 are set.
  std::mt19937_64 rng(37);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto bit_of = [](std::uint64_t m, std::uint64_t h, unsigned q) {
    return q < 64 ? (m >> q) & 1U : (h >> (q - 64)) & 1U;
  };
  std::size_t streak_bits = 0;
  std::size_t window_bits = 0;
  for (int trial = 0; trial < 300; ++trial) {
    // Dense words (long streaks) as well as sparse ones.
    const double density = trial % 3 == 0 ? 0.97 : (trial % 3 == 1 ? 0.75 : 0.4);
    std::uint64_t m = 0;
    std::uint64_t h = 0;
    for (unsigned q = 0; q < 64; ++q) {
      m |= static_cast<std::uint64_t>(unit(rng) < density) << q;
      h |= static_cast<std::uint64_t>(unit(rng) < density) << q;
    }
    for (std::int64_t k = 0; k <= 64; ++k) {
      std::uint64_t expected = 0;
      for (unsigned p = 0; p < 64; ++p) {
        bool all = true;
        for (std::int64_t d = 0; d < k; ++d) {
          all = all && bit_of(m, h, p + static_cast<unsigned>(d)) != 0;
        }
        expected |= static_cast<std::uint64_t>(all) << p;
      }
      INFO("trial " << trial << ", k " << k);
      REQUIRE(spc::detail::streaks_ending(m, h, k) == expected);
      streak_bits += static_cast<std::size_t>(std::popcount(expected));
    }
    // Every width with one count at random, and the counts computed by masks of their own (all,
    // one, all but one).
    for (unsigned width : {1U, 2U, 3U, 4U, 5U, 7U, 8U, 9U, 15U, 16U, 31U, 64U}) {
      const int points = static_cast<int>(width);
      for (const int fewest : {std::uniform_int_distribution<int>(1, points)(rng), points, 1,
                               std::max(points - 1, 1)}) {
        std::uint64_t expected = 0;
        for (unsigned p = 0; p < 64; ++p) {
          int set = 0;
          for (unsigned d = 0; d < width; ++d) {
            set += static_cast<int>(bit_of(m, h, p + d));
          }
          expected |= static_cast<std::uint64_t>(set >= fewest) << p;
        }
        INFO("trial " << trial << ", " << fewest << " of " << width);
        REQUIRE(spc::detail::counts_reaching(m, h, width, fewest) == expected);
        window_bits += static_cast<std::size_t>(std::popcount(expected));
      }
    }
  }
  // Both kernels found points where the pattern holds, not only where it fails.
  CHECK(streak_bits > 10000);
  CHECK(window_bits > 10000);
}
