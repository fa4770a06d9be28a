// The C API core: status strings, versions, contexts and cmx_free.
#include <new>

#include "cmx.h"
#include "context.hpp"

// The C status values and the C++ enum are one list.
static_assert(CMX_OK == static_cast<int>(cmx::status::ok));
static_assert(CMX_E_INVALID_ARGUMENT == static_cast<int>(cmx::status::invalid_argument));
static_assert(CMX_E_NOMEM == static_cast<int>(cmx::status::no_memory));
static_assert(CMX_E_BAD_INPUT == static_cast<int>(cmx::status::bad_input));
static_assert(CMX_E_PARSE == static_cast<int>(cmx::status::parse));
static_assert(CMX_E_NOT_FOUND == static_cast<int>(cmx::status::not_found));
static_assert(CMX_E_IO == static_cast<int>(cmx::status::io));
static_assert(CMX_E_BUFFER_TOO_SMALL == static_cast<int>(cmx::status::buffer_too_small));
static_assert(CMX_E_OUT_OF_RANGE == static_cast<int>(cmx::status::out_of_range));
static_assert(CMX_E_INCONSISTENT == static_cast<int>(cmx::status::inconsistent));
static_assert(CMX_E_UNSUPPORTED == static_cast<int>(cmx::status::unsupported));
static_assert(CMX_E_INTERNAL == static_cast<int>(cmx::status::internal));

extern "C" {

const char* cmx_status_string(int status) noexcept {
  if (status < CMX_OK || status > CMX_E_INTERNAL) {
    return "unknown status";
  }
  return cmx::to_string(static_cast<cmx::status>(status));
}

int cmx_version_number(void) noexcept {
  return CMX_VERSION_NUMBER;
}

const char* cmx_version_string(void) noexcept {
  return CMX_VERSION_STRING;
}

int cmx_context_create(cmx_context** out) noexcept {
  if (out == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  *out = new (std::nothrow) cmx_context();
  return *out == nullptr ? CMX_E_NOMEM : CMX_OK;
}

void cmx_context_destroy(cmx_context* ctx) noexcept {
  delete ctx;
}

int cmx_context_set_threads(cmx_context* ctx, unsigned threads) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  ctx->clear();
  ctx->threads = threads;
  return CMX_OK;
}

int cmx_context_error_code(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? CMX_OK : ctx->code;
}

const char* cmx_context_error_message(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? "" : ctx->message.c_str();
}

const char* cmx_context_error_source(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? "" : ctx->source.c_str();
}

int64_t cmx_context_error_line(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? 0 : ctx->line;
}

int64_t cmx_context_error_column(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? 0 : ctx->column;
}

const char* cmx_context_error_field(const cmx_context* ctx) noexcept {
  return ctx == nullptr ? "" : ctx->field.c_str();
}

// Pairs with cmx::capi::allocate().
void cmx_free(void* ptr) noexcept {
  ::operator delete(ptr);
}

}  // extern "C"
