// The C API's context object and the one exception guard every entry point runs through.
// Private to capi/: nothing here is installed.
#ifndef CMX_CAPI_CONTEXT_HPP
#define CMX_CAPI_CONTEXT_HPP

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <utility>

#include "cmx.h"
#include "cmx/error.hpp"
#include "cmx/spc/many.hpp"

struct cmx_context {
  // Threads an SPC call through this context may use for one long series
  // (cmx_context_set_threads; 0: one per hardware thread). Not an error: clear() keeps it.
  unsigned threads = 0;
  int code = CMX_OK;
  std::string message;
  std::string source;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string field;
  // The working result of cmx_spc_many_compute, kept for the next call through this context: a
  // caller charting its series again reuses its arrays instead of faulting in fresh ones.
  cmx::spc::many_result spc_many_scratch;

  void clear() noexcept {
    code = CMX_OK;
    message.clear();
    source.clear();
    line = 0;
    column = 0;
    field.clear();
  }

  // Records an error. Copying the strings may itself run out of memory: then the code stays and
  // the message falls back to the static description, so the caller always learns the status.
  int fail(int status, const char* text, const cmx::location* where = nullptr) noexcept {
    clear();
    code = status;
    try {
      message = text;
      if (where != nullptr) {
        source = where->source;
        line = where->line;
        column = where->column;
        field = where->field;
      }
    } catch (...) {
      message.clear();
      source.clear();
      field.clear();
    }
    return status;
  }
};

namespace cmx::capi {

// Runs body() (which returns a status) with every exception mapped to a status recorded in ctx:
// cmx::error to its own code and location, std::bad_alloc to CMX_E_NOMEM, anything else to
// CMX_E_INTERNAL. A null ctx is CMX_E_INVALID_ARGUMENT and nothing runs.
template <class Body>
int guarded(cmx_context* ctx, Body&& body) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  ctx->clear();
  try {
    return body();
  } catch (const cmx::error& e) {
    return ctx->fail(static_cast<int>(e.code()), e.what(), &e.where());
  } catch (const std::bad_alloc&) {
    return ctx->fail(CMX_E_NOMEM, cmx_status_string(CMX_E_NOMEM));
  } catch (const std::exception& e) {
    return ctx->fail(CMX_E_INTERNAL, e.what());
  } catch (...) {
    return ctx->fail(CMX_E_INTERNAL, cmx_status_string(CMX_E_INTERNAL));
  }
}

// The usual shape of an entry point: a null ctx is CMX_E_INVALID_ARGUMENT (with nowhere to record
// it); `refused` (a null or too small argument, tested before anything runs) records
// CMX_E_INVALID_ARGUMENT with `what`; otherwise body() runs guarded as above.
template <class Body>
int guarded(cmx_context* ctx, bool refused, const char* what, Body&& body) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (refused) {
    return ctx->fail(CMX_E_INVALID_ARGUMENT, what);
  }
  return guarded(ctx, std::forward<Body>(body));
}

// Memory handed to the caller, released by cmx_free(). One allocation function for all of the
// C API, so the out-of-memory tests can fail any allocation; throws std::bad_alloc (the guard
// turns it into CMX_E_NOMEM).
inline void* allocate(std::size_t bytes) {
  return ::operator new(bytes == 0 ? 1 : bytes);
}

// For validating caller pointers at the top of an entry point: records and returns the status.
inline int invalid_argument(cmx_context* ctx, const char* what) noexcept {
  return ctx->fail(CMX_E_INVALID_ARGUMENT, what);
}

}  // namespace cmx::capi

#endif  // CMX_CAPI_CONTEXT_HPP
