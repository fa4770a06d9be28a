// Tabular and Bernoulli CUSUM (sources in cusum.hpp).
#include "cmx/spc/cusum.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cmx/error.hpp"
#include "spc/series_checks.hpp"

namespace cmx::spc {

cusum_result cusum(std::span<const double> statistics, std::span<const double> sizes, double centre,
                   double sigma, const cusum_options& options) {
  detail::check_statistics(statistics, sizes, "cusum");
  detail::check_centre_sigma(centre, sigma, "cusum");
  if (!(options.k >= 0.0 && std::isfinite(options.k))) {
    throw error(status::invalid_argument, "k must be a finite number >= 0",
                location{"cusum", 0, 0, "k"});
  }
  if (!(options.h > 0.0 && std::isfinite(options.h))) {
    throw error(status::invalid_argument, "h (decision interval) must be > 0",
                location{"cusum", 0, 0, "h"});
  }
  if (!(options.head_start >= 0.0 && options.head_start < options.h)) {
    throw error(status::invalid_argument, "head start must be in [0, h)",
                location{"cusum", 0, 0, "head_start"});
  }
  const std::size_t n = statistics.size();
  cusum_result out;
  out.z.resize(n);
  out.upper.resize(n);
  out.lower.resize(n);
  out.upper_signal.resize(n);
  out.lower_signal.resize(n);
  double up = options.head_start;
  double dn = options.head_start;
  for (std::size_t i = 0; i < n; ++i) {
    const double size = sizes.empty() ? 1.0 : sizes[i];
    const double z = (statistics[i] - centre) / (sigma / std::sqrt(size));
    // qcc adds the reference value to z first: max(0, C + (z - k)), max(0, C - (z + k)).
    up = std::max(0.0, up + (z - options.k));
    dn = std::max(0.0, dn - (z + options.k));
    out.z[i] = z;
    out.upper[i] = up;
    out.lower[i] = dn;
    out.upper_signal[i] = up > options.h ? 1 : 0;
    out.lower_signal[i] = dn > options.h ? 1 : 0;
  }
  return out;
}

bernoulli_cusum_result bernoulli_cusum(std::span<const double> outcomes,
                                       const bernoulli_cusum_options& options) {
  const double p0 = options.p0;
  const double p1 = options.p1;
  if (!(p0 > 0.0 && p0 < 1.0)) {
    throw error(status::invalid_argument, "p0 must be in (0, 1)", location{"cusum", 0, 0, "p0"});
  }
  if (!(p1 > 0.0 && p1 < 1.0)) {
    throw error(status::invalid_argument, "p1 must be in (0, 1)", location{"cusum", 0, 0, "p1"});
  }
  if (p1 <= p0) {
    throw error(status::invalid_argument, "p1 must be greater than p0 (an increase to detect)",
                location{"cusum", 0, 0, "p1"});
  }
  if (!(options.h > 0.0 && std::isfinite(options.h))) {
    throw error(status::invalid_argument, "h (decision interval) must be > 0",
                location{"cusum", 0, 0, "h"});
  }
  if (!(options.head_start >= 0.0 && options.head_start < options.h)) {
    throw error(status::invalid_argument, "head start must be in [0, h)",
                location{"cusum", 0, 0, "head_start"});
  }
  if (outcomes.empty()) {
    throw error(status::bad_input, "no outcomes", location{"cusum", 0, 0, "outcomes"});
  }
  // The weights as differences of logarithms: p1 / p0 overflows for a subnormal p0, and
  // log1p keeps the digits of 1 - p for a small p.
  const double w1 = std::log(p1) - std::log(p0);
  const double w0 = std::log1p(-p1) - std::log1p(-p0);
  bernoulli_cusum_result out;
  out.statistic.resize(outcomes.size());
  out.signal.resize(outcomes.size());
  double b = options.head_start;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const double x = outcomes[i];
    if (x != 0.0 && x != 1.0) {
      throw error(status::bad_input, "a binary outcome must be 0 or 1",
                  location{"cusum", static_cast<std::int64_t>(i + 1), 0, "outcomes"});
    }
    b = std::max(0.0, b + (x == 1.0 ? w1 : w0));
    out.statistic[i] = b;
    const bool fired = b > options.h;
    out.signal[i] = fired ? 1 : 0;
    if (fired && options.reset_after_signal) {
      b = 0.0;
    }
  }
  return out;
}

}  // namespace cmx::spc
