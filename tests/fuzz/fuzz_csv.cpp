// CSV reader (cmx::io::read_csv), its typed accessors, and the compass observations CSV on top.
#include <sstream>
#include <string>

#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"
#include "cmx/io/csv.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(cmx::fuzz::text_of(data, size))};
  try {
    const auto table = cmx::io::read_csv(in, "fuzz.csv");
    for (std::size_t r = 0; r < table.row_count(); ++r) {
      for (std::size_t c = 0; c < table.column_count(); ++c) {
        (void)table.cell(r, c);
        try {
          (void)table.number(r, c);
        } catch (const cmx::error&) {
        }
      }
    }
    (void)cmx::io::read_observations(table);
  } catch (const cmx::error&) {
  }
  return 0;
}
