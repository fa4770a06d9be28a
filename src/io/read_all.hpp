// The whole of a stream as text, with out-of-memory reported as such.
#ifndef CMX_IO_READ_ALL_HPP
#define CMX_IO_READ_ALL_HPP

#include <ios>
#include <istream>
#include <sstream>
#include <string>

namespace cmx::io::detail {

// operator<<(streambuf*) catches every exception of the copy and only sets failbit, so a failed
// allocation would look like a short (or empty) input and be reported as malformed data. With
// failbit in the exception mask libstdc++ rethrows the original exception (std::bad_alloc, i.e.
// CMX_E_NOMEM in the C API); the std::ios_base::failure left means nothing was inserted: an
// empty stream.
inline std::string read_all(std::istream& in) {
  std::ostringstream buffer;
  buffer.exceptions(std::ios::failbit);
  try {
    buffer << in.rdbuf();
  } catch (const std::ios_base::failure&) {
    return {};
  }
  return std::move(buffer).str();
}

}  // namespace cmx::io::detail

#endif  // CMX_IO_READ_ALL_HPP
