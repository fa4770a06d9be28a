// The libFuzzer entry point, declared (the strict warnings want a declaration before the
// definition). A target returns 0; a crash, a sanitizer report, a leak or an exception other
// than cmx::error (bad input must be reported as cmx::error, never as anything else) fails it.
#ifndef CMX_TESTS_FUZZ_TARGET_HPP
#define CMX_TESTS_FUZZ_TARGET_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace cmx::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace cmx::fuzz

#endif  // CMX_TESTS_FUZZ_TARGET_HPP
