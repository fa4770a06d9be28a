// The Anhøj run count of a phase with one centre and nothing excluded folds 64-point blocks
// from their bits. It must equal a plain recount, point by point, of qicharts2's definition
// (missing values and points on the centre dropped, a run ends where the side changes, the
// longest run is the first to reach its length) on data built to cross every path: runs longer
// than a block, records set at block edges, ties and gaps inside blocks, unaligned phases.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "spc/anhoej.hpp"

namespace {

namespace spc = cmx::spc;

struct recount {
  std::size_t obs = 0;
  std::size_t useful = 0;
  std::size_t runs = 0;
  std::size_t longest = 0;
  std::size_t longest_first = 0;
  std::size_t longest_last = 0;
  int longest_side = 0;
};

recount count_by_hand(const std::vector<double>& y, double centre, std::size_t first,
                      std::size_t last) {
  recount r;
  std::size_t current = 0;
  std::size_t current_first = 0;
  int previous = 0;
  for (std::size_t i = first; i <= last; ++i) {
    ++r.obs;
    if (std::isnan(y[i]) || y[i] == centre) {
      continue;
    }
    ++r.useful;
    const int side = y[i] > centre ? 1 : -1;
    if (side != previous) {
      ++r.runs;
      current = 0;
      current_first = i;
      previous = side;
    }
    ++current;
    if (current > r.longest) {
      r.longest = current;
      r.longest_first = current_first;
      r.longest_last = i;
      r.longest_side = side;
    }
  }
  return r;
}

// Random segments: noise about the centre, long shifts to one side (some longer than a block),
// exact ties with the centre and missing values, in proportions drawn per series.
std::vector<double> series(std::mt19937_64& rng, std::size_t n, double centre) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> noise(centre, 1.0);
  std::uniform_int_distribution<std::size_t> shift_length(1, 200);
  const double p_shift = unit(rng) * 0.02;
  const double p_tie = unit(rng) < 0.5 ? 0.0 : unit(rng) * 0.05;
  const double p_missing = unit(rng) < 0.5 ? 0.0 : unit(rng) * 0.05;
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n;) {
    if (unit(rng) < p_shift) {
      const double side = unit(rng) < 0.5 ? -1.0 : 1.0;
      for (std::size_t k = shift_length(rng); k > 0 && i < n; --k, ++i) {
        y[i] = centre + side * (0.1 + unit(rng));
      }
      continue;
    }
    const double u = unit(rng);
    y[i] = u < p_tie               ? centre
           : u < p_tie + p_missing ? std::numeric_limits<double>::quiet_NaN()
                                   : noise(rng);
    ++i;
  }
  return y;
}

}  // namespace

TEST_CASE("the blocked Anhøj count equals a point-by-point recount", "[spc][anhoej]") {
  std::mt19937_64 rng(20261123);
  std::uniform_int_distribution<std::size_t> lengths(1, 5000);
  std::uniform_int_distribution<std::size_t> offsets(0, 130);
  const double centre = 3.25;
  const std::vector<spc::line_piece> one_piece = {{0, centre}};
  std::size_t folded_runs_checked = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t n = lengths(rng) + 140;
    const std::vector<double> y = series(rng, n, centre);
    const std::size_t first = offsets(rng);
    const std::size_t last = n - 1 - offsets(rng);
    const auto got = spc::detail::anhoej_runs(y, spc::line_view(one_piece, n), {}, first, last);
    const recount want = count_by_hand(y, centre, first, last);
    INFO("trial " << trial << ", n " << n << ", points " << first << ".." << last);
    REQUIRE(got.n_obs == want.obs);
    REQUIRE(got.n_useful == want.useful);
    REQUIRE(got.defined == (want.useful > 0));
    if (want.useful == 0) {
      continue;
    }
    REQUIRE(got.crossings == want.runs - 1);
    REQUIRE(got.longest_run == want.longest);
    REQUIRE(got.longest_first == want.longest_first);
    REQUIRE(got.longest_last == want.longest_last);
    REQUIRE(got.longest_dir == (want.longest_side > 0 ? spc::direction::up : spc::direction::down));
    folded_runs_checked += want.longest > 64 ? 1U : 0U;
  }
  // The data did reach the runs longer than a block that the fold must carry across blocks.
  CHECK(folded_runs_checked > 20);
}

TEST_CASE("the blocked Anhøj count on a series with no ties and no gaps", "[spc][anhoej]") {
  // Alternating sides: every point starts a run, n - 1 crossings, longest run 1 (the first).
  std::vector<double> y(1000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = i % 2 == 0 ? 1.0 : -1.0;
  }
  const std::vector<spc::line_piece> zero = {{0, 0.0}};
  const auto alternating = spc::detail::anhoej_runs(y, spc::line_view(zero, y.size()), {}, 0, 999);
  CHECK(alternating.crossings == 999);
  CHECK(alternating.longest_run == 1);
  CHECK(alternating.longest_first == 0);
  CHECK(alternating.longest_last == 0);
  // One side throughout: one run of every point, no crossing.
  const std::vector<double> above(1000, 2.0);
  const auto one_run = spc::detail::anhoej_runs(above, spc::line_view(zero, 1000), {}, 3, 998);
  CHECK(one_run.crossings == 0);
  CHECK(one_run.longest_run == 996);
  CHECK(one_run.longest_first == 3);
  CHECK(one_run.longest_last == 998);
  CHECK(one_run.longest_dir == spc::direction::up);
}
