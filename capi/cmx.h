/**
 * @file
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
 * MEMORY. `cmx_<x>_create(ctx, ..., cmx_x** out)` gives the caller an object to release with
 * `cmx_<x>_destroy()`, which accepts NULL. After any failure *out is NULL. Inputs are copied
 * unless documented as borrowed. A returned const char* or const pointer is borrowed: it stays
 * valid until its owner changes or is destroyed. Memory cmx allocates for the caller is released
 * with cmx_free().
 *
 * STRUCTS. Every options or info struct starts with `size_t size`, which its CMX_..._INIT
 * macro sets to sizeof the struct as the caller compiled it, so one library serves programs built
 * against an older or newer cmx.h. A size below this version's is CMX_E_INVALID_ARGUMENT (the
 * error's source is the struct's type name, its field "size"). A larger size (a newer cmx.h) is
 * served as this version's struct when every byte past this version's fields is zero, the value
 * a new field takes for "as before"; a byte that is not zero is CMX_E_UNSUPPORTED: an option
 * this library cannot honour is refused, never ignored. cmx fills the known fields of a larger
 * struct it writes and zeroes the rest. Initialise structs with their macro, or memset to 0.
 *
 * THREADS. A context, and the objects made through it, are used by one thread at a time.
 * Distinct contexts may be used concurrently. Objects documented as immutable (a finished chart,
 * a frozen system graph) may be read from many threads at once. There is no global state and no
 * global initialisation. A chart or rule pass over a series of at least 2^18 points splits its
 * work over threads of its own (one per hardware thread, or as cmx_context_set_threads says)
 * and joins them before it returns; the result is that of one thread, bit for bit.
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
#define CMX_OK 0                 /**< success */
#define CMX_E_INVALID_ARGUMENT 1 /**< a NULL pointer, bad handle or option out of its domain */
#define CMX_E_NOMEM 2            /**< an allocation failed; nothing was changed */
#define CMX_E_BAD_INPUT 3 /**< data that cannot be charted or scored: NaN, n <= 0, y > n... */
#define CMX_E_PARSE 4     /**< malformed CSV, JSON or FHIR */
#define CMX_E_NOT_FOUND 5 /**< an unknown unit, measure or other id */
#define CMX_E_IO 6        /**< a file could not be opened, read or written */
#define CMX_E_BUFFER_TOO_SMALL 7 /**< the caller's buffer is too small; *out_len has the size */
#define CMX_E_OUT_OF_RANGE 8     /**< an index past the end */
#define CMX_E_INCONSISTENT 9     /**< a structure breaks a rule: a part_of cycle, level inversion */
#define CMX_E_UNSUPPORTED 10     /**< a valid request this build does not support */
#define CMX_E_INTERNAL 11        /**< a bug in cmx; please report it with the message */

/** A static, never-NULL English description of a status value (also for unknown values). Since 0.1.
 */
CMX_API const char* cmx_status_string(int status) CMX_NOEXCEPT;

/* ---- Versions at run time ------------------------------------------------------------------ */

/** CMX_VERSION_NUMBER of the library actually linked; compare with the header's macro. Never fails.
 * Since 0.1.
 */
CMX_API int cmx_version_number(void) CMX_NOEXCEPT;
/** CMX_VERSION_STRING of the library actually linked; static storage. Since 0.1. */
CMX_API const char* cmx_version_string(void) CMX_NOEXCEPT;

/* ---- Context ------------------------------------------------------------------------------- */

/** A context holds the last error of the calls made through it. Since 0.1. */
typedef struct cmx_context cmx_context;

/** Creates a context. Returns CMX_OK, CMX_E_INVALID_ARGUMENT (out is NULL) or CMX_E_NOMEM; on
 * failure *out is NULL. Since 0.1. */
CMX_API int cmx_context_create(cmx_context** out) CMX_NOEXCEPT;

/** Destroys a context; NULL is allowed. Objects made through it must be destroyed first. Since 0.1.
 */
CMX_API void cmx_context_destroy(cmx_context* ctx) CMX_NOEXCEPT;

/** How many threads an SPC call through ctx may use for one long series (a chart or rule pass
 * over at least 2^18 points; see THREADS above): 0, the default, is one per hardware thread; 1
 * keeps every call on the calling thread. The results are the same whatever it is.
 * cmx_spc_many_compute keeps its own options->threads. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * ctx). Since 0.1. */
CMX_API int cmx_context_set_threads(cmx_context* ctx, unsigned threads) CMX_NOEXCEPT;

/** The status of the last failed call through ctx, CMX_OK after a success (or for NULL). Never
 * fails. Since 0.1.
 */
CMX_API int cmx_context_error_code(const cmx_context* ctx) CMX_NOEXCEPT;

/** The message of the last error, "" if none; borrowed until the next call through ctx. The
 * message includes the location when one is known. Since 0.1. */
CMX_API const char* cmx_context_error_message(const cmx_context* ctx) CMX_NOEXCEPT;

/** Where the last bad input was found: the source (a file name, "<memory>", an argument name),
 * "" if unknown; borrowed until the next call through ctx. Since 0.1. */
CMX_API const char* cmx_context_error_source(const cmx_context* ctx) CMX_NOEXCEPT;

/** The 1-based line (or row, or point) of the last bad input, 0 if unknown. Since 0.1. */
CMX_API int64_t cmx_context_error_line(const cmx_context* ctx) CMX_NOEXCEPT;

/** The 1-based column of the last bad input, 0 if unknown. Since 0.1. */
CMX_API int64_t cmx_context_error_column(const cmx_context* ctx) CMX_NOEXCEPT;

/** The field (column name, JSON path, option name) of the last bad input, "" if unknown;
 * borrowed until the next call through ctx. Since 0.1. */
CMX_API const char* cmx_context_error_field(const cmx_context* ctx) CMX_NOEXCEPT;

/** Releases memory that cmx allocated for the caller (documented per call); NULL is allowed. Since
 * 0.1. */
CMX_API void cmx_free(void* ptr) CMX_NOEXCEPT;

/* ==== Module sections follow, one per engine; each is appended, never reordered. ============ */

/* ==== SPC charts ============================================================================ */
/*
 * Control charts and run charts of one series (C++: cmx/spc/chart.hpp). Rows (x, y, optional
 * n) with equal x form one subgroup; subgroups are plotted in ascending x. A finished chart is
 * immutable: it may be read from many threads at once.
 */

/** A computed chart. Since 0.1. */
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
#define CMX_SPC_CHART_PP 10 /**< Laney p' */
#define CMX_SPC_CHART_UP 11 /**< Laney u' */
#define CMX_SPC_CHART_G 12
#define CMX_SPC_CHART_T 13
#define CMX_SPC_CHART_IP 14 /**< I' */

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

/** Options of a chart. Set size to sizeof(cmx_spc_options) (CMX_SPC_OPTIONS_INIT does, with the
 * defaults that reproduce qicharts2's qic()). Arrays are borrowed for the duration of the call.
 * Since 0.1. */
typedef struct cmx_spc_options {
  size_t size;
  int chart;           /**< CMX_SPC_CHART_* */
  int aggregation;     /**< CMX_SPC_AGG_* */
  const size_t* parts; /**< 1-based subgroups after which a new phase starts; may be NULL */
  size_t parts_count;
  size_t freeze;         /**< centre and limits from subgroups 1..freeze; 0 = all */
  const size_t* exclude; /**< 1-based subgroups kept out of centre, limits and runs */
  size_t exclude_count;
  double multiply; /**< scales y, centre and limits at the end; > 0 */
  int has_centre;  /**< nonzero: use centre as the known centre line */
  double centre;
  int has_sigma; /**< nonzero: use sigma as the known sigma (i, t, xbar, r, s, pp, up,
                    ip; see cmx/spc/chart.hpp) */
  double sigma;
  int screen_mr;    /**< CMX_SPC_SCREEN_* */
  int sigma_method; /**< CMX_SPC_SIGMA_* */
} cmx_spc_options;

#define CMX_SPC_OPTIONS_INIT                                                                      \
  {                                                                                               \
    sizeof(cmx_spc_options), CMX_SPC_CHART_I, CMX_SPC_AGG_MEAN, NULL, 0, 0, NULL, 0, 1.0, 0, 0.0, \
        0, 0.0, CMX_SPC_SCREEN_DEFAULT, CMX_SPC_SIGMA_DEFAULT                                     \
  }

/** Computes a chart from count rows: x (finite subgroup labels, e.g. day numbers), y (values or
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

/** Releases a chart; NULL is allowed. Since 0.1. */
CMX_API void cmx_spc_chart_destroy(cmx_spc_chart* chart) CMX_NOEXCEPT;

/** Facts about a chart. Set size to sizeof(cmx_spc_chart_info) (CMX_SPC_CHART_INFO_INIT). */
typedef struct cmx_spc_chart_info {
  size_t size;
  int chart;        /**< CMX_SPC_CHART_* */
  size_t points;    /**< number of points (subgroups) */
  size_t parts;     /**< number of phases */
  int screened_mr;  /**< 1 if moving-range screening was applied */
  int sigma_method; /**< CMX_SPC_SIGMA_* in force (xbar, r, s) */
} cmx_spc_chart_info;

#define CMX_SPC_CHART_INFO_INIT \
  { sizeof(cmx_spc_chart_info), 0, 0, 0, 0, 0 }

/** Fills *out_info. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer, out_info->size too small).
 * Since 0.1. */
CMX_API int cmx_spc_chart_get_info(cmx_context* ctx, const cmx_spc_chart* chart,
                                   cmx_spc_chart_info* out_info) CMX_NOEXCEPT;

/* Per-point columns (one value per point, in plot order; NaN where there is none). */
#define CMX_SPC_COLUMN_X 0
#define CMX_SPC_COLUMN_Y 1 /**< plotted value (multiplied) */
#define CMX_SPC_COLUMN_N 2 /**< denominator or subgroup size */
#define CMX_SPC_COLUMN_CL 3
#define CMX_SPC_COLUMN_SIGMA 4 /**< one sigma of the plotted value */
#define CMX_SPC_COLUMN_LCL 5   /**< 3-sigma limits, clipped where the chart requires */
#define CMX_SPC_COLUMN_UCL 6
#define CMX_SPC_COLUMN_LCL2 7 /**< 2-sigma lines */
#define CMX_SPC_COLUMN_UCL2 8
#define CMX_SPC_COLUMN_LCL1 9 /**< 1-sigma lines */
#define CMX_SPC_COLUMN_UCL1 10
#define CMX_SPC_COLUMN_PART 11         /**< 1-based phase */
#define CMX_SPC_COLUMN_INCLUDED 12     /**< 1 or 0 */
#define CMX_SPC_COLUMN_BASELINE 13     /**< 1 or 0 */
#define CMX_SPC_COLUMN_SIGMA_SIGNAL 14 /**< 1 if strictly outside the 3-sigma limits */

/** Copies one column into the caller's buffer of capacity doubles and sets *out_len to the
 * number of points. Errors: CMX_E_INVALID_ARGUMENT (NULL ctx/chart/out_len, buffer NULL with
 * capacity > 0, unknown column); CMX_E_BUFFER_TOO_SMALL (capacity < points; *out_len has the
 * size needed, nothing copied). Since 0.1. */
CMX_API int cmx_spc_chart_get_column(cmx_context* ctx, const cmx_spc_chart* chart, int column,
                                     double* buffer, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/** One phase: centre, sigma and the Anhøj run analysis. Set size (CMX_SPC_PART_INIT). */
typedef struct cmx_spc_part {
  size_t size;
  int part;     /**< 1-based phase number */
  size_t first; /**< 0-based first and last point */
  size_t last;
  double cl;               /**< centre line (multiplied) */
  double sigma;            /**< the chart's sigma parameter (unmultiplied; xbar and s under the
                                qicharts2 estimator: s-bar, whose sigma of one value at size n is
                                s-bar / c4(n); see chart.hpp part_summary) */
  int limits_from_earlier; /**< 1: phase II, centre and sigma from the phase before */
  size_t sigma_signals;    /**< points outside the 3-sigma limits */
  size_t n_obs;            /**< included points */
  size_t n_useful;         /**< included points off the centre line */
  int runs_defined;        /**< 0 when n_useful is 0 (the run numbers below are then 0) */
  size_t longest_run;
  size_t longest_run_max; /**< round(log2(n_useful)) + 3 */
  size_t crossings;
  size_t crossings_min; /**< qbinom(0.05, n_useful - 1, 0.5) */
  int runs_signal;
} cmx_spc_part;

#define CMX_SPC_PART_INIT \
  { sizeof(cmx_spc_part), 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/** Fills *out_part with phase index (0-based, < info.parts). Errors: CMX_E_INVALID_ARGUMENT
 * (NULL pointer, out_part->size too small); CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_spc_chart_get_part(cmx_context* ctx, const cmx_spc_chart* chart, size_t index,
                                   cmx_spc_part* out_part) CMX_NOEXCEPT;

/* Rule sets for cmx_spc_chart_get_signals (bit flags, any combination). */
#define CMX_SPC_RULES_SIGMA 1u        /**< points strictly outside the 3-sigma limits */
#define CMX_SPC_RULES_ANHOEJ 2u       /**< Anhøj longest run and crossings, per phase */
#define CMX_SPC_RULES_IHI 4u          /**< IHI run-chart rules (Since 0.1) */
#define CMX_SPC_RULES_WE 8u           /**< Western Electric 1-4 (Since 0.1) */
#define CMX_SPC_RULES_NELSON 16u      /**< Nelson 1-8, Minitab's default K (Since 0.1) */
#define CMX_SPC_RULES_MDC 32u         /**< NHS Making Data Count, post-2023 two-of-three */
#define CMX_SPC_RULES_MDC_PRE2023 64u /**< NHS Making Data Count, pre-2023 two-of-three */
#define CMX_SPC_RULES_QCC 128u        /**< qcc 2.7: beyond limits and its run of 7 */

/** Rule ids (CMX_SPC_RULE_*) and the signal struct cmx_spc_signal: see the section
 * "SPC rules, CUSUM, EWMA, monitor, many series" below. */
typedef struct cmx_spc_signal cmx_spc_signal;

/** Copies the signals of the rule sets in `rules` (CMX_SPC_RULES_* flags): beyond-limit signals
 * first, then the Anhøj signals by phase, then the signals of the other sets (IHI, WE, Nelson,
 * MDC, MDC pre-2023, qcc, in that flag order, concatenated into one set as
 * cmx_spc_rule_set_create would with "ihi,western_electric,...") evaluated over the chart's
 * points, ordered by the point completing them. Sets *out_len to the number of signals.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL ctx/chart/out_len, buffer NULL with capacity > 0, unknown
 * rule flag); CMX_E_BUFFER_TOO_SMALL (*out_len has the count needed). Since 0.1. */
CMX_API int cmx_spc_chart_get_signals(cmx_context* ctx, const cmx_spc_chart* chart, unsigned rules,
                                      cmx_spc_signal* buffer, size_t capacity,
                                      size_t* out_len) CMX_NOEXCEPT;
/* ==== SPC rules, CUSUM, EWMA, monitor, many series ========================================== */

/* Rule ids (the values of cmx::spc::rule_id; fixed, only appended). */
#define CMX_SPC_RULE_BEYOND_LIMITS 1
#define CMX_SPC_RULE_ANHOEJ_LONGEST_RUN 2
#define CMX_SPC_RULE_ANHOEJ_CROSSINGS 3
#define CMX_SPC_RULE_IHI_SHIFT 10
#define CMX_SPC_RULE_IHI_TREND 11
#define CMX_SPC_RULE_IHI_TOO_FEW_RUNS 12
#define CMX_SPC_RULE_IHI_TOO_MANY_RUNS 13
#define CMX_SPC_RULE_IHI_ASTRONOMICAL 14
#define CMX_SPC_RULE_WESTERN_ELECTRIC_1 20
#define CMX_SPC_RULE_WESTERN_ELECTRIC_2 21
#define CMX_SPC_RULE_WESTERN_ELECTRIC_3 22
#define CMX_SPC_RULE_WESTERN_ELECTRIC_4 23
#define CMX_SPC_RULE_NELSON_1 31
#define CMX_SPC_RULE_NELSON_2 32
#define CMX_SPC_RULE_NELSON_3 33
#define CMX_SPC_RULE_NELSON_4 34
#define CMX_SPC_RULE_NELSON_5 35
#define CMX_SPC_RULE_NELSON_6 36
#define CMX_SPC_RULE_NELSON_7 37
#define CMX_SPC_RULE_NELSON_8 38
#define CMX_SPC_RULE_MDC_OUTSIDE_LIMITS 40
#define CMX_SPC_RULE_MDC_SHIFT 41
#define CMX_SPC_RULE_MDC_TREND 42
#define CMX_SPC_RULE_MDC_TWO_OF_THREE 43
#define CMX_SPC_RULE_QCC_RUN 50

/** One signal: rule `rule` broken by the points first..last (0-based, inclusive). The flagged
 * points are those of the pattern from flag_first on (flag_mode 0: the whole pattern; 1: from
 * the K-th point, as qcc). direction: -1 down, 0 none, 1 up. `continues` (monitor only) is 1
 * when the signal extends a pattern already reported with the same first point. Since 0.1. */
struct cmx_spc_signal {
  uint16_t rule;
  int8_t direction;
  uint8_t flag_mode;
  uint8_t continues;
  size_t first;
  size_t last;
  size_t flag_first;
};

/** A rule set: a list of rules with editable thresholds. Since 0.1. */
typedef struct cmx_spc_rule_set cmx_spc_rule_set;

/** Creates a rule set from built-in names, comma-separated: "ihi", "western_electric" (or "we"),
 * "nelson" (Minitab's default K), "mdc" (NHS Making Data Count, post-2023 two-of-three),
 * "mdc_pre2023", "qcc". Errors: CMX_E_INVALID_ARGUMENT (NULL names/out), CMX_E_NOT_FOUND (an
 * unknown name; the error field names it), CMX_E_NOMEM. *out is NULL after a failure; release
 * with cmx_spc_rule_set_destroy. Since 0.1. */
CMX_API int cmx_spc_rule_set_create(cmx_context* ctx, const char* names,
                                    cmx_spc_rule_set** out) CMX_NOEXCEPT;

/** Destroys a rule set; NULL is allowed. Monitors made from it keep their own copy. Since 0.1. */
CMX_API void cmx_spc_rule_set_destroy(cmx_spc_rule_set* rules) CMX_NOEXCEPT;

/** The number of rules in the set (0 for NULL). Bit r of a point's flags is rule r. Since 0.1. */
CMX_API size_t cmx_spc_rule_set_size(const cmx_spc_rule_set* rules) CMX_NOEXCEPT;

/** The stable short name of a rule id (a CMX_SPC_RULE_* value), such as "western_electric_2" or
 * "mdc_shift", for display and logs: the name `cmx spc` prints. A static string, never to be
 * freed; NULL for an id cmx does not know. Since 0.1. */
CMX_API const char* cmx_spc_rule_name(uint16_t rule) CMX_NOEXCEPT;

/** Edits a threshold of the rule `rule` (a CMX_SPC_RULE_* id) in the set: its count K (run or
 * trend length, M of "M of N") and, when sigmas > 0, its zone in sigmas. Errors:
 * CMX_E_INVALID_ARGUMENT (NULL set, count < 1, a count above the rule's window), CMX_E_NOT_FOUND
 * (the rule is not in the set); on failure the set is unchanged. Since 0.1. */
CMX_API int cmx_spc_rule_set_edit(cmx_context* ctx, cmx_spc_rule_set* rules, uint16_t rule,
                                  int count, double sigmas) CMX_NOEXCEPT;

/** Edits the one-tailed probability of a runs test (CMX_SPC_RULE_IHI_TOO_FEW_RUNS or
 * CMX_SPC_RULE_IHI_TOO_MANY_RUNS; 0.05 by default): the rule fires when the number of runs about
 * the centre is at most that probable under the exact runs distribution given the points above
 * and below it (Swed & Eisenhart 1943). Errors: CMX_E_INVALID_ARGUMENT (NULL set, alpha outside
 * (0, 1), a rule that is no runs test), CMX_E_NOT_FOUND (the rule is not in the set); on failure
 * the set is unchanged. Since 0.1. */
CMX_API int cmx_spc_rule_set_edit_alpha(cmx_context* ctx, cmx_spc_rule_set* rules, uint16_t rule,
                                        double alpha) CMX_NOEXCEPT;

/** Runs every rule of the set over n points in one pass. y (NaN = missing), cl: n values each;
 * sigma: n values or NULL (no zone rules then); lcl and ucl: both n values or both NULL (no limit
 * rule then); part (phase per point) and included (0 = excluded from pattern rules): n values or
 * NULL. Writes up to `capacity` signals and their count to *out_len; out_flags (NULL or n entries)
 * receives per point the mask of the rules flagging it. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointers; one of lcl and ucl without the other, the field naming the missing one),
 * CMX_E_BAD_INPUT (an infinite y or cl, an infinite or negative sigma, an lcl of +inf or a ucl
 * of -inf; NaN in them is missing, and -inf as lcl or +inf as ucl is no limit on that side; the
 * line is the point), CMX_E_BUFFER_TOO_SMALL (*out_len is the number needed; out_flags is
 * written). Since 0.1. */
CMX_API int cmx_spc_rules_evaluate(cmx_context* ctx, const cmx_spc_rule_set* rules, size_t n,
                                   const double* y, const double* cl, const double* sigma,
                                   const double* lcl, const double* ucl, const int32_t* part,
                                   const uint8_t* included, cmx_spc_signal* out_signals,
                                   size_t capacity, size_t* out_len,
                                   uint32_t* out_flags) CMX_NOEXCEPT;

/** Options of the standardized tabular CUSUM (Montgomery 9.1.5; qcc's cusum: k = se.shift/2,
 * h = decision.interval). Since 0.1. */
typedef struct cmx_spc_cusum_options {
  size_t size;       /**< sizeof(cmx_spc_cusum_options) */
  double k;          /**< reference value in standard errors, >= 0 */
  double h;          /**< decision interval, > 0 */
  double head_start; /**< in [0, h) */
} cmx_spc_cusum_options;
#define CMX_SPC_CUSUM_OPTIONS_INIT \
  { sizeof(cmx_spc_cusum_options), 0.5, 5.0, 0.0 }

/** Tabular CUSUM of n subgroup statistics (sizes: n subgroup sizes or NULL for 1) about centre
 * with the given sigma of one value. Each out_ array (NULL to skip) has n entries: C+ and C-
 * (both >= 0) and their signals (> h). options NULL = defaults. Errors: CMX_E_INVALID_ARGUMENT
 * (NULL pointers, k < 0, h <= 0, head start outside [0, h), sigma <= 0, a wrong options size),
 * CMX_E_BAD_INPUT (n = 0, a NaN/inf statistic or size <= 0: the line is the point). Since 0.1. */
CMX_API int cmx_spc_cusum_compute(cmx_context* ctx, size_t n, const double* statistics,
                                  const double* sizes, double centre, double sigma,
                                  const cmx_spc_cusum_options* options, double* out_upper,
                                  double* out_lower, uint8_t* out_upper_signal,
                                  uint8_t* out_lower_signal) CMX_NOEXCEPT;

/** Options of the Bernoulli CUSUM (Reynolds & Stoumbos 1999, log-likelihood-ratio scale).
 * Since 0.1. */
typedef struct cmx_spc_bernoulli_cusum_options {
  size_t size;            /**< sizeof(cmx_spc_bernoulli_cusum_options) */
  double p0;              /**< in-control probability, in (0, 1) */
  double p1;              /**< probability to detect, in (p0, 1) */
  double h;               /**< decision interval, > 0 */
  double head_start;      /**< in [0, h) */
  int reset_after_signal; /**< nonzero: restart from 0 after a signal */
} cmx_spc_bernoulli_cusum_options;
#define CMX_SPC_BERNOULLI_CUSUM_OPTIONS_INIT \
  { sizeof(cmx_spc_bernoulli_cusum_options), 0.0, 0.0, 0.0, 0.0, 0 }

/** Bernoulli CUSUM over n outcomes (each 0 or 1). out_statistic and out_signal (NULL to skip)
 * have n entries. Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, p0/p1 outside (0, 1),
 * p1 <= p0, h <= 0: the field names the option), CMX_E_BAD_INPUT (n = 0, an outcome other than
 * 0 or 1: the line is the point). Since 0.1. */
CMX_API int cmx_spc_bernoulli_cusum_compute(cmx_context* ctx, size_t n, const double* outcomes,
                                            const cmx_spc_bernoulli_cusum_options* options,
                                            double* out_statistic,
                                            uint8_t* out_signal) CMX_NOEXCEPT;

/** Options of the EWMA chart (Montgomery 9.2; qcc's ewma). Since 0.1. */
typedef struct cmx_spc_ewma_options {
  size_t size;   /**< sizeof(cmx_spc_ewma_options) */
  double lambda; /**< in (0, 1] */
  double L;      /**< limit width in sigmas, > 0 */
} cmx_spc_ewma_options;
#define CMX_SPC_EWMA_OPTIONS_INIT \
  { sizeof(cmx_spc_ewma_options), 0.2, 3.0 }

/** EWMA of n statistics (sizes NULL for 1) started at centre, with exact time-varying limits.
 * For phase-II data pass the calibration centre and sigma with all points. Each out_ array
 * (NULL to skip) has n entries. Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, lambda outside
 * (0, 1], L <= 0, sigma <= 0), CMX_E_BAD_INPUT (n = 0, NaN/inf statistic, size <= 0).
 * Since 0.1. */
CMX_API int cmx_spc_ewma_compute(cmx_context* ctx, size_t n, const double* statistics,
                                 const double* sizes, double centre, double sigma,
                                 const cmx_spc_ewma_options* options, double* out_ewma,
                                 double* out_lcl, double* out_ucl,
                                 uint8_t* out_violation) CMX_NOEXCEPT;

/** A streaming monitor: fixed limits, then one observation at a time. Since 0.1. */
typedef struct cmx_spc_monitor cmx_spc_monitor;

/** Creates a monitor with centre cl and sigma (limits cl +- 3 sigma), copying the rules.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, NaN cl, sigma <= 0), CMX_E_UNSUPPORTED (the set
 * holds whole-phase rules: the IHI runs tests), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_spc_monitor_create(cmx_context* ctx, const cmx_spc_rule_set* rules, double cl,
                                   double sigma, cmx_spc_monitor** out) CMX_NOEXCEPT;

/** Creates a monitor whose limits are the individuals chart of n baseline values (mean; mean
 * moving range / 1.128, screened when screen_mr is nonzero), as cmx_spc_chart_create's i chart
 * frozen on them; NaN is a missing value there too. Errors as cmx_spc_monitor_create, and
 * CMX_E_BAD_INPUT for an infinite value (the line is the value) or no two consecutive values
 * that are not missing. Since 0.1. */
CMX_API int cmx_spc_monitor_create_from_baseline(cmx_context* ctx, const cmx_spc_rule_set* rules,
                                                 size_t n, const double* baseline, int screen_mr,
                                                 cmx_spc_monitor** out) CMX_NOEXCEPT;

/** Destroys a monitor; NULL is allowed. Since 0.1. */
CMX_API void cmx_spc_monitor_destroy(cmx_spc_monitor* monitor) CMX_NOEXCEPT;

/** The most signals one push can report; size the push buffer with it. 0 for NULL. Since 0.1. */
CMX_API size_t cmx_spc_monitor_max_signals(const cmx_spc_monitor* monitor) CMX_NOEXCEPT;

/** The monitor's centre, sigma and limits (any out_ may be NULL). Errors: CMX_E_INVALID_ARGUMENT
 * (NULL ctx or monitor). Since 0.1. */
CMX_API int cmx_spc_monitor_limits(cmx_context* ctx, const cmx_spc_monitor* monitor, double* out_cl,
                                   double* out_sigma, double* out_lcl,
                                   double* out_ucl) CMX_NOEXCEPT;

/** Pushes one observation (NaN = missing) and writes the signals it completes to out_signals,
 * their count to *out_len. No allocation. capacity must be at least
 * cmx_spc_monitor_max_signals(); otherwise nothing is pushed and CMX_E_BUFFER_TOO_SMALL is
 * returned with *out_len the size needed. Errors: CMX_E_INVALID_ARGUMENT (NULL pointers),
 * CMX_E_BAD_INPUT (an infinite y; nothing pushed). Since 0.1. */
CMX_API int cmx_spc_monitor_push(cmx_context* ctx, cmx_spc_monitor* monitor, double y,
                                 cmx_spc_signal* out_signals, size_t capacity,
                                 size_t* out_len) CMX_NOEXCEPT;

/** Options of many-series charting. Since 0.1. */
typedef struct cmx_spc_many_options {
  size_t size;      /**< sizeof(cmx_spc_many_options) */
  int screen_mr;    /**< nonzero: moving-range screening (qicharts2's default) */
  unsigned threads; /**< 0: one per hardware thread (split only when it pays) */
} cmx_spc_many_options;
#define CMX_SPC_MANY_OPTIONS_INIT \
  { sizeof(cmx_spc_many_options), 1, 0u }

/** Charts n_series series laid out contiguously in n_values values: series s is
 * values[offsets[s] .. offsets[s+1]) (offsets has n_series + 1 entries, starting at 0). Per series
 * an individuals chart (out_cl, out_sigma: NULL or n_series entries) and the rule set; per value
 * the rule mask (out_flags: NULL, and then no mask is computed, or offsets[n_series] entries);
 * out_signal_counts (NULL or n_series entries) the signals of each series, which follow each
 * other in out_signals with point indices within their series. Errors: CMX_E_INVALID_ARGUMENT
 * (NULL pointers, offsets not starting at 0 or not increasing by at least 2: the line is the
 * offset), CMX_E_OUT_OF_RANGE (an offset past n_values), CMX_E_BAD_INPUT (NaN/inf value: the
 * line is the value), CMX_E_BUFFER_TOO_SMALL (*out_len is the number needed; the other outputs
 * are written). The context keeps the call's working memory (about 40 bytes per series and per
 * signal) for its next call, so that charting again through it touches no fresh memory;
 * cmx_context_destroy releases it. Since 0.1. */
CMX_API int cmx_spc_many_compute(cmx_context* ctx, const cmx_spc_rule_set* rules,
                                 const double* values, size_t n_values, const size_t* offsets,
                                 size_t n_series, const cmx_spc_many_options* options,
                                 double* out_cl, double* out_sigma, uint32_t* out_flags,
                                 size_t* out_signal_counts, cmx_spc_signal* out_signals,
                                 size_t capacity, size_t* out_len) CMX_NOEXCEPT;
/* ==== System graph ==========================================================================
 * The micro/meso/macro system graph: units at five levels, typed memberships (part_of, serves,
 * affiliated) with allocation weights and validity periods, patient journeys (stays), flow
 * analytics over their handoffs and roll-ups of counts up the part_of hierarchy. A cmx_system
 * is immutable once created and may be read from many threads at once; so are cmx_journeys,
 * cmx_flow and cmx_rollup. Units are named by their index in the object that returned them.
 * Times are seconds since 1970-01-01T00:00:00Z (cmx_system_parse_time reads ISO 8601).
 */

/* Unit levels (cmx_system_unit_level); CMX_LEVEL_ANY in options means "every level". */
#define CMX_LEVEL_ANY (-1)
#define CMX_LEVEL_PATIENT_FAMILY 0
#define CMX_LEVEL_CLINICAL_MICROSYSTEM 1
#define CMX_LEVEL_SUPPORT_MICROSYSTEM 2
#define CMX_LEVEL_MESOSYSTEM 3
#define CMX_LEVEL_MACROSYSTEM 4

/* Relations for cmx_system_query. */
#define CMX_RELATION_PARENTS 0
#define CMX_RELATION_CHILDREN 1
#define CMX_RELATION_ANCESTORS 2
#define CMX_RELATION_DESCENDANTS 3
#define CMX_RELATION_MESOSYSTEMS 4  /**< the mesosystems the unit belongs to */
#define CMX_RELATION_MICROSYSTEMS 5 /**< of a mesosystem, with the support units serving it */

/* Ends each path written by cmx_system_paths_to_macrosystem. */
#define CMX_PATH_END SIZE_MAX

/** A checked, immutable system definition. Since 0.1. */
typedef struct cmx_system cmx_system;

/** Options of the hierarchy queries. Initialise with CMX_SYSTEM_QUERY_OPTIONS_INIT. Since 0.1. */
typedef struct cmx_system_query_options {
  size_t size; /**< sizeof(cmx_system_query_options) */
  int level;   /**< CMX_LEVEL_ANY or one level: only units of that level are listed */
  int has_at;  /**< non-zero: only memberships valid at `at` */
  int64_t at;  /**< seconds since the epoch */
} cmx_system_query_options;

#define CMX_SYSTEM_QUERY_OPTIONS_INIT \
  { sizeof(cmx_system_query_options), CMX_LEVEL_ANY, 0, 0 }

/** Parses an ISO 8601 date ("2024-03-01", midnight UTC) or date-time ("2024-03-01T08:30:00Z",
 * with an optional offset) into seconds since the epoch. Returns CMX_OK, CMX_E_INVALID_ARGUMENT
 * (a NULL pointer) or CMX_E_PARSE. Since 0.1. */
CMX_API int cmx_system_parse_time(cmx_context* ctx, const char* text,
                                  int64_t* out_seconds) CMX_NOEXCEPT;

/** Reads and checks a system definition from JSON text of `length` bytes (the schema is in
 * README.md, "### cmx system"); `source` names it in errors (NULL: "<memory>"). The text is
 * copied. Errors: CMX_E_PARSE (malformed JSON; line and column set), CMX_E_NOT_FOUND (an unknown
 * unit id), CMX_E_BAD_INPUT (a duplicate id...), CMX_E_INCONSISTENT (a part_of cycle, named in
 * the message; a level inversion), CMX_E_OUT_OF_RANGE (a weight outside [0, 1]); the context's
 * field is the JSON pointer of the element. On failure *out is NULL. Since 0.1. */
CMX_API int cmx_system_create_from_json(cmx_context* ctx, const char* json, size_t length,
                                        const char* source, cmx_system** out) CMX_NOEXCEPT;

/** As cmx_system_create_from_json, reading the file at path (CMX_E_IO if it cannot be read).
 * Since 0.1. */
CMX_API int cmx_system_create_from_file(cmx_context* ctx, const char* path,
                                        cmx_system** out) CMX_NOEXCEPT;

/** Destroys a system; NULL is allowed. Objects made from it do not borrow it. Since 0.1. */
CMX_API void cmx_system_destroy(cmx_system* system) CMX_NOEXCEPT;

/** The number of units. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer). Since 0.1. */
CMX_API int cmx_system_unit_count(cmx_context* ctx, const cmx_system* system,
                                  size_t* out_count) CMX_NOEXCEPT;

/** The index of the unit with id `id`: CMX_E_NOT_FOUND if there is none. Since 0.1. */
CMX_API int cmx_system_unit_index(cmx_context* ctx, const cmx_system* system, const char* id,
                                  size_t* out_index) CMX_NOEXCEPT;

/** The id of unit `index`, borrowed from the system (valid until it is destroyed);
 * CMX_E_OUT_OF_RANGE past the end. Since 0.1. */
CMX_API int cmx_system_unit_id(cmx_context* ctx, const cmx_system* system, size_t index,
                               const char** out_id) CMX_NOEXCEPT;

/** The level (CMX_LEVEL_*) of unit `index`. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer),
 * CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_system_unit_level(cmx_context* ctx, const cmx_system* system, size_t index,
                                  int* out_level) CMX_NOEXCEPT;

/** The units related to unit `id` (CMX_RELATION_*), as unit indices in the order of
 * cmx::system::system_graph (parents and children in definition order, ancestors and
 * descendants breadth-first). options may be NULL (every level, every date). Writes at most
 * `capacity` indices to out_units (NULL allowed when capacity is 0) and the number of results to
 * *out_len; CMX_E_BUFFER_TOO_SMALL if they do not fit (then *out_len is the size needed).
 * CMX_E_NOT_FOUND for an unknown id; CMX_E_INVALID_ARGUMENT for an unknown relation or level.
 * Since 0.1. */
CMX_API int cmx_system_query(cmx_context* ctx, const cmx_system* system, const char* id,
                             int relation, const cmx_system_query_options* options,
                             size_t* out_units, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/** Every part_of path from unit `id` up to a macrosystem: unit indices, each path starting with
 * the unit and ending with CMX_PATH_END. Buffer rules as cmx_system_query (*out_len counts the
 * CMX_PATH_END markers too); only options->has_at/at are used. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointer, options->size too small), CMX_E_NOT_FOUND (unknown id), CMX_E_BUFFER_TOO_SMALL (*out_len
 * has the size needed), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_system_paths_to_macrosystem(cmx_context* ctx, const cmx_system* system,
                                            const char* id, const cmx_system_query_options* options,
                                            size_t* out_units, size_t capacity,
                                            size_t* out_len) CMX_NOEXCEPT;

/** Patient journeys: stays grouped by episode and ordered by start. Since 0.1. */
typedef struct cmx_journeys cmx_journeys;

/** One stay; the strings are copied by cmx_journeys_create. Since 0.1. */
typedef struct cmx_stay {
  const char* episode;
  const char* unit;
  int64_t start; /**< seconds since the epoch */
  int64_t end;
} cmx_stay;

/** Builds journeys from `count` stays. With a system (NULL allowed), units must be its units.
 * Errors name the stay (line = its 1-based position, field "start", "end", "unit"...):
 * CMX_E_BAD_INPUT for an end before a start or overlapping stays of one episode (the later is
 * named), CMX_E_NOT_FOUND for an unknown unit. On failure *out is NULL. Since 0.1. */
CMX_API int cmx_journeys_create(cmx_context* ctx, const cmx_stay* stays, size_t count,
                                const cmx_system* system, cmx_journeys** out) CMX_NOEXCEPT;

/** As cmx_journeys_create, reading a stays CSV (episode,unit,start,end); errors name the file,
 * line, column and column name. Errors: those of cmx_journeys_create, and CMX_E_IO (the file cannot
 * be read), CMX_E_PARSE (malformed CSV, a missing column, a value that is not a time). Since 0.1.
 */
CMX_API int cmx_journeys_create_from_file(cmx_context* ctx, const char* path,
                                          const cmx_system* system,
                                          cmx_journeys** out) CMX_NOEXCEPT;

/** Destroys journeys; NULL is allowed. Since 0.1. */
CMX_API void cmx_journeys_destroy(cmx_journeys* journeys) CMX_NOEXCEPT;

/** The number of episodes and of stays. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer). Since 0.1.
 */
CMX_API int cmx_journeys_counts(cmx_context* ctx, const cmx_journeys* journeys,
                                size_t* out_episodes, size_t* out_stays) CMX_NOEXCEPT;

/** The period and settings of a flow analysis. Initialise with CMX_FLOW_OPTIONS_INIT. A handoff
 * is in the period when its time (the next stay's start) is in [from, until); an episode (for
 * paths and conformance) when its first start is. Since 0.1. */
typedef struct cmx_flow_options {
  size_t size;  /**< sizeof(cmx_flow_options) */
  int has_from; /**< non-zero: the period starts at `from` */
  int64_t from;
  int has_until; /**< non-zero: the period ends before `until` */
  int64_t until;
  size_t top_paths; /**< how many of the most frequent paths to keep */
  double damping;   /**< PageRank damping, in [0, 1] */
} cmx_flow_options;

#define CMX_FLOW_OPTIONS_INIT \
  { sizeof(cmx_flow_options), 0, 0, 0, 0, 10, 0.85 }

/** The flow analysis of the handoffs of a period. Since 0.1. */
typedef struct cmx_flow cmx_flow;

/** Per unit of a flow analysis. Since 0.1. */
typedef struct cmx_flow_unit {
  size_t in_degree; /**< distinct units handing over to this one */
  size_t out_degree;
  double in_strength; /**< handoffs received */
  double out_strength;
  double betweenness; /**< Brandes, edge length 1/count, normalised by (n-1)(n-2) (networkx) */
  double pagerank;    /**< damping from the options, weights = counts (networkx) */
  size_t community;   /**< Louvain community on the undirected graph */
} cmx_flow_unit;

/** One flow edge. Since 0.1. */
typedef struct cmx_flow_edge {
  size_t from; /**< unit index of the flow analysis */
  size_t to;
  uint64_t count;    /**< handoffs */
  uint64_t episodes; /**< distinct episodes */
  double median_delay_hours;
  double p90_delay_hours;
} cmx_flow_edge;

/** Totals of a flow analysis. Since 0.1. */
typedef struct cmx_flow_summary {
  size_t units;
  size_t edges;
  uint64_t handoffs;
  size_t communities;
  double modularity; /**< Newman, undirected, weight = handoffs in both directions */
  double density;    /**< m / (n (n - 1)) */
  size_t paths;      /**< kept paths (at most options.top_paths) */
} cmx_flow_summary;

/** Runs every flow analysis over the journeys (options NULL: CMX_FLOW_OPTIONS_INIT). The units
 * are those with a stay, in order of first appearance. On failure *out is NULL. Errors:
 * CMX_E_INVALID_ARGUMENT (NULL pointer, options->size too small, damping outside [0, 1]),
 * CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_flow_create(cmx_context* ctx, const cmx_journeys* journeys,
                            const cmx_flow_options* options, cmx_flow** out) CMX_NOEXCEPT;

/** Destroys a flow analysis; NULL is allowed. Since 0.1. */
CMX_API void cmx_flow_destroy(cmx_flow* flow) CMX_NOEXCEPT;

/** The totals. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer). Since 0.1. */
CMX_API int cmx_flow_get_summary(cmx_context* ctx, const cmx_flow* flow,
                                 cmx_flow_summary* out_summary) CMX_NOEXCEPT;

/** The id of unit `index`, borrowed from the flow analysis. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointer), CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_flow_unit_id(cmx_context* ctx, const cmx_flow* flow, size_t index,
                             const char** out_id) CMX_NOEXCEPT;

/** The measures of unit `index` (CMX_E_OUT_OF_RANGE past the end). Since 0.1. */
CMX_API int cmx_flow_get_unit(cmx_context* ctx, const cmx_flow* flow, size_t index,
                              cmx_flow_unit* out_unit) CMX_NOEXCEPT;

/** The edges, sorted by (from, to); buffer rules as cmx_system_query. Errors:
 * CMX_E_INVALID_ARGUMENT (NULL pointer), CMX_E_BUFFER_TOO_SMALL (*out_len has the size needed).
 * Since 0.1. */
CMX_API int cmx_flow_get_edges(cmx_context* ctx, const cmx_flow* flow, cmx_flow_edge* out_edges,
                               size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/** Path `index` of the most frequent whole-episode paths (most frequent first): its unit indices
 * (buffer rules as cmx_system_query), how many episodes followed it and their share. Errors:
 * CMX_E_INVALID_ARGUMENT (NULL pointer), CMX_E_OUT_OF_RANGE (index), CMX_E_BUFFER_TOO_SMALL
 * (*out_len has the size needed). Since 0.1. */
CMX_API int cmx_flow_get_path(cmx_context* ctx, const cmx_flow* flow, size_t index,
                              size_t* out_units, size_t capacity, size_t* out_len,
                              uint64_t* out_count, double* out_coverage) CMX_NOEXCEPT;

/** Conformance of the episodes of the period (options may be NULL) to pathway `pathway_id` of the
 * system: how many episodes and how many follow it exactly (optional steps may be skipped).
 * CMX_E_NOT_FOUND for an unknown pathway. Since 0.1. */
CMX_API int cmx_journeys_conformance(cmx_context* ctx, const cmx_journeys* journeys,
                                     const cmx_system* system, const char* pathway_id,
                                     const cmx_flow_options* options, uint64_t* out_episodes,
                                     uint64_t* out_conforming) CMX_NOEXCEPT;

/** The id of unit `index` of the journeys (units in order of first appearance, the same indices
 * as a cmx_flow made from them), borrowed from the journeys. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointer), CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_journeys_unit_id(cmx_context* ctx, const cmx_journeys* journeys, size_t index,
                                 const char** out_id) CMX_NOEXCEPT;

/** A second-order transition: P(next | previous, current). Since 0.1. */
typedef struct cmx_transition {
  size_t previous; /**< unit indices of the journeys */
  size_t current;
  size_t next;
  uint64_t count;
  double probability; /**< count / all triples starting (previous, current) */
} cmx_transition;

/** The second-order transitions of the episodes of the period (options may be NULL), sorted by
 * previous and current id, then most frequent first. Buffer rules as cmx_system_query.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL pointer, options->size too small), CMX_E_BUFFER_TOO_SMALL
 * (*out_len has the size needed), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_journeys_transitions(cmx_context* ctx, const cmx_journeys* journeys,
                                     const cmx_flow_options* options, cmx_transition* out,
                                     size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Handoff types for cmx_flow_create_from_handoffs_file; CMX_HANDOFF_ANY takes them all. */
#define CMX_HANDOFF_ANY (-1)
#define CMX_HANDOFF_PATIENT 0
#define CMX_HANDOFF_INFORMATION 1
#define CMX_HANDOFF_SERVICE 2

/** A flow analysis of explicit handoffs read from a CSV (episode,from,to,time,type, optional
 * delay_hours and flags), of one type (CMX_HANDOFF_*) or all, in the period of the options (may
 * be NULL). With a system (NULL allowed), units must be its units. Edge delays are the
 * handoffs' delay_hours; there are no paths. Errors name the file, line, column and field.
 * Since 0.1. */
CMX_API int cmx_flow_create_from_handoffs_file(cmx_context* ctx, const char* path,
                                               const cmx_system* system, int type,
                                               const cmx_flow_options* options,
                                               cmx_flow** out) CMX_NOEXCEPT;

/** Where non-conforming episodes leave a pathway. Since 0.1. */
typedef struct cmx_deviation {
  size_t step;     /**< 0-based step of the pathway where the episodes left it */
  size_t observed; /**< unit index of the journeys found there; CMX_PATH_END: the episode ended */
  uint64_t count;
} cmx_deviation;

/** The deviations from pathway `pathway_id` of the episodes of the period (options may be NULL),
 * most frequent first. Buffer rules as cmx_system_query. Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointer, options->size too small), CMX_E_NOT_FOUND (unknown pathway), CMX_E_BUFFER_TOO_SMALL
 * (*out_len has the size needed), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_journeys_deviations(cmx_context* ctx, const cmx_journeys* journeys,
                                    const cmx_system* system, const char* pathway_id,
                                    const cmx_flow_options* options, cmx_deviation* out,
                                    size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/** The islands of mesosystem `mesosystem_id`: its microsystems (with the support microsystems
 * serving it) split by handoff reachability in the flow graph (either direction, through any
 * unit), as unit indices of the system, each island ended by CMX_PATH_END; more than one island
 * makes an archipelago. Only options->has_at/at are used (options may be NULL). Buffer rules as
 * cmx_system_query. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer, options->size too small),
 * CMX_E_NOT_FOUND (unknown id), CMX_E_BAD_INPUT (the unit is not a mesosystem; field
 * mesosystem_id), CMX_E_BUFFER_TOO_SMALL (*out_len has the size needed), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_flow_islands(cmx_context* ctx, const cmx_flow* flow, const cmx_system* system,
                             const char* mesosystem_id, const cmx_system_query_options* options,
                             size_t* out_units, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Roll-up policies for units under several part_of parents. */
#define CMX_ROLLUP_ALLOCATE 0    /**< each parent gets the tie's weight x the counts */
#define CMX_ROLLUP_COUNT_FULLY 1 /**< each ancestor gets all of them, once (a double count) */

/** One observation; strings are copied. numerator/denominator, or observed/expected. Since 0.1. */
typedef struct cmx_observation {
  const char* unit;
  const char* period;
  double numerator;
  double denominator;
} cmx_observation;

/** Initialise with CMX_ROLLUP_OPTIONS_INIT. Since 0.1. */
typedef struct cmx_rollup_options {
  size_t size; /**< sizeof(cmx_rollup_options) */
  int policy;  /**< CMX_ROLLUP_ALLOCATE or CMX_ROLLUP_COUNT_FULLY */
  int has_at;  /**< non-zero: only memberships valid at `at` */
  int64_t at;
  int proportions; /**< non-zero: numerator <= denominator is required */
} cmx_rollup_options;

#define CMX_ROLLUP_OPTIONS_INIT \
  { sizeof(cmx_rollup_options), CMX_ROLLUP_ALLOCATE, 0, 0, 1 }

/** A roll-up: pooled counts per unit and period. Since 0.1. */
typedef struct cmx_rollup cmx_rollup;

/** One row of a roll-up; period is borrowed from the roll-up. Since 0.1. */
typedef struct cmx_rollup_row {
  size_t unit; /**< unit index of the system */
  const char* period;
  double numerator; /**< pooled: sums, never averaged rates */
  double denominator;
  double rate; /**< numerator / denominator; NaN when the denominator is 0 */
  uint64_t observations;
} cmx_rollup_row;

/** Pools `count` observations up the part_of hierarchy of the system per period (options NULL:
 * CMX_ROLLUP_OPTIONS_INIT). Errors name the observation (line = 1-based position):
 * CMX_E_NOT_FOUND (unknown unit), CMX_E_BAD_INPUT (NaN, negative, numerator above denominator
 * with proportions). On failure *out is NULL. Since 0.1. */
CMX_API int cmx_rollup_create(cmx_context* ctx, const cmx_system* system,
                              const cmx_observation* observations, size_t count,
                              const cmx_rollup_options* options, cmx_rollup** out) CMX_NOEXCEPT;

/** Destroys a roll-up; NULL is allowed. Since 0.1. */
CMX_API void cmx_rollup_destroy(cmx_rollup* rollup) CMX_NOEXCEPT;

/** The number of rows (by period, then unit index) and of units counted under several parents.
 * Errors: CMX_E_INVALID_ARGUMENT (NULL pointer). Since 0.1. */
CMX_API int cmx_rollup_counts(cmx_context* ctx, const cmx_rollup* rollup, size_t* out_rows,
                              size_t* out_shared_units) CMX_NOEXCEPT;

/** Row `index`. Errors: CMX_E_INVALID_ARGUMENT (NULL pointer), CMX_E_OUT_OF_RANGE (index). Since
 * 0.1. */
CMX_API int cmx_rollup_get_row(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                               cmx_rollup_row* out_row) CMX_NOEXCEPT;

/** Shared unit `index`: its unit index, its number of parents and the sum of its weights (under
 * CMX_ROLLUP_ALLOCATE, anything but 1 loses or inflates counts). Errors: CMX_E_INVALID_ARGUMENT
 * (NULL pointer), CMX_E_OUT_OF_RANGE (index). Since 0.1. */
CMX_API int cmx_rollup_get_shared_unit(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                                       size_t* out_unit, size_t* out_parents,
                                       double* out_weight_sum) CMX_NOEXCEPT;
/* ==== Value compass, funnel, FHIR (cmx::compass, cmx::io) ===================================
 *
 * Funnel plots for comparing units (Spiegelhalter 2005), FHIR R4 MeasureReport in and out, and
 * the Clinical Value Compass (Nelson et al. 1996): named scoring methods, roll-ups over a part_of
 * hierarchy by pooling counts, change from t1 to t2. Doubles that are absent are NaN on input
 * and output. All functions Since 0.1. */

/* ---- Funnel plots ---- */

#define CMX_FUNNEL_PROPORTION 0 /**< events / trials (binomial); target: pooled proportion */
#define CMX_FUNNEL_RATIO 1      /**< observed / expected (Poisson); target: 1 */
#define CMX_FUNNEL_RATE 2       /**< events / exposure (Poisson); target: pooled rate */

#define CMX_FUNNEL_LIMITS_EXACT 0  /**< interpolated binomial/Poisson quantiles */
#define CMX_FUNNEL_LIMITS_NORMAL 1 /**< target +- z s */

#define CMX_FUNNEL_OVERDISPERSION_NONE 0
#define CMX_FUNNEL_OVERDISPERSION_MULTIPLICATIVE 1 /**< variance x phi, when phi > 1 */
#define CMX_FUNNEL_OVERDISPERSION_ADDITIVE 2       /**< variance + tau^2, when tau^2 > 0 */

#define CMX_FUNNEL_FLAG_LOW (-1) /**< below the lower 99.8% limit */
#define CMX_FUNNEL_FLAG_NONE 0
#define CMX_FUNNEL_FLAG_HIGH 1 /**< above the upper 99.8% limit */

/** Options of cmx_funnel_create. Initialise with CMX_FUNNEL_OPTIONS_INIT. */
typedef struct cmx_funnel_options {
  size_t size;        /**< sizeof(cmx_funnel_options) */
  int type;           /**< CMX_FUNNEL_PROPORTION (default), _RATIO or _RATE */
  int limits;         /**< CMX_FUNNEL_LIMITS_EXACT (default) or _NORMAL */
  int overdispersion; /**< CMX_FUNNEL_OVERDISPERSION_NONE (default), _MULTIPLICATIVE, _ADDITIVE */
  double target;      /**< NaN (default): pooled proportion or rate, 1 for ratios */
} cmx_funnel_options;

#define CMX_FUNNEL_OPTIONS_INIT                                                 \
  {                                                                             \
    sizeof(cmx_funnel_options), CMX_FUNNEL_PROPORTION, CMX_FUNNEL_LIMITS_EXACT, \
        CMX_FUNNEL_OVERDISPERSION_NONE, (0.0 / 0.0)                             \
  }

/** A computed funnel plot; immutable, may be read from many threads. */
typedef struct cmx_funnel cmx_funnel;

/** One unit of a funnel. */
typedef struct cmx_funnel_unit {
  double value;   /**< numerator / denominator */
  double z;       /**< after any overdispersion adjustment */
  double lower95; /**< limits at the unit's own denominator, clipped to the indicator's range */
  double upper95;
  double lower998;
  double upper998;
  int flag; /**< CMX_FUNNEL_FLAG_* by the 99.8% limits */
} cmx_funnel_unit;

/** The summary of a funnel. */
typedef struct cmx_funnel_summary {
  double target;
  double phi;     /**< mean square of the z-scores winsorised at 10% and 90% */
  double tau2;    /**< random-effects variance (DerSimonian-Laird moments), 0 if none */
  double chi2;    /**< count x phi */
  double p_value; /**< of chi2 on count - 1 degrees of freedom */
  int adjusted;   /**< 1 when an overdispersion adjustment changed the limits */
} cmx_funnel_summary;

/** Computes the funnel of count units from numerator[i] / denominator[i] (both copied).
 * options may be NULL (defaults). Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, options->size
 * too small, unknown option values), CMX_E_BAD_INPUT (a zero denominator or expected count, a
 * numerator above its denominator, NaN or negative counts, a target out of range: the context's
 * line is the 1-based unit and its field the array, "numerator" or "denominator"/"expected"),
 * CMX_E_NOMEM. On failure *out_funnel is NULL. Since 0.1. */
CMX_API int cmx_funnel_create(cmx_context* ctx, const double* numerator, const double* denominator,
                              size_t count, const cmx_funnel_options* options,
                              cmx_funnel** out_funnel) CMX_NOEXCEPT;

/** Destroys a funnel; NULL is allowed. Since 0.1. */
CMX_API void cmx_funnel_destroy(cmx_funnel* funnel) CMX_NOEXCEPT;

/** The number of units of a funnel (0 for NULL). Since 0.1. */
CMX_API size_t cmx_funnel_count(const cmx_funnel* funnel) CMX_NOEXCEPT;

/** Copies the summary of a funnel into *out_summary. Errors: CMX_E_INVALID_ARGUMENT. Since 0.1. */
CMX_API int cmx_funnel_get_summary(cmx_context* ctx, const cmx_funnel* funnel,
                                   cmx_funnel_summary* out_summary) CMX_NOEXCEPT;

/** Copies unit index (0-based) into *out_unit. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_OUT_OF_RANGE.
 * Since 0.1.
 */
CMX_API int cmx_funnel_get_unit(cmx_context* ctx, const cmx_funnel* funnel, size_t index,
                                cmx_funnel_unit* out_unit) CMX_NOEXCEPT;

/** The limits of central coverage (e.g. 0.95, 0.998) at denominator n around target, for
 * drawing the funnel's curves. type and limits as in cmx_funnel_options; phi (1 for none) and
 * tau2 (0 for none) inflate normal limits. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT. Since
 * 0.1. */
CMX_API int cmx_funnel_limits_at(cmx_context* ctx, int type, int limits, double target, double n,
                                 double coverage, double phi, double tau2, double* out_lower,
                                 double* out_upper) CMX_NOEXCEPT;

/* ---- FHIR R4 MeasureReport ---- */

/** The groups of MeasureReports read from JSON; immutable. */
typedef struct cmx_fhir_reports cmx_fhir_reports;

/** One group of a MeasureReport. Strings are borrowed from the cmx_fhir_reports; absent counts
 * are NaN. */
typedef struct cmx_fhir_group {
  const char* report_id;
  const char* group_id;
  const char* measure; /**< canonical URL */
  const char* subject; /**< reference, e.g. "Organization/ward-7" */
  const char* period_start;
  const char* period_end;
  double initial_population;
  double numerator;
  double numerator_exclusion;
  double denominator;
  double denominator_exclusion;
  double denominator_exception;
  double score; /**< (N - NX) / (D - DX - DEX), else the reported measureScore, else NaN */
} cmx_fhir_group;

/** Reads a MeasureReport or a Bundle of them from json (length bytes, not necessarily
 * NUL-terminated). source names the input in errors (may be NULL). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_PARSE (malformed JSON: line and column; invalid FHIR: the
 * context's field is the JSON pointer, e.g. "/entry/3/resource/group/0/population/1/count"),
 * CMX_E_NOMEM. On failure *out_reports is NULL. Since 0.1. */
CMX_API int cmx_fhir_read_measure_reports(cmx_context* ctx, const char* json, size_t length,
                                          const char* source,
                                          cmx_fhir_reports** out_reports) CMX_NOEXCEPT;

/** Destroys reports; NULL is allowed. Since 0.1. */
CMX_API void cmx_fhir_reports_destroy(cmx_fhir_reports* reports) CMX_NOEXCEPT;

/** The number of groups read (0 for NULL). Since 0.1. */
CMX_API size_t cmx_fhir_reports_count(const cmx_fhir_reports* reports) CMX_NOEXCEPT;

/** Copies group index (0-based) into *out_group (strings borrowed from reports). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_OUT_OF_RANGE. Since 0.1. */
CMX_API int cmx_fhir_reports_get(cmx_context* ctx, const cmx_fhir_reports* reports, size_t index,
                                 cmx_fhir_group* out_group) CMX_NOEXCEPT;

/** Writes the groups back as FHIR R4 JSON (one MeasureReport, or a collection Bundle when there
 * are several or bundle is non-zero) into buffer (capacity bytes, NUL-terminated). *out_len is
 * the length without the NUL; with a NULL buffer or too small a capacity the call returns
 * CMX_E_BUFFER_TOO_SMALL and *out_len is the length needed. Errors: CMX_E_INVALID_ARGUMENT,
 * CMX_E_BAD_INPUT (a group without measure or period), CMX_E_BUFFER_TOO_SMALL, CMX_E_NOMEM. Since
 * 0.1. */
CMX_API int cmx_fhir_write_measure_reports(cmx_context* ctx, const cmx_fhir_reports* reports,
                                           int bundle, char* buffer, size_t capacity,
                                           size_t* out_len) CMX_NOEXCEPT;

/* ---- Clinical Value Compass ---- */

#define CMX_COMPASS_WEST 0  /**< clinical outcomes */
#define CMX_COMPASS_NORTH 1 /**< functional health status, risk status, well-being */
#define CMX_COMPASS_EAST 2  /**< satisfaction against need */
#define CMX_COMPASS_SOUTH 3 /**< costs: direct medical, indirect social */

#define CMX_COMPASS_GOALPOST 0 /**< (value - floor) / (target - floor), clamped to [0, 1] */
#define CMX_COMPASS_PERCENT_OF_TARGET 1 /**< 100 at the target */
#define CMX_COMPASS_BENCHMARK_Z 2       /**< +- (value - mean) / SD, positive = better */
#define CMX_COMPASS_T_SCORE 3           /**< 50 + 10 z */

#define CMX_COMPASS_DETERIORATED (-1)
#define CMX_COMPASS_STABLE 0
#define CMX_COMPASS_IMPROVED 1

/** Measures, observations and a part_of hierarchy to score; used by one thread at a time. */
typedef struct cmx_compass cmx_compass;

/** One observation (strings copied). Absent numbers are NaN. Initialise with
 * CMX_COMPASS_OBSERVATION_INIT. */
typedef struct cmx_compass_observation {
  size_t size; /**< sizeof(cmx_compass_observation) */
  const char* measure;
  const char* unit;
  const char* period; /**< a label that sorts chronologically as text, e.g. "2024-03" */
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

/** Scoring options. Initialise with CMX_COMPASS_OPTIONS_INIT. */
typedef struct cmx_compass_options {
  size_t size;        /**< sizeof(cmx_compass_options) */
  int method;         /**< CMX_COMPASS_GOALPOST (default), ... */
  int clamp_goalpost; /**< 1 (default): goalpost attainment clamped to [0, 1] */
  double west_weight; /**< weights of the points in the outcome index (default 1, 1, 1) */
  double north_weight;
  double east_weight;
  double reference_cost;      /**< NaN (default): the mean cost over units and periods */
  int full_weight_for_shared; /**< 1: shared units count fully in each parent (default 0) */
} cmx_compass_options;

#define CMX_COMPASS_OPTIONS_INIT \
  { sizeof(cmx_compass_options), CMX_COMPASS_GOALPOST, 1, 1.0, 1.0, 1.0, (0.0 / 0.0), 0 }

/* The SPC status of one measure's series, supplied by the caller (e.g. from cmx's SPC engine).
 * values holds the unit's values of the measure in period order up to the period scored (NaN
 * where missing). Return 1 and set *out_signal (0/1) and *out_rule (a static or user_data-owned
 * rule name, may be NULL) when a status was computed, 0 when not. */
typedef int (*cmx_compass_spc_fn)(const char* measure, const double* values, size_t count,
                                  int* out_signal, const char** out_rule, void* user_data);

/** Creates a compass from measures JSON (length bytes; {"measures": [...]}, see the README: each
 * measure's direction is required). source names it in errors (may be NULL). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_PARSE (the context's field is the JSON pointer, e.g.
 * "/measures/2/direction"), CMX_E_NOMEM. On failure *out_compass is NULL. Since 0.1. */
CMX_API int cmx_compass_create(cmx_context* ctx, const char* measures_json, size_t length,
                               const char* source, cmx_compass** out_compass) CMX_NOEXCEPT;

/** Destroys a compass; NULL is allowed. Since 0.1. */
CMX_API void cmx_compass_destroy(cmx_compass* compass) CMX_NOEXCEPT;

/** Adds an observation (copied; validated when scored). Errors: CMX_E_INVALID_ARGUMENT (NULL
 * pointers or strings, size too small), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_compass_add_observation(cmx_context* ctx, cmx_compass* compass,
                                        const cmx_compass_observation* observation) CMX_NOEXCEPT;

/** Adds a part_of edge: child is part of parent with allocation weight in (0, 1]. Parents are
 * scored from their descendants' pooled counts. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT
 * (weight out of range), CMX_E_INCONSISTENT (the compass rolls up through a system graph),
 * CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_compass_add_edge(cmx_context* ctx, cmx_compass* compass, const char* child,
                                 const char* parent, double weight) CMX_NOEXCEPT;

/** Rolls the compass up through a system graph (see the System graph section) instead of edges:
 * each period uses the part_of memberships valid at its observations' period_start, with their
 * allocation weights, and an observation of a unit the system lacks fails the scoring with
 * CMX_E_NOT_FOUND naming it. The compass keeps its own reference to the graph; system may be
 * destroyed afterwards. NULL clears it. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_INCONSISTENT (the
 * compass already has edges), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_compass_set_system(cmx_context* ctx, cmx_compass* compass,
                                   const cmx_system* system) CMX_NOEXCEPT;

/** Sets the SPC status provider, which replaces the SPC engine's own verdict (a p, u, c, i or t
 * chart by the measure's scoring, judged by the 3-sigma limits and Anhøj's run rules, as the
 * README's "SPC status" describes); NULL restores the engine. user_data is passed back. Errors:
 * CMX_E_INVALID_ARGUMENT (NULL ctx or compass). Since 0.1.
 */
CMX_API int cmx_compass_set_spc_provider(cmx_context* ctx, cmx_compass* compass,
                                         cmx_compass_spc_fn provider, void* user_data) CMX_NOEXCEPT;

/** The compass of one unit at one period; immutable. */
typedef struct cmx_compass_result cmx_compass_result;

/** One measure of a result; strings borrowed from the result. */
typedef struct cmx_compass_measure_score {
  const char* measure;
  int point; /**< CMX_COMPASS_WEST ... */
  double value;
  double score;
  int spc_computed;     /**< 0 when the series is too short for a chart or the provider declined */
  int spc_signal;       /**< 1: the latest point is part of a signal */
  const char* spc_rule; /**< "" if none */
} cmx_compass_measure_score;

/** Scores unit at period (NULL: the latest period) with options (NULL: defaults), rolling up
 * through the edges added. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_NOT_FOUND (unknown measure,
 * unit or period), CMX_E_BAD_INPUT (a missing direction, a zero denominator or expected count,
 * a target equal to its floor, a negative cost: the context names the measure or observation
 * and the field), CMX_E_INCONSISTENT (a part_of cycle, an observation given twice),
 * CMX_E_NOMEM. On failure *out_result is NULL. Since 0.1. */
CMX_API int cmx_compass_score(cmx_context* ctx, const cmx_compass* compass, const char* unit,
                              const char* period, const cmx_compass_options* options,
                              cmx_compass_result** out_result) CMX_NOEXCEPT;

/** Destroys a result; NULL is allowed. Since 0.1. */
CMX_API void cmx_compass_result_destroy(cmx_compass_result* result) CMX_NOEXCEPT;

/** The score of a compass point (CMX_COMPASS_WEST ... SOUTH), NaN if none or out of range. Since
 * 0.1. */
CMX_API double cmx_compass_result_point(const cmx_compass_result* result, int point) CMX_NOEXCEPT;

/** The outcome index (West, North, East), NaN for NULL. Since 0.1. */
CMX_API double cmx_compass_result_outcome_index(const cmx_compass_result* result) CMX_NOEXCEPT;

/** The cost (sum of cost-type measures), NaN if none. Since 0.1. */
CMX_API double cmx_compass_result_cost(const cmx_compass_result* result) CMX_NOEXCEPT;

/** The value index: outcome index x reference cost / cost, NaN if no cost. Since 0.1. */
CMX_API double cmx_compass_result_value_index(const cmx_compass_result* result) CMX_NOEXCEPT;

/** The number of measures observed for the unit at the period (0 for NULL). Since 0.1. */
CMX_API size_t cmx_compass_result_count(const cmx_compass_result* result) CMX_NOEXCEPT;

/** Copies measure index (0-based) into *out_score. Errors: CMX_E_INVALID_ARGUMENT,
 * CMX_E_OUT_OF_RANGE. Since 0.1. */
CMX_API int cmx_compass_result_get(cmx_context* ctx, const cmx_compass_result* result, size_t index,
                                   cmx_compass_measure_score* out_score) CMX_NOEXCEPT;

/** The change of one measure of a unit from period t1 to t2. */
typedef struct cmx_compass_change {
  double t1;
  double t2;
  double difference;  /**< t2 - t1 */
  double improvement; /**< difference, negated when lower is better */
  double effect_size; /**< Cohen's h (proportions) or d (means with n and SD), else NaN */
  double ci_lower;    /**< interval of the improvement; NaN when none */
  double ci_upper;
  int classification; /**< CMX_COMPASS_IMPROVED, _STABLE or _DETERIORATED against the MID */
} cmx_compass_change;

/** Computes the change (95% intervals: Newcombe's hybrid score for proportions, Welch for means
 * with n and SD, Wald for Poisson rates and O/E). Observations are pooled first when unit is a
 * parent. Errors: CMX_E_INVALID_ARGUMENT, CMX_E_NOT_FOUND (no observation of the measure for the
 * unit at t1 or t2), CMX_E_BAD_INPUT (no MID, as cmx_compass_score), CMX_E_NOMEM. Since 0.1. */
CMX_API int cmx_compass_change_between(cmx_context* ctx, const cmx_compass* compass,
                                       const char* unit, const char* measure, const char* t1,
                                       const char* t2, cmx_compass_change* out_change) CMX_NOEXCEPT;

/** Wilson score interval of x events in n trials at the given confidence (e.g. 0.95). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT (not 0 <= x <= n, n > 0). Since 0.1. */
CMX_API int cmx_compass_wilson_interval(cmx_context* ctx, double x, double n, double confidence,
                                        double* out_lower, double* out_upper) CMX_NOEXCEPT;

/** x1/n1 - x2/n2 with Newcombe's hybrid score interval (Newcombe 1998, method 10). Errors:
 * CMX_E_INVALID_ARGUMENT, CMX_E_BAD_INPUT. Since 0.1. */
CMX_API int cmx_compass_newcombe_difference(cmx_context* ctx, double x1, double n1, double x2,
                                            double n2, double confidence, double* out_estimate,
                                            double* out_lower, double* out_upper) CMX_NOEXCEPT;

#define CMX_COMPOSITE_ALL_OR_NONE 0
#define CMX_COMPOSITE_OPPORTUNITY 1
#define CMX_COMPOSITE_INDICATOR_AVERAGE 2
#define CMX_COMPOSITE_PATIENT_AVERAGE 3

/** A bundle composite (Reeves et al. 2007) over a patients x items matrix (row-major) of -1 (not
 * eligible), 0 (not met) and 1 (met). Errors: CMX_E_INVALID_ARGUMENT (NULL pointers, unknown
 * method), CMX_E_BAD_INPUT (another cell value: line = patient, column = item; nobody eligible).
 * Since 0.1. */
CMX_API int cmx_compass_composite(cmx_context* ctx, const int8_t* cells, size_t patients,
                                  size_t items, int method, double* out_score) CMX_NOEXCEPT;

CMX_EXTERN_C_END

#endif /* CMX_H */
