// The C API of the value compass, funnel plots and FHIR MeasureReport (see cmx.h).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx.h"
#include "cmx/compass/change.hpp"
#include "cmx/compass/composite.hpp"
#include "cmx/compass/funnel.hpp"
#include "cmx/compass/rollup.hpp"
#include "cmx/compass/scoring.hpp"
#include "cmx/compass/system_rollup.hpp"
#include "cmx/io/compass_io.hpp"
#include "cmx/io/fhir.hpp"
#include "context.hpp"
#include "handles.hpp"
#include "struct_size.hpp"

struct cmx_funnel {
  cmx::compass::funnel_result result;
};

struct cmx_fhir_reports {
  std::vector<cmx::io::fhir_measure_group> groups;
};

struct cmx_compass {
  std::vector<cmx::compass::measure> measures;
  std::vector<cmx::compass::observation> observations;
  std::vector<cmx::compass::hierarchy_edge> edges;
  std::optional<cmx::system::system_graph> system;  // roll-ups through it, instead of edges
  cmx_compass_spc_fn spc = nullptr;
  void* spc_user_data = nullptr;
};

struct cmx_compass_result {
  cmx::compass::unit_compass compass;
};

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

double or_nan(const std::optional<double>& v) {
  return v ? *v : not_a_number;
}
std::optional<double> from_nan(double v) {
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

int out_of_range(cmx_context* ctx, size_t index, size_t count) {
  return ctx->fail(CMX_E_OUT_OF_RANGE, ("index " + std::to_string(index) + " is past the end (" +
                                        std::to_string(count) + ")")
                                           .c_str());
}

// The observations to score: a compass's own, with pooled ones for every parent when it has
// edges.
std::vector<cmx::compass::observation> scored_observations(const cmx_compass& c, bool full_weight) {
  cmx::compass::rollup_options o;
  o.full_weight_for_shared = full_weight;
  if (c.system) {
    return cmx::compass::roll_up(c.measures, c.observations, *c.system, o).observations;
  }
  if (c.edges.empty()) {
    return c.observations;
  }
  const auto pooled = cmx::compass::roll_up(c.measures, c.observations, c.edges, o);
  return cmx::compass::with_rollups(c.observations, c.edges, pooled);
}

}  // namespace

extern "C" {

int cmx_funnel_create(cmx_context* ctx, const double* numerator, const double* denominator,
                      size_t count, const cmx_funnel_options* options,
                      cmx_funnel** out_funnel) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out_funnel == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out_funnel is NULL");
  }
  *out_funnel = nullptr;
  if ((numerator == nullptr || denominator == nullptr) && count > 0) {
    return cmx::capi::invalid_argument(ctx, "numerator or denominator is NULL");
  }
  cmx_funnel_options opts = CMX_FUNNEL_OPTIONS_INIT;
  if (options != nullptr) {
    if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_funnel_options");
        status != CMX_OK) {
      return status;
    }
    opts = *options;
  }
  if (opts.type < 0 || opts.type > 2 || opts.limits < 0 || opts.limits > 1 ||
      opts.overdispersion < 0 || opts.overdispersion > 2) {
    return cmx::capi::invalid_argument(ctx, "unknown funnel type, limits or overdispersion");
  }
  return cmx::capi::guarded(ctx, [&] {
    cmx::compass::funnel_options o;
    o.type = static_cast<cmx::compass::funnel_type>(opts.type);
    o.limits = static_cast<cmx::compass::funnel_limits>(opts.limits);
    o.overdispersion = static_cast<cmx::compass::funnel_overdispersion>(opts.overdispersion);
    o.target = from_nan(opts.target);
    auto f = std::make_unique<cmx_funnel>();
    f->result = cmx::compass::funnel(std::span<const double>(numerator, count),
                                     std::span<const double>(denominator, count), o);
    *out_funnel = f.release();
    return CMX_OK;
  });
}

void cmx_funnel_destroy(cmx_funnel* funnel) noexcept {
  delete funnel;
}

size_t cmx_funnel_count(const cmx_funnel* funnel) noexcept {
  return funnel == nullptr ? 0 : funnel->result.value.size();
}

int cmx_funnel_get_summary(cmx_context* ctx, const cmx_funnel* funnel,
                           cmx_funnel_summary* out_summary) noexcept {
  return cmx::capi::guarded(
      ctx, funnel == nullptr || out_summary == nullptr, "funnel or out_summary is NULL", [&] {
        const auto& r = funnel->result;
        *out_summary = {r.target, r.phi, r.tau2, r.chi2, r.p_value, r.adjusted ? 1 : 0};
        return CMX_OK;
      });
}

int cmx_funnel_get_unit(cmx_context* ctx, const cmx_funnel* funnel, size_t index,
                        cmx_funnel_unit* out_unit) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (funnel == nullptr || out_unit == nullptr) {
    return cmx::capi::invalid_argument(ctx, "funnel or out_unit is NULL");
  }
  const auto& r = funnel->result;
  if (index >= r.value.size()) {
    return out_of_range(ctx, index, r.value.size());
  }
  return cmx::capi::guarded(ctx, [&] {
    *out_unit = {r.value[index],
                 r.z[index],
                 r.lower95[index],
                 r.upper95[index],
                 r.lower998[index],
                 r.upper998[index],
                 static_cast<int>(r.flag[index])};
    return CMX_OK;
  });
}

int cmx_funnel_limits_at(cmx_context* ctx, int type, int limits, double target, double n,
                         double coverage, double phi, double tau2, double* out_lower,
                         double* out_upper) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out_lower == nullptr || out_upper == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out_lower or out_upper is NULL");
  }
  *out_lower = not_a_number;
  *out_upper = not_a_number;
  if (type < 0 || type > 2 || limits < 0 || limits > 1) {
    return cmx::capi::invalid_argument(ctx, "unknown funnel type or limits");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto l = cmx::compass::funnel_limits_at(static_cast<cmx::compass::funnel_type>(type),
                                                  static_cast<cmx::compass::funnel_limits>(limits),
                                                  target, n, coverage, phi, tau2);
    *out_lower = l.lower;
    *out_upper = l.upper;
    return CMX_OK;
  });
}

int cmx_fhir_read_measure_reports(cmx_context* ctx, const char* json, size_t length,
                                  const char* source, cmx_fhir_reports** out_reports) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out_reports == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out_reports is NULL");
  }
  *out_reports = nullptr;
  if (json == nullptr) {
    return cmx::capi::invalid_argument(ctx, "json is NULL");
  }
  return cmx::capi::guarded(ctx, [&] {
    auto r = std::make_unique<cmx_fhir_reports>();
    r->groups = cmx::io::read_measure_reports(std::string_view(json, length),
                                              source != nullptr ? source : "<memory>");
    *out_reports = r.release();
    return CMX_OK;
  });
}

void cmx_fhir_reports_destroy(cmx_fhir_reports* reports) noexcept {
  delete reports;
}

size_t cmx_fhir_reports_count(const cmx_fhir_reports* reports) noexcept {
  return reports == nullptr ? 0 : reports->groups.size();
}

int cmx_fhir_reports_get(cmx_context* ctx, const cmx_fhir_reports* reports, size_t index,
                         cmx_fhir_group* out_group) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (reports == nullptr || out_group == nullptr) {
    return cmx::capi::invalid_argument(ctx, "reports or out_group is NULL");
  }
  if (index >= reports->groups.size()) {
    return out_of_range(ctx, index, reports->groups.size());
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& g = reports->groups[index];
    const auto& c = g.counts;
    *out_group = {g.report_id.c_str(),
                  g.group_id.c_str(),
                  g.measure.c_str(),
                  g.subject.c_str(),
                  g.period_start.c_str(),
                  g.period_end.c_str(),
                  or_nan(c.initial_population),
                  or_nan(c.numerator),
                  or_nan(c.numerator_exclusion),
                  or_nan(c.denominator),
                  or_nan(c.denominator_exclusion),
                  or_nan(c.denominator_exception),
                  or_nan(g.score)};
    return CMX_OK;
  });
}

int cmx_fhir_write_measure_reports(cmx_context* ctx, const cmx_fhir_reports* reports, int bundle,
                                   char* buffer, size_t capacity, size_t* out_len) noexcept {
  return cmx::capi::guarded(
      ctx, reports == nullptr || out_len == nullptr, "reports or out_len is NULL", [&] {
        const auto text = cmx::io::write_measure_reports(
            std::span<const cmx::io::fhir_measure_group>(reports->groups), bundle != 0);
        *out_len = text.size();
        if (buffer == nullptr || capacity < text.size() + 1) {
          return ctx->fail(
              CMX_E_BUFFER_TOO_SMALL,
              ("the JSON needs " + std::to_string(text.size() + 1) + " bytes").c_str());
        }
        std::memcpy(buffer, text.c_str(), text.size() + 1);
        return CMX_OK;
      });
}

int cmx_compass_create(cmx_context* ctx, const char* measures_json, size_t length,
                       const char* source, cmx_compass** out_compass) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out_compass == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out_compass is NULL");
  }
  *out_compass = nullptr;
  if (measures_json == nullptr) {
    return cmx::capi::invalid_argument(ctx, "measures_json is NULL");
  }
  return cmx::capi::guarded(ctx, [&] {
    auto c = std::make_unique<cmx_compass>();
    c->measures = cmx::io::read_measures_json(std::string_view(measures_json, length),
                                              source != nullptr ? source : "<memory>");
    *out_compass = c.release();
    return CMX_OK;
  });
}

void cmx_compass_destroy(cmx_compass* compass) noexcept {
  delete compass;
}

int cmx_compass_add_observation(cmx_context* ctx, cmx_compass* compass,
                                const cmx_compass_observation* observation) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (compass == nullptr || observation == nullptr) {
    return cmx::capi::invalid_argument(ctx, "compass or observation is NULL");
  }
  if (const int status = cmx::capi::check_input_struct(ctx, observation, "cmx_compass_observation");
      status != CMX_OK) {
    return status;
  }
  if (observation->measure == nullptr || observation->unit == nullptr ||
      observation->period == nullptr) {
    return cmx::capi::invalid_argument(ctx, "observation measure, unit or period is NULL");
  }
  return cmx::capi::guarded(ctx, [&] {
    cmx::compass::observation o;
    o.measure = observation->measure;
    o.unit = observation->unit;
    o.period = observation->period;
    o.numerator = from_nan(observation->numerator);
    o.denominator = from_nan(observation->denominator);
    o.value = from_nan(observation->value);
    o.expected = from_nan(observation->expected);
    o.n = from_nan(observation->n);
    o.sd = from_nan(observation->sd);
    o.origin.source = "observation";
    o.origin.row = static_cast<std::int64_t>(compass->observations.size() + 1);
    compass->observations.push_back(std::move(o));
    return CMX_OK;
  });
}

int cmx_compass_add_edge(cmx_context* ctx, cmx_compass* compass, const char* child,
                         const char* parent, double weight) noexcept {
  return cmx::capi::guarded(
      ctx, compass == nullptr || child == nullptr || parent == nullptr,
      "compass, child or parent is NULL", [&] {
        if (!(weight > 0 && weight <= 1)) {
          throw cmx::error(
              cmx::status::bad_input, "allocation weight must lie in (0, 1]",
              cmx::location{"edge", static_cast<std::int64_t>(compass->edges.size() + 1), 0,
                            "weight"});
        }
        if (compass->system) {
          throw cmx::error(cmx::status::inconsistent,
                           "the compass rolls up through a system graph: edges cannot be added");
        }
        compass->edges.push_back({child, parent, weight});
        return CMX_OK;
      });
}

int cmx_compass_set_system(cmx_context* ctx, cmx_compass* compass,
                           const cmx_system* system) noexcept {
  return cmx::capi::guarded(ctx, compass == nullptr, "compass is NULL", [&] {
    if (system != nullptr && !compass->edges.empty()) {
      throw cmx::error(cmx::status::inconsistent,
                       "the compass already has part_of edges: roll up through them or through a "
                       "system graph, not both");
    }
    if (system == nullptr) {
      compass->system.reset();
    } else {
      compass->system.emplace(system->graph);  // shares the immutable graph
    }
    return CMX_OK;
  });
}

int cmx_compass_set_spc_provider(cmx_context* ctx, cmx_compass* compass,
                                 cmx_compass_spc_fn provider, void* user_data) noexcept {
  return cmx::capi::guarded(ctx, compass == nullptr, "compass is NULL", [&] {
    compass->spc = provider;
    compass->spc_user_data = user_data;
    return CMX_OK;
  });
}

int cmx_compass_score(cmx_context* ctx, const cmx_compass* compass, const char* unit,
                      const char* period, const cmx_compass_options* options,
                      cmx_compass_result** out_result) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out_result == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out_result is NULL");
  }
  *out_result = nullptr;
  if (compass == nullptr || unit == nullptr) {
    return cmx::capi::invalid_argument(ctx, "compass or unit is NULL");
  }
  cmx_compass_options opts = CMX_COMPASS_OPTIONS_INIT;
  if (options != nullptr) {
    if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_compass_options");
        status != CMX_OK) {
      return status;
    }
    opts = *options;
  }
  if (opts.method < 0 || opts.method > 3) {
    return cmx::capi::invalid_argument(ctx, "unknown scoring method");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto observations = scored_observations(*compass, opts.full_weight_for_shared != 0);
    const auto table = cmx::compass::make_observation_table(compass->measures, observations);
    cmx::compass::compass_options o;
    o.method = static_cast<cmx::compass::score_method>(opts.method);
    o.clamp_goalpost = opts.clamp_goalpost != 0;
    o.point_weights = {opts.west_weight, opts.north_weight, opts.east_weight};
    o.reference_cost = from_nan(opts.reference_cost);
    const auto scores = cmx::compass::score_compass(compass->measures, table, o);
    if (table.periods.empty()) {
      throw cmx::error(cmx::status::not_found, "no observations to score");
    }
    auto spc = cmx::compass::spc_engine_provider();
    if (compass->spc != nullptr) {
      spc = [compass](const cmx::compass::measure& m, const cmx::compass::measure_series& series) {
        cmx::compass::spc_status s;
        int signal = 0;
        const char* rule = nullptr;
        if (compass->spc(m.id.c_str(), series.value.data(), series.value.size(), &signal, &rule,
                         compass->spc_user_data) != 0) {
          s.computed = true;
          s.signal = signal != 0;
          s.rule = rule != nullptr ? rule : "";
        }
        return s;
      };
    }
    auto r = std::make_unique<cmx_compass_result>();
    r->compass = cmx::compass::compass_of(compass->measures, table, scores, unit,
                                          period != nullptr ? period : table.periods.back(), spc);
    *out_result = r.release();
    return CMX_OK;
  });
}

void cmx_compass_result_destroy(cmx_compass_result* result) noexcept {
  delete result;
}

double cmx_compass_result_point(const cmx_compass_result* result, int point) noexcept {
  if (result == nullptr || point < 0 || point > 3) {
    return not_a_number;
  }
  return result->compass.point[static_cast<std::size_t>(point)];
}

double cmx_compass_result_outcome_index(const cmx_compass_result* result) noexcept {
  return result == nullptr ? not_a_number : result->compass.outcome_index;
}

double cmx_compass_result_cost(const cmx_compass_result* result) noexcept {
  return result == nullptr ? not_a_number : result->compass.cost;
}

double cmx_compass_result_value_index(const cmx_compass_result* result) noexcept {
  return result == nullptr ? not_a_number : result->compass.value_index;
}

size_t cmx_compass_result_count(const cmx_compass_result* result) noexcept {
  return result == nullptr ? 0 : result->compass.measures.size();
}

int cmx_compass_result_get(cmx_context* ctx, const cmx_compass_result* result, size_t index,
                           cmx_compass_measure_score* out_score) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (result == nullptr || out_score == nullptr) {
    return cmx::capi::invalid_argument(ctx, "result or out_score is NULL");
  }
  if (index >= result->compass.measures.size()) {
    return out_of_range(ctx, index, result->compass.measures.size());
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& m = result->compass.measures[index];
    *out_score = {m.measure.c_str(),      static_cast<int>(m.point), m.value,           m.score,
                  m.spc.computed ? 1 : 0, m.spc.signal ? 1 : 0,      m.spc.rule.c_str()};
    return CMX_OK;
  });
}

int cmx_compass_change_between(cmx_context* ctx, const cmx_compass* compass, const char* unit,
                               const char* measure, const char* t1, const char* t2,
                               cmx_compass_change* out_change) noexcept {
  return cmx::capi::guarded(
      ctx,
      compass == nullptr || unit == nullptr || measure == nullptr || t1 == nullptr ||
          t2 == nullptr || out_change == nullptr,
      "a pointer argument is NULL", [&] {
        const cmx::compass::measure* m = nullptr;
        for (const auto& candidate : compass->measures) {
          if (candidate.id == measure) {
            m = &candidate;
          }
        }
        if (m == nullptr) {
          throw cmx::error(cmx::status::not_found, std::string("unknown measure '") + measure + "'",
                           cmx::location{"change", 0, 0, "measure"});
        }
        const auto observations = scored_observations(*compass, false);
        const cmx::compass::observation* at[2] = {nullptr, nullptr};
        const char* periods[2] = {t1, t2};
        for (const auto& o : observations) {
          for (int k = 0; k < 2; ++k) {
            if (o.unit == unit && o.measure == measure && o.period == periods[k]) {
              at[k] = &o;
            }
          }
        }
        for (int k = 0; k < 2; ++k) {
          if (at[k] == nullptr) {
            throw cmx::error(cmx::status::not_found,
                             std::string("no observation of '") + measure + "' for unit '" + unit +
                                 "' in period '" + periods[k] + "'",
                             cmx::location{"change", 0, 0, k == 0 ? "t1" : "t2"});
          }
        }
        const auto c = cmx::compass::change_between(*m, *at[0], *at[1]);
        *out_change = {c.t1,          c.t2,       c.difference, c.improvement,
                       c.effect_size, c.ci.lower, c.ci.upper,   static_cast<int>(c.classification)};
        return CMX_OK;
      });
}

int cmx_compass_wilson_interval(cmx_context* ctx, double x, double n, double confidence,
                                double* out_lower, double* out_upper) noexcept {
  return cmx::capi::guarded(ctx, out_lower == nullptr || out_upper == nullptr,
                            "out_lower or out_upper is NULL", [&] {
                              const auto w = cmx::compass::wilson_interval(x, n, confidence);
                              *out_lower = w.lower;
                              *out_upper = w.upper;
                              return CMX_OK;
                            });
}

int cmx_compass_newcombe_difference(cmx_context* ctx, double x1, double n1, double x2, double n2,
                                    double confidence, double* out_estimate, double* out_lower,
                                    double* out_upper) noexcept {
  return cmx::capi::guarded(
      ctx, out_estimate == nullptr || out_lower == nullptr || out_upper == nullptr,
      "an out pointer is NULL", [&] {
        const auto d = cmx::compass::newcombe_difference(x1, n1, x2, n2, confidence);
        *out_estimate = d.estimate;
        *out_lower = d.lower;
        *out_upper = d.upper;
        return CMX_OK;
      });
}

int cmx_compass_composite(cmx_context* ctx, const int8_t* cells, size_t patients, size_t items,
                          int method, double* out_score) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if ((cells == nullptr && patients * items > 0) || out_score == nullptr) {
    return cmx::capi::invalid_argument(ctx, "cells or out_score is NULL");
  }
  if (method < 0 || method > 3) {
    return cmx::capi::invalid_argument(ctx, "unknown composite method");
  }
  if (items != 0 && patients > std::numeric_limits<std::size_t>::max() / items) {
    return cmx::capi::invalid_argument(ctx, "patients x items overflows size_t");
  }
  return cmx::capi::guarded(ctx, [&] {
    const std::span<const int8_t> given(cells, patients * items);  // cells may be NULL if empty
    std::vector<cmx::compass::bundle_cell> copy(given.size());
    std::transform(given.begin(), given.end(), copy.begin(),
                   [](int8_t cell) { return static_cast<cmx::compass::bundle_cell>(cell); });
    *out_score = cmx::compass::composite(copy, patients, items,
                                         static_cast<cmx::compass::composite_method>(method))
                     .score;
    return CMX_OK;
  });
}

}  // extern "C"
