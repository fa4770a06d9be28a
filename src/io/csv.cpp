#include "cmx/io/csv.hpp"
#include "io/read_all.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>
#include <utility>

namespace cmx::io {

csv_table::csv_table(std::string source, std::vector<std::string> header)
    : source_(std::move(source)), header_(std::move(header)) {}

std::optional<std::size_t> csv_table::find_column(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::size_t csv_table::column(std::string_view name) const {
  if (auto index = find_column(name)) {
    return *index;
  }
  throw error(status::not_found, "no column '" + std::string(name) + "' in the header",
              location{source_, 1, 0, std::string(name)});
}

std::string_view csv_table::cell(std::size_t row, std::size_t column) const {
  if (row >= lines_.size() || column >= header_.size()) {
    throw error(status::out_of_range, "cell out of range");
  }
  return cells_[row * header_.size() + column];
}

location csv_table::where(std::size_t row, std::size_t column) const {
  return location{source_, lines_.at(row), static_cast<std::int64_t>(column + 1),
                  column < header_.size() ? header_[column] : std::string()};
}

std::optional<double> csv_table::number(std::size_t row, std::size_t column) const {
  const std::string_view text = cell(row, column);
  if (text.empty()) {
    return std::nullopt;
  }
  double value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  if (*first == '+') {
    ++first;  // from_chars refuses a leading '+', which spreadsheets write
  }
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last) {
    throw error(status::parse, "expected a number, found '" + std::string(text) + "'",
                where(row, column));
  }
  if (!std::isfinite(value)) {
    throw error(status::bad_input, "value must be finite, found '" + std::string(text) + "'",
                where(row, column));
  }
  return value;
}

double csv_table::required_number(std::size_t row, std::size_t column) const {
  if (auto value = number(row, column)) {
    return *value;
  }
  throw error(status::bad_input, "a value is required here", where(row, column));
}

void csv_table::add_row(std::int64_t line, std::vector<std::string> cells) {
  for (auto& cell : cells) {
    cells_.push_back(std::move(cell));
  }
  lines_.push_back(line);
}

namespace {

// Splits the text into records of fields. Quoted fields may span lines; line numbers count
// physical lines so errors point where an editor shows them.
class csv_parser {
 public:
  csv_parser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  // Reads the next record into fields; false at the end of input. Blank lines are skipped.
  bool next(std::vector<std::string>& fields, std::int64_t& record_line) {
    fields.clear();
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      consume_line_end();
    }
    if (pos_ >= text_.size()) {
      return false;
    }
    record_line = line_;
    std::string field;
    while (true) {
      field.clear();
      const std::int64_t field_column = column();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        read_quoted(field, field_column, fields.size());
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
               text_[pos_] != '\r') {
          if (text_[pos_] == '"') {
            throw error(status::parse, "a quote inside an unquoted field",
                        location{source_, line_, column(), ""});
          }
          field.push_back(text_[pos_++]);
        }
      }
      fields.push_back(field);
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) {
        consume_line_end();
      }
      return true;
    }
  }

 private:
  void read_quoted(std::string& field, std::int64_t field_column, std::size_t index) {
    const std::int64_t start_line = line_;
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= text_.size()) {
        throw error(status::parse, "quoted field " + std::to_string(index + 1) + " is never closed",
                    location{source_, start_line, field_column, ""});
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      field.push_back(c);
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      throw error(status::parse, "text after a closing quote",
                  location{source_, line_, column(), ""});
    }
  }

  void consume_line_end() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++pos_;
    }
    ++pos_;
    ++line_;
    line_start_ = pos_;
  }

  [[nodiscard]] std::int64_t column() const {
    return static_cast<std::int64_t>(pos_ - line_start_) + 1;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

csv_table read_csv(std::istream& in, const std::string& source) {
  // Read through rdbuf(): GCC 12 -O2 warns falsely (-Wnull-dereference) inside
  // istreambuf_iterator.
  const std::string text = detail::read_all(in);
  if (in.bad()) {
    throw error(status::io, "read failed", location{source, 0, 0, ""});
  }
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) {
    body.remove_prefix(3);  // a UTF-8 byte-order mark, as spreadsheet exports write
  }
  csv_parser parser(body, source);
  std::vector<std::string> fields;
  std::int64_t line = 0;
  if (!parser.next(fields, line)) {
    throw error(status::parse, "empty input: a header line is required",
                location{source, 1, 0, ""});
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (fields[i] == fields[j]) {
        throw error(status::parse, "column '" + fields[i] + "' appears twice in the header",
                    location{source, line, 0, fields[i]});
      }
    }
  }
  csv_table table(source, fields);
  while (parser.next(fields, line)) {
    if (fields.size() != table.column_count()) {
      throw error(status::parse,
                  "expected " + std::to_string(table.column_count()) + " fields, found " +
                      std::to_string(fields.size()),
                  location{source, line, 0, ""});
    }
    table.add_row(line, std::move(fields));
    fields = {};
  }
  return table;
}

csv_table read_csv_file(const std::string& path) {
  if (path == "-") {
    return read_csv(std::cin, "<stdin>");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw error(status::io, "cannot open for reading", location{path, 0, 0, ""});
  }
  return read_csv(file, path);
}

}  // namespace cmx::io
