// The sums of sums.hpp over a long series on several threads, with the bits of one thread: each
// part computes the partial sums of its own blocks, and the blocks are then folded in the order
// (and with the arithmetic) of the one-thread loop.
#ifndef CMX_SRC_SPC_SPLIT_SUMS_HPP
#define CMX_SRC_SPC_SPLIT_SUMS_HPP

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "split_work.hpp"
#include "stream_copy.hpp"
#include "sums.hpp"

namespace cmx::spc::detail {

// The blocks of sum_ranges_below and sum_values_and_ranges: block k is v[1 + k * sum_block,
// min(size, 1 + (k + 1) * sum_block)).
inline std::size_t sum_blocks_of(std::size_t size) noexcept {
  return size <= 1 ? 0 : (size - 1 + sum_block - 1) / sum_block;
}
inline std::size_t sum_block_begin(std::size_t k) noexcept {
  return 1 + k * sum_block;
}

// sum_ranges_below(v, limit) on up to `threads` threads (0: one per hardware thread).
inline range_sum sum_ranges_below_split(std::span<const double> v, double limit, unsigned threads) {
  const std::size_t blocks = sum_blocks_of(v.size());
  const std::size_t parts = part_count(v.size(), threads);
  if (parts == 1) {
    return sum_ranges_below(v, limit);
  }
  std::vector<double> sums(blocks);
  std::vector<double> counts(blocks);
  run_parts(parts, [&](std::size_t p) {
    for (std::size_t k = part_begin(blocks, parts, p); k < part_begin(blocks, parts, p + 1); ++k) {
      const std::size_t begin = sum_block_begin(k);
      ranges_below_of_block(v.data(), begin, std::min(v.size(), begin + sum_block), limit, sums[k],
                            counts[k]);
    }
  });
  compensated_sum total;
  double count = 0.0;
  for (std::size_t k = 0; k < blocks; ++k) {
    total.add(sums[k]);
    count += counts[k];
  }
  return range_sum{total.value(), static_cast<std::size_t>(count)};
}

// Sets out[i] = value for every i, on up to `threads` threads; a column of streamed_points or
// more with streaming stores (stream_copy.hpp): it has left the cache before it is read again.
template <class T>
void fill_split(std::span<T> out, T value, unsigned threads) {
  const std::size_t parts = part_count(out.size(), threads);
  const bool stream = out.size() >= streamed_points;
  run_parts(parts, [&](std::size_t p) {
    const std::size_t begin = part_begin(out.size(), parts, p);
    const std::size_t end = part_begin(out.size(), parts, p + 1);
    if (stream) {
      fill_streaming(out.data() + begin, end - begin, value);
      finish_streaming();  // before the part reports itself done
    } else {
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(begin),
                out.begin() + static_cast<std::ptrdiff_t>(end), value);
    }
  });
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SPLIT_SUMS_HPP
