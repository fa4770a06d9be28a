// The rule flags of the latest points of a pass, kept in cache until no signal can set them any
// more, then written out a block at a time (private to src/spc).
//
// A pass sets the flags of a point only while the point is among the latest: a signal flags the
// points of its pattern when it completes or extends, and on the register path a pattern spans at
// most 64 eligible points. Setting them in the flag column itself made every line of that column
// (4 bytes a point, 40 MB at 10^7 points) come from memory to be cleared, and go back. Here the
// latest `capacity` points' flags live in a ring, and a block of them goes to the column once the
// pass is `capacity` points past it: each point of the column is written once. A flag of an
// older point (a pattern stretched over missing or excluded points, a whole-phase rule) goes to
// the column directly: its block is written out already.
//
// The blocks go out with plain stores. Streaming stores (stream_copy.hpp), used here before,
// measured the same on one thread and slower on two on an AMD EPYC (Zen 4) virtual machine
// (December 2026): the fastest 10^7-point rule pass of BM_IChartAllRules took 30.2-30.7 ms with
// them against 22.9-24.4 ms with plain stores (alternated runs, two threads; why is not
// established). Where that changes, measure both again before going back.
#ifndef CMX_SRC_SPC_RECENT_FLAGS_HPP
#define CMX_SRC_SPC_RECENT_FLAGS_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace cmx::spc::detail {

class recent_flags {
 public:
  static constexpr std::size_t block = 64;            // points written out together
  static constexpr std::size_t capacity = 4 * block;  // points held (a power of two)

  // The flags of points [begin, end) of `flags` (every one of them is written; none outside;
  // none at all when end is begin).
  recent_flags(std::span<std::uint32_t> flags, std::size_t begin, std::size_t end) noexcept
      : flags_(flags), begin_(begin), end_(end), first_(begin) {}

  // Before the pass flags points up to (not including) `next`: the blocks that leave the ring
  // are written out. Points must come in order.
  void reach(std::size_t next) noexcept {
    while (next > first_ + capacity && first_ < end_) {
      write_out(block);
    }
  }

  void set(std::size_t i, std::uint32_t bits) noexcept {
    if (i >= first_) {
      ring_[(i - begin_) & (capacity - 1)] |= bits;
    } else {
      flags_[i] |= bits;
    }
  }

  // ORs bits[k] into the flags of points first + k, k < count: every one of them held (first at
  // or past the first point not written out, first + count at most `capacity` past it).
  void set_points(std::size_t first, const std::uint32_t* bits, std::size_t count) noexcept {
    const std::size_t slot = (first - begin_) & (capacity - 1);
    const std::size_t before_wrap = std::min(count, capacity - slot);
    for (std::size_t k = 0; k < before_wrap; ++k) {
      ring_[slot + k] |= bits[k];
    }
    for (std::size_t k = before_wrap; k < count; ++k) {
      ring_[k - before_wrap] |= bits[k];
    }
  }

  // At the end of the pass: every point not yet written out.
  void finish() noexcept {
    while (first_ < end_) {
      write_out(std::min(block, end_ - first_));
    }
  }

 private:
  // The `count` oldest points held (count <= block; the ring slot of first_ starts a block).
  void write_out(std::size_t count) noexcept {
    std::uint32_t* held = ring_.data() + ((first_ - begin_) & (capacity - 1));
    std::memcpy(flags_.data() + first_, held, count * sizeof(std::uint32_t));
    std::fill(held, held + count, 0U);
    first_ += count;
  }

  std::span<std::uint32_t> flags_;
  std::size_t begin_;
  std::size_t end_;
  std::size_t first_;  // the first point not written out
  std::array<std::uint32_t, capacity> ring_{};
};

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_RECENT_FLAGS_HPP
