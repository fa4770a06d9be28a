/* The SPC chart C API from a real C99 program (compiled -std=c99 -pedantic -Werror). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c99_check.h"
#include "cmx.h"

/* A hand-constructed i chart frozen at 20 baseline points 10, 12, 10, 8 (x5): centre 10, sigma
 * 2 / 1.128, lines at 11.77 (1 sigma), 13.55 (2), 15.32 (3) above the centre. After it: 14 10 14
 * (Western Electric 2 at points 21-23), 12.5 12.5 10 12.5 12.5 (WE 3 at 25-29), 11 x 8 (WE 4 at
 * 31-38, extended to 39) and 16 (WE 1 at 39); see tests/cli/data/rules_we.csv. */
static void check_rule_sets(cmx_context* ctx) {
  double x[40];
  double y[40];
  const double tail[20] = {14, 10, 14, 10, 12.5, 12.5, 10, 12.5, 12.5, 10,
                           11, 11, 11, 11, 11,   11,   11, 11,   16,   10};
  size_t i = 0;
  size_t len = 0;
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  cmx_spc_chart* chart = NULL;
  cmx_spc_signal signals[8];
  for (i = 0; i < 40; ++i) {
    x[i] = (double)(i + 1);
    y[i] = i < 20 ? (i % 4 == 1 ? 12.0 : (i % 4 == 3 ? 8.0 : 10.0)) : tail[i - 20];
  }
  options.freeze = 20;
  CHECK(cmx_spc_chart_create(ctx, x, y, NULL, 40, &options, &chart) == CMX_OK);
  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_WE, signals, 8, &len) == CMX_OK);
  /* Ordered by the point that completed each signal (0-based points below). */
  CHECK(len == 4);
  if (len == 4) {
    CHECK(signals[0].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_2);
    CHECK(signals[0].first == 20 && signals[0].last == 22 && signals[0].direction == 1);
    CHECK(signals[1].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_3);
    CHECK(signals[1].first == 24 && signals[1].last == 28 && signals[1].direction == 1);
    CHECK(signals[2].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_4);
    CHECK(signals[2].first == 30 && signals[2].last == 38 && signals[2].direction == 1);
    CHECK(signals[3].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_1);
    CHECK(signals[3].first == 38 && signals[3].last == 38);
  }
  /* Nelson: no 9 in a row (the 11s are 8, the 16 makes 9: Nelson 2 at 31-39) and 16 (Nelson 1);
   * 2 of 3 beyond 2 sigma (21-23) is Nelson 5, 4 of 5 beyond 1 sigma (25-29) Nelson 6. */
  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_NELSON, signals, 8, &len) == CMX_OK);
  CHECK(len == 4);
  if (len == 4) {
    CHECK(signals[0].rule == CMX_SPC_RULE_NELSON_5);
    CHECK(signals[1].rule == CMX_SPC_RULE_NELSON_6);
    CHECK(signals[2].rule == CMX_SPC_RULE_NELSON_1 && signals[2].first == 38);
    CHECK(signals[3].rule == CMX_SPC_RULE_NELSON_2);
    CHECK(signals[3].first == 30 && signals[3].last == 38);
  }
  /* qcc: the run of 9 above (31-39) is flagged from its 7th point; 16 is beyond the limits. The
   * sigma set's signal comes first. */
  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_QCC, signals, 8,
                                  &len) == CMX_OK);
  CHECK(len == 3);
  if (len == 3) {
    CHECK(signals[0].rule == CMX_SPC_RULE_BEYOND_LIMITS && signals[0].first == 38);
    CHECK(signals[1].rule == CMX_SPC_RULE_QCC_RUN);
    CHECK(signals[1].first == 30 && signals[1].flag_first == 36 && signals[1].last == 38);
    CHECK(signals[1].flag_mode == 1);
    CHECK(signals[2].rule == CMX_SPC_RULE_BEYOND_LIMITS && signals[2].first == 38);
  }
  /* Too small a buffer gives the count needed; an unknown flag is an invalid argument. */
  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_WE, signals, 2, &len) ==
        CMX_E_BUFFER_TOO_SMALL);
  CHECK(len == 4);
  CHECK(cmx_spc_chart_get_signals(ctx, chart, 256U, signals, 8, &len) == CMX_E_INVALID_ARGUMENT);
  cmx_spc_chart_destroy(chart);
}

int main(void) {
  /* Hand-worked i chart: mean 3, moving ranges all 1, sigma 1/1.128. */
  const double x[5] = {1, 2, 3, 4, 5};
  const double y[5] = {1, 2, 3, 4, 5};
  cmx_context* ctx = NULL;
  cmx_spc_chart* chart = NULL;
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  cmx_spc_chart_info info = CMX_SPC_CHART_INFO_INIT;
  cmx_spc_part part = CMX_SPC_PART_INIT;
  cmx_spc_signal signals[4];
  double column[5];
  double small[2];
  size_t len = 0;
  const size_t exclude_beyond[1] = {9};
  const double p_y[3] = {1, 12, 3};
  const double p_n[3] = {10, 10, 10};

  CHECK(cmx_context_create(&ctx) == CMX_OK);
  CHECK(cmx_spc_chart_create(ctx, x, y, NULL, 5, &options, &chart) == CMX_OK);
  CHECK(chart != NULL);
  CHECK(cmx_spc_chart_get_info(ctx, chart, &info) == CMX_OK);
  CHECK(info.chart == CMX_SPC_CHART_I);
  CHECK(info.points == 5);
  CHECK(info.parts == 1);
  CHECK(info.screened_mr == 1);

  CHECK(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_UCL, column, 5, &len) == CMX_OK);
  CHECK(len == 5);
  CHECK(fabs(column[0] - (3.0 + 3.0 / 1.128)) < 1e-12);
  CHECK(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_N, column, 5, &len) == CMX_OK);
  CHECK(isnan(column[0]));
  /* A buffer too small reports the size needed. */
  CHECK(cmx_spc_chart_get_column(ctx, chart, CMX_SPC_COLUMN_Y, small, 2, &len) ==
        CMX_E_BUFFER_TOO_SMALL);
  CHECK(len == 5);
  CHECK(cmx_context_error_code(ctx) == CMX_E_BUFFER_TOO_SMALL);
  CHECK(cmx_spc_chart_get_column(ctx, chart, 99, column, 5, &len) == CMX_E_INVALID_ARGUMENT);

  CHECK(cmx_spc_chart_get_part(ctx, chart, 0, &part) == CMX_OK);
  CHECK(part.part == 1);
  CHECK(part.first == 0 && part.last == 4);
  CHECK(fabs(part.cl - 3.0) < 1e-15);
  CHECK(part.runs_defined == 1);
  CHECK(part.n_useful == 4);
  CHECK(part.longest_run == 2);
  CHECK(cmx_spc_chart_get_part(ctx, chart, 1, &part) == CMX_E_OUT_OF_RANGE);

  CHECK(cmx_spc_chart_get_signals(ctx, chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ, signals,
                                  4, &len) == CMX_OK);
  CHECK(len == 0);
  cmx_spc_chart_destroy(chart);
  chart = NULL;

  /* Bad input: the error names the row and field; *out stays NULL. */
  options.chart = CMX_SPC_CHART_P;
  CHECK(cmx_spc_chart_create(ctx, x, p_y, p_n, 3, &options, &chart) == CMX_E_BAD_INPUT);
  CHECK(chart == NULL);
  CHECK(cmx_context_error_line(ctx) == 2);
  CHECK(strcmp(cmx_context_error_field(ctx), "y") == 0);
  options.chart = CMX_SPC_CHART_I;
  options.exclude = exclude_beyond;
  options.exclude_count = 1;
  CHECK(cmx_spc_chart_create(ctx, x, y, NULL, 5, &options, &chart) == CMX_E_OUT_OF_RANGE);
  CHECK(strcmp(cmx_context_error_field(ctx), "exclude") == 0);
  options.exclude_count = 0;
  options.chart = 99;
  CHECK(cmx_spc_chart_create(ctx, x, y, NULL, 5, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_spc_chart_create(ctx, x, y, NULL, 5, NULL, &chart) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_spc_chart_create(NULL, x, y, NULL, 5, &options, &chart) == CMX_E_INVALID_ARGUMENT);
  cmx_spc_chart_destroy(NULL);

  check_rule_sets(ctx);

  cmx_context_destroy(ctx);
  return report_checks("C API SPC charts");
}
