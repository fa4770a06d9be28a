// cmx::error: the one exception type of the C++ core, with a status code and a location.
#ifndef CMX_ERROR_HPP
#define CMX_ERROR_HPP

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cmx {

// The same values as the CMX_OK / CMX_E_* codes of capi/cmx.h (checked there by static_assert).
enum class status : int {
  ok = 0,
  invalid_argument = 1,
  no_memory = 2,
  bad_input = 3,
  parse = 4,
  not_found = 5,
  io = 6,
  buffer_too_small = 7,
  out_of_range = 8,
  inconsistent = 9,
  unsupported = 10,
  internal = 11,
};

// A static English description of a status, never null.
[[nodiscard]] const char* to_string(status code) noexcept;

// Where bad input was found. Empty strings and zeros mean "unknown".
struct location {
  std::string source;     // file name, "<memory>", argument name
  std::int64_t line = 0;  // 1-based line, row or point
  std::int64_t column = 0;
  std::string field;  // column name, JSON path, option name

  [[nodiscard]] bool empty() const noexcept {
    return source.empty() && line == 0 && column == 0 && field.empty();
  }
  // "source:line:column: field 'f'" with the unknown parts left out.
  [[nodiscard]] std::string to_string() const;
};

// Thrown by every cmx function for a failure the caller can act on. what() is the full text
// (location, then message); message() is the text alone.
class error : public std::runtime_error {
 public:
  error(status code, const std::string& message, location where = {});

  [[nodiscard]] status code() const noexcept { return code_; }
  [[nodiscard]] const location& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  status code_;
  std::string message_;
  location where_;
};

}  // namespace cmx

#endif  // CMX_ERROR_HPP
