// A C API context for one test: created (or the test fails) and destroyed with the scope.
#ifndef CMX_TESTS_CAPI_CONTEXT_HPP
#define CMX_TESTS_CAPI_CONTEXT_HPP

#include <catch2/catch.hpp>

#include "cmx.h"

namespace cmx::test {

struct context {
  cmx_context* ctx = nullptr;
  context() { REQUIRE(cmx_context_create(&ctx) == CMX_OK); }
  ~context() { cmx_context_destroy(ctx); }
  context(const context&) = delete;
  context& operator=(const context&) = delete;
  context(context&&) = delete;
  context& operator=(context&&) = delete;
};

}  // namespace cmx::test

#endif  // CMX_TESTS_CAPI_CONTEXT_HPP
