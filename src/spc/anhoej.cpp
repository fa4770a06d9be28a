#include "anhoej.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <cmath>

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

struct run_count {
  run_statistics stats;  // without the limits
  std::size_t runs = 0;  // runs of useful points (crossings + 1)
};

// The counting pass of anhoej_runs; centre_at(i) is the centre line at point i.
template <class CentreAt>
run_count count_runs(std::span<const double> y, CentreAt&& centre_at,
                     std::span<const std::uint8_t> included, std::size_t first, std::size_t last) {
  run_statistics stats;
  int previous = 0;
  std::size_t run_length = 0;
  std::size_t run_first = 0;
  std::size_t runs = 0;
  // Branch-free counting in integer arithmetic (the side of a point is data-dependent and
  // unpredictable, and GCC turns conditional expressions back into branches); only a new longest
  // run, rare after the first points, takes a branch.
  for (std::size_t i = first; i <= last; ++i) {
    const std::size_t inc = included[i] != 0 ? 1U : 0U;
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
  return run_count{stats, runs};
}

}  // namespace

// Anhøj J, Olesen AV (2014) Run charts revisited, PLoS ONE 9(11): e113825; the limits as in
// qicharts2 0.8.1 runs.analysis (longest run: Schilling 2012; crossings: Chen 2010).
run_statistics anhoej_runs(std::span<const double> y, const line_view& cl,
                           std::span<const std::uint8_t> included, std::size_t first,
                           std::size_t last) {
  run_count counted;
  if (cl.per_point()) {
    const std::span<const double> centre = cl.points();
    counted = count_runs(
        y, [&](std::size_t i) { return centre[i]; }, included, first, last);
  } else {
    line_cursor centre(cl);
    counted = count_runs(
        y, [&](std::size_t i) { return centre.at(i); }, included, first, last);
  }
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

}  // namespace cmx::spc::detail
