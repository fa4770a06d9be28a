"""The C API of cmx as ctypes declarations: structures, status values and one signature per
exported function (capi/cmx.h is the reference; every struct here mirrors one there, field by
field, and every function of the header has exactly one entry in SIGNATURES)."""

import ctypes
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int8,
    c_int32,
    c_int64,
    c_size_t,
    c_uint,
    c_uint8,
    c_uint16,
    c_uint32,
    c_uint64,
    c_void_p,
)

# The C API version this package is written against (CMX_VERSION_NUMBER of capi/cmx.h).
EXPECTED_VERSION_NUMBER = 100  # 0.1.0

# ---- Status values (fixed in the header, never renumbered) ----
OK = 0
E_INVALID_ARGUMENT = 1
E_NOMEM = 2
E_BAD_INPUT = 3
E_PARSE = 4
E_NOT_FOUND = 5
E_IO = 6
E_BUFFER_TOO_SMALL = 7
E_OUT_OF_RANGE = 8
E_INCONSISTENT = 9
E_UNSUPPORTED = 10
E_INTERNAL = 11

PATH_END = ctypes.c_size_t(-1).value  # CMX_PATH_END = SIZE_MAX


# ---- Opaque handles: pointers to incomplete types are plain void pointers here ----
class _Opaque(Structure):
    pass


class Context(_Opaque):
    pass


HANDLE = c_void_p


# ---- SPC ----
class SpcOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("chart", c_int),
        ("aggregation", c_int),
        ("parts", POINTER(c_size_t)),
        ("parts_count", c_size_t),
        ("freeze", c_size_t),
        ("exclude", POINTER(c_size_t)),
        ("exclude_count", c_size_t),
        ("multiply", c_double),
        ("has_centre", c_int),
        ("centre", c_double),
        ("has_sigma", c_int),
        ("sigma", c_double),
        ("screen_mr", c_int),
        ("sigma_method", c_int),
    ]


class SpcChartInfo(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("chart", c_int),
        ("points", c_size_t),
        ("parts", c_size_t),
        ("screened_mr", c_int),
        ("sigma_method", c_int),
    ]


class SpcPart(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("part", c_int),
        ("first", c_size_t),
        ("last", c_size_t),
        ("cl", c_double),
        ("sigma", c_double),
        ("limits_from_earlier", c_int),
        ("sigma_signals", c_size_t),
        ("n_obs", c_size_t),
        ("n_useful", c_size_t),
        ("runs_defined", c_int),
        ("longest_run", c_size_t),
        ("longest_run_max", c_size_t),
        ("crossings", c_size_t),
        ("crossings_min", c_size_t),
        ("runs_signal", c_int),
    ]


class SpcSignal(Structure):
    _fields_ = [
        ("rule", c_uint16),
        ("direction", c_int8),
        ("flag_mode", c_uint8),
        ("continues", c_uint8),
        ("first", c_size_t),
        ("last", c_size_t),
        ("flag_first", c_size_t),
    ]


class SpcCusumOptions(Structure):
    _fields_ = [("size", c_size_t), ("k", c_double), ("h", c_double), ("head_start", c_double)]


class SpcBernoulliCusumOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("p0", c_double),
        ("p1", c_double),
        ("h", c_double),
        ("head_start", c_double),
        ("reset_after_signal", c_int),
    ]


class SpcEwmaOptions(Structure):
    _fields_ = [("size", c_size_t), ("lambda_", c_double), ("L", c_double)]


class SpcManyOptions(Structure):
    _fields_ = [("size", c_size_t), ("screen_mr", c_int), ("threads", c_uint)]


# ---- System graph ----
class SystemQueryOptions(Structure):
    _fields_ = [("size", c_size_t), ("level", c_int), ("has_at", c_int), ("at", c_int64)]


class Stay(Structure):
    _fields_ = [("episode", c_char_p), ("unit", c_char_p), ("start", c_int64), ("end", c_int64)]


class FlowOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("has_from", c_int),
        ("from_", c_int64),
        ("has_until", c_int),
        ("until", c_int64),
        ("top_paths", c_size_t),
        ("damping", c_double),
    ]


class FlowUnit(Structure):
    _fields_ = [
        ("in_degree", c_size_t),
        ("out_degree", c_size_t),
        ("in_strength", c_double),
        ("out_strength", c_double),
        ("betweenness", c_double),
        ("pagerank", c_double),
        ("community", c_size_t),
    ]


class FlowEdge(Structure):
    _fields_ = [
        ("from_", c_size_t),
        ("to", c_size_t),
        ("count", c_uint64),
        ("episodes", c_uint64),
        ("median_delay_hours", c_double),
        ("p90_delay_hours", c_double),
    ]


class FlowSummary(Structure):
    _fields_ = [
        ("units", c_size_t),
        ("edges", c_size_t),
        ("handoffs", c_uint64),
        ("communities", c_size_t),
        ("modularity", c_double),
        ("density", c_double),
        ("paths", c_size_t),
    ]


class Transition(Structure):
    _fields_ = [
        ("previous", c_size_t),
        ("current", c_size_t),
        ("next", c_size_t),
        ("count", c_uint64),
        ("probability", c_double),
    ]


class Deviation(Structure):
    _fields_ = [("step", c_size_t), ("observed", c_size_t), ("count", c_uint64)]


class Observation(Structure):
    _fields_ = [
        ("unit", c_char_p),
        ("period", c_char_p),
        ("numerator", c_double),
        ("denominator", c_double),
    ]


class RollupOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("policy", c_int),
        ("has_at", c_int),
        ("at", c_int64),
        ("proportions", c_int),
    ]


class RollupRow(Structure):
    _fields_ = [
        ("unit", c_size_t),
        ("period", c_char_p),
        ("numerator", c_double),
        ("denominator", c_double),
        ("rate", c_double),
        ("observations", c_uint64),
    ]


# ---- Funnel, FHIR, compass ----
class FunnelOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("type", c_int),
        ("limits", c_int),
        ("overdispersion", c_int),
        ("target", c_double),
    ]


class FunnelUnit(Structure):
    _fields_ = [
        ("value", c_double),
        ("z", c_double),
        ("lower95", c_double),
        ("upper95", c_double),
        ("lower998", c_double),
        ("upper998", c_double),
        ("flag", c_int),
    ]


class FunnelSummary(Structure):
    _fields_ = [
        ("target", c_double),
        ("phi", c_double),
        ("tau2", c_double),
        ("chi2", c_double),
        ("p_value", c_double),
        ("adjusted", c_int),
    ]


class FhirGroup(Structure):
    _fields_ = [
        ("report_id", c_char_p),
        ("group_id", c_char_p),
        ("measure", c_char_p),
        ("subject", c_char_p),
        ("period_start", c_char_p),
        ("period_end", c_char_p),
        ("initial_population", c_double),
        ("numerator", c_double),
        ("numerator_exclusion", c_double),
        ("denominator", c_double),
        ("denominator_exclusion", c_double),
        ("denominator_exception", c_double),
        ("score", c_double),
    ]


class CompassObservation(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("measure", c_char_p),
        ("unit", c_char_p),
        ("period", c_char_p),
        ("numerator", c_double),
        ("denominator", c_double),
        ("value", c_double),
        ("expected", c_double),
        ("n", c_double),
        ("sd", c_double),
    ]


class CompassOptions(Structure):
    _fields_ = [
        ("size", c_size_t),
        ("method", c_int),
        ("clamp_goalpost", c_int),
        ("west_weight", c_double),
        ("north_weight", c_double),
        ("east_weight", c_double),
        ("reference_cost", c_double),
        ("full_weight_for_shared", c_int),
    ]


class CompassMeasureScore(Structure):
    _fields_ = [
        ("measure", c_char_p),
        ("point", c_int),
        ("value", c_double),
        ("score", c_double),
        ("spc_computed", c_int),
        ("spc_signal", c_int),
        ("spc_rule", c_char_p),
    ]


class CompassChange(Structure):
    _fields_ = [
        ("t1", c_double),
        ("t2", c_double),
        ("difference", c_double),
        ("improvement", c_double),
        ("effect_size", c_double),
        ("ci_lower", c_double),
        ("ci_upper", c_double),
        ("classification", c_int),
    ]


# int (*)(const char* measure, const double* values, size_t count, int* out_signal,
#         const char** out_rule, void* user_data)
COMPASS_SPC_FN = CFUNCTYPE(
    c_int, c_char_p, POINTER(c_double), c_size_t, POINTER(c_int), POINTER(c_void_p), c_void_p
)

_ctx = POINTER(Context)
_pctx = POINTER(POINTER(Context))
_h = HANDLE
_ph = POINTER(HANDLE)
_dbl = POINTER(c_double)
_sz = POINTER(c_size_t)
_cstr = POINTER(c_char_p)

# name -> (restype, argtypes). Handles are passed as void pointers.
SIGNATURES = {
    # core
    "cmx_status_string": (c_char_p, [c_int]),
    "cmx_version_number": (c_int, []),
    "cmx_version_string": (c_char_p, []),
    "cmx_context_create": (c_int, [_pctx]),
    "cmx_context_destroy": (None, [_ctx]),
    "cmx_context_error_code": (c_int, [_ctx]),
    "cmx_context_error_message": (c_char_p, [_ctx]),
    "cmx_context_error_source": (c_char_p, [_ctx]),
    "cmx_context_error_line": (c_int64, [_ctx]),
    "cmx_context_error_column": (c_int64, [_ctx]),
    "cmx_context_error_field": (c_char_p, [_ctx]),
    "cmx_context_set_threads": (c_int, [_ctx, c_uint]),
    "cmx_free": (None, [c_void_p]),
    # SPC charts
    "cmx_spc_chart_create": (
        c_int,
        [_ctx, _dbl, _dbl, _dbl, c_size_t, POINTER(SpcOptions), _ph],
    ),
    "cmx_spc_chart_destroy": (None, [_h]),
    "cmx_spc_chart_get_info": (c_int, [_ctx, _h, POINTER(SpcChartInfo)]),
    "cmx_spc_chart_get_column": (c_int, [_ctx, _h, c_int, _dbl, c_size_t, _sz]),
    "cmx_spc_chart_get_part": (c_int, [_ctx, _h, c_size_t, POINTER(SpcPart)]),
    "cmx_spc_chart_get_signals": (
        c_int,
        [_ctx, _h, c_uint, POINTER(SpcSignal), c_size_t, _sz],
    ),
    # SPC rules, CUSUM, EWMA, monitor, many series
    "cmx_spc_rule_set_create": (c_int, [_ctx, c_char_p, _ph]),
    "cmx_spc_rule_set_destroy": (None, [_h]),
    "cmx_spc_rule_set_size": (c_size_t, [_h]),
    "cmx_spc_rule_name": (c_char_p, [c_uint16]),
    "cmx_spc_rule_set_edit": (c_int, [_ctx, _h, c_uint16, c_int, c_double]),
    "cmx_spc_rule_set_edit_alpha": (c_int, [_ctx, _h, c_uint16, c_double]),
    "cmx_spc_rules_evaluate": (
        c_int,
        [
            _ctx,
            _h,
            c_size_t,
            _dbl,
            _dbl,
            _dbl,
            _dbl,
            _dbl,
            POINTER(c_int32),
            POINTER(c_uint8),
            POINTER(SpcSignal),
            c_size_t,
            _sz,
            POINTER(c_uint32),
        ],
    ),
    "cmx_spc_cusum_compute": (
        c_int,
        [
            _ctx,
            c_size_t,
            _dbl,
            _dbl,
            c_double,
            c_double,
            POINTER(SpcCusumOptions),
            _dbl,
            _dbl,
            POINTER(c_uint8),
            POINTER(c_uint8),
        ],
    ),
    "cmx_spc_bernoulli_cusum_compute": (
        c_int,
        [_ctx, c_size_t, _dbl, POINTER(SpcBernoulliCusumOptions), _dbl, POINTER(c_uint8)],
    ),
    "cmx_spc_ewma_compute": (
        c_int,
        [
            _ctx,
            c_size_t,
            _dbl,
            _dbl,
            c_double,
            c_double,
            POINTER(SpcEwmaOptions),
            _dbl,
            _dbl,
            _dbl,
            POINTER(c_uint8),
        ],
    ),
    "cmx_spc_monitor_create": (c_int, [_ctx, _h, c_double, c_double, _ph]),
    "cmx_spc_monitor_create_from_baseline": (c_int, [_ctx, _h, c_size_t, _dbl, c_int, _ph]),
    "cmx_spc_monitor_destroy": (None, [_h]),
    "cmx_spc_monitor_max_signals": (c_size_t, [_h]),
    "cmx_spc_monitor_limits": (c_int, [_ctx, _h, _dbl, _dbl, _dbl, _dbl]),
    "cmx_spc_monitor_push": (
        c_int,
        [_ctx, _h, c_double, POINTER(SpcSignal), c_size_t, _sz],
    ),
    "cmx_spc_many_compute": (
        c_int,
        [
            _ctx,
            _h,
            _dbl,
            c_size_t,
            _sz,
            c_size_t,
            POINTER(SpcManyOptions),
            _dbl,
            _dbl,
            POINTER(c_uint32),
            _sz,
            POINTER(SpcSignal),
            c_size_t,
            _sz,
        ],
    ),
    # System graph
    "cmx_system_parse_time": (c_int, [_ctx, c_char_p, POINTER(c_int64)]),
    "cmx_system_create_from_json": (c_int, [_ctx, c_char_p, c_size_t, c_char_p, _ph]),
    "cmx_system_create_from_file": (c_int, [_ctx, c_char_p, _ph]),
    "cmx_system_destroy": (None, [_h]),
    "cmx_system_unit_count": (c_int, [_ctx, _h, _sz]),
    "cmx_system_unit_index": (c_int, [_ctx, _h, c_char_p, _sz]),
    "cmx_system_unit_id": (c_int, [_ctx, _h, c_size_t, _cstr]),
    "cmx_system_unit_level": (c_int, [_ctx, _h, c_size_t, POINTER(c_int)]),
    "cmx_system_query": (
        c_int,
        [_ctx, _h, c_char_p, c_int, POINTER(SystemQueryOptions), _sz, c_size_t, _sz],
    ),
    "cmx_system_paths_to_macrosystem": (
        c_int,
        [_ctx, _h, c_char_p, POINTER(SystemQueryOptions), _sz, c_size_t, _sz],
    ),
    "cmx_journeys_create": (c_int, [_ctx, POINTER(Stay), c_size_t, _h, _ph]),
    "cmx_journeys_create_from_file": (c_int, [_ctx, c_char_p, _h, _ph]),
    "cmx_journeys_destroy": (None, [_h]),
    "cmx_journeys_counts": (c_int, [_ctx, _h, _sz, _sz]),
    "cmx_flow_create": (c_int, [_ctx, _h, POINTER(FlowOptions), _ph]),
    "cmx_flow_destroy": (None, [_h]),
    "cmx_flow_get_summary": (c_int, [_ctx, _h, POINTER(FlowSummary)]),
    "cmx_flow_unit_id": (c_int, [_ctx, _h, c_size_t, _cstr]),
    "cmx_flow_get_unit": (c_int, [_ctx, _h, c_size_t, POINTER(FlowUnit)]),
    "cmx_flow_get_edges": (c_int, [_ctx, _h, POINTER(FlowEdge), c_size_t, _sz]),
    "cmx_flow_get_path": (
        c_int,
        [_ctx, _h, c_size_t, _sz, c_size_t, _sz, POINTER(c_uint64), _dbl],
    ),
    "cmx_journeys_conformance": (
        c_int,
        [_ctx, _h, _h, c_char_p, POINTER(FlowOptions), POINTER(c_uint64), POINTER(c_uint64)],
    ),
    "cmx_journeys_unit_id": (c_int, [_ctx, _h, c_size_t, _cstr]),
    "cmx_journeys_transitions": (
        c_int,
        [_ctx, _h, POINTER(FlowOptions), POINTER(Transition), c_size_t, _sz],
    ),
    "cmx_flow_create_from_handoffs_file": (
        c_int,
        [_ctx, c_char_p, _h, c_int, POINTER(FlowOptions), _ph],
    ),
    "cmx_journeys_deviations": (
        c_int,
        [_ctx, _h, _h, c_char_p, POINTER(FlowOptions), POINTER(Deviation), c_size_t, _sz],
    ),
    "cmx_flow_islands": (
        c_int,
        [_ctx, _h, _h, c_char_p, POINTER(SystemQueryOptions), _sz, c_size_t, _sz],
    ),
    "cmx_rollup_create": (
        c_int,
        [_ctx, _h, POINTER(Observation), c_size_t, POINTER(RollupOptions), _ph],
    ),
    "cmx_rollup_destroy": (None, [_h]),
    "cmx_rollup_counts": (c_int, [_ctx, _h, _sz, _sz]),
    "cmx_rollup_get_row": (c_int, [_ctx, _h, c_size_t, POINTER(RollupRow)]),
    "cmx_rollup_get_shared_unit": (c_int, [_ctx, _h, c_size_t, _sz, _sz, _dbl]),
    # Funnel
    "cmx_funnel_create": (
        c_int,
        [_ctx, _dbl, _dbl, c_size_t, POINTER(FunnelOptions), _ph],
    ),
    "cmx_funnel_destroy": (None, [_h]),
    "cmx_funnel_count": (c_size_t, [_h]),
    "cmx_funnel_get_summary": (c_int, [_ctx, _h, POINTER(FunnelSummary)]),
    "cmx_funnel_get_unit": (c_int, [_ctx, _h, c_size_t, POINTER(FunnelUnit)]),
    "cmx_funnel_limits_at": (
        c_int,
        [_ctx, c_int, c_int, c_double, c_double, c_double, c_double, c_double, _dbl, _dbl],
    ),
    # FHIR
    "cmx_fhir_read_measure_reports": (c_int, [_ctx, c_char_p, c_size_t, c_char_p, _ph]),
    "cmx_fhir_reports_destroy": (None, [_h]),
    "cmx_fhir_reports_count": (c_size_t, [_h]),
    "cmx_fhir_reports_get": (c_int, [_ctx, _h, c_size_t, POINTER(FhirGroup)]),
    "cmx_fhir_write_measure_reports": (
        c_int,
        [_ctx, _h, c_int, c_void_p, c_size_t, _sz],
    ),
    # Compass
    "cmx_compass_create": (c_int, [_ctx, c_char_p, c_size_t, c_char_p, _ph]),
    "cmx_compass_destroy": (None, [_h]),
    "cmx_compass_add_observation": (c_int, [_ctx, _h, POINTER(CompassObservation)]),
    "cmx_compass_add_edge": (c_int, [_ctx, _h, c_char_p, c_char_p, c_double]),
    "cmx_compass_set_spc_provider": (c_int, [_ctx, _h, COMPASS_SPC_FN, c_void_p]),
    "cmx_compass_set_system": (c_int, [_ctx, _h, _h]),
    "cmx_compass_score": (
        c_int,
        [_ctx, _h, c_char_p, c_char_p, POINTER(CompassOptions), _ph],
    ),
    "cmx_compass_result_destroy": (None, [_h]),
    "cmx_compass_result_point": (c_double, [_h, c_int]),
    "cmx_compass_result_outcome_index": (c_double, [_h]),
    "cmx_compass_result_cost": (c_double, [_h]),
    "cmx_compass_result_value_index": (c_double, [_h]),
    "cmx_compass_result_count": (c_size_t, [_h]),
    "cmx_compass_result_get": (c_int, [_ctx, _h, c_size_t, POINTER(CompassMeasureScore)]),
    "cmx_compass_change_between": (
        c_int,
        [_ctx, _h, c_char_p, c_char_p, c_char_p, c_char_p, POINTER(CompassChange)],
    ),
    "cmx_compass_wilson_interval": (c_int, [_ctx, c_double, c_double, c_double, _dbl, _dbl]),
    "cmx_compass_newcombe_difference": (
        c_int,
        [_ctx, c_double, c_double, c_double, c_double, c_double, _dbl, _dbl, _dbl],
    ),
    "cmx_compass_composite": (
        c_int,
        [_ctx, POINTER(c_int8), c_size_t, c_size_t, c_int, _dbl],
    ),
}


def sized(struct_type, **fields):
    """An options struct with its leading size field set, as the header's _INIT macros do."""
    value = struct_type(**fields)
    value.size = ctypes.sizeof(struct_type)
    return value
