/* The SPC chart C API from a real C99 program (compiled -std=c99 -pedantic -Werror). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmx.h"

static int failures = 0;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

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

  cmx_context_destroy(ctx);
  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  return 0;
}
