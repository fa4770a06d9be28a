// Change of a measure from time 1 to time 2: the difference, the signed improvement, an effect
// size, a confidence interval and a classification against the minimally important difference
// (MID); intervals for single proportions, the reliable change index for individual patients and
// the share of responders.
//
// Classification (cmx's documented rule): with d the signed improvement (t2 - t1, negated when
// lower is better) and [L, U] its confidence interval,
//   improved      d >= MID and L > 0
//   deteriorated  d <= -MID and U < 0
//   stable        otherwise.
// Where no interval is available (a continuous value without n and SD) only d and the MID decide,
// and the result says so (ci_method "none").
#ifndef CMX_COMPASS_CHANGE_HPP
#define CMX_COMPASS_CHANGE_HPP

#include <cstdint>
#include <span>
#include <string>

#include "cmx/compass/measure.hpp"
#include "cmx/compass/observation.hpp"

namespace cmx::compass {

struct interval {
  double estimate = 0;
  double lower = 0;
  double upper = 0;
};

// Wilson score interval for x events in n trials (E. B. Wilson, JASA 22 (1927) 209-212; method 3
// of R. G. Newcombe, Stat Med 17 (1998) 857-872), no continuity correction. 0 <= x <= n, n > 0.
[[nodiscard]] interval wilson_interval(double x, double n, double confidence = 0.95);

// p1 - p2 with Newcombe's hybrid score interval (R. G. Newcombe, "Interval estimation for the
// difference between independent proportions: comparison of eleven methods", Stat Med 17 (1998)
// 873-890, method 10): L = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), U = d + sqrt((u1 - p1)^2 +
// (p2 - l2)^2) with (l_i, u_i) the Wilson intervals.
[[nodiscard]] interval newcombe_difference(double x1, double n1, double x2, double n2,
                                           double confidence = 0.95);

// mean1 - mean2 with Welch's interval (B. L. Welch, Biometrika 34 (1947) 28-35; Satterthwaite
// degrees of freedom). n_i >= 2, sd_i >= 0, not both SDs zero.
struct welch_interval {
  interval difference;
  double df = 0;
};
[[nodiscard]] welch_interval welch_difference(double mean1, double sd1, double n1, double mean2,
                                              double sd2, double n2, double confidence = 0.95);

// Jacobson and Truax (J Consult Clin Psychol 59 (1991) 12-19): RCI = (x2 - x1) / S_diff with
// S_diff = sqrt(2 SE^2), SE = sd1 sqrt(1 - r_xx); |RCI| > 1.96 is reliable change.
[[nodiscard]] double reliable_change_index(double x1, double x2, double sd_baseline,
                                           double reliability);

enum class change_class : std::int8_t { deteriorated = -1, stable = 0, improved = 1 };
[[nodiscard]] const char* to_string(change_class c) noexcept;

struct measure_change {
  double t1 = 0;
  double t2 = 0;
  double difference = 0;   // t2 - t1
  double improvement = 0;  // difference, negated when lower is better
  // Effect size of t2 - t1: Cohen's h = 2 asin sqrt(p2) - 2 asin sqrt(p1) for proportions,
  // Cohen's d with the pooled SD for continuous values with n and SD (J. Cohen, Statistical Power
  // Analysis for the Behavioral Sciences, 2nd ed., 1988); NaN otherwise.
  double effect_size = 0;
  interval ci;            // of the signed improvement (NaN bounds when ci_method is "none")
  std::string ci_method;  // "newcombe", "welch", "poisson-wald" (rates, O/E) or "none"
  change_class classification = change_class::stable;
};

// The change of measure m between two observations of the same unit, o1 at t1 before o2 at t2.
// Proportions:
// Newcombe; continuous with n and sd at both times: Welch; rates and observed/expected: the Wald
// interval of a difference of Poisson rates (var = x1 / d1^2 + x2 / d2^2, scaled by the rate
// multiplier; K. J. Rothman, S. Greenland, Modern Epidemiology, 3rd ed., 2008, ch. 14); other
// kinds: none. Throws cmx::error (bad_input) for a measure without MID or direction, and as
// measure_value() for bad observations.
[[nodiscard]] measure_change change_between(const measure& m, const observation& o1,
                                            const observation& o2, double confidence = 0.95);

// The share of patients whose signed improvement is at least the MID, with its Wilson interval.
struct responder_share {
  double responders = 0;
  double patients = 0;
  interval share;
};
[[nodiscard]] responder_share responders(std::span<const double> signed_improvement, double mid,
                                         double confidence = 0.95);

}  // namespace cmx::compass

#endif  // CMX_COMPASS_CHANGE_HPP
