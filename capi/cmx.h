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

/* ==== SPC charts ============================================================================ */
/*
 * Control charts and run charts of one series (C++: cmx/spc/chart.hpp). Rows (x, y, optional
 * n) with equal x form one subgroup; subgroups are plotted in ascending x. A finished chart is
 * immutable: it may be read from many threads at once.
 */

/* A computed chart. Since 0.1. */
typedef struct cmx_spc_chart cmx_spc_chart;

/* Chart types (values fixed, appended only). Since 0.1. */
#define CMX_SPC_CHART_RUN 0
#define CMX_SPC_CHART_I 1
#define CMX_SPC_CHART_MR 2
#define CMX_SPC_CHART_XBAR 3
#define CMX_SPC_CHART_R 4
#define CMX_SPC_CHART_S 5
#define CMX_SPC_CHART_P 6
#define CMX_SPC_CHART_NP 7
#define CMX_SPC_CHART_C 8
#define CMX_SPC_CHART_U 9
#define CMX_SPC_CHART_PP 10 /* Laney p' */
#define CMX_SPC_CHART_UP 11 /* Laney u' */
#define CMX_SPC_CHART_G 12
#define CMX_SPC_CHART_T 13
#define CMX_SPC_CHART_IP 14 /* I' */

/* Aggregation of the rows of a subgroup (charts without n). Since 0.1. */
#define CMX_SPC_AGG_MEAN 0
#define CMX_SPC_AGG_MEDIAN 1
#define CMX_SPC_AGG_SUM 2
#define CMX_SPC_AGG_SD 3

/* Within-subgroup sigma of xbar, R and S charts; CMX_SPC_SIGMA_DEFAULT = qicharts2 for xbar
 * and s, qcc for r. Since 0.1. */
#define CMX_SPC_SIGMA_DEFAULT (-1)
#define CMX_SPC_SIGMA_QICHARTS2 0
#define CMX_SPC_SIGMA_QCC 1
#define CMX_SPC_SIGMA_MEAN_S 2
#define CMX_SPC_SIGMA_POOLED_SD 3
#define CMX_SPC_SIGMA_UWAVE_R 4
#define CMX_SPC_SIGMA_UWAVE_SD 5
#define CMX_SPC_SIGMA_RMSDF 6
#define CMX_SPC_SIGMA_MVLUE_R 7
#define CMX_SPC_SIGMA_MVLUE_SD 8

/* Moving-range screening: the chart's default (on for i, t, pp, up, ip), off or on. */
#define CMX_SPC_SCREEN_DEFAULT (-1)
#define CMX_SPC_SCREEN_OFF 0
#define CMX_SPC_SCREEN_ON 1

/* Options of a chart. Set size to sizeof(cmx_spc_options) (CMX_SPC_OPTIONS_INIT does, with the
 * defaults that reproduce qicharts2's qic()). Arrays are borrowed for the duration of the call.
 * Since 0.1. */
typedef struct cmx_spc_options {
  size_t size;
  int chart;           /* CMX_SPC_CHART_* */
  int aggregation;     /* CMX_SPC_AGG_* */
  const size_t* parts; /* 1-based subgroups after which a new phase starts; may be NULL */
  size_t parts_count;
  size_t freeze;         /* centre and limits from subgroups 1..freeze; 0 = all */
  const size_t* exclude; /* 1-based subgroups kept out of centre, limits and runs */
  size_t exclude_count;
  double multiply; /* scales y, centre and limits at the end; > 0 */
  int has_centre;  /* nonzero: use centre as the known centre line */
  double centre;
  int has_sigma; /* nonzero: use sigma as the known sigma (i, t, xbar, r, s, pp, up,
                    ip; see cmx/spc/chart.hpp) */
  double sigma;
  int screen_mr;    /* CMX_SPC_SCREEN_* */
  int sigma_method; /* CMX_SPC_SIGMA_* */
} cmx_spc_options;

#define CMX_SPC_OPTIONS_INIT                                                                      \
  {                                                                                               \
    sizeof(cmx_spc_options), CMX_SPC_CHART_I, CMX_SPC_AGG_MEAN, NULL, 0, 0, NULL, 0, 1.0, 0, 0.0, \
        0, 0.0, CMX_SPC_SCREEN_DEFAULT, CMX_SPC_SIGMA_DEFAULT                                     \
  }

/* Computes a chart from count rows: x (finite subgroup labels, e.g. day numbers), y (values or
 * numerators; NaN = missing) and n (denominators, or NULL; required for p, np, u, pp, up, ip).
 * The arrays are copied. On success *out is a new chart the caller releases with
 * cmx_spc_chart_destroy(); after any failure *out is NULL.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL ctx/x/y/options/out, options->size too small, unknown
 * chart, aggregation, screening or sigma method); CMX_E_BAD_INPUT (empty or all-missing series,
 * NaN/inf, negative counts, numerator above denominator, denominators <= 0, subgroups of one where
 * a within-subgroup sigma is needed, t values <= 0, a phase too short for limits: the context
 * names the row or subgroup (line) and the field); CMX_E_OUT_OF_RANGE (a part, freeze or exclude
 * position outside the subgroups); CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_spc_chart_create(cmx_context* ctx, const double* x, const double* y,
                                 const double* n, size_t count, const cmx_spc_options* options,
                                 cmx_spc_chart** out) CMX_NOEXCEPT;

/* Releases a chart; NULL is allowed. Since 0.1. */
CMX_API void cmx_spc_chart_destroy(cmx_spc_chart* chart) CMX_NOEXCEPT;

/* Facts about a chart. Set size to sizeof(cmx_spc_chart_info) (CMX_SPC_CHART_INFO_INIT). */
typedef struct cmx_spc_chart_info {
  size_t size;
  int chart;        /* CMX_SPC_CHART_* */
  size_t points;    /* number of points (subgroups) */
  size_t parts;     /* number of phases */
  int screened_mr;  /* 1 if moving-range screening was applied */
  int sigma_method; /* CMX_SPC_SIGMA_* in force (xbar, r, s) */
} cmx_spc_chart_info;

#define CMX_SPC_CHART_INFO_INIT \
  { sizeof(cmx_spc_chart_info), 0, 0, 0, 0, 0 }

/* Fills *out_info. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer, out_info->size too small).
 * Since 0.1. */
CMX_API int cmx_spc_chart_get_info(cmx_context* ctx, const cmx_spc_chart* chart,
                                   cmx_spc_chart_info* out_info) CMX_NOEXCEPT;

/* Per-point columns (one value per point, in plot order; NaN where there is none). */
#define CMX_SPC_COLUMN_X 0
#define CMX_SPC_COLUMN_Y 1 /* plotted value (multiplied) */
#define CMX_SPC_COLUMN_N 2 /* denominator or subgroup size */
#define CMX_SPC_COLUMN_CL 3
#define CMX_SPC_COLUMN_SIGMA 4 /* one sigma of the plotted value */
#define CMX_SPC_COLUMN_LCL 5   /* 3-sigma limits, clipped where the chart requires */
#define CMX_SPC_COLUMN_UCL 6
#define CMX_SPC_COLUMN_LCL2 7 /* 2-sigma lines */
#define CMX_SPC_COLUMN_UCL2 8
#define CMX_SPC_COLUMN_LCL1 9 /* 1-sigma lines */
#define CMX_SPC_COLUMN_UCL1 10
#define CMX_SPC_COLUMN_PART 11         /* 1-based phase */
#define CMX_SPC_COLUMN_INCLUDED 12     /* 1 or 0 */
#define CMX_SPC_COLUMN_BASELINE 13     /* 1 or 0 */
#define CMX_SPC_COLUMN_SIGMA_SIGNAL 14 /* 1 if strictly outside the 3-sigma limits */

/* Copies one column into the caller's buffer of capacity doubles and sets *out_len to the
 * number of points. Errors: CMX_E_INVALID_ARGUMENT (NULL ctx/chart/out_len, buffer NULL with
 * capacity > 0, unknown column); CMX_E_BUFFER_TOO_SMALL (capacity < points; *out_len has the
 * size needed, nothing copied). Since 0.1. */
CMX_API int cmx_spc_chart_get_column(cmx_context* ctx, const cmx_spc_chart* chart, int column,
                                     double* buffer, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* One phase: centre, sigma and the Anhøj run analysis. Set size (CMX_SPC_PART_INIT). */
typedef struct cmx_spc_part {
  size_t size;
  int part;     /* 1-based phase number */
  size_t first; /* 0-based first and last point */
  size_t last;
  double cl;               /* centre line (multiplied) */
  double sigma;            /* the chart's sigma parameter (unmultiplied) */
  int limits_from_earlier; /* 1: phase II, centre and sigma from the phase before */
  size_t sigma_signals;    /* points outside the 3-sigma limits */
  size_t n_obs;            /* included points */
  size_t n_useful;         /* included points off the centre line */
  int runs_defined;        /* 0 when n_useful is 0 (the run numbers below are then 0) */
  size_t longest_run;
  size_t longest_run_max; /* round(log2(n_useful)) + 3 */
  size_t crossings;
  size_t crossings_min; /* qbinom(0.05, n_useful - 1, 0.5) */
  int runs_signal;
} cmx_spc_part;

#define CMX_SPC_PART_INIT \
  { sizeof(cmx_spc_part), 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/* Fills *out_part with phase index (0-based, < info.parts). Errors: CMX_E_INVALID_ARGUMENT
 * (NULL pointer, out_part->size too small); CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_spc_chart_get_part(cmx_context* ctx, const cmx_spc_chart* chart, size_t index,
                                   cmx_spc_part* out_part) CMX_NOEXCEPT;

/* Rule sets for cmx_spc_chart_get_signals (bit flags). */
#define CMX_SPC_RULES_SIGMA 1u  /* points strictly outside the 3-sigma limits */
#define CMX_SPC_RULES_ANHOEJ 2u /* Anhøj longest run and crossings, per phase */

/* Rule ids (the values of cmx::spc::rule_id). */
#define CMX_SPC_RULE_BEYOND_LIMITS 1
#define CMX_SPC_RULE_ANHOEJ_LONGEST_RUN 2
#define CMX_SPC_RULE_ANHOEJ_CROSSINGS 3

/* One signal: rule broken by the points first..last (0-based, plot order); the flagged points
 * are flag_first..last; direction -1 down, 0 none, 1 up; mode 0 = whole pattern, 1 = from the
 * K-th point. */
typedef struct cmx_spc_signal {
  int rule;
  size_t first;
  size_t last;
  size_t flag_first;
  int direction;
  int mode;
} cmx_spc_signal;

/* Copies the signals of the rule sets in `rules` (CMX_SPC_RULES_* flags): beyond-limit signals
 * first, then the Anhøj signals by phase. Sets *out_len to the number of signals.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL ctx/chart/out_len, buffer NULL with capacity > 0, unknown
 * rule flag); CMX_E_BUFFER_TOO_SMALL (*out_len has the count needed). Since 0.1. */
CMX_API int cmx_spc_chart_get_signals(cmx_context* ctx, const cmx_spc_chart* chart, unsigned rules,
                                      cmx_spc_signal* buffer, size_t capacity,
                                      size_t* out_len) CMX_NOEXCEPT;

CMX_EXTERN_C_END

#endif /* CMX_H */
