// The plain streaming pass every kernel is measured against: the sum of N doubles with several
// independent accumulators (so the loop runs at memory speed, not at the latency of one add).
#ifndef CMX_BENCH_BASELINE_HPP
#define CMX_BENCH_BASELINE_HPP

#include <cstddef>
#include <random>
#include <span>
#include <vector>

namespace cmx::bench {

inline double streaming_sum(std::span<const double> values) {
  double a0 = 0;
  double a1 = 0;
  double a2 = 0;
  double a3 = 0;
  std::size_t i = 0;
  for (; i + 4 <= values.size(); i += 4) {
    a0 += values[i];
    a1 += values[i + 1];
    a2 += values[i + 2];
    a3 += values[i + 3];
  }
  for (; i < values.size(); ++i) {
    a0 += values[i];
  }
  return (a0 + a1) + (a2 + a3);
}

// The baseline's values: N(10, 2), seed 42, as the charts' synthetic y.
inline std::vector<double> baseline_values(std::size_t count) {
  std::vector<double> values(count);
  std::mt19937_64 rng(42);
  std::normal_distribution<double> normal(10.0, 2.0);
  for (double& v : values) {
    v = normal(rng);
  }
  return values;
}

}  // namespace cmx::bench

#endif  // CMX_BENCH_BASELINE_HPP
