// The SPC chart C API through Catch2: columns, parts and signals agree with the C++ engine.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "cmx.h"
#include "cmx/spc/chart.hpp"

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
  CHECK(column == expected.ucl);
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
