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
#define CMX_RELATION_MESOSYSTEMS 4  /* the mesosystems the unit belongs to */
#define CMX_RELATION_MICROSYSTEMS 5 /* of a mesosystem, with the support units serving it */

/* Ends each path written by cmx_system_paths_to_macrosystem. */
#define CMX_PATH_END SIZE_MAX

/* A checked, immutable system definition. Since 0.1. */
typedef struct cmx_system cmx_system;

/* Options of the hierarchy queries. Initialise with CMX_SYSTEM_QUERY_OPTIONS_INIT. Since 0.1. */
typedef struct cmx_system_query_options {
  size_t size; /* sizeof(cmx_system_query_options) */
  int level;   /* CMX_LEVEL_ANY or one level: only units of that level are listed */
  int has_at;  /* non-zero: only memberships valid at `at` */
  int64_t at;  /* seconds since the epoch */
} cmx_system_query_options;

#define CMX_SYSTEM_QUERY_OPTIONS_INIT \
  { sizeof(cmx_system_query_options), CMX_LEVEL_ANY, 0, 0 }

/* Parses an ISO 8601 date ("2024-03-01", midnight UTC) or date-time ("2024-03-01T08:30:00Z",
 * with an optional offset) into seconds since the epoch. Returns CMX_OK, CMX_E_INVALID_ARGUMENT
 * (a NULL pointer) or CMX_E_PARSE. Since 0.1. */
CMX_API int cmx_system_parse_time(cmx_context* ctx, const char* text,
                                  int64_t* out_seconds) CMX_NOEXCEPT;

/* Reads and checks a system definition from JSON text of `length` bytes (the schema is in
 * README.md, "### cmx system"); `source` names it in errors (NULL: "<memory>"). The text is
 * copied. Errors: CMX_E_PARSE (malformed JSON; line and column set), CMX_E_NOT_FOUND (an unknown
 * unit id), CMX_E_BAD_INPUT (a duplicate id...), CMX_E_INCONSISTENT (a part_of cycle, named in
 * the message; a level inversion), CMX_E_OUT_OF_RANGE (a weight outside [0, 1]); the context's
 * field is the JSON pointer of the element. On failure *out is NULL. Since 0.1. */
CMX_API int cmx_system_create_from_json(cmx_context* ctx, const char* json, size_t length,
                                        const char* source, cmx_system** out) CMX_NOEXCEPT;

/* As cmx_system_create_from_json, reading the file at path (CMX_E_IO if it cannot be read).
 * Since 0.1. */
CMX_API int cmx_system_create_from_file(cmx_context* ctx, const char* path,
                                        cmx_system** out) CMX_NOEXCEPT;

/* Destroys a system; NULL is allowed. Objects made from it do not borrow it. Since 0.1. */
CMX_API void cmx_system_destroy(cmx_system* system) CMX_NOEXCEPT;

/* The number of units. Since 0.1. */
CMX_API int cmx_system_unit_count(cmx_context* ctx, const cmx_system* system,
                                  size_t* out_count) CMX_NOEXCEPT;

/* The index of the unit with id `id`: CMX_E_NOT_FOUND if there is none. Since 0.1. */
CMX_API int cmx_system_unit_index(cmx_context* ctx, const cmx_system* system, const char* id,
                                  size_t* out_index) CMX_NOEXCEPT;

/* The id of unit `index`, borrowed from the system (valid until it is destroyed);
 * CMX_E_OUT_OF_RANGE past the end. Since 0.1. */
CMX_API int cmx_system_unit_id(cmx_context* ctx, const cmx_system* system, size_t index,
                               const char** out_id) CMX_NOEXCEPT;

/* The level (CMX_LEVEL_*) of unit `index`. Since 0.1. */
CMX_API int cmx_system_unit_level(cmx_context* ctx, const cmx_system* system, size_t index,
                                  int* out_level) CMX_NOEXCEPT;

/* The units related to unit `id` (CMX_RELATION_*), as unit indices in the order of
 * cmx::system::system_graph (parents and children in definition order, ancestors and
 * descendants breadth-first). options may be NULL (every level, every date). Writes at most
 * `capacity` indices to out_units (NULL allowed when capacity is 0) and the number of results to
 * *out_len; CMX_E_BUFFER_TOO_SMALL if they do not fit (then *out_len is the size needed).
 * CMX_E_NOT_FOUND for an unknown id; CMX_E_INVALID_ARGUMENT for an unknown relation or level.
 * Since 0.1. */
CMX_API int cmx_system_query(cmx_context* ctx, const cmx_system* system, const char* id,
                             int relation, const cmx_system_query_options* options,
                             size_t* out_units, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Every part_of path from unit `id` up to a macrosystem: unit indices, each path starting with
 * the unit and ending with CMX_PATH_END. Buffer rules as cmx_system_query (*out_len counts the
 * CMX_PATH_END markers too); only options->has_at/at are used. Since 0.1. */
CMX_API int cmx_system_paths_to_macrosystem(cmx_context* ctx, const cmx_system* system,
                                            const char* id, const cmx_system_query_options* options,
                                            size_t* out_units, size_t capacity,
                                            size_t* out_len) CMX_NOEXCEPT;

/* Patient journeys: stays grouped by episode and ordered by start. Since 0.1. */
typedef struct cmx_journeys cmx_journeys;

/* One stay; the strings are copied by cmx_journeys_create. Since 0.1. */
typedef struct cmx_stay {
  const char* episode;
  const char* unit;
  int64_t start; /* seconds since the epoch */
  int64_t end;
} cmx_stay;

/* Builds journeys from `count` stays. With a system (NULL allowed), units must be its units.
 * Errors name the stay (line = its 1-based position, field "start", "end", "unit"...):
 * CMX_E_BAD_INPUT for an end before a start or overlapping stays of one episode (the later is
 * named), CMX_E_NOT_FOUND for an unknown unit. On failure *out is NULL. Since 0.1. */
CMX_API int cmx_journeys_create(cmx_context* ctx, const cmx_stay* stays, size_t count,
                                const cmx_system* system, cmx_journeys** out) CMX_NOEXCEPT;

/* As cmx_journeys_create, reading a stays CSV (episode,unit,start,end); errors name the file,
 * line, column and column name. Since 0.1. */
CMX_API int cmx_journeys_create_from_file(cmx_context* ctx, const char* path,
                                          const cmx_system* system,
                                          cmx_journeys** out) CMX_NOEXCEPT;

/* Destroys journeys; NULL is allowed. Since 0.1. */
CMX_API void cmx_journeys_destroy(cmx_journeys* journeys) CMX_NOEXCEPT;

/* The number of episodes and of stays. Since 0.1. */
CMX_API int cmx_journeys_counts(cmx_context* ctx, const cmx_journeys* journeys,
                                size_t* out_episodes, size_t* out_stays) CMX_NOEXCEPT;

/* The period and settings of a flow analysis. Initialise with CMX_FLOW_OPTIONS_INIT. A handoff
 * is in the period when its time (the next stay's start) is in [from, until); an episode (for
 * paths and conformance) when its first start is. Since 0.1. */
typedef struct cmx_flow_options {
  size_t size;  /* sizeof(cmx_flow_options) */
  int has_from; /* non-zero: the period starts at `from` */
  int64_t from;
  int has_until; /* non-zero: the period ends before `until` */
  int64_t until;
  size_t top_paths; /* how many of the most frequent paths to keep */
  double damping;   /* PageRank damping, in [0, 1] */
} cmx_flow_options;

#define CMX_FLOW_OPTIONS_INIT \
  { sizeof(cmx_flow_options), 0, 0, 0, 0, 10, 0.85 }

/* The flow analysis of the handoffs of a period. Since 0.1. */
typedef struct cmx_flow cmx_flow;

/* Per unit of a flow analysis. Since 0.1. */
typedef struct cmx_flow_unit {
  size_t in_degree; /* distinct units handing over to this one */
  size_t out_degree;
  double in_strength; /* handoffs received */
  double out_strength;
  double betweenness; /* Brandes, edge length 1/count, normalised by (n-1)(n-2) (networkx) */
  double pagerank;    /* damping from the options, weights = counts (networkx) */
  size_t community;   /* Louvain community on the undirected graph */
} cmx_flow_unit;

/* One flow edge. Since 0.1. */
typedef struct cmx_flow_edge {
  size_t from; /* unit index of the flow analysis */
  size_t to;
  uint64_t count;    /* handoffs */
  uint64_t episodes; /* distinct episodes */
  double median_delay_hours;
  double p90_delay_hours;
} cmx_flow_edge;

/* Totals of a flow analysis. Since 0.1. */
typedef struct cmx_flow_summary {
  size_t units;
  size_t edges;
  uint64_t handoffs;
  size_t communities;
  double modularity; /* Newman, undirected, weight = handoffs in both directions */
  double density;    /* m / (n (n - 1)) */
  size_t paths;      /* kept paths (at most options.top_paths) */
} cmx_flow_summary;

/* Runs every flow analysis over the journeys (options NULL: CMX_FLOW_OPTIONS_INIT). The units
 * are those with a stay, in order of first appearance. On failure *out is NULL. Since 0.1. */
CMX_API int cmx_flow_create(cmx_context* ctx, const cmx_journeys* journeys,
                            const cmx_flow_options* options, cmx_flow** out) CMX_NOEXCEPT;

/* Destroys a flow analysis; NULL is allowed. Since 0.1. */
CMX_API void cmx_flow_destroy(cmx_flow* flow) CMX_NOEXCEPT;

/* The totals. Since 0.1. */
CMX_API int cmx_flow_get_summary(cmx_context* ctx, const cmx_flow* flow,
                                 cmx_flow_summary* out_summary) CMX_NOEXCEPT;

/* The id of unit `index`, borrowed from the flow analysis. Since 0.1. */
CMX_API int cmx_flow_unit_id(cmx_context* ctx, const cmx_flow* flow, size_t index,
                             const char** out_id) CMX_NOEXCEPT;

/* The measures of unit `index` (CMX_E_OUT_OF_RANGE past the end). Since 0.1. */
CMX_API int cmx_flow_get_unit(cmx_context* ctx, const cmx_flow* flow, size_t index,
                              cmx_flow_unit* out_unit) CMX_NOEXCEPT;

/* The edges, sorted by (from, to); buffer rules as cmx_system_query. Since 0.1. */
CMX_API int cmx_flow_get_edges(cmx_context* ctx, const cmx_flow* flow, cmx_flow_edge* out_edges,
                               size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Path `index` of the most frequent whole-episode paths (most frequent first): its unit indices
 * (buffer rules as cmx_system_query), how many episodes followed it and their share. Since 0.1. */
CMX_API int cmx_flow_get_path(cmx_context* ctx, const cmx_flow* flow, size_t index,
                              size_t* out_units, size_t capacity, size_t* out_len,
                              uint64_t* out_count, double* out_coverage) CMX_NOEXCEPT;

/* Conformance of the episodes of the period (options may be NULL) to pathway `pathway_id` of the
 * system: how many episodes and how many follow it exactly (optional steps may be skipped).
 * CMX_E_NOT_FOUND for an unknown pathway. Since 0.1. */
CMX_API int cmx_journeys_conformance(cmx_context* ctx, const cmx_journeys* journeys,
                                     const cmx_system* system, const char* pathway_id,
                                     const cmx_flow_options* options, uint64_t* out_episodes,
                                     uint64_t* out_conforming) CMX_NOEXCEPT;

/* The id of unit `index` of the journeys (units in order of first appearance, the same indices
 * as a cmx_flow made from them), borrowed from the journeys. Since 0.1. */
CMX_API int cmx_journeys_unit_id(cmx_context* ctx, const cmx_journeys* journeys, size_t index,
                                 const char** out_id) CMX_NOEXCEPT;

/* A second-order transition: P(next | previous, current). Since 0.1. */
typedef struct cmx_transition {
  size_t previous; /* unit indices of the journeys */
  size_t current;
  size_t next;
  uint64_t count;
  double probability; /* count / all triples starting (previous, current) */
} cmx_transition;

/* The second-order transitions of the episodes of the period (options may be NULL), sorted by
 * previous and current id, then most frequent first. Buffer rules as cmx_system_query.
 * Since 0.1. */
CMX_API int cmx_journeys_transitions(cmx_context* ctx, const cmx_journeys* journeys,
                                     const cmx_flow_options* options, cmx_transition* out,
                                     size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Handoff types for cmx_flow_create_from_handoffs_file; CMX_HANDOFF_ANY takes them all. */
#define CMX_HANDOFF_ANY (-1)
#define CMX_HANDOFF_PATIENT 0
#define CMX_HANDOFF_INFORMATION 1
#define CMX_HANDOFF_SERVICE 2

/* A flow analysis of explicit handoffs read from a CSV (episode,from,to,time,type, optional
 * delay_hours and flags), of one type (CMX_HANDOFF_*) or all, in the period of the options (may
 * be NULL). With a system (NULL allowed), units must be its units. Edge delays are the
 * handoffs' delay_hours; there are no paths. Errors name the file, line, column and field.
 * Since 0.1. */
CMX_API int cmx_flow_create_from_handoffs_file(cmx_context* ctx, const char* path,
                                               const cmx_system* system, int type,
                                               const cmx_flow_options* options,
                                               cmx_flow** out) CMX_NOEXCEPT;

/* Where non-conforming episodes leave a pathway. Since 0.1. */
typedef struct cmx_deviation {
  size_t step;     /* 0-based step of the pathway where the episodes left it */
  size_t observed; /* unit index of the journeys found there; CMX_PATH_END: the episode ended */
  uint64_t count;
} cmx_deviation;

/* The deviations from pathway `pathway_id` of the episodes of the period (options may be NULL),
 * most frequent first. Buffer rules as cmx_system_query. Since 0.1. */
CMX_API int cmx_journeys_deviations(cmx_context* ctx, const cmx_journeys* journeys,
                                    const cmx_system* system, const char* pathway_id,
                                    const cmx_flow_options* options, cmx_deviation* out,
                                    size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* The islands of mesosystem `mesosystem_id`: its microsystems (with the support microsystems
 * serving it) split by handoff reachability in the flow graph (either direction, through any
 * unit), as unit indices of the system, each island ended by CMX_PATH_END; more than one island
 * makes an archipelago. Only options->has_at/at are used (options may be NULL). Buffer rules as
 * cmx_system_query. Since 0.1. */
CMX_API int cmx_flow_islands(cmx_context* ctx, const cmx_flow* flow, const cmx_system* system,
                             const char* mesosystem_id, const cmx_system_query_options* options,
                             size_t* out_units, size_t capacity, size_t* out_len) CMX_NOEXCEPT;

/* Roll-up policies for units under several part_of parents. */
#define CMX_ROLLUP_ALLOCATE 0    /* each parent gets the tie's weight x the counts */
#define CMX_ROLLUP_COUNT_FULLY 1 /* each ancestor gets all of them, once (a double count) */

/* One observation; strings are copied. numerator/denominator, or observed/expected. Since 0.1. */
typedef struct cmx_observation {
  const char* unit;
  const char* period;
  double numerator;
  double denominator;
} cmx_observation;

/* Initialise with CMX_ROLLUP_OPTIONS_INIT. Since 0.1. */
typedef struct cmx_rollup_options {
  size_t size; /* sizeof(cmx_rollup_options) */
  int policy;  /* CMX_ROLLUP_ALLOCATE or CMX_ROLLUP_COUNT_FULLY */
  int has_at;  /* non-zero: only memberships valid at `at` */
  int64_t at;
  int proportions; /* non-zero: numerator <= denominator is required */
} cmx_rollup_options;

#define CMX_ROLLUP_OPTIONS_INIT \
  { sizeof(cmx_rollup_options), CMX_ROLLUP_ALLOCATE, 0, 0, 1 }

/* A roll-up: pooled counts per unit and period. Since 0.1. */
typedef struct cmx_rollup cmx_rollup;

/* One row of a roll-up; period is borrowed from the roll-up. Since 0.1. */
typedef struct cmx_rollup_row {
  size_t unit; /* unit index of the system */
  const char* period;
  double numerator; /* pooled: sums, never averaged rates */
  double denominator;
  double rate; /* numerator / denominator; NaN when the denominator is 0 */
  uint64_t observations;
} cmx_rollup_row;

/* Pools `count` observations up the part_of hierarchy of the system per period (options NULL:
 * CMX_ROLLUP_OPTIONS_INIT). Errors name the observation (line = 1-based position):
 * CMX_E_NOT_FOUND (unknown unit), CMX_E_BAD_INPUT (NaN, negative, numerator above denominator
 * with proportions). On failure *out is NULL. Since 0.1. */
CMX_API int cmx_rollup_create(cmx_context* ctx, const cmx_system* system,
                              const cmx_observation* observations, size_t count,
                              const cmx_rollup_options* options, cmx_rollup** out) CMX_NOEXCEPT;

/* Destroys a roll-up; NULL is allowed. Since 0.1. */
CMX_API void cmx_rollup_destroy(cmx_rollup* rollup) CMX_NOEXCEPT;

/* The number of rows (by period, then unit index) and of units counted under several parents.
 * Since 0.1. */
CMX_API int cmx_rollup_counts(cmx_context* ctx, const cmx_rollup* rollup, size_t* out_rows,
                              size_t* out_shared_units) CMX_NOEXCEPT;

/* Row `index`. Since 0.1. */
CMX_API int cmx_rollup_get_row(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                               cmx_rollup_row* out_row) CMX_NOEXCEPT;

/* Shared unit `index`: its unit index, its number of parents and the sum of its weights (under
 * CMX_ROLLUP_ALLOCATE, anything but 1 loses or inflates counts). Since 0.1. */
CMX_API int cmx_rollup_get_shared_unit(cmx_context* ctx, const cmx_rollup* rollup, size_t index,
                                       size_t* out_unit, size_t* out_parents,
                                       double* out_weight_sum) CMX_NOEXCEPT;

CMX_EXTERN_C_END

#endif /* CMX_H */
