// CUSUM charts: the standardized tabular CUSUM (k, h, head start; qcc's cusum as a special case)
// and the Bernoulli CUSUM for binary outcomes.
#ifndef CMX_SPC_CUSUM_HPP
#define CMX_SPC_CUSUM_HPP

#include <cstdint>
#include <span>
#include <vector>

namespace cmx::spc {

// Standardized tabular CUSUM (Montgomery, Introduction to Statistical Quality Control, 6th ed.,
// sec. 9.1.5): z_i = (x_i - centre) / (sigma / sqrt(n_i)),
// C+_i = max(0, C+_{i-1} + z_i - k), C-_i = max(0, C-_{i-1} - z_i - k), C+_0 = C-_0 = head start;
// a signal where C+ > h or C- > h. qcc 2.7's cusum() is this with k = se.shift / 2,
// h = decision.interval and C- reported negated.
struct cusum_options {
  double k = 0.5;           // reference value in standard errors (> = 0)
  double h = 5.0;           // decision interval in standard errors (> 0)
  double head_start = 0.0;  // fast initial response, in [0, h)
};

struct cusum_result {
  std::vector<double> z;                   // standardized statistic
  std::vector<double> upper;               // C+ (>= 0)
  std::vector<double> lower;               // C- (>= 0; qcc's `neg` is -lower)
  std::vector<std::uint8_t> upper_signal;  // C+ > h
  std::vector<std::uint8_t> lower_signal;  // C- > h
};

// statistics: one value per point (subgroup means); sizes: subgroup sizes (empty = all 1).
// Throws cmx::error: empty or NaN/inf statistics, sizes <= 0 or of another length, sigma not
// positive, k < 0, h <= 0, head start outside [0, h) (each names the field and point).
[[nodiscard]] cusum_result cusum(std::span<const double> statistics, std::span<const double> sizes,
                                 double centre, double sigma, const cusum_options& options = {});

// Bernoulli CUSUM (Reynolds & Stoumbos 1999, J. Qual. Technol. 31:87-108; in the
// log-likelihood-ratio scale of Steiner, Cook, Farewell & Treasure 2000, Biostatistics 1:441-452):
// each outcome x in {0, 1} adds W = x ln(p1/p0) + (1 - x) ln((1 - p1)/(1 - p0));
// B_t = max(0, B_{t-1} + W_t), B_0 = head start; a signal where B_t > h. Reynolds & Stoumbos'
// scale divides B and h by ln(p1 (1 - p0) / (p0 (1 - p1))).
struct bernoulli_cusum_options {
  double p0 = 0.0;  // in-control probability, in (0, 1)
  double p1 = 0.0;  // out-of-control probability to detect, in (p0, 1)
  double h = 0.0;   // decision interval (> 0)
  double head_start = 0.0;
  bool reset_after_signal = false;  // restart from 0 after each signal
};

struct bernoulli_cusum_result {
  std::vector<double> statistic;     // B_t
  std::vector<std::uint8_t> signal;  // B_t > h
};

// Throws cmx::error: an outcome other than 0 or 1 (the point named), p0/p1 outside (0, 1),
// p1 <= p0, h <= 0, head start outside [0, h).
[[nodiscard]] bernoulli_cusum_result bernoulli_cusum(std::span<const double> outcomes,
                                                     const bernoulli_cusum_options& options);

}  // namespace cmx::spc

#endif  // CMX_SPC_CUSUM_HPP
