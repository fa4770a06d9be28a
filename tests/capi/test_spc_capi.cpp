// The SPC chart C API through Catch2: columns, parts and signals agree with the C++ engine.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cmx.h"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"

TEST_CASE("C API p chart with phases equals the C++ engine", "[capi][spc]") {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> y = {3, 4, 2, 5, 3, 9, 10, 8, 11, 9};
  const std::vector<double> n = {40, 42, 38, 41, 40, 40, 39, 42, 41, 40};
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  options.chart = CMX_SPC_CHART_P;
  const size_t parts[] = {5};
  options.parts = parts;
  options.parts_count = 1;
  options.multiply = 100;
  cmx_spc_chart* chart = nullptr;
  REQUIRE(cmx_spc_chart_create(ctx, x.data(), y.data(), n.data(), x.size(), &options, &chart) ==
          CMX_OK);

  cmx::spc::chart_options cxx;
  cxx.type = cmx::spc::chart_type::p;
  cxx.parts = {5};
  cxx.multiply = 100;
  const auto expected = cmx::spc::compute_chart(x, y, n, cxx);

  std::vector<double> column(10);
  size_t len = 0;
  REQUIRE(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_UCL, column.data(), column.size(),
                                   &len) == CMX_OK);
  CHECK(len == 10);
  CHECK(column == expected.ucl.to_vector());
  REQUIRE(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_PART, column.data(), column.size(),
                                   &len) == CMX_OK);
  CHECK(column[4] == 1);
  CHECK(column[5] == 2);
  // Independent truth: phase centres are pooled proportions x 100.
  cmx_spc_part part = CMX_SPC_PART_INIT;
  REQUIRE(cmx_spc_chart_get_part(ctx, chart, 1, &part) == CMX_OK);
  CHECK(part.cl == Approx(100.0 * 47.0 / 202.0).epsilon(1e-14));
  CHECK(part.first == 5);

  size_t count = 0;
  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA, nullptr, 0, &count) ==
        (expected.parts[0].sigma_signals + expected.parts[1].sigma_signals == 0
             ? CMX_OK
             : CMX_E_BUFFER_TOO_SMALL));
  cmx_spc_chart_destroy(chart);
  cmx_context_destroy(ctx);
}

TEST_CASE("C API reports the place of bad input", "[capi][spc]") {
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  options.chart = CMX_SPC_CHART_T;
  const double x[] = {1, 2, 3};
  const double y[] = {2, -1, 3};
  cmx_spc_chart* chart = nullptr;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 3, &options, &chart) == CMX_E_BAD_INPUT);
  CHECK(chart == nullptr);
  CHECK(cmx_context_error_line(ctx) == 2);
  CHECK(std::string(cmx_context_error_field(ctx)) == "y");
  options.size = sizeof(cmx_spc_options) - 1;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 3, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  cmx_context_destroy(ctx);
}

TEST_CASE("C API rule-set flags give the signals of the named C++ rule sets", "[capi][spc]") {
  // A random walk with a phase: every set finds something, and the phase boundary matters.
  std::vector<double> x(120);
  std::vector<double> y(120);
  double level = 10;
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i + 1);
    level += (static_cast<double>((i * 7919U) % 13U) - 6.0) / 4.0;
    y[i] = level;
  }
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  const size_t parts[] = {60};
  options.parts = parts;
  options.parts_count = 1;
  cmx_spc_chart* chart = nullptr;
  REQUIRE(cmx_spc_chart_create(ctx, x.data(), y.data(), nullptr, x.size(), &options, &chart) ==
          CMX_OK);
  cmx::spc::chart_options cxx;
  cxx.parts = {60};
  const auto expected_chart = cmx::spc::compute_chart(x, y, {}, cxx);
  const std::pair<unsigned, const char*> sets[] = {{CMX_SPC_RULES_IHI, "ihi"},
                                                   {CMX_SPC_RULES_WE, "western_electric"},
                                                   {CMX_SPC_RULES_NELSON, "nelson"},
                                                   {CMX_SPC_RULES_MDC, "mdc"},
                                                   {CMX_SPC_RULES_MDC_PRE2023, "mdc_pre2023"},
                                                   {CMX_SPC_RULES_QCC, "qcc"}};
  std::size_t total = 0;
  for (const auto& [flag, name] : sets) {
    const auto expected =
        cmx::spc::evaluate(cmx::spc::rule_set_by_name(name), expected_chart.rules_input());
    std::vector<cmx_spc_signal> got(expected.size() + 1);
    size_t len = 0;
    REQUIRE(cmx_spc_chart_get_signals(ctx, chart, flag, got.data(), got.size(), &len) == CMX_OK);
    REQUIRE(len == expected.size());
    for (std::size_t k = 0; k < len; ++k) {
      CHECK(got[k].rule == static_cast<uint16_t>(expected[k].rule));
      CHECK(got[k].first == expected[k].first);
      CHECK(got[k].last == expected[k].last);
      CHECK(got[k].flag_first == expected[k].flag_first);
      CHECK(got[k].direction == static_cast<int8_t>(expected[k].dir));
    }
    total += len;
  }
  CHECK(total > 0);
  // All flags at once: the concatenation, sigma and Anhøj first.
  size_t all = 0;
  CHECK(cmx_spc_chart_get_signals(ctx, chart, 255u, nullptr, 0, &all) == CMX_E_BUFFER_TOO_SMALL);
  CHECK(all == total + cmx::spc::beyond_limits_signals(expected_chart).size() +
                   cmx::spc::anhoej_signals(expected_chart).size());
  cmx_spc_chart_destroy(chart);
  cmx_context_destroy(ctx);
}

TEST_CASE("C API: a context's thread count leaves a long chart and rule pass unchanged",
          "[capi][spc]") {
  // 2^18 + 500 points: long enough to be split unless the context says one thread.
  const std::size_t count = (std::size_t{1} << 18U) + 500;
  std::vector<double> x(count);
  std::vector<double> y(count);
  for (std::size_t i = 0; i < count; ++i) {
    x[i] = static_cast<double>(i + 1);
    y[i] = 10.0 + std::sin(0.37 * static_cast<double>(i)) + (i % 1000 < 60 ? 1.5 : 0.0);
  }
  struct answer {
    std::vector<double> ucl, signal;
    std::size_t chart_signals = 0;
    std::size_t rule_signals = 0;
    std::vector<std::uint32_t> flags;
  };
  const auto chart_with = [&](unsigned threads) {
    cmx_context* ctx = nullptr;
    REQUIRE(cmx_context_create(&ctx) == CMX_OK);
    REQUIRE(cmx_context_set_threads(ctx, threads) == CMX_OK);
    answer a;
    cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
    cmx_spc_chart* chart = nullptr;
    REQUIRE(cmx_spc_chart_create(ctx, x.data(), y.data(), nullptr, count, &options, &chart) ==
            CMX_OK);
    std::size_t len = 0;
    a.ucl.resize(count);
    a.signal.resize(count);
    REQUIRE(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_UCL, a.ucl.data(), count, &len) ==
            CMX_OK);
    REQUIRE(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_SIGMA_SIGNAL, a.signal.data(),
                                     count, &len) == CMX_OK);
    cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_NELSON, nullptr, 0,
                              &a.chart_signals);
    cmx_spc_rule_set* rules = nullptr;
    REQUIRE(cmx_spc_rule_set_create(ctx, "western_electric,mdc", &rules) == CMX_OK);
    const std::vector<double> cl(count, 10.0);
    const std::vector<double> sigma(count, 0.8);
    a.flags.resize(count);
    cmx_spc_rules_evaluate(ctx, rules, count, y.data(), cl.data(), sigma.data(), nullptr, nullptr,
                           nullptr, nullptr, nullptr, 0, &a.rule_signals, a.flags.data());
    cmx_spc_rule_set_destroy(rules);
    cmx_spc_chart_destroy(chart);
    cmx_context_destroy(ctx);
    return a;
  };
  const answer one = chart_with(1);
  const answer two = chart_with(2);
  CHECK(one.ucl == two.ucl);
  CHECK(one.signal == two.signal);
  CHECK(one.chart_signals == two.chart_signals);
  CHECK(one.rule_signals == two.rule_signals);
  CHECK(one.flags == two.flags);
  CHECK(one.chart_signals > 1000);  // the shifts are seen
  CHECK(one.rule_signals > 1000);
  CHECK(cmx_context_set_threads(nullptr, 2) == CMX_E_INVALID_ARGUMENT);
}

TEST_CASE("C API: option faults name their field, and *out is NULL after any failure",
          "[capi][spc]") {
  cmx_context* ctx = nullptr;
  REQUIRE(cmx_context_create(&ctx) == CMX_OK);
  const double x[] = {1, 2, 3, 4};
  const double y[] = {5, 7, 4, 6};
  const size_t positions[] = {2};
  cmx_spc_chart* chart = nullptr;
  // An exclude list that is NULL but not empty names exclude, whatever parts holds.
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  options.parts = positions;
  options.parts_count = 1;
  options.exclude_count = 1;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "exclude");
  options = CMX_SPC_OPTIONS_INIT;
  options.parts_count = 1;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "parts");
  // has_centre / has_sigma with NaN: a fault, not "estimate it".
  options = CMX_SPC_OPTIONS_INIT;
  options.has_centre = 1;
  options.centre = NAN;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "centre");
  options = CMX_SPC_OPTIONS_INIT;
  options.has_sigma = 1;
  options.sigma = NAN;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "sigma");
  // An option outside its domain is an invalid argument (cmx.h), a position past the end out of
  // range.
  options = CMX_SPC_OPTIONS_INIT;
  options.multiply = -1;
  CHECK(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "multiply");
  // A part index past the end names the index argument.
  options = CMX_SPC_OPTIONS_INIT;
  REQUIRE(cmx_spc_chart_create(ctx, x, y, nullptr, 4, &options, &chart) == CMX_OK);
  cmx_spc_part part = CMX_SPC_PART_INIT;
  CHECK(cmx_spc_chart_get_part(ctx, chart, 1, &part) == CMX_E_OUT_OF_RANGE);
  CHECK(std::string(cmx_context_error_field(ctx)) == "index");
  // *out is cleared even when there is no context to report to (the handle it held stays the
  // caller's).
  cmx_spc_chart* const earlier = chart;
  CHECK(cmx_spc_chart_create(nullptr, x, y, nullptr, 4, &options, &chart) ==
        CMX_E_INVALID_ARGUMENT);
  CHECK(chart == nullptr);
  cmx_spc_chart_destroy(earlier);
  cmx_context_destroy(ctx);
}
