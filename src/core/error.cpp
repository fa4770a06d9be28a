#include "cmx/error.hpp"

#include <utility>

namespace cmx {

const char* to_string(status code) noexcept {
  switch (code) {
    case status::ok:
      return "success";
    case status::invalid_argument:
      return "invalid argument";
    case status::no_memory:
      return "out of memory";
    case status::bad_input:
      return "bad input data";
    case status::parse:
      return "malformed input";
    case status::not_found:
      return "not found";
    case status::io:
      return "input/output error";
    case status::buffer_too_small:
      return "buffer too small";
    case status::out_of_range:
      return "index out of range";
    case status::inconsistent:
      return "inconsistent structure";
    case status::unsupported:
      return "unsupported";
    case status::internal:
      return "internal error";
  }
  return "unknown status";
}

std::string location::to_string() const {
  // Built with append(): GCC 12 warns falsely (-Wrestrict) on literal + std::string&&.
  std::string text = source;
  if (line > 0) {
    text.append(text.empty() ? "line " : ":").append(std::to_string(line));
    if (column > 0) {
      text.append(":").append(std::to_string(column));
    }
  }
  if (!field.empty()) {
    text.append(text.empty() ? "field '" : ": field '").append(field).append("'");
  }
  return text;
}

namespace {
std::string full_text(const std::string& message, const location& where) {
  return where.empty() ? message : where.to_string() + ": " + message;
}
}  // namespace

error::error(status code, const std::string& message, location where)
    : std::runtime_error(full_text(message, where)),
      code_(code),
      message_(message),
      where_(std::move(where)) {}

}  // namespace cmx
