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
  double z = centre;
  double decay = 1.0;  // (1 - lambda)^(2 i)
  for (std::size_t i = 0; i < n; ++i) {
    z = lambda * statistics[i] + keep * z;
    decay *= keep * keep;
    const double size = sizes.empty() ? 1.0 : sizes[i];
    const double s = std::sqrt(sigma * sigma / size * (ratio * (1.0 - decay)));
    out.ewma[i] = z;
    out.sigma[i] = s;
    out.lcl[i] = centre - options.L * s;
    out.ucl[i] = centre + options.L * s;
    out.violation[i] = z < out.lcl[i] || z > out.ucl[i] ? 1 : 0;
  }
  return out;
}

}  // namespace cmx::spc
