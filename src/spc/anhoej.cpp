#include "anhoej.hpp"

#include <algorithm>
#include <bit>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>

#include "bits.hpp"

namespace cmx::spc::detail {

std::size_t binomial_half_quantile(double p, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  // Boost's quantile with integer_round_up gives the ceiling of the continuous quantile; the
  // loops below then land exactly on R's definition (smallest k with cdf(k) >= p).
  using policy = boost::math::policies::policy<
      boost::math::policies::discrete_quantile<boost::math::policies::integer_round_up>>;
  const boost::math::binomial_distribution<double, policy> binomial(static_cast<double>(size), 0.5);
  auto k = static_cast<std::size_t>(boost::math::quantile(binomial, p));
  while (k > 0 && boost::math::cdf(binomial, static_cast<double>(k - 1)) >= p) {
    --k;
  }
  while (k < size && boost::math::cdf(binomial, static_cast<double>(k)) < p) {
    ++k;
  }
  return k;
}

namespace {

// The counting state of a phase, carried from point to point (and block to block).
struct run_count {
  run_statistics stats;  // without the limits
  std::size_t runs = 0;  // runs of useful points (crossings + 1)
  int previous = 0;      // side of the latest useful point (0: none yet)
  std::size_t run_length = 0;
  std::size_t run_first = 0;
};

// The counting pass over points [first, last]; centre_at(i) is the centre line at point i,
// included_at(i) 1 or 0. Both are inlined: the common phase (one centre, nothing excluded)
// reads only y.
template <class CentreAt, class IncludedAt>
void count_runs(run_count& c, std::span<const double> y, CentreAt&& centre_at,
                IncludedAt&& included_at, std::size_t first, std::size_t last) {
  run_statistics& stats = c.stats;
  int previous = c.previous;
  std::size_t run_length = c.run_length;
  std::size_t run_first = c.run_first;
  std::size_t runs = c.runs;
  // Branch-free counting in integer arithmetic (the side of a point is data-dependent and
  // unpredictable, and GCC turns conditional expressions back into branches); only a new longest
  // run, rare after the first points, takes a branch.
  for (std::size_t i = first; i <= last; ++i) {
    const std::size_t inc = included_at(i);
    const double d = y[i] - centre_at(i);
    const int side = static_cast<int>(inc) * ((d > 0) - (d < 0));  // 0: excluded, on cl, missing
    const auto useful = static_cast<std::size_t>(side != 0);
    const std::size_t starts = useful & static_cast<std::size_t>(side != previous);
    const std::size_t start_mask = std::size_t{0} - starts;
    stats.n_obs += inc;
    stats.n_useful += useful;
    runs += starts;
    run_first ^= (run_first ^ i) & start_mask;
    run_length = ((run_length + useful) & ~start_mask) | starts;
    previous += (side - previous) * static_cast<int>(useful);
    if (run_length > stats.longest_run) {
      stats.longest_run = run_length;
      stats.longest_first = run_first;
      stats.longest_last = i;
      stats.longest_dir = side > 0 ? direction::up : direction::down;
    }
  }
  c.previous = previous;
  c.run_length = run_length;
  c.run_first = run_first;
  c.runs = runs;
}

// Folds a block of 64 points, every one useful (above or below), into the count when no run in
// it can beat the longest so far, and returns true; otherwise changes nothing and returns false
// (the caller walks the block point by point). The runs of the block start where the side
// changes; the run in progress continues into the block unless its first point changes side.
bool fold_quiet_block(run_count& c, std::uint64_t above, std::size_t base) noexcept {
  const bool first_up = (above & 1U) != 0;
  const bool continues = c.previous != 0 && first_up == (c.previous > 0);
  // Leading points on the first point's side, and any run of longest + 1 inside the block.
  const std::uint64_t same_as_first = first_up ? above : ~above;
  const auto lead = static_cast<std::size_t>(std::countr_one(same_as_first));
  const std::size_t beat = c.stats.longest_run + 1;
  if ((continues && c.run_length + lead >= beat) || has_run_of(above, beat) ||
      has_run_of(~above, beat)) {
    return false;
  }
  const std::uint64_t starts = (above ^ (above << 1U)) & ~std::uint64_t{1};
  c.runs += static_cast<std::size_t>(std::popcount(starts)) + (continues ? 0U : 1U);
  c.stats.n_obs += block_points;
  c.stats.n_useful += block_points;
  const bool last_up = (above >> 63U) != 0;
  const auto tail = static_cast<std::size_t>(std::countl_one(last_up ? above : ~above));
  if (tail == block_points) {  // one side throughout: the run goes on, or starts here
    c.run_first = continues ? c.run_first : base;
    c.run_length = continues ? c.run_length + block_points : block_points;
  } else {
    c.run_first = base + block_points - tail;
    c.run_length = tail;
  }
  c.previous = last_up ? 1 : -1;
  return true;
}

// One centre, every point included: blocks of 64 points with no point on the centre line or
// missing, and no run that could become the longest, are counted from their bits; the others
// point by point. Exactly the point-by-point result (the test compares the two). The blocks'
// sides are given (known[b] for the block from first + 64 b) or found here (known empty).
void count_runs_by_blocks(run_count& c, std::span<const double> y, double centre, std::size_t first,
                          std::size_t last, std::span<const side_bits> known) {
  const auto at_centre = [centre](std::size_t) { return centre; };
  const auto every_point = [](std::size_t) { return std::size_t{1}; };
  std::size_t i = first;
  for (; i + block_points <= last + 1; i += block_points) {
    const side_bits sides =
        known.empty() ? sides_of_block(&y[i], centre) : known[(i - first) / block_points];
    if ((sides.above | sides.below) != all_points || !fold_quiet_block(c, sides.above, i)) {
      count_runs(c, y, at_centre, every_point, i, i + block_points - 1);
    }
  }
  if (i <= last) {
    count_runs(c, y, at_centre, every_point, i, last);
  }
}

// The limits and the verdict from the counts.
run_statistics finish(run_count counted) {
  run_statistics& stats = counted.stats;
  if (stats.n_useful == 0) {
    return stats;
  }
  stats.defined = true;
  stats.crossings = counted.runs - 1;
  stats.longest_run_max =
      static_cast<std::size_t>(std::lround(std::log2(static_cast<double>(stats.n_useful)))) + 3;
  stats.crossings_min = binomial_half_quantile(0.05, stats.n_useful - 1);
  stats.runs_signal =
      stats.longest_run > stats.longest_run_max || stats.crossings < stats.crossings_min;
  return stats;
}

}  // namespace

// Anhøj J, Olesen AV (2014) Run charts revisited, PLoS ONE 9(11): e113825; the limits as in
// qicharts2 0.8.1 runs.analysis (longest run: Schilling 2012; crossings: Chen 2010).
run_statistics anhoej_runs(std::span<const double> y, const line_view& cl,
                           std::span<const std::uint8_t> included, std::size_t first,
                           std::size_t last) {
  run_count counted;
  const auto pieces = cl.pieces();
  // The piece holding `first`, and whether it reaches `last` (a chart's pieces are its phases).
  const auto piece =
      std::upper_bound(pieces.begin(), pieces.end(), first,
                       [](std::size_t point, const line_piece& p) { return point < p.first; });
  const bool one_centre =
      !pieces.empty() && (piece == pieces.end() || piece->first > last) && piece != pieces.begin();
  if (one_centre && included.empty()) {
    count_runs_by_blocks(counted, y, (piece - 1)->value, first, last, {});
    return finish(counted);
  }
  const auto included_at = [&](std::size_t i) {
    return included.empty() || included[i] != 0 ? std::size_t{1} : std::size_t{0};
  };
  if (cl.per_point()) {
    const std::span<const double> centre = cl.points();
    count_runs(
        counted, y, [&](std::size_t i) { return centre[i]; }, included_at, first, last);
  } else {
    line_cursor centre(cl);
    count_runs(
        counted, y, [&](std::size_t i) { return centre.at(i); }, included_at, first, last);
  }
  return finish(counted);
}

run_statistics anhoej_runs_of_sides(std::span<const double> y, double centre, std::size_t first,
                                    std::size_t last, std::span<const side_bits> sides) {
  run_count counted;
  count_runs_by_blocks(counted, y, centre, first, last, sides);
  return finish(counted);
}

}  // namespace cmx::spc::detail
