// Work on one long series split into parts, one thread per part, for the passes whose parts are
// independent (each writes only its own points) or are joined in a fixed order afterwards (so
// the result has the same bits on any number of threads).
#ifndef CMX_SRC_SPC_SPLIT_WORK_HPP
#define CMX_SRC_SPC_SPLIT_WORK_HPP

#include <algorithm>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace cmx::spc::detail {

// Below this many points per part, a thread costs more than it saves.
inline constexpr std::size_t min_points_per_part = std::size_t{1} << 17U;

// How many parts `size` points make on `threads` threads (0: one per hardware thread).
inline std::size_t part_count(std::size_t size, unsigned threads) noexcept {
  std::size_t count = threads != 0 ? threads : std::thread::hardware_concurrency();
  return std::min(std::max<std::size_t>(count, 1),
                  std::max<std::size_t>(size / min_points_per_part, 1));
}

// The first point of part p of `size` points in `parts` parts (p == parts: size).
inline std::size_t part_begin(std::size_t size, std::size_t parts, std::size_t p) noexcept {
  return size / parts * p + std::min(p, size % parts);
}

// Runs work(p) for every p in [0, parts): part 0 on the calling thread, the others on threads of
// their own (or on the calling thread, after part 0, when no thread can be started). Once every
// part has finished, the failure of the lowest part, if any, is rethrown: the one a pass in
// order would have met first. One part allocates nothing; several allocate their threads.
template <class Work>
void run_parts(std::size_t parts, Work&& work) {
  if (parts <= 1) {  // the calling thread alone, without allocating
    work(std::size_t{0});
    return;
  }
  std::vector<std::exception_ptr> failures(parts);
  const auto run = [&](std::size_t p) {
    try {
      work(p);
    } catch (...) {
      failures[p] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> workers;
    workers.reserve(parts - 1);  // no allocation between starting two threads
    std::size_t started = 1;
    for (; started < parts; ++started) {
      try {
        workers.emplace_back(run, started);
      } catch (const std::system_error&) {
        break;
      }
    }
    run(0);
    for (std::size_t p = started; p < parts; ++p) {
      run(p);
    }
  }
  for (const std::exception_ptr& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_SPLIT_WORK_HPP
