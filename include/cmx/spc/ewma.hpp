// The EWMA chart with exact time-varying limits.
#ifndef CMX_SPC_EWMA_HPP
#define CMX_SPC_EWMA_HPP

#include <cstdint>
#include <span>
#include <vector>

namespace cmx::spc {

// Montgomery, Introduction to Statistical Quality Control, 6th ed., sec. 9.2:
// z_i = lambda x_i + (1 - lambda) z_{i-1}, z_0 = centre;
// sigma_i = sigma / sqrt(n_i) * sqrt(lambda / (2 - lambda) * (1 - (1 - lambda)^(2 i)));
// limits centre +- L sigma_i; a violation where z_i is strictly outside. As qcc 2.7's ewma():
// for phase-II data pass the calibration centre and sigma with all points (calibration then
// new); the smoothing and the limit factor run on through the new points.
struct ewma_options {
  double lambda = 0.2;  // in (0, 1]
  double L = 3.0;       // limit width in sigmas (> 0)
};

struct ewma_result {
  std::vector<double> ewma, sigma, lcl, ucl;
  std::vector<std::uint8_t> violation;
};

// Throws cmx::error: empty or NaN/inf statistics, sizes <= 0 or of another length, sigma not
// positive, lambda outside (0, 1], L <= 0.
[[nodiscard]] ewma_result ewma(std::span<const double> statistics, std::span<const double> sizes,
                               double centre, double sigma, const ewma_options& options = {});

}  // namespace cmx::spc

#endif  // CMX_SPC_EWMA_HPP
