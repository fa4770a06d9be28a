// The C API of the SPC chart engine: a thin translation over cmx/spc/chart.hpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

#include "cmx.h"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "context.hpp"
#include "signals.hpp"
#include "struct_size.hpp"

struct cmx_spc_chart {
  cmx::spc::chart_result result;
};

namespace {

namespace spc = cmx::spc;

static_assert(CMX_SPC_CHART_IP == static_cast<int>(spc::chart_type::ip));
static_assert(CMX_SPC_AGG_SD == static_cast<int>(spc::aggregation::sd));
static_assert(CMX_SPC_SIGMA_MVLUE_SD == static_cast<int>(spc::sigma_method::mvlue_sd));
static_assert(CMX_SPC_RULE_ANHOEJ_CROSSINGS == static_cast<int>(spc::rule_id::anhoej_crossings));

spc::chart_options translate(const cmx_spc_options& o) {
  if (o.chart < CMX_SPC_CHART_RUN || o.chart > CMX_SPC_CHART_IP) {
    throw cmx::error(cmx::status::invalid_argument, "unknown chart type",
                     cmx::location{"options", 0, 0, "chart"});
  }
  if (o.aggregation < CMX_SPC_AGG_MEAN || o.aggregation > CMX_SPC_AGG_SD) {
    throw cmx::error(cmx::status::invalid_argument, "unknown aggregation",
                     cmx::location{"options", 0, 0, "aggregation"});
  }
  if (o.screen_mr < CMX_SPC_SCREEN_DEFAULT || o.screen_mr > CMX_SPC_SCREEN_ON) {
    throw cmx::error(cmx::status::invalid_argument, "unknown screening choice",
                     cmx::location{"options", 0, 0, "screen_mr"});
  }
  if (o.sigma_method < CMX_SPC_SIGMA_DEFAULT || o.sigma_method > CMX_SPC_SIGMA_MVLUE_SD) {
    throw cmx::error(cmx::status::invalid_argument, "unknown sigma method",
                     cmx::location{"options", 0, 0, "sigma_method"});
  }
  if ((o.parts == nullptr && o.parts_count > 0) || (o.exclude == nullptr && o.exclude_count > 0)) {
    const bool parts_bad = o.parts == nullptr && o.parts_count > 0;
    throw cmx::error(cmx::status::invalid_argument, "a position list is NULL but not empty",
                     cmx::location{"options", 0, 0, parts_bad ? "parts" : "exclude"});
  }
  spc::chart_options options;
  options.type = static_cast<spc::chart_type>(o.chart);
  options.agg = static_cast<spc::aggregation>(o.aggregation);
  if (o.parts_count > 0) {
    options.parts.assign(o.parts, o.parts + o.parts_count);
  }
  options.freeze = o.freeze;
  if (o.exclude_count > 0) {
    options.exclude.assign(o.exclude, o.exclude + o.exclude_count);
  }
  options.multiply = o.multiply;
  // In C++ a NaN centre or sigma means "not given"; here has_centre / has_sigma say so, and a
  // NaN given with them is a fault, not a request to estimate.
  if (o.has_centre != 0) {
    if (std::isnan(o.centre)) {
      throw cmx::error(cmx::status::invalid_argument, "has_centre is set but centre is NaN",
                       cmx::location{"options", 0, 0, "centre"});
    }
    options.centre = o.centre;
  }
  if (o.has_sigma != 0) {
    if (std::isnan(o.sigma)) {
      throw cmx::error(cmx::status::invalid_argument, "has_sigma is set but sigma is NaN",
                       cmx::location{"options", 0, 0, "sigma"});
    }
    options.sigma = o.sigma;
  }
  if (o.screen_mr != CMX_SPC_SCREEN_DEFAULT) {
    options.screen_mr = o.screen_mr == CMX_SPC_SCREEN_ON;
  }
  if (o.sigma_method != CMX_SPC_SIGMA_DEFAULT) {
    options.sigma_estimator = static_cast<spc::sigma_method>(o.sigma_method);
  }
  return options;
}

constexpr unsigned all_rule_flags = CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ | CMX_SPC_RULES_IHI |
                                    CMX_SPC_RULES_WE | CMX_SPC_RULES_NELSON | CMX_SPC_RULES_MDC |
                                    CMX_SPC_RULES_MDC_PRE2023 | CMX_SPC_RULES_QCC;

// The built-in rule sets of the CMX_SPC_RULES_* flags as spc::rule_set_by_name names.
std::string library_names(unsigned rules) {
  static constexpr struct {
    unsigned flag;
    const char* name;
  } sets[] = {{CMX_SPC_RULES_IHI, "ihi"},
              {CMX_SPC_RULES_WE, "western_electric"},
              {CMX_SPC_RULES_NELSON, "nelson"},
              {CMX_SPC_RULES_MDC, "mdc"},
              {CMX_SPC_RULES_MDC_PRE2023, "mdc_pre2023"},
              {CMX_SPC_RULES_QCC, "qcc"}};
  std::string names;
  for (const auto& set : sets) {
    if ((rules & set.flag) != 0) {
      names += names.empty() ? "" : ",";
      names += set.name;
    }
  }
  return names;
}

}  // namespace

extern "C" {

int cmx_spc_chart_create(cmx_context* ctx, const double* x, const double* y, const double* n,
                         size_t count, const cmx_spc_options* options,
                         cmx_spc_chart** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;  // after any failure, a NULL ctx included
  }
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (out == nullptr) {
    return cmx::capi::invalid_argument(ctx, "out is NULL");
  }
  if (options == nullptr) {
    return cmx::capi::invalid_argument(ctx, "options is NULL");
  }
  if (const int status = cmx::capi::check_input_struct(ctx, options, "cmx_spc_options");
      status != CMX_OK) {
    return status;
  }
  if (count > 0 && (x == nullptr || y == nullptr)) {
    return cmx::capi::invalid_argument(ctx, "x or y is NULL");
  }
  return cmx::capi::guarded(ctx, [&] {
    spc::chart_options translated = translate(*options);
    translated.threads = ctx->threads;
    const std::span<const double> xs(x, count);
    const std::span<const double> ys(y, count);
    const std::span<const double> ns =
        n == nullptr ? std::span<const double>() : std::span<const double>(n, count);
    auto chart = std::make_unique<cmx_spc_chart>();
    chart->result = spc::compute_chart(xs, ys, ns, translated);
    *out = chart.release();
    return CMX_OK;
  });
}

void cmx_spc_chart_destroy(cmx_spc_chart* chart) noexcept {
  delete chart;
}

int cmx_spc_chart_get_info(cmx_context* ctx, const cmx_spc_chart* chart,
                           cmx_spc_chart_info* out_info) noexcept {
  return cmx::capi::guarded(ctx, chart == nullptr || out_info == nullptr,
                            "chart or out_info is NULL", [&] {
                              cmx::capi::require_output_struct(*out_info, "cmx_spc_chart_info");
                              const auto& r = chart->result;
                              out_info->chart = static_cast<int>(r.type);
                              out_info->points = r.size();
                              out_info->parts = r.parts.size();
                              out_info->screened_mr = r.screened_mr ? 1 : 0;
                              out_info->sigma_method = static_cast<int>(r.estimator);
                              return CMX_OK;
                            });
}

int cmx_spc_chart_get_column(cmx_context* ctx, const cmx_spc_chart* chart, int column,
                             double* buffer, size_t capacity, size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (chart == nullptr || out_len == nullptr || (buffer == nullptr && capacity > 0)) {
    return cmx::capi::invalid_argument(ctx, "chart, out_len or buffer is NULL");
  }
  if (column < CMX_SPC_COLUMN_X || column > CMX_SPC_COLUMN_SIGMA_SIGNAL) {
    return cmx::capi::invalid_argument(ctx, "unknown column");
  }
  return cmx::capi::guarded(ctx, [&] {
    const auto& r = chart->result;
    const std::size_t points = r.size();
    *out_len = points;
    if (capacity < points) {
      return ctx->fail(CMX_E_BUFFER_TOO_SMALL, "the buffer is smaller than the number of points");
    }
    const std::span<double> out(buffer, points);
    const std::vector<double>* values[] = {&r.x, &r.y, &r.n};
    const cmx::spc::chart_line* lines[] = {&r.cl,   &r.sigma, &r.lcl,  &r.ucl,
                                           &r.lcl2, &r.ucl2,  &r.lcl1, &r.ucl1};
    if (column <= CMX_SPC_COLUMN_N) {
      const auto& v = *values[static_cast<std::size_t>(column)];
      if (v.empty()) {  // a chart without denominators or sizes
        std::fill(out.begin(), out.end(), std::numeric_limits<double>::quiet_NaN());
      } else {
        std::copy(v.begin(), v.end(), out.begin());
      }
    } else if (column <= CMX_SPC_COLUMN_UCL1) {
      lines[static_cast<std::size_t>(column - CMX_SPC_COLUMN_CL)]->copy_to(out);
    } else {
      for (std::size_t i = 0; i < points; ++i) {
        if (column == CMX_SPC_COLUMN_PART) {
          out[i] = r.part_of(i);
        } else if (column == CMX_SPC_COLUMN_INCLUDED) {
          out[i] = r.is_included(i) ? 1 : 0;
        } else if (column == CMX_SPC_COLUMN_BASELINE) {
          out[i] = r.in_baseline(i) ? 1 : 0;
        } else {
          out[i] = r.sigma_signal[i];
        }
      }
    }
    return CMX_OK;
  });
}

int cmx_spc_chart_get_part(cmx_context* ctx, const cmx_spc_chart* chart, size_t index,
                           cmx_spc_part* out_part) noexcept {
  return cmx::capi::guarded(
      ctx, chart == nullptr || out_part == nullptr, "chart or out_part is NULL", [&] {
        cmx::capi::require_output_struct(*out_part, "cmx_spc_part");
        const auto& parts = chart->result.parts;
        if (index >= parts.size()) {
          throw cmx::error(cmx::status::out_of_range,
                           "part index " + std::to_string(index) + " is not below " +
                               std::to_string(parts.size()),
                           cmx::location{"index", 0, 0, "index"});
        }
        const auto& p = parts[index];
        out_part->part = p.part;
        out_part->first = p.first;
        out_part->last = p.last;
        out_part->cl = p.cl;
        out_part->sigma = p.sigma;
        out_part->limits_from_earlier = p.limits_from_earlier ? 1 : 0;
        out_part->sigma_signals = p.sigma_signals;
        out_part->n_obs = p.runs.n_obs;
        out_part->n_useful = p.runs.n_useful;
        out_part->runs_defined = p.runs.defined ? 1 : 0;
        out_part->longest_run = p.runs.longest_run;
        out_part->longest_run_max = p.runs.longest_run_max;
        out_part->crossings = p.runs.crossings;
        out_part->crossings_min = p.runs.crossings_min;
        out_part->runs_signal = p.runs.runs_signal ? 1 : 0;
        return CMX_OK;
      });
}

int cmx_spc_chart_get_signals(cmx_context* ctx, const cmx_spc_chart* chart, unsigned rules,
                              cmx_spc_signal* buffer, size_t capacity, size_t* out_len) noexcept {
  if (ctx == nullptr) {
    return CMX_E_INVALID_ARGUMENT;
  }
  if (chart == nullptr || out_len == nullptr || (buffer == nullptr && capacity > 0)) {
    return cmx::capi::invalid_argument(ctx, "chart, out_len or buffer is NULL");
  }
  if ((rules & ~all_rule_flags) != 0) {
    return cmx::capi::invalid_argument(ctx, "unknown rule set flag");
  }
  return cmx::capi::guarded(ctx, [&] {
    std::vector<spc::signal> signals;
    if ((rules & CMX_SPC_RULES_SIGMA) != 0) {
      signals = spc::beyond_limits_signals(chart->result);
    }
    if ((rules & CMX_SPC_RULES_ANHOEJ) != 0) {
      const auto more = spc::anhoej_signals(chart->result);
      signals.insert(signals.end(), more.begin(), more.end());
    }
    const std::string names = library_names(rules);
    if (!names.empty()) {
      const auto more = spc::evaluate(spc::rule_set_by_name(names), chart->result.rules_input(),
                                      spc::evaluate_options{ctx->threads});
      signals.insert(signals.end(), more.begin(), more.end());
    }
    *out_len = signals.size();
    if (capacity < signals.size()) {
      return ctx->fail(CMX_E_BUFFER_TOO_SMALL, "the buffer is smaller than the signals");
    }
    std::transform(signals.begin(), signals.end(), buffer,
                   [](const spc::signal& s) { return cmx::capi::to_c(s, false); });
    return CMX_OK;
  });
}

}  // extern "C"
