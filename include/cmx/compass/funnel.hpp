// Funnel plots for comparing units (Spiegelhalter 2005): every unit's indicator against a target,
// with control limits at its own denominator, z-scores, the overdispersion test on winsorised
// z-scores and the multiplicative or additive (random-effects) adjustment.
//
// It lives in cmx::compass, not cmx::spc: a funnel compares many units at one time (issue 5, the
// value compass's "comparing units"), where SPC charts follow one unit over time.
//
// References: D. J. Spiegelhalter, "Funnel plots for comparing institutional performance",
// Statistics in Medicine 24 (2005) 1185-1202 (limits, Appendix A.1.1 interpolation); and
// D. J. Spiegelhalter, "Handling over-dispersion of performance indicators", Quality and Safety in
// Health Care 14 (2005) 347-351 (winsorised phi, tau^2 by DerSimonian-Laird moments).
#ifndef CMX_COMPASS_FUNNEL_HPP
#define CMX_COMPASS_FUNNEL_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cmx::compass {

// What a unit's numerator and denominator are.
//   proportion: events y out of n trials (binomial); value y / n; target defaults to sum y / sum n.
//   ratio:      observed O over expected E (Poisson, an SMR); value O / E; target defaults to 1.
//   rate:       events y over exposure E (Poisson); value y / E; target defaults to sum y / sum E.
enum class funnel_type : std::uint8_t { proportion = 0, ratio = 1, rate = 2 };

// How the limits are computed without an overdispersion adjustment.
//   exact:  binomial / Poisson quantiles with Spiegelhalter's (2005, Appendix A.1.1) interpolation
//           between the discrete steps;
//   normal: target +/- z_p * s_i, s_i^2 = target (1 - target) / n_i or target / E_i.
enum class funnel_limits : std::uint8_t { exact = 0, normal = 1 };

// The overdispersion adjustment (Spiegelhalter 2005, QSHC). When it is in effect (phi > 1 for
// multiplicative, tau^2 > 0 for additive) the limits are normal limits with the inflated
// variance, whatever `limits` says: discrete exact limits cannot be inflated.
enum class funnel_overdispersion : std::uint8_t { none = 0, multiplicative = 1, additive = 2 };

// A unit's flag by the 99.8% limits (after any adjustment): strictly above the upper or strictly
// below the lower limit.
enum class funnel_flag : std::int8_t { low = -1, none = 0, high = 1 };

struct funnel_options {
  funnel_type type = funnel_type::proportion;
  funnel_limits limits = funnel_limits::exact;
  funnel_overdispersion overdispersion = funnel_overdispersion::none;
  std::optional<double> target;  // default: pooled (proportion, rate) or 1 (ratio)
  double winsor_lower = 0.10;    // winsorising quantiles for phi (Spiegelhalter 2005: 10%, 90%)
  double winsor_upper = 0.90;
};

// Per unit results (struct of arrays, one entry per unit in input order) and the summary.
struct funnel_result {
  double target = 0;
  double phi = 1;      // (1/I) sum of squared winsorised z-scores
  double tau2 = 0;     // random-effects variance (DerSimonian-Laird moments), 0 if I phi <= I - 1
  double chi2 = 0;     // I phi, the test statistic, chi-squared on I - 1 df under no overdispersion
  double p_value = 1;  // upper tail of chi-squared(I - 1) at chi2
  bool adjusted = false;  // an overdispersion adjustment changed the limits and z-scores
  std::vector<double> value;
  std::vector<double> z;  // after any adjustment
  std::vector<double> z_unadjusted;
  std::vector<double> lower95, upper95, lower998, upper998;
  std::vector<funnel_flag> flag;
};

// The funnel of units with the given numerators and denominators (the same length, >= 1 unit; >= 2
// for an overdispersion adjustment). Throws cmx::error (bad_input) naming the unit index (row,
// 1-based) and field for: a NaN or negative count, a zero denominator (an expected count of zero
// for ratio), a numerator above its denominator (proportion), a non-whole denominator with exact
// binomial limits, a target outside (0, 1) (proportion) or <= 0 (ratio, rate).
[[nodiscard]] funnel_result funnel(std::span<const double> numerator,
                                   std::span<const double> denominator,
                                   const funnel_options& options = {});

// Control limits at one denominator, for drawing the funnel's curves.
struct funnel_limit_pair {
  double lower = 0;
  double upper = 0;
};

// The limits of central coverage `coverage` (e.g. 0.95, 0.998) at denominator n around target.
// exact: Spiegelhalter's interpolated binomial (proportion) or Poisson (ratio, rate) quantiles;
// normal: target +/- z * sqrt(variance_factor * s^2) with variance_factor = phi (multiplicative)
// and + tau2 (additive). Limits are clipped to the support (proportions to [0, 1], ratios >= 0).
// Throws cmx::error as funnel() does for its arguments (the target, a whole n for exact binomial
// limits, phi > 0, tau2 >= 0, coverage in (0, 1)), and out_of_range where exact limits cannot be
// computed (a Poisson mean of about 1e11 or more: use normal limits).
[[nodiscard]] funnel_limit_pair funnel_limits_at(funnel_type type, funnel_limits limits,
                                                 double target, double n, double coverage,
                                                 double phi = 1, double tau2 = 0);

}  // namespace cmx::compass

#endif  // CMX_COMPASS_FUNNEL_HPP
