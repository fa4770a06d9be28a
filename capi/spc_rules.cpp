// The C API of the SPC rules, CUSUM, EWMA, the streaming monitor and many-series charting.
#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cmx.h"
#include "cmx/spc/cusum.hpp"
#include "cmx/spc/ewma.hpp"
#include "cmx/spc/many.hpp"
#include "cmx/spc/monitor.hpp"
#include "cmx/spc/rules.hpp"
#include "context.hpp"
#include "signals.hpp"
#include "struct_size.hpp"

struct cmx_spc_rule_set {
  cmx::spc::rule_set rules;
};

struct cmx_spc_monitor {
  explicit cmx_spc_monitor(cmx::spc::monitor m)
      : mon(std::move(m)), buffer(mon.max_events_per_push()) {}

  cmx::spc::monitor mon;
  std::vector<cmx::spc::monitor_event> buffer;  // sized once: pushes never allocate
};

namespace {

using cmx::capi::guarded;
using cmx::capi::to_c;

// Copies a result column into the caller's buffer of its length, when one is given (NULL: the
// caller does not want that column).
template <class T>
void copy_column(const std::vector<T>& column, T* out) noexcept {
  if (out != nullptr) {
    std::copy(column.begin(), column.end(), out);
  }
}

template <class T>
std::span<const T> span_or_empty(const T* p, std::size_t n) noexcept {
  return p == nullptr ? std::span<const T>{} : std::span<const T>(p, n);
}

void too_small(std::size_t needed, std::size_t capacity) {
  throw cmx::error(cmx::status::buffer_too_small,
                   "the signal buffer holds " + std::to_string(capacity) + ", " +
                       std::to_string(needed) + " needed",
                   cmx::location{"out_signals", 0, 0, "capacity"});
}

// Edits the rule `rule` of a copy of the set, validates the copy and only then keeps it, so that
// a failed edit leaves the set unchanged (cmx.h).
template <class Edit>
void edit_rule(cmx_spc_rule_set& rules, std::uint16_t rule, Edit&& edit) {
  cmx::spc::rule_set edited = rules.rules;
  cmx::spc::rule* found = edited.find(static_cast<cmx::spc::rule_id>(rule));
  if (found == nullptr) {
    throw cmx::error(cmx::status::not_found, "rule " + std::to_string(rule) + " is not in the set",
                     cmx::location{"rules", 0, 0, "rule"});
  }
  edit(*found);
  cmx::spc::validate(edited);
  rules.rules = std::move(edited);
}

}  // namespace

extern "C" {

int cmx_spc_rule_set_create(cmx_context* ctx, const char* names, cmx_spc_rule_set** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return guarded(ctx, names == nullptr || out == nullptr,
                 "cmx_spc_rule_set_create: names and out must not be NULL", [&] {
                   auto set = std::make_unique<cmx_spc_rule_set>();
                   set->rules = cmx::spc::rule_set_by_name(names);
                   *out = set.release();
                   return CMX_OK;
                 });
}

void cmx_spc_rule_set_destroy(cmx_spc_rule_set* rules) noexcept {
  delete rules;
}

size_t cmx_spc_rule_set_size(const cmx_spc_rule_set* rules) noexcept {
  return rules == nullptr ? 0 : rules->rules.rules.size();
}

const char* cmx_spc_rule_name(uint16_t rule) noexcept {
  // rule_id has uint16_t as its underlying type, so every value converts; to_string answers
  // "unknown" for the ones that name no rule.
  const char* name = cmx::spc::to_string(static_cast<cmx::spc::rule_id>(rule));
  return std::strcmp(name, "unknown") == 0 ? nullptr : name;
}

int cmx_spc_rule_set_edit(cmx_context* ctx, cmx_spc_rule_set* rules, uint16_t rule, int count,
                          double sigmas) noexcept {
  return guarded(ctx, rules == nullptr, "cmx_spc_rule_set_edit: rules must not be NULL", [&] {
    edit_rule(*rules, rule, [&](cmx::spc::rule& e) {
      e.count = count;
      if (sigmas > 0.0) {
        e.sigmas = sigmas;
      }
    });
    return CMX_OK;
  });
}

int cmx_spc_rule_set_edit_alpha(cmx_context* ctx, cmx_spc_rule_set* rules, uint16_t rule,
                                double alpha) noexcept {
  return guarded(ctx, rules == nullptr, "cmx_spc_rule_set_edit_alpha: rules must not be NULL", [&] {
    edit_rule(*rules, rule, [&](cmx::spc::rule& e) {
      if (e.kind != cmx::spc::rule_kind::too_few_runs &&
          e.kind != cmx::spc::rule_kind::too_many_runs) {
        throw cmx::error(cmx::status::invalid_argument,
                         "rule " + std::to_string(rule) + " is no runs test: it has no alpha",
                         cmx::location{"rules", 0, 0, "rule"});
      }
      e.alpha = alpha;  // validate refuses alpha outside (0, 1), NaN included
    });
    return CMX_OK;
  });
}

int cmx_spc_rules_evaluate(cmx_context* ctx, const cmx_spc_rule_set* rules, size_t n,
                           const double* y, const double* cl, const double* sigma,
                           const double* lcl, const double* ucl, const int32_t* part,
                           const uint8_t* included, cmx_spc_signal* out_signals, size_t capacity,
                           size_t* out_len, uint32_t* out_flags) noexcept {
  return guarded(
      ctx,
      rules == nullptr || out_len == nullptr || (n > 0 && (y == nullptr || cl == nullptr)) ||
          (capacity > 0 && out_signals == nullptr),
      "cmx_spc_rules_evaluate: NULL rules, y, cl, out_signals or out_len", [&] {
        const cmx::spc::rule_input input{span_or_empty(y, n),       span_or_empty(cl, n),
                                         span_or_empty(sigma, n),   span_or_empty(lcl, n),
                                         span_or_empty(ucl, n),     span_or_empty(part, n),
                                         span_or_empty(included, n)};
        const auto signals =
            cmx::spc::evaluate(rules->rules, input, cmx::spc::evaluate_options{ctx->threads});
        if (out_flags != nullptr) {
          std::memset(out_flags, 0, n * sizeof(uint32_t));
          cmx::spc::flag_points(rules->rules, input, signals,
                                std::span<std::uint32_t>(out_flags, n));
        }
        *out_len = signals.size();
        if (signals.size() > capacity) {
          too_small(signals.size(), capacity);
        }
        for (std::size_t i = 0; i < signals.size(); ++i) {
          out_signals[i] = to_c(signals[i], false);
        }
        return CMX_OK;
      });
}

int cmx_spc_cusum_compute(cmx_context* ctx, size_t n, const double* statistics, const double* sizes,
                          double centre, double sigma, const cmx_spc_cusum_options* options,
                          double* out_upper, double* out_lower, uint8_t* out_upper_signal,
                          uint8_t* out_lower_signal) noexcept {
  return guarded(ctx, n > 0 && statistics == nullptr,
                 "cmx_spc_cusum_compute: statistics must not be NULL", [&] {
                   cmx::capi::require_input_struct(options, "cmx_spc_cusum_options");
                   cmx::spc::cusum_options o;
                   if (options != nullptr) {
                     o.k = options->k;
                     o.h = options->h;
                     o.head_start = options->head_start;
                   }
                   const auto r = cmx::spc::cusum(span_or_empty(statistics, n),
                                                  span_or_empty(sizes, n), centre, sigma, o);
                   copy_column(r.upper, out_upper);
                   copy_column(r.lower, out_lower);
                   copy_column(r.upper_signal, out_upper_signal);
                   copy_column(r.lower_signal, out_lower_signal);
                   return CMX_OK;
                 });
}

int cmx_spc_bernoulli_cusum_compute(cmx_context* ctx, size_t n, const double* outcomes,
                                    const cmx_spc_bernoulli_cusum_options* options,
                                    double* out_statistic, uint8_t* out_signal) noexcept {
  return guarded(ctx, (n > 0 && outcomes == nullptr) || options == nullptr,
                 "cmx_spc_bernoulli_cusum_compute: outcomes and options must not be NULL", [&] {
                   cmx::capi::require_input_struct(options, "cmx_spc_bernoulli_cusum_options");
                   cmx::spc::bernoulli_cusum_options o;
                   o.p0 = options->p0;
                   o.p1 = options->p1;
                   o.h = options->h;
                   o.head_start = options->head_start;
                   o.reset_after_signal = options->reset_after_signal != 0;
                   const auto r = cmx::spc::bernoulli_cusum(span_or_empty(outcomes, n), o);
                   copy_column(r.statistic, out_statistic);
                   copy_column(r.signal, out_signal);
                   return CMX_OK;
                 });
}

int cmx_spc_ewma_compute(cmx_context* ctx, size_t n, const double* statistics, const double* sizes,
                         double centre, double sigma, const cmx_spc_ewma_options* options,
                         double* out_ewma, double* out_lcl, double* out_ucl,
                         uint8_t* out_violation) noexcept {
  return guarded(ctx, n > 0 && statistics == nullptr,
                 "cmx_spc_ewma_compute: statistics must not be NULL", [&] {
                   cmx::capi::require_input_struct(options, "cmx_spc_ewma_options");
                   cmx::spc::ewma_options o;
                   if (options != nullptr) {
                     o.lambda = options->lambda;
                     o.L = options->L;
                   }
                   const auto r = cmx::spc::ewma(span_or_empty(statistics, n),
                                                 span_or_empty(sizes, n), centre, sigma, o);
                   copy_column(r.ewma, out_ewma);
                   copy_column(r.lcl, out_lcl);
                   copy_column(r.ucl, out_ucl);
                   copy_column(r.violation, out_violation);
                   return CMX_OK;
                 });
}

int cmx_spc_monitor_create(cmx_context* ctx, const cmx_spc_rule_set* rules, double cl, double sigma,
                           cmx_spc_monitor** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return guarded(
      ctx, rules == nullptr || out == nullptr,
      "cmx_spc_monitor_create: rules and out must not be NULL", [&] {
        *out =
            std::make_unique<cmx_spc_monitor>(cmx::spc::monitor(rules->rules, cl, sigma)).release();
        return CMX_OK;
      });
}

int cmx_spc_monitor_create_from_baseline(cmx_context* ctx, const cmx_spc_rule_set* rules, size_t n,
                                         const double* baseline, int screen_mr,
                                         cmx_spc_monitor** out) noexcept {
  if (out != nullptr) {
    *out = nullptr;
  }
  return guarded(ctx, rules == nullptr || out == nullptr || (n > 0 && baseline == nullptr),
                 "cmx_spc_monitor_create_from_baseline: rules, baseline and out must not be NULL",
                 [&] {
                   *out = std::make_unique<cmx_spc_monitor>(
                              cmx::spc::monitor::from_baseline(
                                  rules->rules, span_or_empty(baseline, n), screen_mr != 0))
                              .release();
                   return CMX_OK;
                 });
}

void cmx_spc_monitor_destroy(cmx_spc_monitor* monitor) noexcept {
  delete monitor;
}

size_t cmx_spc_monitor_max_signals(const cmx_spc_monitor* monitor) noexcept {
  return monitor == nullptr ? 0 : monitor->buffer.size();
}

int cmx_spc_monitor_limits(cmx_context* ctx, const cmx_spc_monitor* monitor, double* out_cl,
                           double* out_sigma, double* out_lcl, double* out_ucl) noexcept {
  return guarded(ctx, monitor == nullptr, "cmx_spc_monitor_limits: monitor must not be NULL", [&] {
    const auto& l = monitor->mon.limits();
    if (out_cl != nullptr) {
      *out_cl = l.cl;
    }
    if (out_sigma != nullptr) {
      *out_sigma = l.sigma;
    }
    if (out_lcl != nullptr) {
      *out_lcl = l.lcl;
    }
    if (out_ucl != nullptr) {
      *out_ucl = l.ucl;
    }
    return CMX_OK;
  });
}

int cmx_spc_monitor_push(cmx_context* ctx, cmx_spc_monitor* monitor, double y,
                         cmx_spc_signal* out_signals, size_t capacity, size_t* out_len) noexcept {
  return guarded(
      ctx, monitor == nullptr || out_len == nullptr || (capacity > 0 && out_signals == nullptr),
      "cmx_spc_monitor_push: monitor, out_signals and out_len must not be NULL", [&] {
        if (capacity < monitor->buffer.size()) {
          *out_len = monitor->buffer.size();
          too_small(monitor->buffer.size(), capacity);
        }
        const std::size_t k = monitor->mon.push(y, monitor->buffer);
        for (std::size_t i = 0; i < k; ++i) {
          out_signals[i] = to_c(monitor->buffer[i].sig, monitor->buffer[i].continues);
        }
        *out_len = k;
        return CMX_OK;
      });
}

int cmx_spc_many_compute(cmx_context* ctx, const cmx_spc_rule_set* rules, const double* values,
                         size_t n_values, const size_t* offsets, size_t n_series,
                         const cmx_spc_many_options* options, double* out_cl, double* out_sigma,
                         uint32_t* out_flags, size_t* out_signal_counts,
                         cmx_spc_signal* out_signals, size_t capacity, size_t* out_len) noexcept {
  return guarded(ctx,
                 rules == nullptr || offsets == nullptr || out_len == nullptr ||
                     (capacity > 0 && out_signals == nullptr),
                 "cmx_spc_many_compute: NULL rules, offsets, out_signals or out_len", [&] {
                   cmx::capi::require_input_struct(options, "cmx_spc_many_options");
                   cmx::spc::many_options o;
                   o.rules = rules->rules;
                   if (options != nullptr) {
                     o.screen_mr = options->screen_mr != 0;
                     o.threads = options->threads;
                   }
                   if (n_series == SIZE_MAX) {  // n_series + 1 offsets would wrap to none
                     throw cmx::error(cmx::status::invalid_argument,
                                      "n_series is SIZE_MAX: its offsets cannot be counted",
                                      cmx::location{"offsets", 0, 0, "n_series"});
                   }
                   const std::span<const std::size_t> off(offsets, n_series + 1);
                   if (n_values > 0 && values == nullptr) {
                     throw cmx::error(cmx::status::invalid_argument, "values must not be NULL",
                                      cmx::location{"values", 0, 0, "values"});
                   }
                   // The flags go straight into the caller's buffer (offsets[n_series] entries,
                   // written only once the offsets are checked); without it none are computed.
                   const std::span<std::uint32_t> flags =
                       out_flags == nullptr ? std::span<std::uint32_t>()
                                            : std::span<std::uint32_t>(out_flags, off.back());
                   cmx::spc::many_result& r = ctx->spc_many_scratch;
                   cmx::spc::chart_many_into(span_or_empty(values, n_values), off, o, r, flags);
                   for (std::size_t s = 0; s < n_series; ++s) {
                     if (out_cl != nullptr) {
                       out_cl[s] = r.cl[s];
                     }
                     if (out_sigma != nullptr) {
                       out_sigma[s] = r.sigma[s];
                     }
                     if (out_signal_counts != nullptr) {
                       out_signal_counts[s] = r.signal_offsets[s + 1] - r.signal_offsets[s];
                     }
                   }
                   *out_len = r.signals.size();
                   if (r.signals.size() > capacity) {
                     too_small(r.signals.size(), capacity);
                   }
                   for (std::size_t i = 0; i < r.signals.size(); ++i) {
                     out_signals[i] = to_c(r.signals[i], false);
                   }
                   return CMX_OK;
                 });
}

}  // extern "C"
