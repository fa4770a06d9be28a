// The C API entry points that take numeric buffers: a chart of any type with phases, freeze
// and exclusions (then every getter), the rule sets, CUSUM, EWMA, the monitor, many series, the
// funnel and the bundle composite. The input is a header of option bytes, then 16-bit values
// (a tenth of a unit each, so that ties, zeros and negatives are frequent).
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cmx.h"
#include "fuzz_target.hpp"

namespace {

struct input {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t pos = 0;
  std::uint8_t byte() { return pos < size ? data[pos++] : 0; }
  double value() {
    std::int16_t v = 0;
    if (pos + 2 <= size) {
      std::memcpy(&v, data + pos, 2);
      pos += 2;
    }
    return v / 10.0;
  }
};

void chart_calls(cmx_context* ctx, input& in, const std::vector<double>& y,
                 const std::vector<double>& n) {
  const std::uint8_t type = in.byte();
  const std::uint8_t flags = in.byte();
  std::vector<double> x(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t subgroup = i / (1 + flags % 3);  // subgroups of 1 to 3 rows
    x[i] = static_cast<double>(subgroup);
  }
  cmx_spc_options o = CMX_SPC_OPTIONS_INIT;
  o.chart = type % 15;
  o.aggregation = (flags >> 2) % 4;
  o.screen_mr = (flags >> 4) % 3 - 1;
  o.sigma_method = static_cast<int>(in.byte() % 10) - 1;
  const std::array<std::size_t, 1> parts = {in.byte()};
  const std::array<std::size_t, 2> exclude = {in.byte(), in.byte()};
  if ((flags & 0x40) != 0) {
    o.parts = parts.data();
    o.parts_count = 1;
  }
  if ((flags & 0x80) != 0) {
    o.exclude = exclude.data();
    o.exclude_count = 2;
  }
  o.freeze = in.byte() % 8;
  cmx_spc_chart* chart = nullptr;
  if (cmx_spc_chart_create(ctx, x.data(), y.data(), (flags & 1) != 0 ? n.data() : nullptr, y.size(),
                           &o, &chart) != CMX_OK) {
    return;
  }
  cmx_spc_chart_info info = CMX_SPC_CHART_INFO_INIT;
  cmx_spc_chart_get_info(ctx, chart, &info);
  std::vector<double> column(info.points);
  std::size_t len = 0;
  for (int c = CMX_SPC_COLUMN_X; c <= CMX_SPC_COLUMN_SIGMA_SIGNAL; ++c) {
    cmx_spc_chart_get_column(ctx, chart, c, column.data(), column.size(), &len);
  }
  for (std::size_t p = 0; p < info.parts; ++p) {
    cmx_spc_part part = CMX_SPC_PART_INIT;
    cmx_spc_chart_get_part(ctx, chart, p, &part);
  }
  if (cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ, nullptr, 0,
                                &len) == CMX_E_BUFFER_TOO_SMALL) {
    std::vector<cmx_spc_signal> signals(len);
    cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ,
                              signals.data(), signals.size(), &len);
  }
  cmx_spc_chart_destroy(chart);
}

void rule_calls(cmx_context* ctx, const cmx_spc_rule_set* rules, input& in,
                const std::vector<double>& y) {
  const std::size_t count = y.size();
  const double cl = in.value();
  const double sigma = in.value();
  const std::vector<double> cls(count, cl);
  const std::vector<double> sigmas(count, sigma);
  const std::vector<double> lcl(count, cl - 3 * sigma);
  const std::vector<double> ucl(count, cl + 3 * sigma);
  std::vector<std::int32_t> part(count);
  for (std::size_t i = 0; i < count; ++i) {
    part[i] = static_cast<std::int32_t>(i * 3 / (count + 1));
  }
  std::vector<cmx_spc_signal> signals(4 * count + 8);
  std::vector<std::uint32_t> flags(count);
  std::size_t len = 0;
  cmx_spc_rules_evaluate(ctx, rules, count, y.data(), cls.data(), sigmas.data(), lcl.data(),
                         ucl.data(), part.data(), nullptr, signals.data(), signals.size(), &len,
                         flags.data());
  std::vector<double> a(count);
  std::vector<double> b(count);
  std::vector<double> c(count);
  std::vector<std::uint8_t> s1(count);
  std::vector<std::uint8_t> s2(count);
  cmx_spc_cusum_compute(ctx, count, y.data(), nullptr, cl, sigma, nullptr, a.data(), b.data(),
                        s1.data(), s2.data());
  cmx_spc_ewma_compute(ctx, count, y.data(), nullptr, cl, sigma, nullptr, a.data(), b.data(),
                       c.data(), s1.data());
  cmx_spc_monitor* monitor = nullptr;
  if (cmx_spc_monitor_create_from_baseline(ctx, rules, count / 2, y.data(), in.byte() % 2,
                                           &monitor) == CMX_OK) {
    std::vector<cmx_spc_signal> pushed(cmx_spc_monitor_max_signals(monitor));
    for (double v : y) {
      cmx_spc_monitor_push(ctx, monitor, v, pushed.data(), pushed.size(), &len);
    }
  }
  cmx_spc_monitor_destroy(monitor);
  const std::array<std::size_t, 3> offsets = {0, in.byte() % (count + 1), count};
  std::vector<double> many_cl(2);
  std::vector<double> many_sigma(2);
  std::vector<std::size_t> signal_counts(2);
  cmx_spc_many_options many = CMX_SPC_MANY_OPTIONS_INIT;
  many.threads = 1;
  cmx_spc_many_compute(ctx, rules, y.data(), count, offsets.data(), 2, &many, many_cl.data(),
                       many_sigma.data(), flags.data(), signal_counts.data(), signals.data(),
                       signals.size(), &len);
}

void compass_calls(cmx_context* ctx, input& in, const std::vector<double>& y,
                   const std::vector<double>& n) {
  cmx_funnel_options o = CMX_FUNNEL_OPTIONS_INIT;
  o.type = in.byte() % 3;
  o.limits = in.byte() % 2;
  o.overdispersion = in.byte() % 3;
  cmx_funnel* funnel = nullptr;
  if (cmx_funnel_create(ctx, y.data(), n.data(), y.size(), &o, &funnel) == CMX_OK) {
    for (std::size_t i = 0; i < cmx_funnel_count(funnel); ++i) {
      cmx_funnel_unit unit{};
      cmx_funnel_get_unit(ctx, funnel, i, &unit);
    }
  }
  cmx_funnel_destroy(funnel);
  double lower = 0;
  double upper = 0;
  cmx_funnel_limits_at(ctx, o.type, o.limits, in.value(), in.value(), 0.998, in.value(), in.value(),
                       &lower, &upper);
  cmx_compass_wilson_interval(ctx, in.value(), in.value(), 0.95, &lower, &upper);
  double estimate = 0;
  cmx_compass_newcombe_difference(ctx, in.value(), in.value(), in.value(), in.value(), 0.95,
                                  &estimate, &lower, &upper);
  const std::size_t items = 1 + in.byte() % 4;
  std::vector<std::int8_t> cells(y.size() / items * items);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cells[i] = static_cast<std::int8_t>(static_cast<int>(y[i] * 10) % 3 - 1);
  }
  double score = 0;
  cmx_compass_composite(ctx, cells.data(), cells.size() / items, items, in.byte() % 4, &score);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 16) {
    return 0;
  }
  input in{data, size};
  const std::size_t count = 1 + in.byte() % 64;
  std::vector<double> y(count);
  std::vector<double> n(count);
  for (std::size_t i = 0; i < count; ++i) {
    y[i] = in.value();
    n[i] = in.value();
  }
  static const cmx_spc_rule_set* const rules = [] {
    cmx_context* ctx = nullptr;
    cmx_spc_rule_set* set = nullptr;
    if (cmx_context_create(&ctx) == CMX_OK) {
      cmx_spc_rule_set_create(ctx, "nelson,we,ihi,mdc,qcc", &set);
    }
    cmx_context_destroy(ctx);
    return set;
  }();
  cmx_context* ctx = nullptr;
  if (cmx_context_create(&ctx) != CMX_OK || rules == nullptr) {
    cmx_context_destroy(ctx);
    return 0;
  }
  chart_calls(ctx, in, y, n);
  rule_calls(ctx, rules, in, y);
  compass_calls(ctx, in, y, n);
  cmx_context_destroy(ctx);
  return 0;
}
