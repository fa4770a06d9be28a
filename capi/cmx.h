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

/* ==== Value compass, funnel, FHIR (cmx::compass, cmx::io) ===================================
 *
 * Funnel plots for comparing units (Spiegelhalter 2005), FHIR R4 MeasureReport in and out, and
 * the Clinical Value Compass (Nelson et al. 1996): named scoring methods, roll-ups over a part_of
 * hierarchy by pooling counts, change from t1 to t2. Doubles that are absent are NaN on input
 * and output. All functions Since 0.1. */

/* ---- Funnel plots ---- */

#define CMX_FUNNEL_PROPORTION 0 /* events / trials (binomial); target: pooled proportion */
#define CMX_FUNNEL_RATIO 1      /* observed / expected (Poisson); target: 1 */
#define CMX_FUNNEL_RATE 2       /* events / exposure (Poisson); target: pooled rate */

#define CMX_FUNNEL_LIMITS_EXACT 0  /* interpolated binomial/Poisson quantiles */
#define CMX_FUNNEL_LIMITS_NORMAL 1 /* target +- z s */

#define CMX_FUNNEL_OVERDISPERSION_NONE 0
#define CMX_FUNNEL_OVERDISPERSION_MULTIPLICATIVE 1 /* variance x phi, when phi > 1 */
#define CMX_FUNNEL_OVERDISPERSION_ADDITIVE 2       /* variance + tau^2, when tau^2 > 0 */

#define CMX_FUNNEL_FLAG_LOW (-1) /* below the lower 99.8% limit */
#define CMX_FUNNEL_FLAG_NONE 0
#define CMX_FUNNEL_FLAG_HIGH 1 /* above the upper 99.8% limit */

/* Options of cmx_funnel_create. Initialise with CMX_FUNNEL_OPTIONS_INIT. */
typedef struct cmx_funnel_options {
  size_t size;        /* sizeof(cmx_funnel_options) */
  int type;           /* CMX_FUNNEL_PROPORTION (default), _RATIO or _RATE */
  int limits;         /* CMX_FUNNEL_LIMITS_EXACT (default) or _NORMAL */
  int overdispersion; /* CMX_FUNNEL_OVERDISPERSION_NONE (default), _MULTIPLICATIVE, _ADDITIVE */
  double target;      /* NaN (default): pooled proportion or rate, 1 for ratios */
} cmx_funnel_options;

#define CMX_FUNNEL_OPTIONS_INIT                                                 \
  {                                                                             \
    sizeof(cmx_funnel_options), CMX_FUNNEL_PROPORTION, CMX_FUNNEL_LIMITS_EXACT, \
        CMX_FUNNEL_OVERDISPERSION_NONE, (0.0 / 0.0)                             \
  }

/* A computed funnel plot; immutable, may be read from many threads. */
typedef struct cmx_funnel cmx_funnel;

/* One unit of a funnel. */
typedef struct cmx_funnel_unit {
  double value;   /* numerator / denominator */
  double z;       /* after any overdispersion adjustment */
  double lower95; /* limits at the unit's own denominator, clipped to the indicator's range */
  double upper95;
  double lower998;
  double upper998;
  int flag; /* CMX_FUNNEL_FLAG_* by the 99.8% limits */
} cmx_funnel_unit;

/* The summary of a funnel. */
typedef struct cmx_funnel_summary {
  double target;
  double phi;     /* mean square of the z-scores winsorised at 10% and 90% */
  double tau2;    /* random-effects variance (DerSimonian-Laird moments), 0 if none */
  double chi2;    /* count x phi */
  double p_value; /* of chi2 on count - 1 degrees of freedom */
  int adjusted;   /* 1 when an overdispersion adjustment changed the limits */
} cmx_funnel_summary;

/* Computes the funnel of count units from numerator[i] / denominator[i] (both copied).
 * options may be NULL (defaults). Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, options->size
 * too small, unknown option values), CMX_E_BAD_INPUT (a zero denominator or expected count, a
 * numerator above its denominator, NaN or negative counts, a target out of range: the context's
 * line is the 1-based unit and its field the array, "numerator" or "denominator"/"expected"),
 * CMX_E_NOMEM. On failure *out_funnel is NULL. */
CMX_API int cmx_funnel_create(cmx_context* ctx, const double* numerator, const double* denominator,
                              size_t count, const cmx_funnel_options* options,
                              cmx_funnel** out_funnel) CMX_NOEXCEPT;

/* Destroys a funnel; NULL is allowed. */
CMX_API void cmx_funnel_destroy(cmx_funnel* funnel) CMX_NOEXCEPT;

/* The number of units of a funnel (0 for NULL). */
CMX_API size_t cmx_funnel_count(const cmx_funnel* funnel) CMX_NOEXCEPT;

/* Copies the summary of a funnel into *out_summary. Errors: CMX_E_INVALID_ARGUMENT. */
CMX_API int cmx_funnel_get_summary(cmx_context* ctx, const cmx_funnel* funnel,
                                   cmx_funnel_summary* out_summary) CMX_NOEXCEPT;

/* Copies unit index (0-based) into *out_unit. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_OUT_OF_RANGE.
 */
CMX_API int cmx_funnel_get_unit(cmx_context* ctx, const cmx_funnel* funnel, size_t index,
                                cmx_funnel_unit* out_unit) CMX_NOEXCEPT;

/* The limits of central coverage (e.g. 0.95, 0.998) at denominator n around target, for
 * drawing the funnel's curves. type and limits as in cmx_funnel_options; phi (1 for none) and
 * tau2 (0 for none) inflate normal limits. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT. */
CMX_API int cmx_funnel_limits_at(cmx_context* ctx, int type, int limits, double target, double n,
                                 double coverage, double phi, double tau2, double* out_lower,
                                 double* out_upper) CMX_NOEXCEPT;

/* ---- FHIR R4 MeasureReport ---- */

/* The groups of MeasureReports read from JSON; immutable. */
typedef struct cmx_fhir_reports cmx_fhir_reports;

/* One group of a MeasureReport. Strings are borrowed from the cmx_fhir_reports; absent counts
 * are NaN. */
typedef struct cmx_fhir_group {
  const char* report_id;
  const char* group_id;
  const char* measure; /* canonical URL */
  const char* subject; /* reference, e.g. "Organization/ward-7" */
  const char* period_start;
  const char* period_end;
  double initial_population;
  double numerator;
  double numerator_exclusion;
  double denominator;
  double denominator_exclusion;
  double denominator_exception;
  double score; /* (N - NX) / (D - DX - DEX), else the reported measureScore, else NaN */
} cmx_fhir_group;

/* Reads a MeasureReport or a Bundle of them from json (length bytes, not necessarily
 * NUL-terminated). source names the input in errors (may be NULL). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_PARSE (malformed JSON: line and column; invalid FHIR: the
 * context's field is the JSON pointer, e.g. "/entry/3/resource/group/0/population/1/count"),
 * CMX_E_NOMEM. On failure *out_reports is NULL. */
CMX_API int cmx_fhir_read_measure_reports(cmx_context* ctx, const char* json, size_t length,
                                          const char* source,
                                          cmx_fhir_reports** out_reports) CMX_NOEXCEPT;

/* Destroys reports; NULL is allowed. */
CMX_API void cmx_fhir_reports_destroy(cmx_fhir_reports* reports) CMX_NOEXCEPT;

/* The number of groups read (0 for NULL). */
CMX_API size_t cmx_fhir_reports_count(const cmx_fhir_reports* reports) CMX_NOEXCEPT;

/* Copies group index (0-based) into *out_group (strings borrowed from reports). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_OUT_OF_RANGE. */
CMX_API int cmx_fhir_reports_get(cmx_context* ctx, const cmx_fhir_reports* reports, size_t index,
                                 cmx_fhir_group* out_group) CMX_NOEXCEPT;

/* Writes the groups back as FHIR R4 JSON (one MeasureReport, or a collection Bundle when there
 * are several or bundle is non-zero) into buffer (capacity bytes, NUL-terminated). *out_len is
 * the length without the NUL; with a NULL buffer or too small a capacity the call returns
 * CMX_E_BUFFER_TOO_SMALL and *out_len is the length needed. Errors: CMX_E_INVALID_ARGUMENT,
 * CMX_E_BAD_INPUT (a group without measure or period), CMX_E_BUFFER_TOO_SMALL, CMX_E_NOMEM. */
CMX_API int cmx_fhir_write_measure_reports(cmx_context* ctx, const cmx_fhir_reports* reports,
                                           int bundle, char* buffer, size_t capacity,
                                           size_t* out_len) CMX_NOEXCEPT;

/* ---- Clinical Value Compass ---- */

#define CMX_COMPASS_WEST 0  /* clinical outcomes */
#define CMX_COMPASS_NORTH 1 /* functional health status, risk status, well-being */
#define CMX_COMPASS_EAST 2  /* satisfaction against need */
#define CMX_COMPASS_SOUTH 3 /* costs: direct medical, indirect social */

#define CMX_COMPASS_GOALPOST 0          /* (value - floor) / (target - floor), clamped to [0, 1] */
#define CMX_COMPASS_PERCENT_OF_TARGET 1 /* 100 at the target */
#define CMX_COMPASS_BENCHMARK_Z 2       /* +- (value - mean) / SD, positive = better */
#define CMX_COMPASS_T_SCORE 3           /* 50 + 10 z */

#define CMX_COMPASS_DETERIORATED (-1)
#define CMX_COMPASS_STABLE 0
#define CMX_COMPASS_IMPROVED 1

/* Measures, observations and a part_of hierarchy to score; used by one thread at a time. */
typedef struct cmx_compass cmx_compass;

/* One observation (strings copied). Absent numbers are NaN. Initialise with
 * CMX_COMPASS_OBSERVATION_INIT. */
typedef struct cmx_compass_observation {
  size_t size; /* sizeof(cmx_compass_observation) */
  const char* measure;
  const char* unit;
  const char* period; /* a label that sorts chronologically as text, e.g. "2024-03" */
  double numerator;
  double denominator;
  double value;
  double expected;
  double n;
  double sd;
} cmx_compass_observation;

#define CMX_COMPASS_OBSERVATION_INIT                                                          \
  {                                                                                           \
    sizeof(cmx_compass_observation), NULL, NULL, NULL, (0.0 / 0.0), (0.0 / 0.0), (0.0 / 0.0), \
        (0.0 / 0.0), (0.0 / 0.0), (0.0 / 0.0)                                                 \
  }

/* Scoring options. Initialise with CMX_COMPASS_OPTIONS_INIT. */
typedef struct cmx_compass_options {
  size_t size;        /* sizeof(cmx_compass_options) */
  int method;         /* CMX_COMPASS_GOALPOST (default), ... */
  int clamp_goalpost; /* 1 (default): goalpost attainment clamped to [0, 1] */
  double west_weight; /* weights of the points in the outcome index (default 1, 1, 1) */
  double north_weight;
  double east_weight;
  double reference_cost;      /* NaN (default): the mean cost over units and periods */
  int full_weight_for_shared; /* 1: shared units count fully in each parent (default 0) */
} cmx_compass_options;

#define CMX_COMPASS_OPTIONS_INIT \
  { sizeof(cmx_compass_options), CMX_COMPASS_GOALPOST, 1, 1.0, 1.0, 1.0, (0.0 / 0.0), 0 }

/* The SPC status of one measure's series, supplied by the caller (e.g. from cmx's SPC engine).
 * values holds the unit's values of the measure in period order up to the period scored (NaN
 * where missing). Return 1 and set *out_signal (0/1) and *out_rule (a static or user_data-owned
 * rule name, may be NULL) when a status was computed, 0 when not. */
typedef int (*cmx_compass_spc_fn)(const char* measure, const double* values, size_t count,
                                  int* out_signal, const char** out_rule, void* user_data);

/* Creates a compass from measures JSON (length bytes; {"measures": [...]}, see the README: each
 * measure's direction is required). source names it in errors (may be NULL). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_PARSE (the context's field is the JSON pointer, e.g.
 * "/measures/2/direction"), CMX_E_NOMEM. On failure *out_compass is NULL. */
CMX_API int cmx_compass_create(cmx_context* ctx, const char* measures_json, size_t length,
                               const char* source, cmx_compass** out_compass) CMX_NOEXCEPT;

/* Destroys a compass; NULL is allowed. */
CMX_API void cmx_compass_destroy(cmx_compass* compass) CMX_NOEXCEPT;

/* Adds an observation (copied; validated when scored). Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointers or strings, size too small), CMX_E_NOMEM. */
CMX_API int cmx_compass_add_observation(cmx_context* ctx, cmx_compass* compass,
                                        const cmx_compass_observation* observation) CMX_NOEXCEPT;

/* Adds a part_of edge: child is part of parent with allocation weight in (0, 1]. Parents are
 * scored from their descendants' pooled counts. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT
 * (weight out of range), CMX_E_NOMEM. */
CMX_API int cmx_compass_add_edge(cmx_context* ctx, cmx_compass* compass, const char* child,
                                 const char* parent, double weight) CMX_NOEXCEPT;

/* Sets (or with NULL clears) the SPC status provider; user_data is passed back. */
CMX_API int cmx_compass_set_spc_provider(cmx_context* ctx, cmx_compass* compass,
                                         cmx_compass_spc_fn provider, void* user_data) CMX_NOEXCEPT;

/* The compass of one unit at one period; immutable. */
typedef struct cmx_compass_result cmx_compass_result;

/* One measure of a result; strings borrowed from the result. */
typedef struct cmx_compass_measure_score {
  const char* measure;
  int point; /* CMX_COMPASS_WEST ... */
  double value;
  double score;
  int spc_computed;     /* 0 when no provider is set or it computed nothing */
  int spc_signal;       /* 1: the latest point is part of a signal */
  const char* spc_rule; /* "" if none */
} cmx_compass_measure_score;

/* Scores unit at period (NULL: the latest period) with options (NULL: defaults), rolling up
 * through the edges added. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_NOT_FOUND (unknown measure,
 * unit or period), CMX_E_BAD_INPUT (a missing direction, a zero denominator or expected count,
 * a target equal to its floor, a negative cost: the context names the measure or observation
 * and the field), CMX_E_INCONSISTENT (a part_of cycle, an observation given twice),
 * CMX_E_NOMEM. On failure *out_result is NULL. */
CMX_API int cmx_compass_score(cmx_context* ctx, const cmx_compass* compass, const char* unit,
                              const char* period, const cmx_compass_options* options,
                              cmx_compass_result** out_result) CMX_NOEXCEPT;

/* Destroys a result; NULL is allowed. */
CMX_API void cmx_compass_result_destroy(cmx_compass_result* result) CMX_NOEXCEPT;

/* The score of a compass point (CMX_COMPASS_WEST ... SOUTH), NaN if none or out of range. */
CMX_API double cmx_compass_result_point(const cmx_compass_result* result, int point) CMX_NOEXCEPT;

/* The outcome index (West, North, East), NaN for NULL. */
CMX_API double cmx_compass_result_outcome_index(const cmx_compass_result* result) CMX_NOEXCEPT;

/* The cost (sum of cost-type measures), NaN if none. */
CMX_API double cmx_compass_result_cost(const cmx_compass_result* result) CMX_NOEXCEPT;

/* The value index: outcome index x reference cost / cost, NaN if no cost. */
CMX_API double cmx_compass_result_value_index(const cmx_compass_result* result) CMX_NOEXCEPT;

/* The number of measures observed for the unit at the period (0 for NULL). */
CMX_API size_t cmx_compass_result_count(const cmx_compass_result* result) CMX_NOEXCEPT;

/* Copies measure index (0-based) into *out_score. Errors: CMX_E_INVALID_ARGUMENT,
 * CMX_E_OUT_OF_RANGE. */
CMX_API int cmx_compass_result_get(cmx_context* ctx, const cmx_compass_result* result, size_t index,
                                   cmx_compass_measure_score* out_score) CMX_NOEXCEPT;

/* The change of one measure of a unit from period t1 to t2. */
typedef struct cmx_compass_change {
  double t1;
  double t2;
  double difference;  /* t2 - t1 */
  double improvement; /* difference, negated when lower is better */
  double effect_size; /* Cohen's h (proportions) or d (means with n and SD), else NaN */
  double ci_lower;    /* interval of the improvement; NaN when none */
  double ci_upper;
  int classification; /* CMX_COMPASS_IMPROVED, _STABLE or _DETERIORATED against the MID */
} cmx_compass_change;

/* Computes the change (95% intervals: Newcombe's hybrid score for proportions, Welch for means
 * with n and SD, Wald for Poisson rates and O/E). Observations are pooled first when unit is a
 * parent. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_NOT_FOUND (no observation of the measure for the
 * unit at t1 or t2), CMX_E_BAD_INPUT (no MID, as cmx_compass_score), CMX_E_NOMEM. */
CMX_API int cmx_compass_change_between(cmx_context* ctx, const cmx_compass* compass,
                                       const char* unit, const char* measure, const char* t1,
                                       const char* t2, cmx_compass_change* out_change) CMX_NOEXCEPT;

/* Wilson score interval of x events in n trials at the given confidence (e.g. 0.95). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT (not 0 <= x <= n, n > 0). */
CMX_API int cmx_compass_wilson_interval(cmx_context* ctx, double x, double n, double confidence,
                                        double* out_lower, double* out_upper) CMX_NOEXCEPT;

/* x1/n1 - x2/n2 with Newcombe's hybrid score interval (Newcombe 1998, method 10). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT. */
CMX_API int cmx_compass_newcombe_difference(cmx_context* ctx, double x1, double n1, double x2,
                                            double n2, double confidence, double* out_estimate,
                                            double* out_lower, double* out_upper) CMX_NOEXCEPT;

#define CMX_COMPOSITE_ALL_OR_NONE 0
#define CMX_COMPOSITE_OPPORTUNITY 1
#define CMX_COMPOSITE_INDICATOR_AVERAGE 2
#define CMX_COMPOSITE_PATIENT_AVERAGE 3

/* A bundle composite (Reeves et al. 2007) over a patients x items matrix (row-major) of -1 (not
 * eligible), 0 (not met) and 1 (met). Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, unknown
 * method), CMX_E_BAD_INPUT (another cell value: line = patient, column = item; nobody eligible). */
CMX_API int cmx_compass_composite(cmx_context* ctx, const int8_t* cells, size_t patients,
                                  size_t items, int method, double* out_score) CMX_NOEXCEPT;

CMX_EXTERN_C_END

#endif /* CMX_H */
