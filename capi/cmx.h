/*
 * cmx.h - the C API of cmx, statistical process control, the clinical value compass and the
 * micro/meso/macro system graph for healthcare quality improvement.
 *
 * STABILITY. This is the only C header of cmx and its only stable interface. Before 1.0 the ABI
 * may change at a minor release (the soname carries MAJOR.MINOR); within a minor release it
 * only grows. Status values are never renumbered, only appended. See capi/VERSIONING.md.
 *
 * ERRORS. Every call that can fail takes a cmx_context* first and returns an int status:
 * CMX_OK (0) or one of CMX_E_*. The context keeps the last error: its code, a message and, for
 * bad input, the place (source, line, column, field). A successful call clears it. No C++
 * exception ever crosses this interface.
 *
 * MEMORY. cmx_<x>_create(ctx, ..., cmx_x** out) gives the caller an object to release with
 * cmx_<x>_destroy(), which accepts NULL. After any failure *out is NULL. Inputs are copied
 * unless documented as borrowed. A returned const char* or const pointer is borrowed: it stays
 * valid until its owner changes or is destroyed. Memory cmx allocates for the caller is released
 * with cmx_free().
 *
 * THREADS. A context, and the objects made through it, are used by one thread at a time.
 * Distinct contexts may be used concurrently. Objects documented as immutable (a finished chart,
 * a frozen system graph) may be read from many threads at once. There is no global state and no
 * global initialisation.
 *
 * This header is C99 and valid C++; it includes only <stddef.h> and <stdint.h>.
 */
#ifndef CMX_H
#define CMX_H

#include <stddef.h>
#include <stdint.h>

/* ---- Versions ------------------------------------------------------------------------------ */

/* The version of cmx lives here and only here; the build reads it from these three lines. */
#define CMX_VERSION_MAJOR 0
#define CMX_VERSION_MINOR 1
#define CMX_VERSION_PATCH 0

#define CMX_VERSION_NUMBER \
  ((CMX_VERSION_MAJOR * 10000) + (CMX_VERSION_MINOR * 100) + CMX_VERSION_PATCH)
#define CMX_VERSION_STRINGIFY_(x) #x
#define CMX_VERSION_STRINGIFY(x) CMX_VERSION_STRINGIFY_(x)
#define CMX_VERSION_STRING                 \
  CMX_VERSION_STRINGIFY(CMX_VERSION_MAJOR) \
  "." CMX_VERSION_STRINGIFY(CMX_VERSION_MINOR) "." CMX_VERSION_STRINGIFY(CMX_VERSION_PATCH)

/* ---- Linkage ------------------------------------------------------------------------------- */

#if defined(_WIN32) && !defined(CMX_STATIC)
#if defined(CMX_BUILDING_C_API)
#define CMX_API __declspec(dllexport)
#else
#define CMX_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define CMX_API __attribute__((visibility("default")))
#else
#define CMX_API
#endif

#ifdef __cplusplus
#define CMX_NOEXCEPT noexcept
#define CMX_EXTERN_C_BEGIN extern "C" {
#define CMX_EXTERN_C_END }
#else
#define CMX_NOEXCEPT
#define CMX_EXTERN_C_BEGIN
#define CMX_EXTERN_C_END
#endif

CMX_EXTERN_C_BEGIN

/* ---- Status codes -------------------------------------------------------------------------- */

/* Fixed values: never renumbered, only appended. */
#define CMX_OK 0                 /* success */
#define CMX_E_INVALID_ARGUMENT 1 /* a NULL pointer, bad handle or option out of its domain */
#define CMX_E_NOMEM 2            /* an allocation failed; nothing was changed */
#define CMX_E_BAD_INPUT 3        /* data that cannot be charted or scored: NaN, n <= 0, y > n... */
#define CMX_E_PARSE 4            /* malformed CSV, JSON or FHIR */
#define CMX_E_NOT_FOUND 5        /* an unknown unit, measure or other id */
#define CMX_E_IO 6               /* a file could not be opened, read or written */
#define CMX_E_BUFFER_TOO_SMALL 7 /* the caller's buffer is too small; *out_len has the size */
#define CMX_E_OUT_OF_RANGE 8     /* an index past the end */
#define CMX_E_INCONSISTENT 9     /* a structure breaks a rule: a part_of cycle, level inversion */
#define CMX_E_UNSUPPORTED 10     /* a valid request this build does not support */
#define CMX_E_INTERNAL 11        /* a bug in cmx; please report it with the message */

/* A static, never-NULL English description of a status value (also for unknown values). */
CMX_API const char* cmx_status_string(int status) CMX_NOEXCEPT;

/* ---- Versions at run time ------------------------------------------------------------------ */

/* CMX_VERSION_NUMBER of the library actually linked; compare with the header's macro. */
CMX_API int cmx_version_number(void) CMX_NOEXCEPT;
/* CMX_VERSION_STRING of the library actually linked; static storage. */
CMX_API const char* cmx_version_string(void) CMX_NOEXCEPT;

/* ---- Context ------------------------------------------------------------------------------- */

/* A context holds the last error of the calls made through it. Since 0.1. */
typedef struct cmx_context cmx_context;

/* Creates a context. Returns CMX_OK, CMX_E_INVALID_ARGUMENT (out is NULL) or CMX_E_NOMEM; on
 * failure *out is NULL. Since 0.1. */
CMX_API int cmx_context_create(cmx_context** out) CMX_NOEXCEPT;

/* Destroys a context; NULL is allowed. Objects made through it must be destroyed first. */
CMX_API void cmx_context_destroy(cmx_context* ctx) CMX_NOEXCEPT;

/* The status of the last failed call through ctx, CMX_OK after a success (or for NULL). */
CMX_API int cmx_context_error_code(const cmx_context* ctx) CMX_NOEXCEPT;

/* The message of the last error, "" if none; borrowed until the next call through ctx. The
 * message includes the location when one is known. */
CMX_API const char* cmx_context_error_message(const cmx_context* ctx) CMX_NOEXCEPT;

/* Where the last bad input was found: the source (a file name, "<memory>", an argument name),
 * "" if unknown; borrowed until the next call through ctx. */
CMX_API const char* cmx_context_error_source(const cmx_context* ctx) CMX_NOEXCEPT;

/* The 1-based line (or row, or point) of the last bad input, 0 if unknown. */
CMX_API int64_t cmx_context_error_line(const cmx_context* ctx) CMX_NOEXCEPT;

/* The 1-based column of the last bad input, 0 if unknown. */
CMX_API int64_t cmx_context_error_column(const cmx_context* ctx) CMX_NOEXCEPT;

/* The field (column name, JSON path, option name) of the last bad input, "" if unknown;
 * borrowed until the next call through ctx. */
CMX_API const char* cmx_context_error_field(const cmx_context* ctx) CMX_NOEXCEPT;

/* Releases memory that cmx allocated for the caller (documented per call); NULL is allowed. */
CMX_API void cmx_free(void* ptr) CMX_NOEXCEPT;

/* ==== Module sections follow, one per engine; each is appended, never reordered. ============ */

CMX_EXTERN_C_END

#endif /* CMX_H */
