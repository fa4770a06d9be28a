// Funnel plots: Spiegelhalter, Statistics in Medicine 24 (2005) 1185-1202, and Spiegelhalter,
// Quality and Safety in Health Care 14 (2005) 347-351 (overdispersion). See funnel.hpp.
#include "cmx/compass/funnel.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

#include "cmx/error.hpp"

namespace cmx::compass {
namespace {

namespace bm = boost::math;

bool is_poisson(funnel_type t) noexcept {
  return t != funnel_type::proportion;
}

// Spiegelhalter (2005), Appendix A.1.1: with r_p the smallest r such that F(r) >= p,
// alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the interpolated quantile is r_p - alpha.
//
// All the quantiles a unit needs are found in one walk: F and the pmf f are evaluated once by
// Boost.Math below the lowest quantile (a normal-approximation guess, stepped down until
// F < p_min), then the walk goes up by the pmf recurrences, binomial f(r+1) = f(r) (n - r) /
// (r + 1) x theta / (1 - theta) and Poisson f(r+1) = f(r) mu / (r + 1), accumulating F. probs must
// be ascending; out receives r_p - alpha for each.
void exact_quantiles(funnel_type type, double target, double n, std::span<const double> probs,
                     std::span<double> out) {
  const bool poisson = is_poisson(type);
  const double mean = target * n;
  const double sd = std::sqrt(poisson ? mean : mean * (1.0 - target));
  const double z_min = bm::quantile(bm::normal_distribution<double>(), probs.front());
  double r = std::max(0.0, std::floor(mean + z_min * sd) - 2.0);
  if (!poisson) {
    r = std::min(r, n);
  }
  const bm::poisson_distribution<double> poi(poisson ? mean : 1.0);
  const bm::binomial_distribution<double> bin(poisson ? 1.0 : n, poisson ? 0.5 : target);
  double big_f = poisson ? bm::cdf(poi, r) : bm::cdf(bin, r);
  double f = poisson ? bm::pdf(poi, r) : bm::pdf(bin, r);
  const double odds = target / (1.0 - target);
  // Step down until F(r - 1) < p_min, so r is at or below r_{p_min}.
  while (r > 0 && big_f - f >= probs.front()) {
    big_f -= f;
    f = poisson ? f * r / mean : f * r / ((n - r + 1.0) * odds);
    r -= 1;
  }
  for (std::size_t k = 0; k < probs.size(); ++k) {
    const double p = probs[k];
    while (big_f < p && (poisson || r < n)) {
      f = poisson ? f * mean / (r + 1.0) : f * (n - r) / (r + 1.0) * odds;
      r += 1;
      big_f += f;
    }
    const double alpha = f > 0 ? std::clamp((big_f - p) / f, 0.0, 1.0) : 0.0;
    out[k] = r - alpha;
  }
}

// exact_quantiles, with Boost.Math's failures (a Poisson mean of about 1e11 exceeds its series
// limits) as a cmx::error naming the unit (row, 1-based; 0: none).
void exact_quantiles_or_error(funnel_type type, double target, double n,
                              std::span<const double> probs, std::span<double> out,
                              std::size_t row) {
  const auto refuse = [&](const std::exception& e) {
    throw error(status::out_of_range,
                "exact limits cannot be computed at a denominator of " + std::to_string(n) + " (" +
                    e.what() + "); use normal limits",
                location{"funnel", static_cast<std::int64_t>(row), 0, "denominator"});
  };
  try {
    exact_quantiles(type, target, n, probs, out);
  } catch (const std::runtime_error& e) {  // evaluation_error, overflow_error
    refuse(e);
  } catch (const std::domain_error& e) {
    refuse(e);
  }
}

// The target must lie strictly between 0 and 1 (proportion) or above 0 (ratio, rate): at 0 or 1
// the limits collapse, outside the distributions are undefined.
void check_target(funnel_type type, double target) {
  if (!std::isfinite(target) || target <= 0 || (type == funnel_type::proportion && target >= 1)) {
    throw error(status::bad_input,
                "target " + std::to_string(target) +
                    (type == funnel_type::proportion ? " must lie strictly between 0 and 1"
                                                     : " must be > 0"),
                location{"funnel", 0, 0, "target"});
  }
}

// Variance of the indicator at denominator n under the target (Spiegelhalter 2005, Table I).
double null_variance(funnel_type type, double target, double n) noexcept {
  return is_poisson(type) ? target / n : target * (1.0 - target) / n;
}

funnel_limit_pair clip(funnel_type type, funnel_limit_pair l) noexcept {
  l.lower = std::max(l.lower, 0.0);
  l.upper = std::max(l.upper, 0.0);
  if (!is_poisson(type)) {
    l.lower = std::min(l.lower, 1.0);
    l.upper = std::min(l.upper, 1.0);
  }
  return l;
}

double normal_z(double coverage) {
  return bm::quantile(bm::normal_distribution<double>(), 1.0 - (1.0 - coverage) / 2.0);
}

[[noreturn]] void bad_unit(std::size_t i, const char* field, const std::string& message) {
  throw error(status::bad_input, message,
              location{"funnel", static_cast<std::int64_t>(i + 1), 0, field});
}

void validate(std::span<const double> num, std::span<const double> den, const funnel_options& o) {
  if (num.size() != den.size()) {
    throw error(status::invalid_argument, "numerator and denominator differ in length (" +
                                              std::to_string(num.size()) + " and " +
                                              std::to_string(den.size()) + ")");
  }
  if (num.empty()) {
    throw error(status::bad_input, "a funnel needs at least one unit");
  }
  if (o.overdispersion != funnel_overdispersion::none && num.size() < 2) {
    throw error(status::bad_input, "an overdispersion adjustment needs at least two units");
  }
  if (!(o.winsor_lower >= 0 && o.winsor_lower < o.winsor_upper && o.winsor_upper <= 1)) {
    throw error(status::invalid_argument,
                "winsorising quantiles must satisfy 0 <= lower < upper <= 1");
  }
  const char* den_name = o.type == funnel_type::ratio ? "expected" : "denominator";
  for (std::size_t i = 0; i < num.size(); ++i) {
    if (!std::isfinite(num[i]) || num[i] < 0) {
      bad_unit(i, "numerator", "numerator must be a finite number >= 0");
    }
    if (!std::isfinite(den[i]) || den[i] < 0) {
      bad_unit(i, den_name, std::string(den_name) + " must be a finite number > 0");
    }
    if (den[i] == 0) {
      bad_unit(i, den_name,
               o.type == funnel_type::ratio ? "expected count of zero: the ratio O/E is undefined"
                                            : "denominator of zero: the unit has no value");
    }
    if (o.type == funnel_type::proportion) {
      if (num[i] > den[i]) {
        bad_unit(i, "numerator", "numerator above its denominator in a proportion");
      }
      if (o.limits == funnel_limits::exact && den[i] != std::floor(den[i])) {
        bad_unit(i, den_name, "exact binomial limits need a whole denominator (use normal limits)");
      }
    }
  }
}

// R's quantile type 7 (linear interpolation between order statistics), by selection: O(n).
double quantile_type7(std::vector<double>& values, double p) {
  const double h = (static_cast<double>(values.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto lo_it = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin(), lo_it, values.end());
  const double x_lo = *lo_it;
  const double x_hi = lo + 1 < values.size() ? *std::min_element(lo_it + 1, values.end()) : x_lo;
  return x_lo + (h - std::floor(h)) * (x_hi - x_lo);
}

}  // namespace

funnel_limit_pair funnel_limits_at(funnel_type type, funnel_limits limits, double target, double n,
                                   double coverage, double phi, double tau2) {
  if (!(coverage > 0 && coverage < 1)) {
    throw error(status::invalid_argument, "coverage must lie in (0, 1)",
                location{"funnel", 0, 0, "coverage"});
  }
  if (!(n > 0) || !std::isfinite(n)) {
    throw error(status::bad_input, "denominator must be a finite number > 0",
                location{"funnel", 0, 0, "n"});
  }
  check_target(type, target);
  if (!(phi > 0) || !std::isfinite(phi)) {
    throw error(status::invalid_argument, "phi must be a finite number > 0",
                location{"funnel", 0, 0, "phi"});
  }
  if (!(tau2 >= 0) || !std::isfinite(tau2)) {
    throw error(status::invalid_argument, "tau2 must be a finite number >= 0",
                location{"funnel", 0, 0, "tau2"});
  }
  const bool inflated = phi != 1.0 || tau2 != 0.0;
  if (limits == funnel_limits::exact && !inflated) {
    if (type == funnel_type::proportion && n != std::floor(n)) {
      throw error(status::bad_input,
                  "exact binomial limits need a whole denominator (use normal limits)",
                  location{"funnel", 0, 0, "n"});
    }
    const double tail = (1.0 - coverage) / 2.0;
    const std::array<double, 2> probs{tail, 1.0 - tail};
    std::array<double, 2> q{};
    exact_quantiles_or_error(type, target, n, probs, q, 0);
    return clip(type, {q[0] / n, q[1] / n});
  }
  const double half = normal_z(coverage) * std::sqrt(phi * null_variance(type, target, n) + tau2);
  return clip(type, {target - half, target + half});
}

funnel_result funnel(std::span<const double> num, std::span<const double> den,
                     const funnel_options& o) {
  validate(num, den, o);
  const std::size_t units = num.size();
  funnel_result r;

  double sum_num = 0;
  double sum_den = 0;
  for (std::size_t i = 0; i < units; ++i) {
    sum_num += num[i];
    sum_den += den[i];
  }
  // Pooled target: sum of numerators over sum of denominators (never the mean of the values).
  r.target = o.target.value_or(o.type == funnel_type::ratio ? 1.0 : sum_num / sum_den);
  check_target(o.type, r.target);

  r.value.resize(units);
  r.z.resize(units);
  r.z_unadjusted.resize(units);
  std::vector<double> variance(units);
  for (std::size_t i = 0; i < units; ++i) {
    r.value[i] = num[i] / den[i];
    variance[i] = null_variance(o.type, r.target, den[i]);
    r.z_unadjusted[i] = (r.value[i] - r.target) / std::sqrt(variance[i]);
  }

  // Overdispersion (Spiegelhalter 2005, QSHC): phi = (1/I) sum of winsorised z^2, I phi ~
  // chi-squared(I - 1) without overdispersion; tau^2 by DerSimonian-Laird moments with weights
  // w_i = 1 / s_i^2, 0 when I phi <= I - 1.
  if (units >= 2) {
    std::vector<double> scratch = r.z_unadjusted;
    const double lo = quantile_type7(scratch, o.winsor_lower);
    const double hi = quantile_type7(scratch, o.winsor_upper);
    double sum_z2 = 0;
    double sum_w = 0;
    double sum_w2 = 0;
    for (std::size_t i = 0; i < units; ++i) {
      const double zw = std::clamp(r.z_unadjusted[i], lo, hi);
      sum_z2 += zw * zw;
      const double w = 1.0 / variance[i];
      sum_w += w;
      sum_w2 += w * w;
    }
    const auto count = static_cast<double>(units);
    r.phi = sum_z2 / count;
    r.chi2 = count * r.phi;
    r.p_value = bm::cdf(bm::complement(bm::chi_squared_distribution<double>(count - 1), r.chi2));
    const double denom = sum_w - sum_w2 / sum_w;
    r.tau2 = denom > 0 ? std::max(0.0, (r.chi2 - (count - 1)) / denom) : 0.0;
  }

  double phi_used = 1;
  double tau2_used = 0;
  if (o.overdispersion == funnel_overdispersion::multiplicative && r.phi > 1) {
    phi_used = r.phi;
  } else if (o.overdispersion == funnel_overdispersion::additive && r.tau2 > 0) {
    tau2_used = r.tau2;
  }
  r.adjusted = phi_used != 1.0 || tau2_used != 0.0;

  r.lower95.resize(units);
  r.upper95.resize(units);
  r.lower998.resize(units);
  r.upper998.resize(units);
  r.flag.resize(units);
  const double z95 = normal_z(0.95);
  const double z998 = normal_z(0.998);
  const bool exact = o.limits == funnel_limits::exact && !r.adjusted;
  const std::array<double, 4> exact_probs{0.001, 0.025, 0.975, 0.999};
  for (std::size_t i = 0; i < units; ++i) {
    const double s = std::sqrt(phi_used * variance[i] + tau2_used);
    r.z[i] = (r.value[i] - r.target) / s;
    funnel_limit_pair l95;
    funnel_limit_pair l998;
    if (exact) {
      std::array<double, 4> q{};
      exact_quantiles_or_error(o.type, r.target, den[i], exact_probs, q, i + 1);
      l998 = clip(o.type, {q[0] / den[i], q[3] / den[i]});
      l95 = clip(o.type, {q[1] / den[i], q[2] / den[i]});
    } else {
      l95 = clip(o.type, {r.target - z95 * s, r.target + z95 * s});
      l998 = clip(o.type, {r.target - z998 * s, r.target + z998 * s});
    }
    r.lower95[i] = l95.lower;
    r.upper95[i] = l95.upper;
    r.lower998[i] = l998.lower;
    r.upper998[i] = l998.upper;
    r.flag[i] = r.value[i] > l998.upper   ? funnel_flag::high
                : r.value[i] < l998.lower ? funnel_flag::low
                                          : funnel_flag::none;
  }
  return r;
}

}  // namespace cmx::compass
