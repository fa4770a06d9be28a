// What the CPU running cmx offers beyond SSE2 (bits.hpp), asked once: every wide kernel
// (rule_blocks_avx512.cpp, rows_avx512.cpp, screen_pass_avx512.cpp, sums_avx2.cpp) is chosen by
// these two answers.
#include "bits.hpp"

namespace cmx::spc::detail {

#if CMX_SPC_AVX512
bool cpu_has_avx2() noexcept {
  static const bool has = static_cast<bool>(__builtin_cpu_supports("avx2"));
  return has;
}

bool cpu_has_avx512f() noexcept {
  static const bool has = static_cast<bool>(__builtin_cpu_supports("avx512f"));
  return has;
}
#else
bool cpu_has_avx2() noexcept {
  return false;
}

bool cpu_has_avx512f() noexcept {
  return false;
}
#endif

}  // namespace cmx::spc::detail
