// Change over time: see change.hpp for the sources of each formula.
#include "cmx/compass/change.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "cmx/compass/scoring.hpp"
#include "cmx/error.hpp"

namespace cmx::compass {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double z_for(double confidence) {
  if (!(confidence > 0 && confidence < 1)) {
    throw error(status::invalid_argument, "confidence must lie in (0, 1)",
                location{"options", 0, 0, "confidence"});
  }
  return boost::math::quantile(boost::math::normal_distribution<double>(),
                               1.0 - (1.0 - confidence) / 2.0);
}

void check_counts(double x, double n, const char* which) {
  if (!std::isfinite(x) || !std::isfinite(n) || n <= 0 || x < 0 || x > n) {
    throw error(status::bad_input, std::string("counts need 0 <= x <= n and n > 0 (") + which + ")",
                location{"proportion", 0, 0, which});
  }
}

}  // namespace

const char* to_string(change_class c) noexcept {
  switch (c) {
    case change_class::improved:
      return "improved";
    case change_class::deteriorated:
      return "deteriorated";
    case change_class::stable:
      break;
  }
  return "stable";
}

interval wilson_interval(double x, double n, double confidence) {
  check_counts(x, n, "x");
  const double z = z_for(confidence);
  const double p = x / n;
  const double c = z * z;
  // Wilson (1927) in Newcombe's (1998a) closed form: (2np + z^2 +- z sqrt(z^2 + 4npq)) /
  // (2 (n + z^2)).
  const double centre = (2.0 * x + c) / (2.0 * (n + c));
  const double half = z * std::sqrt(c + 4.0 * x * (1.0 - p)) / (2.0 * (n + c));
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

interval newcombe_difference(double x1, double n1, double x2, double n2, double confidence) {
  check_counts(x1, n1, "x1");
  check_counts(x2, n2, "x2");
  const auto w1 = wilson_interval(x1, n1, confidence);
  const auto w2 = wilson_interval(x2, n2, confidence);
  const double p1 = w1.estimate;
  const double p2 = w2.estimate;
  const double d = p1 - p2;
  return {d, d - std::sqrt((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2)),
          d + std::sqrt((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower))};
}

welch_interval welch_difference(double mean1, double sd1, double n1, double mean2, double sd2,
                                double n2, double confidence) {
  if (!(n1 >= 2 && n2 >= 2) || !(sd1 >= 0 && sd2 >= 0) || (sd1 == 0 && sd2 == 0) ||
      !std::isfinite(mean1) || !std::isfinite(mean2)) {
    throw error(status::bad_input,
                "Welch's interval needs n >= 2, SD >= 0 (not both 0), finite means",
                location{"welch", 0, 0, "n"});
  }
  (void)z_for(confidence);
  const double v1 = sd1 * sd1 / n1;
  const double v2 = sd2 * sd2 / n2;
  const double se = std::sqrt(v1 + v2);
  // Welch-Satterthwaite degrees of freedom.
  const double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
  const double t = boost::math::quantile(boost::math::students_t_distribution<double>(df),
                                         1.0 - (1.0 - confidence) / 2.0);
  const double d = mean1 - mean2;
  return {{d, d - t * se, d + t * se}, df};
}

double reliable_change_index(double x1, double x2, double sd_baseline, double reliability) {
  if (!(sd_baseline > 0) || !(reliability >= 0 && reliability < 1) || !std::isfinite(x1) ||
      !std::isfinite(x2)) {
    throw error(status::bad_input, "the RCI needs a baseline SD > 0 and 0 <= reliability < 1",
                location{"rci", 0, 0, "reliability"});
  }
  const double se = sd_baseline * std::sqrt(1.0 - reliability);
  return (x2 - x1) / std::sqrt(2.0 * se * se);
}

measure_change change_between(const measure& m, const observation& o1, const observation& o2,
                              double confidence) {
  if (m.direction == improvement::unspecified) {
    throw error(status::bad_input, "direction missing: say whether higher or lower is better",
                location{"measure '" + m.id + "'", 0, 0, "direction"});
  }
  if (!m.mid || !(*m.mid > 0)) {
    throw error(status::bad_input, "classifying change needs the measure's MID (> 0)",
                location{"measure '" + m.id + "'", 0, 0, "mid"});
  }
  const double z = z_for(confidence);
  measure_change c;
  c.t1 = measure_value(m, o1);
  c.t2 = measure_value(m, o2);
  c.difference = c.t2 - c.t1;
  const double sign = m.direction == improvement::higher_is_better ? 1.0 : -1.0;
  c.improvement = sign * c.difference;
  c.effect_size = nan;
  interval diff{c.difference, nan, nan};
  c.ci_method = "none";
  switch (m.scoring) {
    case scoring_kind::proportion: {
      // Newcombe's interval for p2 - p1 (sample 1 is time 2).
      diff = newcombe_difference(*o2.numerator, *o2.denominator, *o1.numerator, *o1.denominator,
                                 confidence);
      c.ci_method = "newcombe";
      c.effect_size = 2.0 * std::asin(std::sqrt(c.t2)) - 2.0 * std::asin(std::sqrt(c.t1));
      break;
    }
    case scoring_kind::continuous:
      if (o1.n && o1.sd && o2.n && o2.sd) {
        diff = welch_difference(c.t2, *o2.sd, *o2.n, c.t1, *o1.sd, *o1.n, confidence).difference;
        c.ci_method = "welch";
        const double pooled =
            std::sqrt(((*o1.n - 1.0) * *o1.sd * *o1.sd + (*o2.n - 1.0) * *o2.sd * *o2.sd) /
                      (*o1.n + *o2.n - 2.0));
        c.effect_size = pooled > 0 ? c.difference / pooled : nan;
      }
      break;
    case scoring_kind::rate:
    case scoring_kind::observed_expected: {
      const bool oe = m.scoring == scoring_kind::observed_expected;
      const double d1 = oe ? *o1.expected : *o1.denominator;
      const double d2 = oe ? *o2.expected : *o2.denominator;
      const double scale = oe ? 1.0 : m.multiplier;
      const double se = scale * std::sqrt(*o1.numerator / (d1 * d1) + *o2.numerator / (d2 * d2));
      diff = {c.difference, c.difference - z * se, c.difference + z * se};
      c.ci_method = "poisson-wald";
      break;
    }
    case scoring_kind::count:
    case scoring_kind::time_between:
      break;
  }
  // The interval of the signed improvement.
  c.ci = sign > 0 ? interval{c.improvement, diff.lower, diff.upper}
                  : interval{c.improvement, -diff.upper, -diff.lower};
  const double mid = *m.mid;
  const bool have_ci = c.ci_method != "none";
  if (c.improvement >= mid && (!have_ci || c.ci.lower > 0)) {
    c.classification = change_class::improved;
  } else if (c.improvement <= -mid && (!have_ci || c.ci.upper < 0)) {
    c.classification = change_class::deteriorated;
  } else {
    c.classification = change_class::stable;
  }
  return c;
}

responder_share responders(std::span<const double> signed_improvement, double mid,
                           double confidence) {
  if (signed_improvement.empty()) {
    throw error(status::bad_input, "no patients", location{"responders", 0, 0, "improvement"});
  }
  if (!(mid > 0)) {
    throw error(status::bad_input, "the MID must be > 0", location{"responders", 0, 0, "mid"});
  }
  responder_share r;
  for (std::size_t i = 0; i < signed_improvement.size(); ++i) {
    const double d = signed_improvement[i];
    if (!std::isfinite(d)) {
      throw error(status::bad_input, "an improvement must be a finite number",
                  location{"responders", static_cast<std::int64_t>(i + 1), 0, "improvement"});
    }
    r.responders += d >= mid ? 1.0 : 0.0;
  }
  r.patients = static_cast<double>(signed_improvement.size());
  r.share = wilson_interval(r.responders, r.patients, confidence);
  return r;
}

}  // namespace cmx::compass
