// Boundary checks shared by CUSUM and EWMA: statistics, sizes, centre and sigma.
#ifndef CMX_SRC_SPC_SERIES_CHECKS_HPP
#define CMX_SRC_SPC_SERIES_CHECKS_HPP

#include <cmath>
#include <cstdint>
#include <span>
#include <string>

#include "cmx/error.hpp"

namespace cmx::spc::detail {

inline void check_statistics(std::span<const double> statistics, std::span<const double> sizes,
                             const char* source) {
  if (statistics.empty()) {
    throw error(status::bad_input, "the series is empty", location{source, 0, 0, "statistics"});
  }
  if (!sizes.empty() && sizes.size() != statistics.size()) {
    throw error(status::invalid_argument,
                "has " + std::to_string(sizes.size()) + " sizes for " +
                    std::to_string(statistics.size()) + " points",
                location{source, 0, 0, "sizes"});
  }
  for (std::size_t i = 0; i < statistics.size(); ++i) {
    if (!std::isfinite(statistics[i])) {
      throw error(status::bad_input, "the statistic must be a finite number",
                  location{source, static_cast<std::int64_t>(i + 1), 0, "statistics"});
    }
    if (!sizes.empty() && !(sizes[i] > 0.0 && std::isfinite(sizes[i]))) {
      throw error(status::bad_input, "the subgroup size must be > 0",
                  location{source, static_cast<std::int64_t>(i + 1), 0, "sizes"});
    }
  }
}

inline void check_centre_sigma(double centre, double sigma, const char* source) {
  if (!std::isfinite(centre)) {
    throw error(status::invalid_argument, "the centre must be a finite number",
                location{source, 0, 0, "centre"});
  }
  if (!(sigma > 0.0 && std::isfinite(sigma))) {
    throw error(status::invalid_argument, "sigma must be a positive finite number",
                location{source, 0, 0, "sigma"});
  }
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SERIES_CHECKS_HPP
