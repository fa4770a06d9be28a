// Helpers of the out-of-memory sweeps: a context per test, and sweeps of the three shapes of C API
// calls (creating an object, filling caller memory, and calls that neither allocate nor fail).
#ifndef CMX_TESTS_OOM_SUPPORT_HPP
#define CMX_TESTS_OOM_SUPPORT_HPP

#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>

#include "capi/context.hpp"
#include "cmx.h"
#include "faults/fault_injection.hpp"

namespace cmx::faults {

using context = cmx::test::context;

// A pointer that is not NULL and is never dereferenced: outputs start with it, so a failure
// that does not reset its output is seen.
template <class T>
T* sentinel() noexcept {
  static char byte = 0;
  return reinterpret_cast<T*>(&byte);
}

// Sweeps a call that creates an object through `T** out`: after every failure *out must be NULL;
// after the success the object is destroyed. Returns the number of allocation points. Checks
// run disarmed (Catch2 allocates too), the armed allocation being the call's.
template <class T, class Call, class Destroy>
std::size_t sweep_create(const std::string& name, Call call, Destroy destroy) {
  return sweep(name, [&] {
    T* out = sentinel<T>();
    const int status = call(&out);
    disarm();
    if (status == CMX_OK) {
      CHECK(out != nullptr);
      CHECK(out != sentinel<T>());
      destroy(out);
    } else {
      CHECK(out == nullptr);
    }
    return status;
  });
}

// Sweeps call() (returning a status) and runs check(status) disarmed after each attempt.
template <class Call, class Check>
std::size_t sweep_call(const std::string& name, Call call, Check check) {
  return sweep(name, [&] {
    const int status = call();
    disarm();
    check(status);
    return status;
  });
}

template <class Call>
std::size_t sweep_call(const std::string& name, Call call) {
  return sweep_call(name, call, [](int) {});
}

// Sweeps a call with no status (a destructor, a count, a getter of a number): it cannot fail, so
// the first attempt must succeed; check(result) runs disarmed.
template <class Call, class Check>
std::size_t sweep_infallible(const std::string& name, Call call, Check check) {
  return sweep(name, [&] {
    if constexpr (std::is_void_v<decltype(call())>) {
      call();
      disarm();
      check();
    } else {
      const auto result = call();
      disarm();
      check(result);
    }
    return CMX_OK;
  });
}

template <class Call>
std::size_t sweep_infallible(const std::string& name, Call call) {
  return sweep(name, [&] {
    call();
    return CMX_OK;
  });
}

// A file of this process in the temporary directory, written before arming, removed at the end.
struct temp_file {
  std::string path;
  temp_file(const std::string& name, const std::string& text)
      : path((std::filesystem::temp_directory_path() /
              ("cmx_oom_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
  }
  ~temp_file() { std::filesystem::remove(path); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
};

}  // namespace cmx::faults

#endif  // CMX_TESTS_OOM_SUPPORT_HPP
