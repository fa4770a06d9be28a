// EWMA with exact time-varying limits (sources in ewma.hpp).
#include "cmx/spc/ewma.hpp"

#include <cmath>

#include "cmx/error.hpp"
#include "spc/series_checks.hpp"

namespace cmx::spc {

ewma_result ewma(std::span<const double> statistics, std::span<const double> sizes, double centre,
                 double sigma, const ewma_options& options) {
  detail::check_statistics(statistics, sizes, "ewma");
  detail::check_centre_sigma(centre, sigma, "ewma");
  const double lambda = options.lambda;
  if (!(lambda > 0.0 && lambda <= 1.0)) {
    throw error(status::invalid_argument, "lambda must be in (0, 1]",
                location{"ewma", 0, 0, "lambda"});
  }
  if (!(options.L > 0.0 && std::isfinite(options.L))) {
    throw error(status::invalid_argument, "L must be > 0", location{"ewma", 0, 0, "L"});
  }
  const std::size_t n = statistics.size();
  ewma_result out;
  out.ewma.resize(n);
  out.sigma.resize(n);
  out.lcl.resize(n);
  out.ucl.resize(n);
  out.violation.resize(n);
  const double keep = 1.0 - lambda;
  const double ratio = lambda / (2.0 - lambda);
  // 1 - (1 - lambda)^(2 i) as -expm1(2 i log1p(-lambda)): a product of (1 - lambda)^2 loses
  // the digits of a small lambda (1 - 1e-17 is 1), and then the limits collapse onto the centre.
  const double log_keep = std::log1p(-lambda);  // -inf at lambda = 1: the factor is then 1
  double z = centre;
  for (std::size_t i = 0; i < n; ++i) {
    z = lambda * statistics[i] + keep * z;
    const double grown = -std::expm1(2.0 * static_cast<double>(i + 1) * log_keep);
    const double size = sizes.empty() ? 1.0 : sizes[i];
    // sigma is scaled outside the square root, so that no sigma squared can overflow or
    // underflow (sigma 1e-170 or 1e160).
    const double s = sigma / std::sqrt(size) * std::sqrt(ratio * grown);
    out.ewma[i] = z;
    out.sigma[i] = s;
    out.lcl[i] = centre - options.L * s;
    out.ucl[i] = centre + options.L * s;
    out.violation[i] = z < out.lcl[i] || z > out.ucl[i] ? 1 : 0;
  }
  return out;
}

}  // namespace cmx::spc
