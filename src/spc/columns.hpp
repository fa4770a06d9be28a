// Result columns of long series, sized for a first call that is not dominated by page faults
// (private to src/spc).
//
// A fresh 10^7-point chart with its rule flags touches about 290 MB that the process has never
// used: in 4 KiB pages that is some 70,000 page faults, most of a first call's time. Marked for
// transparent huge pages before their first touch, the long columns fault in 2 MiB pages, 512
// times less often (Linux madvise(2), MADV_HUGEPAGE; the kernel's transparent_hugepage setting
// "madvise", Debian's default, honours the mark and "always" needs none).
#ifndef CMX_SRC_SPC_COLUMNS_HPP
#define CMX_SRC_SPC_COLUMNS_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cmx::spc::detail {

// Columns of at least this many bytes are marked: two huge pages and more.
inline constexpr std::size_t huge_page_column_bytes = std::size_t{4} << 20U;

// Asks the kernel for huge pages over the whole 4 KiB pages of [data, data + bytes). Advice
// only: where it is not taken (another kernel, no transparent huge pages) nothing changes.
inline void advise_huge_pages([[maybe_unused]] void* data, [[maybe_unused]] std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t page = 4096;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + page - 1) / page * page;
  const std::uintptr_t last = (begin + bytes) / page * page;
  if (bytes >= huge_page_column_bytes && last > first) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): the page-aligned address inside the column
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#endif
}

// column.resize(size) for a column whose values are all about to be written. One that must grow
// is allocated afresh with every value zero (its old values, about to be overwritten, are not
// copied), a long one marked for huge pages before its first touch; one that need not grow is
// resized as resize() does.
template <class T>
void resize_column(std::vector<T>& column, std::size_t size) {
  if (size > column.capacity()) {
    column.clear();
    column.reserve(size);
    advise_huge_pages(column.data(), size * sizeof(T));
  }
  column.resize(size);
}

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_COLUMNS_HPP
