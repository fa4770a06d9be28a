// Series built of the patterns the rules look for, and random edited rules, for the tests that
// hold two ways of following the rules to the same signals.
#ifndef CMX_TESTS_UNIT_SPC_PATTERNED_SERIES_HPP
#define CMX_TESTS_UNIT_SPC_PATTERNED_SERIES_HPP

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "cmx/spc/line.hpp"
#include "cmx/spc/rules.hpp"

namespace cmx_test {

struct point {
  double y, cl, sigma;
  bool included;
  bool new_phase;
};

// Stretches of noise, shifts, trends, zigzags, strata, mixtures, ties, 2- and 3-sigma
// excursions and (with gaps) missing and excluded points; now and then a new phase with a new
// centre and sigma.
std::vector<point> patterned_series(std::mt19937_64& rng, std::size_t n, bool gaps = true);

// A series as the columns of a rule_input: its limits at 3 sigma, its phases numbered from 1.
struct series_columns {
  explicit series_columns(const std::vector<point>& series);
  // Lines given per point, or (pieces) held as one piece per phase.
  [[nodiscard]] cmx::spc::rule_input input(bool pieces) const;

  std::vector<double> y, cl, sigma, lcl, ucl;
  std::vector<std::int32_t> part;
  std::vector<std::uint8_t> included;
  std::vector<cmx::spc::line_piece> cl_pieces, sigma_pieces, lcl_pieces, ucl_pieces;
};

// A rule of a random kind with random thresholds (m-of-n windows of at most 8 points).
cmx::spc::rule random_rule(std::mt19937_64& rng);

}  // namespace cmx_test

#endif  // CMX_TESTS_UNIT_SPC_PATTERNED_SERIES_HPP
