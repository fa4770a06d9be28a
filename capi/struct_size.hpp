// The size protocol of the C API's structs (capi/VERSIONING.md, "Structs that grow").
//
// The first field of every options and info struct is its size in bytes as the caller compiled
// it, so that one library can serve programs built against an older or a newer cmx.h. The rules
// follow Linux's copy_struct_from_user() for its extensible system-call structs (openat2, clone3):
// a newer field that is zero means "as before", so a newer program that leaves it zero is served
// by an older library, and one that sets it is refused rather than silently ignored.
// Private to capi/: nothing here is installed.
#ifndef CMX_CAPI_STRUCT_SIZE_HPP
#define CMX_CAPI_STRUCT_SIZE_HPP

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "cmx/error.hpp"
#include "context.hpp"

namespace cmx::capi {

// No version of a cmx struct will be larger; a size above it is an uninitialised struct, and
// reading that far into the caller's memory would not be safe.
inline constexpr std::size_t max_struct_size = 4096;

namespace detail {

[[noreturn]] inline void refuse_size(cmx::status code, const char* type_name, std::size_t size,
                                     const std::string& why) {
  throw cmx::error(code, std::string(type_name) + ".size is " + std::to_string(size) + ": " + why,
                   cmx::location{type_name, 0, 0, "size"});
}

inline void require_known_range(const char* type_name, std::size_t size, std::size_t known) {
  if (size < known) {
    detail::refuse_size(cmx::status::invalid_argument, type_name, size,
                        "this cmx's struct has " + std::to_string(known) +
                            " bytes; initialise it with its CMX_..._INIT macro");
  }
  if (size > max_struct_size) {
    detail::refuse_size(cmx::status::invalid_argument, type_name, size,
                        "no version of the struct is larger than " +
                            std::to_string(max_struct_size) + " bytes; is it initialised?");
  }
}

}  // namespace detail

// A struct the caller passes in (NULL: the caller takes the defaults, nothing to check). Smaller
// than this version's: refused (before 1.0 no older layout exists). Larger (built against a newer
// cmx.h): accepted when every byte past this version's struct is zero, refused with
// CMX_E_UNSUPPORTED naming the first byte that is not.
template <class Struct>
void require_input_struct(const Struct* s, const char* type_name) {
  if (s == nullptr) {
    return;
  }
  constexpr std::size_t known = sizeof(Struct);
  detail::require_known_range(type_name, s->size, known);
  // The caller's object is s->size bytes long; this version reads its first `known` of them.
  const auto* bytes = reinterpret_cast<const unsigned char*>(s);
  const auto* end = bytes + s->size;
  const auto* set = std::find_if(bytes + known, end, [](unsigned char b) { return b != 0; });
  if (set != end) {
    detail::refuse_size(cmx::status::unsupported, type_name, s->size,
                        "byte " + std::to_string(set - bytes) + " is not zero, past the " +
                            std::to_string(known) +
                            " bytes this cmx (" CMX_VERSION_STRING
                            ") knows: an option of a newer cmx that this library cannot honour");
  }
}

// A struct cmx fills for the caller. Smaller than this version's: refused. Larger: the bytes past
// this version's struct are zeroed, so fields of a newer cmx.h read as zero ("not provided").
template <class Struct>
void require_output_struct(Struct& s, const char* type_name) {
  constexpr std::size_t known = sizeof(Struct);
  detail::require_known_range(type_name, s.size, known);
  std::memset(reinterpret_cast<unsigned char*>(&s) + known, 0, s.size - known);
}

// The same for the entry points that check their arguments before their guarded body: CMX_OK or
// the status recorded in ctx.
template <class Struct>
int check_input_struct(cmx_context* ctx, const Struct* s, const char* type_name) noexcept {
  return guarded(ctx, [&] {
    require_input_struct(s, type_name);
    return CMX_OK;
  });
}

}  // namespace cmx::capi

#endif  // CMX_CAPI_STRUCT_SIZE_HPP
