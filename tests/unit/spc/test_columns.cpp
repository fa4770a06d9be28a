// Result columns are sized by resize_column (src/spc/columns.hpp): a column that grows is
// allocated afresh with every value zero, long (marked for huge pages) or not; one that need not
// grow keeps resize()'s meaning.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>
#include <vector>

#include "spc/columns.hpp"

namespace detail = cmx::spc::detail;

TEST_CASE("a growing column is fresh zeros, a shrinking one keeps its values", "[spc][columns]") {
  std::vector<double> column{1.0, 2.0, 3.0};
  column.shrink_to_fit();
  detail::resize_column(column, 10);
  REQUIRE(column.size() == 10);
  CHECK(std::all_of(column.begin(), column.end(), [](double v) { return v == 0.0; }));

  std::iota(column.begin(), column.end(), 1.0);
  detail::resize_column(column, 4);  // within capacity: resize() keeps the first values
  REQUIRE(column.size() == 4);
  CHECK(column == std::vector<double>{1.0, 2.0, 3.0, 4.0});
  detail::resize_column(column, 8);  // still within capacity: resize() zero-fills the new tail
  CHECK(column == std::vector<double>{1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0});
}

TEST_CASE("a column long enough for huge pages grows as any other", "[spc][columns]") {
  const std::size_t size = detail::huge_page_column_bytes / sizeof(std::int32_t) * 3 + 17;
  std::vector<std::int32_t> column(100, 7);
  detail::resize_column(column, size);
  REQUIRE(column.size() == size);
  CHECK(std::all_of(column.begin(), column.end(), [](std::int32_t v) { return v == 0; }));
}
