// Copies of long columns past the cache (private to src/spc).
//
// An ordinary store to a line that is not in the cache first reads the line from memory (a
// read for ownership), so copying a column that does not fit in the cache moves three bytes
// of memory traffic per byte copied: the source read, the destination read, the destination
// written back. A non-temporal (streaming) store writes whole lines through the
// write-combining buffers without reading them, which makes it two. Where the copy is read
// again soon, from the cache, streaming is a loss: it is only for columns far larger than the
// cache (Intel 64 and IA-32 Architectures Optimization Reference Manual, "Non-temporal stores";
// Drepper, "What Every Programmer Should Know About Memory", 2007, §6.1).
#ifndef CMX_SRC_SPC_STREAM_COPY_HPP
#define CMX_SRC_SPC_STREAM_COPY_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bits.hpp"  // CMX_SPC_SSE2

namespace cmx::spc::detail {
inline namespace CMX_SPC_KERNELS {

// A series of at least this many points has its x and y copied past the cache: those two
// columns alone (16 MiB) are more than a core's share of the last-level cache on the machines
// cmx targets, so the copy has left the cache before the next pass reads it anyway.
inline constexpr std::size_t streamed_points = std::size_t{1} << 20U;

// to[i] = from[i] (plus_zero: 0.0 + from[i], which turns -0 into +0 and leaves every other
// value, NaN included, as it is) with streaming stores where the target allows. The stores are
// weakly ordered: call finish_streaming() before another thread reads `to`.
inline void copy_streaming(const double* from, double* to, std::size_t count,
                           bool plus_zero) noexcept {
  std::size_t i = 0;
#if CMX_SPC_SSE2
  // _mm_stream_pd needs a 16-byte aligned target: at most one value goes first, plainly.
  if (count > 0 && (reinterpret_cast<std::uintptr_t>(to) % 16U) != 0) {
    to[0] = plus_zero ? 0.0 + from[0] : from[0];
    i = 1;
  }
  if (plus_zero) {
    const __m128d zero = _mm_setzero_pd();
    for (; i + 2 <= count; i += 2) {
      _mm_stream_pd(to + i, _mm_add_pd(zero, _mm_loadu_pd(from + i)));
    }
  } else {  // the bits as they are, a signalling NaN's too
    for (; i + 2 <= count; i += 2) {
      _mm_stream_pd(to + i, _mm_loadu_pd(from + i));
    }
  }
#endif
  for (; i < count; ++i) {
    to[i] = plus_zero ? 0.0 + from[i] : from[i];
  }
}

// to[i] = value for i < count, with streaming stores where the target allows: a column the
// chart fills and moves on from (a phase number per point, 4 bytes) costs its write alone rather
// than a read for ownership as well. T is a plain value of 1, 2, 4 or 8 bytes. The stores are
// weakly ordered: call finish_streaming() before another thread reads `to`.
template <class T>
void fill_streaming(T* to, std::size_t count, T value) noexcept {
  static_assert(std::is_trivially_copyable_v<T> && 16 % sizeof(T) == 0);
  std::size_t i = 0;
#if CMX_SPC_SSE2
  // Plain stores up to the first 16-byte boundary (T's alignment divides 16, so one is reached).
  for (; i < count && (reinterpret_cast<std::uintptr_t>(to + i) % 16U) != 0; ++i) {
    to[i] = value;
  }
  constexpr std::size_t per_store = 16 / sizeof(T);
  std::array<unsigned char, 16> pattern{};
  for (std::size_t k = 0; k < per_store; ++k) {
    std::memcpy(pattern.data() + k * sizeof(T), &value, sizeof(T));
  }
  const __m128i line = _mm_loadu_si128(reinterpret_cast<const __m128i*>(pattern.data()));
  for (; i + per_store <= count; i += per_store) {
    _mm_stream_si128(reinterpret_cast<__m128i*>(to + i), line);
  }
#endif
  for (; i < count; ++i) {
    to[i] = value;
  }
}

// Orders the streaming stores of this thread before its later stores (such as the one that
// tells another thread the copy is done).
inline void finish_streaming() noexcept {
#if CMX_SPC_SSE2
  _mm_sfence();
#endif
}

}  // namespace CMX_SPC_KERNELS
}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_STREAM_COPY_HPP
