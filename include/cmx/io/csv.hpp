// Reading CSV into a table of text cells, with every error naming file, line, column and field.
// Dialect: RFC 4180 (',' separator, '"' quoting with "" as an escaped quote, CRLF or LF line
// ends), a header line naming the columns, every record as many fields as the header.
#ifndef CMX_IO_CSV_HPP
#define CMX_IO_CSV_HPP

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/error.hpp"

namespace cmx::io {

class csv_table {
 public:
  csv_table(std::string source, std::vector<std::string> header);

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  [[nodiscard]] std::size_t row_count() const noexcept { return lines_.size(); }
  [[nodiscard]] std::size_t column_count() const noexcept { return header_.size(); }

  // The index of a column, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const noexcept;
  // The index of a column; throws cmx::error (not_found) naming the source and the column.
  [[nodiscard]] std::size_t column(std::string_view name) const;

  // The text of a cell (row and column 0-based).
  [[nodiscard]] std::string_view cell(std::size_t row, std::size_t column) const;
  // The 1-based line of the source a row started on.
  [[nodiscard]] std::int64_t line(std::size_t row) const { return lines_.at(row); }

  // A cell as a finite double; empty -> nullopt. Anything else that is not a whole decimal
  // number (or is NaN/inf) throws cmx::error (parse) at source:line:column, field = column name.
  [[nodiscard]] std::optional<double> number(std::size_t row, std::size_t column) const;
  // As number(), but an empty cell is an error too.
  [[nodiscard]] double required_number(std::size_t row, std::size_t column) const;

  // The location of a cell, for errors found later (row and column 0-based).
  [[nodiscard]] location where(std::size_t row, std::size_t column) const;

  void add_row(std::int64_t line, std::vector<std::string> cells);

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::string> cells_;  // row-major, header_.size() per row
  std::vector<std::int64_t> lines_;
};

// Reads a whole CSV stream; source names it in errors ("<stdin>", a file name).
[[nodiscard]] csv_table read_csv(std::istream& in, const std::string& source);
// Reads a CSV file ("-" is standard input); a file that cannot be opened is cmx::error (io).
[[nodiscard]] csv_table read_csv_file(const std::string& path);

}  // namespace cmx::io

#endif  // CMX_IO_CSV_HPP
