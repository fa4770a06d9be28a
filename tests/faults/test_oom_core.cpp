// Out-of-memory sweeps over the C API core, and the harness's own checks: every exported
// function has a sweep, and the sweep notices a call that hides a failed allocation.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "cmx.h"
#include "faults/fault_injection.hpp"
#include "faults/oom_support.hpp"

using cmx::faults::sweep;
using cmx::faults::sweep_infallible;

CMX_OOM_TEST(cmx_context_create) {
  const auto points = sweep("cmx_context_create", [] {
    auto* ctx = cmx::faults::sentinel<cmx_context>();
    const int status = cmx_context_create(&ctx);
    cmx::faults::disarm();
    if (status != CMX_OK) {
      CHECK(ctx == nullptr);
    } else {
      cmx_context_destroy(ctx);
    }
    return status;
  });
  CHECK(points >= 1);  // the context itself is one allocation that must be able to fail
}

CMX_OOM_TEST(cmx_context_destroy) {
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  CHECK(sweep_infallible("cmx_context_destroy", [&] { cmx_context_destroy(ctx); }) == 0);
  CHECK(sweep_infallible("cmx_context_destroy(NULL)", [] { cmx_context_destroy(nullptr); }) == 0);
}

CMX_OOM_TEST(cmx_context_set_threads) {
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  CHECK(sweep_infallible(
            "cmx_context_set_threads", [&] { return cmx_context_set_threads(ctx, 1); },
            [](int status) { CHECK(status == CMX_OK); }) == 0);
  CHECK(cmx_context_set_threads(nullptr, 1) == CMX_E_INVALID_ARGUMENT);
  cmx_context_destroy(ctx);
}

CMX_OOM_TEST(cmx_status_string) {
  CHECK(sweep_infallible(
            "cmx_status_string", [] { return cmx_status_string(CMX_E_NOMEM); },
            [](const char* text) { CHECK(std::strcmp(text, "out of memory") == 0); }) == 0);
}

CMX_OOM_TEST(cmx_version_number) {
  CHECK(sweep_infallible(
            "cmx_version_number", [] { return cmx_version_number(); },
            [](int version) { CHECK(version == CMX_VERSION_NUMBER); }) == 0);
}

CMX_OOM_TEST(cmx_version_string) {
  CHECK(sweep_infallible(
            "cmx_version_string", [] { return cmx_version_string(); },
            [](const char* text) { CHECK(std::strcmp(text, CMX_VERSION_STRING) == 0); }) == 0);
}

namespace {

// A context whose last error is bad input at a known place (a CSV with a NaN).
struct failed_context : cmx::faults::context {
  failed_context() {
    const std::array<double, 3> nan_in_middle = {1.0, 0.0 / 0.0, 3.0};
    REQUIRE(cmx_spc_cusum_compute(ctx, 3, nan_in_middle.data(), nullptr, 0, 1, nullptr, nullptr,
                                  nullptr, nullptr, nullptr) == CMX_E_BAD_INPUT);
  }
};

}  // namespace

CMX_OOM_TEST(cmx_context_error_code) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_code", [&] { return cmx_context_error_code(c.ctx); },
            [](int code) { CHECK(code == CMX_E_BAD_INPUT); }) == 0);
}

CMX_OOM_TEST(cmx_context_error_message) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_message", [&] { return cmx_context_error_message(c.ctx); },
            [](const char* text) { CHECK(std::strlen(text) > 0); }) == 0);
}

CMX_OOM_TEST(cmx_context_error_source) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_source", [&] { return cmx_context_error_source(c.ctx); },
            [](const char* text) { CHECK(text != nullptr); }) == 0);
}

CMX_OOM_TEST(cmx_context_error_line) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_line", [&] { return cmx_context_error_line(c.ctx); },
            [](std::int64_t line) { CHECK(line == 2); }) == 0);
}

CMX_OOM_TEST(cmx_context_error_column) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_column", [&] { return cmx_context_error_column(c.ctx); },
            [](std::int64_t column) { CHECK(column >= 0); }) == 0);
}

CMX_OOM_TEST(cmx_context_error_field) {
  failed_context c;
  CHECK(sweep_infallible(
            "cmx_context_error_field", [&] { return cmx_context_error_field(c.ctx); },
            [](const char* text) { CHECK(text != nullptr); }) == 0);
}

CMX_OOM_TEST(cmx_free) {
  void* block = ::operator new(16);
  CHECK(sweep_infallible("cmx_free", [&] { cmx_free(block); }) == 0);
  CHECK(sweep_infallible("cmx_free(NULL)", [] { cmx_free(nullptr); }) == 0);
}

TEST_CASE("oom: every function of capi/abi/symbols.txt has a sweep", "[oom]") {
  std::ifstream in(std::string(CMX_SOURCE_DIR) + "/capi/abi/symbols.txt");
  REQUIRE(in.good());
  std::vector<std::string> exported;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') {
      exported.push_back(line);
    }
  }
  std::vector<std::string> swept = cmx::faults::swept_functions();
  std::sort(swept.begin(), swept.end());
  CHECK(std::adjacent_find(swept.begin(), swept.end()) == swept.end());  // one sweep each
  std::sort(exported.begin(), exported.end());
  std::vector<std::string> missing;
  std::set_difference(exported.begin(), exported.end(), swept.begin(), swept.end(),
                      std::back_inserter(missing));
  std::vector<std::string> unknown;
  std::set_difference(swept.begin(), swept.end(), exported.begin(), exported.end(),
                      std::back_inserter(unknown));
  INFO("exported functions without an out-of-memory sweep (add a CMX_OOM_TEST in tests/faults)");
  CAPTURE(missing);
  CHECK(missing.empty());
  INFO("sweeps of functions that are not exported");
  CAPTURE(unknown);
  CHECK(unknown.empty());
  CHECK(exported.size() > 90);
}

TEST_CASE("oom: the sweep notices a call that hides a failed allocation", "[oom]") {
  // A "call" that swallows bad_alloc and reports success must be caught by the harness.
  const auto liar = [] {
    try {
      // Through a volatile, so that the allocation stays observable: an optimiser may remove a
      // new-expression whose result is unused ([expr.new]/10), as Clang does in Release.
      void* volatile sink = ::operator new(16);
      ::operator delete(sink);
    } catch (...) {
      return CMX_OK;
    }
    return CMX_OK;
  };
  CHECK_THROWS_WITH(sweep("liar", liar), Catch::Contains("failed but the call reported success"));
}

TEST_CASE("oom: the sweep notices a failure that is not CMX_E_NOMEM", "[oom]") {
  const auto wrong_status = [] {
    try {
      void* volatile sink = ::operator new(16);  // observable, as in the test above
      ::operator delete(sink);
    } catch (...) {
      return CMX_E_INTERNAL;
    }
    return CMX_OK;
  };
  CHECK_THROWS_WITH(sweep("wrong status", wrong_status),
                    Catch::Contains("instead of out of memory"));
}

TEST_CASE("oom: the sweep notices a failure without an allocation failure", "[oom]") {
  CHECK_THROWS_WITH(sweep("bad inputs", [] { return CMX_E_BAD_INPUT; }),
                    Catch::Contains("without an allocation failure"));
}
