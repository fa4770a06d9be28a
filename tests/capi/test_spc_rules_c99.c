/* The SPC rules, CUSUM, EWMA, monitor and many-series C API from a real C99 program. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c99_check.h"
#include "cmx.h"

int main(void) {
  cmx_context* ctx = NULL;
  cmx_spc_rule_set* rules = NULL;
  cmx_spc_monitor* monitor = NULL;
  cmx_spc_signal signals[64];
  size_t len = 0;
  size_t i = 0;
  int status = 0;

  CHECK(cmx_context_create(&ctx) == CMX_OK);

  /* Rule sets by name; an unknown name is CMX_E_NOT_FOUND with the name as field. */
  CHECK(cmx_spc_rule_set_create(ctx, "western_electric", &rules) == CMX_OK);
  CHECK(cmx_spc_rule_set_size(rules) == 4);
  CHECK(strcmp(cmx_spc_rule_name(CMX_SPC_RULE_WESTERN_ELECTRIC_3), "western_electric_3") == 0);
  CHECK(cmx_spc_rule_name(0) == NULL);
  {
    cmx_spc_rule_set* bad = (cmx_spc_rule_set*)&len; /* overwritten with NULL on failure */
    CHECK(cmx_spc_rule_set_create(ctx, "we,bogus", &bad) == CMX_E_NOT_FOUND);
    CHECK(bad == NULL);
    CHECK(strcmp(cmx_context_error_field(ctx), "bogus") == 0);
  }

  /* Batch: 8 points above the centre (WE 4) and one beyond 3 sigma (WE 1). */
  {
    double y[9] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, -4.0};
    double cl[9];
    double sigma[9];
    double lcl[9];
    double ucl[9];
    uint32_t flags[9];
    for (i = 0; i < 9; ++i) {
      cl[i] = 0.0;
      sigma[i] = 1.0;
      lcl[i] = -3.0;
      ucl[i] = 3.0;
    }
    status = cmx_spc_rules_evaluate(ctx, rules, 9, y, cl, sigma, lcl, ucl, NULL, NULL, signals, 64,
                                    &len, flags);
    CHECK(status == CMX_OK);
    CHECK(len == 2);
    CHECK(signals[0].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_4);
    CHECK(signals[0].first == 0 && signals[0].last == 7 && signals[0].direction == 1);
    CHECK(signals[1].rule == CMX_SPC_RULE_WESTERN_ELECTRIC_1);
    CHECK(signals[1].first == 8 && signals[1].direction == -1);
    CHECK(flags[0] == (1U << 3) && flags[8] == 1U);
    /* Too small a buffer: the size needed comes back. */
    status = cmx_spc_rules_evaluate(ctx, rules, 9, y, cl, sigma, lcl, ucl, NULL, NULL, signals, 1,
                                    &len, NULL);
    CHECK(status == CMX_E_BUFFER_TOO_SMALL);
    CHECK(len == 2);
    /* An edited K: 5 in a row is enough. */
    CHECK(cmx_spc_rule_set_edit(ctx, rules, CMX_SPC_RULE_WESTERN_ELECTRIC_4, 5, 0.0) == CMX_OK);
    CHECK(cmx_spc_rule_set_edit(ctx, rules, CMX_SPC_RULE_NELSON_2, 5, 0.0) == CMX_E_NOT_FOUND);
    CHECK(cmx_spc_rule_set_edit(ctx, rules, CMX_SPC_RULE_WESTERN_ELECTRIC_2, 9, 0.0) ==
          CMX_E_INVALID_ARGUMENT);
    y[5] = -0.1;
    status = cmx_spc_rules_evaluate(ctx, rules, 9, y, cl, sigma, lcl, ucl, NULL, NULL, signals, 64,
                                    &len, NULL);
    CHECK(status == CMX_OK && len == 2 && signals[0].last == 4);
  }

  /* IHI runs tests with an edited alpha. 20 points, 10 above and 10 below the centre, in 6
   * runs (4 3 3 4 3 3): by the exact runs distribution (Swed & Eisenhart 1943),
   * P(R <= 6 | 10, 10) = 0.01852, so too few runs at alpha 0.05 but not at 0.01. Alternating
   * points make 20 runs: P(R >= 20) = 2 / C(20, 10) = 1.08e-5, too many at either alpha. */
  {
    static const int lengths[6] = {4, 3, 3, 4, 3, 3};
    double y[20];
    double cl[20];
    size_t point = 0;
    size_t run = 0;
    size_t k = 0;
    cmx_spc_rule_set* ihi = NULL;
    for (run = 0; run < 6; ++run) {
      for (k = 0; k < (size_t)lengths[run]; ++k, ++point) {
        y[point] = run % 2 == 0 ? 1.0 : -1.0;
        cl[point] = 0.0;
      }
    }
    CHECK(point == 20);
    CHECK(cmx_spc_rule_set_create(ctx, "ihi", &ihi) == CMX_OK);
    status = cmx_spc_rules_evaluate(ctx, ihi, 20, y, cl, NULL, NULL, NULL, NULL, NULL, signals, 64,
                                    &len, NULL);
    CHECK(status == CMX_OK && len == 1 && signals[0].rule == CMX_SPC_RULE_IHI_TOO_FEW_RUNS);
    CHECK(signals[0].first == 0 && signals[0].last == 19);
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_IHI_TOO_FEW_RUNS, 0.01) == CMX_OK);
    status = cmx_spc_rules_evaluate(ctx, ihi, 20, y, cl, NULL, NULL, NULL, NULL, NULL, signals, 64,
                                    &len, NULL);
    CHECK(status == CMX_OK && len == 0);
    for (point = 0; point < 20; ++point) {
      y[point] = point % 2 == 0 ? 1.0 : -1.0;
    }
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_IHI_TOO_MANY_RUNS, 0.01) == CMX_OK);
    status = cmx_spc_rules_evaluate(ctx, ihi, 20, y, cl, NULL, NULL, NULL, NULL, NULL, signals, 64,
                                    &len, NULL);
    CHECK(status == CMX_OK && len == 1 && signals[0].rule == CMX_SPC_RULE_IHI_TOO_MANY_RUNS);
    /* Refused: alpha outside (0, 1), a rule without alpha, a rule not in the set. */
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_IHI_TOO_FEW_RUNS, 1.0) ==
          CMX_E_INVALID_ARGUMENT);
    CHECK(strstr(cmx_context_error_field(ctx), "alpha") != NULL);
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_IHI_TOO_FEW_RUNS, NAN) ==
          CMX_E_INVALID_ARGUMENT);
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_IHI_SHIFT, 0.05) ==
          CMX_E_INVALID_ARGUMENT);
    CHECK(strcmp(cmx_context_error_field(ctx), "rule") == 0);
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, ihi, CMX_SPC_RULE_NELSON_2, 0.05) == CMX_E_NOT_FOUND);
    CHECK(cmx_spc_rule_set_edit_alpha(ctx, NULL, CMX_SPC_RULE_IHI_SHIFT, 0.05) ==
          CMX_E_INVALID_ARGUMENT);
    cmx_spc_rule_set_destroy(ihi);
  }

  /* CUSUM by hand: z = 1, 2, 0, -3 -> C+ 0.5, 2, 1.5, 0 and C- 0, 0, 0, 2.5. */
  {
    const double x[4] = {11, 12, 10, 7};
    double up[4];
    double dn[4];
    uint8_t up_sig[4];
    uint8_t dn_sig[4];
    cmx_spc_cusum_options o = CMX_SPC_CUSUM_OPTIONS_INIT;
    o.h = 2.0;
    CHECK(cmx_spc_cusum_compute(ctx, 4, x, NULL, 10.0, 1.0, &o, up, dn, up_sig, dn_sig) == CMX_OK);
    CHECK(up[1] == 2.0 && dn[3] == 2.5 && dn_sig[3] == 1 && up_sig[1] == 0);
    o.h = 0.0;
    CHECK(cmx_spc_cusum_compute(ctx, 4, x, NULL, 10.0, 1.0, &o, up, dn, NULL, NULL) ==
          CMX_E_INVALID_ARGUMENT);
    CHECK(strcmp(cmx_context_error_field(ctx), "h") == 0);
  }
  /* Bernoulli CUSUM: p1 <= p0 is refused. */
  {
    const double x[3] = {1, 0, 1};
    double b[3];
    cmx_spc_bernoulli_cusum_options o = CMX_SPC_BERNOULLI_CUSUM_OPTIONS_INIT;
    o.p0 = 0.1;
    o.p1 = 0.2;
    o.h = 3.0;
    CHECK(cmx_spc_bernoulli_cusum_compute(ctx, 3, x, &o, b, NULL) == CMX_OK);
    CHECK(fabs(b[0] - log(2.0)) < 1e-12);
    o.p1 = 0.05;
    CHECK(cmx_spc_bernoulli_cusum_compute(ctx, 3, x, &o, b, NULL) == CMX_E_INVALID_ARGUMENT);
  }
  /* EWMA: lambda 0.5 by hand; lambda outside (0, 1] refused. */
  {
    const double x[3] = {2, 0, 4};
    double z[3];
    uint8_t v[3];
    cmx_spc_ewma_options o = CMX_SPC_EWMA_OPTIONS_INIT;
    o.lambda = 0.5;
    CHECK(cmx_spc_ewma_compute(ctx, 3, x, NULL, 0.0, 1.0, &o, z, NULL, NULL, v) == CMX_OK);
    CHECK(z[0] == 1.0 && z[1] == 0.5 && z[2] == 2.25 && v[2] == 1);
    o.lambda = 0.0;
    CHECK(cmx_spc_ewma_compute(ctx, 3, x, NULL, 0.0, 1.0, &o, z, NULL, NULL, v) ==
          CMX_E_INVALID_ARGUMENT);
  }

  /* Monitor: 8 pushes above the centre complete WE 4 at the 5th (edited K = 5), then extend. */
  CHECK(cmx_spc_monitor_create(ctx, rules, 0.0, 1.0, &monitor) == CMX_OK);
  CHECK(cmx_spc_monitor_max_signals(monitor) == 8);
  for (i = 0; i < 6; ++i) {
    CHECK(cmx_spc_monitor_push(ctx, monitor, 0.5, signals, 64, &len) == CMX_OK);
    if (i < 4) {
      CHECK(len == 0);
    }
  }
  CHECK(len == 1 && signals[0].first == 0 && signals[0].last == 5 && signals[0].continues == 1);
  CHECK(cmx_spc_monitor_push(ctx, monitor, 0.5, signals, 2, &len) == CMX_E_BUFFER_TOO_SMALL);
  CHECK(len == 8);
  cmx_spc_monitor_destroy(monitor);
  monitor = (cmx_spc_monitor*)&len;
  {
    const double empty_baseline[1] = {1.0};
    CHECK(cmx_spc_monitor_create_from_baseline(ctx, rules, 1, empty_baseline, 1, &monitor) ==
          CMX_E_BAD_INPUT);
    CHECK(monitor == NULL);
  }

  /* Many series: two series of 4, their individuals limits by hand; offsets must increase. */
  {
    const double values[8] = {1, 3, 2, 4, 10, 10, 10, 11};
    const size_t offsets[3] = {0, 4, 8};
    const size_t bad_offsets[3] = {0, 5, 4};
    double cl[2];
    double sd[2];
    size_t counts[2];
    cmx_spc_many_options o = CMX_SPC_MANY_OPTIONS_INIT;
    CHECK(cmx_spc_many_compute(ctx, rules, values, 8, offsets, 2, &o, cl, sd, NULL, counts, signals,
                               64, &len) == CMX_OK);
    CHECK(fabs(cl[0] - 2.5) < 1e-12 && fabs(cl[1] - 10.25) < 1e-12);
    CHECK(fabs(sd[0] - 5.0 / 3.0 / 1.128) < 1e-12);
    CHECK(counts[0] + counts[1] == len);
    CHECK(cmx_spc_many_compute(ctx, rules, values, 8, bad_offsets, 2, &o, cl, sd, NULL, NULL,
                               signals, 64, &len) == CMX_E_INVALID_ARGUMENT);
    CHECK(cmx_context_error_line(ctx) == 3);
  }

  cmx_spc_rule_set_destroy(rules);
  cmx_spc_rule_set_destroy(NULL);
  cmx_spc_monitor_destroy(NULL);
  cmx_context_destroy(ctx);
  return report_checks("C API SPC rules");
}
