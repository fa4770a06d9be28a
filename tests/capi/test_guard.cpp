// The one exception guard of the C API: every exception becomes a status, with its location.
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

#include "../../capi/context.hpp"
#include "cmx.h"

namespace {

struct context_deleter {
  void operator()(cmx_context* ctx) const { cmx_context_destroy(ctx); }
};
using context_ptr = std::unique_ptr<cmx_context, context_deleter>;

context_ptr make_context() {
  cmx_context* raw = nullptr;
  REQUIRE(cmx_context_create(&raw) == CMX_OK);
  return context_ptr(raw);
}

}  // namespace

TEST_CASE("the guard maps cmx::error to its status and location", "[capi]") {
  auto ctx = make_context();
  const int status = cmx::capi::guarded(ctx.get(), []() -> int {
    throw cmx::error(cmx::status::bad_input, "numerator above denominator",
                     cmx::location{"visits.csv", 12, 3, "y"});
  });
  CHECK(status == CMX_E_BAD_INPUT);
  CHECK(cmx_context_error_code(ctx.get()) == CMX_E_BAD_INPUT);
  CHECK(std::strcmp(cmx_context_error_message(ctx.get()),
                    "visits.csv:12:3: field 'y': numerator above denominator") == 0);
  CHECK(std::strcmp(cmx_context_error_source(ctx.get()), "visits.csv") == 0);
  CHECK(cmx_context_error_line(ctx.get()) == 12);
  CHECK(cmx_context_error_column(ctx.get()) == 3);
  CHECK(std::strcmp(cmx_context_error_field(ctx.get()), "y") == 0);
}

TEST_CASE("the guard maps bad_alloc to CMX_E_NOMEM and other exceptions to internal", "[capi]") {
  auto ctx = make_context();
  CHECK(cmx::capi::guarded(ctx.get(), []() -> int { throw std::bad_alloc(); }) == CMX_E_NOMEM);
  CHECK(cmx_context_error_code(ctx.get()) == CMX_E_NOMEM);
  CHECK(cmx::capi::guarded(ctx.get(), []() -> int { throw std::logic_error("oops"); }) ==
        CMX_E_INTERNAL);
  CHECK(std::strcmp(cmx_context_error_message(ctx.get()), "oops") == 0);
  CHECK(cmx::capi::guarded(ctx.get(), []() -> int { throw 42; }) == CMX_E_INTERNAL);
  CHECK(cmx_context_error_line(ctx.get()) == 0);
}

TEST_CASE("a successful call clears the previous error", "[capi]") {
  auto ctx = make_context();
  cmx::capi::guarded(ctx.get(), []() -> int {
    throw cmx::error(cmx::status::not_found, "unknown unit 'ed'", cmx::location{"", 0, 0, "unit"});
  });
  REQUIRE(cmx_context_error_code(ctx.get()) == CMX_E_NOT_FOUND);
  CHECK(cmx::capi::guarded(ctx.get(), []() -> int { return CMX_OK; }) == CMX_OK);
  CHECK(cmx_context_error_code(ctx.get()) == CMX_OK);
  CHECK(std::strcmp(cmx_context_error_message(ctx.get()), "") == 0);
  CHECK(std::strcmp(cmx_context_error_field(ctx.get()), "") == 0);
}

TEST_CASE("a null context is an invalid argument and runs nothing", "[capi]") {
  bool ran = false;
  CHECK(cmx::capi::guarded(nullptr, [&]() -> int {
          ran = true;
          return CMX_OK;
        }) == CMX_E_INVALID_ARGUMENT);
  CHECK_FALSE(ran);
}

TEST_CASE("the C header compiles as C++20 and agrees with the library version", "[capi]") {
  CHECK(cmx_version_number() == CMX_VERSION_NUMBER);
  CHECK(std::strcmp(cmx_version_string(), CMX_VERSION_STRING) == 0);
  CHECK(cmx_status_string(CMX_E_BUFFER_TOO_SMALL) != nullptr);
}
