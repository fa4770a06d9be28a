// Out-of-memory sweeps over the C API core.
#include <catch2/catch.hpp>

#include "cmx.h"
#include "faults/fault_injection.hpp"

TEST_CASE("oom: cmx_context_create fails cleanly at every allocation", "[oom]") {
  const auto points = cmx::faults::sweep("cmx_context_create", [] {
    cmx_context* ctx = nullptr;
    const int status = cmx_context_create(&ctx);
    if (status != CMX_OK) {
      CHECK(ctx == nullptr);
    }
    cmx_context_destroy(ctx);
    return status;
  });
  CHECK(points >= 1);  // the context itself is one allocation that must be able to fail
}

TEST_CASE("oom: the sweep notices a call that hides a failed allocation", "[oom]") {
  // A "call" that swallows bad_alloc and reports success must be caught by the harness.
  const auto liar = [] {
    try {
      auto* value = new int(1);
      delete value;
    } catch (...) {
      return CMX_OK;
    }
    return CMX_E_INVALID_ARGUMENT;  // succeeds only by returning a non-NOMEM error
  };
  CHECK_THROWS(cmx::faults::sweep("liar", liar));
}
