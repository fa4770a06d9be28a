/* The value compass, funnel and FHIR C API from a real C99 program. */
#include <stdio.h>
#include <string.h>

#include "c99_check.h"
#include "cmx.h"

/* No <math.h>: the test links only the C library of cmx. */
static int near(double a, double b, double tol) {
  return a - b <= tol && b - a <= tol;
}
static int is_nan(double x) {
  return x != x;
}

static const char* const report =
    "{\"resourceType\":\"MeasureReport\",\"id\":\"r1\",\"status\":\"complete\","
    "\"type\":\"summary\",\"measure\":\"http://example.org/Measure/m\","
    "\"subject\":{\"reference\":\"Organization/w7\"},"
    "\"period\":{\"start\":\"2024-01-01\",\"end\":\"2024-03-31\"},\"group\":[{\"population\":["
    "{\"code\":{\"coding\":[{\"code\":\"initial-population\"}]},\"count\":6},"
    "{\"code\":{\"coding\":[{\"code\":\"numerator\"}]},\"count\":3},"
    "{\"code\":{\"coding\":[{\"code\":\"numerator-exclusion\"}]},\"count\":1},"
    "{\"code\":{\"coding\":[{\"code\":\"denominator\"}]},\"count\":6},"
    "{\"code\":{\"coding\":[{\"code\":\"denominator-exclusion\"}]},\"count\":1},"
    "{\"code\":{\"coding\":[{\"code\":\"denominator-exception\"}]},\"count\":1}]}]}";

static const char* const measures =
    "{\"measures\":["
    "{\"id\":\"mortality\",\"point\":\"west\",\"scoring\":\"proportion\","
    "\"direction\":\"lower_is_better\",\"floor\":0.10,\"target\":0.02,\"mid\":0.01},"
    "{\"id\":\"prom\",\"point\":\"north\",\"scoring\":\"continuous\","
    "\"direction\":\"higher_is_better\",\"floor\":20,\"target\":40}]}";

/* An SPC provider standing in for the SPC engine: a signal when the latest value exceeds 0.05. */
static int fake_spc(const char* measure, const double* values, size_t count, int* out_signal,
                    const char** out_rule, void* user_data) {
  int* calls = (int*)user_data;
  ++*calls;
  if (strcmp(measure, "mortality") != 0 || count == 0) {
    return 0;
  }
  *out_signal = values[count - 1] > 0.05;
  *out_rule = *out_signal ? "beyond_limits" : NULL;
  return 1;
}

static void test_funnel(cmx_context* ctx) {
  const double y[4] = {10, 50, 30, 2};
  const double n[4] = {100, 200, 300, 100};
  const double zero[4] = {100, 0, 300, 100};
  cmx_funnel_options options = CMX_FUNNEL_OPTIONS_INIT;
  cmx_funnel* funnel = NULL;
  cmx_funnel_summary summary;
  cmx_funnel_unit unit;
  double lower = 0;
  double upper = 0;
  double p0 = 92.0 / 700.0;

  options.limits = CMX_FUNNEL_LIMITS_NORMAL;
  CHECK(is_nan(options.target));
  CHECK(cmx_funnel_create(ctx, y, n, 4, &options, &funnel) == CMX_OK);
  CHECK(cmx_funnel_count(funnel) == 4);
  CHECK(cmx_funnel_get_summary(ctx, funnel, &summary) == CMX_OK);
  CHECK(near(summary.target, p0, 1e-15));
  CHECK(cmx_funnel_get_unit(ctx, funnel, 1, &unit) == CMX_OK);
  CHECK(unit.z > 0);
  CHECK(near(unit.z * unit.z, (0.25 - p0) * (0.25 - p0) / (p0 * (1 - p0) / 200), 1e-10));
  CHECK(unit.flag == CMX_FUNNEL_FLAG_HIGH);
  CHECK(cmx_funnel_get_unit(ctx, funnel, 3, &unit) == CMX_OK);
  CHECK(unit.flag == CMX_FUNNEL_FLAG_LOW);
  CHECK(cmx_funnel_get_unit(ctx, funnel, 4, &unit) == CMX_E_OUT_OF_RANGE);
  cmx_funnel_destroy(funnel);

  funnel = (cmx_funnel*)&options; /* must be reset to NULL on failure */
  CHECK(cmx_funnel_create(ctx, y, zero, 4, NULL, &funnel) == CMX_E_BAD_INPUT);
  CHECK(funnel == NULL);
  CHECK(cmx_context_error_line(ctx) == 2);
  CHECK(strcmp(cmx_context_error_field(ctx), "denominator") == 0);
  CHECK(cmx_funnel_create(ctx, NULL, n, 4, NULL, &funnel) == CMX_E_INVALID_ARGUMENT);
  cmx_funnel_destroy(NULL);

  CHECK(cmx_funnel_limits_at(ctx, CMX_FUNNEL_PROPORTION, CMX_FUNNEL_LIMITS_NORMAL, 0.3, 400, 0.998,
                             1.0, 0.0, &lower, &upper) == CMX_OK);
  CHECK(near(0.3 - lower, upper - 0.3, 1e-15));
  CHECK(cmx_funnel_limits_at(ctx, CMX_FUNNEL_RATIO, CMX_FUNNEL_LIMITS_EXACT, 1.0, 50, 0.95, 1.0,
                             0.0, &lower, &upper) == CMX_OK);
  CHECK(lower < 1.0 && upper > 1.0);
}

static void test_fhir(cmx_context* ctx) {
  cmx_fhir_reports* reports = NULL;
  cmx_fhir_group group;
  char small[8];
  char buffer[4096];
  size_t len = 0;
  char bad[2048] = {0};

  CHECK(cmx_fhir_read_measure_reports(ctx, report, strlen(report), "r.json", &reports) == CMX_OK);
  CHECK(cmx_fhir_reports_count(reports) == 1);
  CHECK(cmx_fhir_reports_get(ctx, reports, 0, &group) == CMX_OK);
  CHECK(strcmp(group.report_id, "r1") == 0);
  CHECK(strcmp(group.subject, "Organization/w7") == 0);
  CHECK(group.denominator_exception == 1);
  CHECK(group.score == 0.5); /* (3 - 1) / (6 - 1 - 1) */
  CHECK(cmx_fhir_write_measure_reports(ctx, reports, 0, small, sizeof small, &len) ==
        CMX_E_BUFFER_TOO_SMALL);
  CHECK(len > sizeof small);
  CHECK(cmx_fhir_write_measure_reports(ctx, reports, 0, buffer, sizeof buffer, &len) == CMX_OK);
  CHECK(strlen(buffer) == len);
  CHECK(strstr(buffer, "\"denominator-exception\"") != NULL);
  cmx_fhir_reports_destroy(reports);

  /* A negative count: the error names the JSON pointer. */
  {
    /* The last population's count 1 becomes -1. */
    const char* at = strstr(report, "\"count\":1}]}]}");
    CHECK(at != NULL);
    if (at != NULL) { /* CHECK does not stop: without the count there is nothing to edit */
      size_t head = (size_t)(at - report) + 8;
      memcpy(bad, report, head);
      bad[head] = '-';
      memcpy(bad + head + 1, report + head, strlen(report + head) + 1); /* and its terminator */
    }
  }
  reports = NULL;
  CHECK(cmx_fhir_read_measure_reports(ctx, bad, strlen(bad), "bad.json", &reports) == CMX_E_PARSE);
  CHECK(reports == NULL);
  CHECK(strcmp(cmx_context_error_field(ctx), "/group/0/population/5/count") == 0);
  CHECK(strcmp(cmx_context_error_source(ctx), "bad.json") == 0);
  cmx_fhir_reports_destroy(NULL);
}

static void add(cmx_context* ctx, cmx_compass* c, const char* m, const char* unit,
                const char* period, double num, double den, double value, double n) {
  cmx_compass_observation o = CMX_COMPASS_OBSERVATION_INIT;
  o.measure = m;
  o.unit = unit;
  o.period = period;
  o.numerator = num;
  o.denominator = den;
  o.value = value;
  o.n = n;
  CHECK(cmx_compass_add_observation(ctx, c, &o) == CMX_OK);
}

static void test_compass(cmx_context* ctx) {
  cmx_compass* c = NULL;
  cmx_compass_result* r = NULL;
  cmx_compass_measure_score s;
  cmx_compass_options options = CMX_COMPASS_OPTIONS_INIT;
  cmx_compass_change change;
  const char* undirected =
      "{\"measures\":[{\"id\":\"m\",\"point\":\"west\",\"scoring\":\"count\"}]}";
  double nan_value = 0.0 / 0.0;
  int calls = 0;
  const int8_t cells[6] = {1, 1, 0, -1, 1, 1};
  double score = 0;
  double est = 0;
  double lower = 0;
  double upper = 0;

  CHECK(cmx_compass_create(ctx, measures, strlen(measures), "m.json", &c) == CMX_OK);
  add(ctx, c, "mortality", "A", "2024-01", 8, 100, nan_value, nan_value);
  add(ctx, c, "mortality", "A", "2024-02", 6, 100, nan_value, nan_value);
  add(ctx, c, "prom", "A", "2024-02", nan_value, nan_value, 35, 40);
  add(ctx, c, "mortality", "B", "2024-02", 2, 100, nan_value, nan_value);
  CHECK(cmx_compass_add_edge(ctx, c, "A", "division", 1.0) == CMX_OK);
  CHECK(cmx_compass_add_edge(ctx, c, "B", "division", 1.0) == CMX_OK);
  CHECK(cmx_compass_add_edge(ctx, c, "B", "x", 1.5) == CMX_E_BAD_INPUT);
  CHECK(cmx_compass_set_spc_provider(ctx, c, fake_spc, &calls) == CMX_OK);

  /* Unit A, latest period: mortality (0.06 - 0.10) / (0.02 - 0.10) = 0.5, PROM 0.75. */
  CHECK(cmx_compass_score(ctx, c, "A", NULL, &options, &r) == CMX_OK);
  if (r == NULL) {
    (void)fprintf(stderr, "%s\n", cmx_context_error_message(ctx));
    return;
  }
  CHECK(near(cmx_compass_result_point(r, CMX_COMPASS_WEST), 0.5, 1e-12));
  CHECK(near(cmx_compass_result_point(r, CMX_COMPASS_NORTH), 0.75, 1e-12));
  CHECK(is_nan(cmx_compass_result_point(r, CMX_COMPASS_EAST)));
  CHECK(near(cmx_compass_result_outcome_index(r), 0.625, 1e-12));
  CHECK(is_nan(cmx_compass_result_value_index(r)));
  CHECK(cmx_compass_result_count(r) == 2);
  CHECK(cmx_compass_result_get(ctx, r, 0, &s) == CMX_OK);
  CHECK(strcmp(s.measure, "mortality") == 0);
  CHECK(s.spc_computed == 1 && s.spc_signal == 1);
  CHECK(strcmp(s.spc_rule, "beyond_limits") == 0);
  CHECK(calls == 2);
  cmx_compass_result_destroy(r);

  /* The division pools counts: (6 + 2) / 200 = 0.04 -> (0.04 - 0.10) / -0.08 = 0.75. */
  CHECK(cmx_compass_score(ctx, c, "division", "2024-02", NULL, &r) == CMX_OK);
  CHECK(near(cmx_compass_result_point(r, CMX_COMPASS_WEST), 0.75, 1e-12));
  cmx_compass_result_destroy(r);
  r = NULL;
  CHECK(cmx_compass_score(ctx, c, "nowhere", NULL, NULL, &r) == CMX_E_NOT_FOUND);
  CHECK(r == NULL);

  CHECK(cmx_compass_change_between(ctx, c, "A", "mortality", "2024-01", "2024-02", &change) ==
        CMX_OK);
  CHECK(near(change.difference, -0.02, 1e-12));
  CHECK(near(change.improvement, 0.02, 1e-12));
  CHECK(change.classification == CMX_COMPASS_STABLE); /* the interval includes 0 */
  CHECK(cmx_compass_change_between(ctx, c, "A", "prom", "2024-01", "2024-02", &change) ==
        CMX_E_NOT_FOUND);
  cmx_compass_destroy(c);

  c = NULL;
  CHECK(cmx_compass_create(ctx, undirected, strlen(undirected), NULL, &c) == CMX_E_PARSE);
  CHECK(c == NULL);
  CHECK(strcmp(cmx_context_error_field(ctx), "/measures/0/direction") == 0);
  cmx_compass_destroy(NULL);

  CHECK(cmx_compass_newcombe_difference(ctx, 56, 70, 48, 80, 0.95, &est, &lower, &upper) == CMX_OK);
  CHECK(near(lower, 0.0524, 0.00005) && near(upper, 0.3339, 0.00005));
  CHECK(cmx_compass_wilson_interval(ctx, 81, 263, 0.95, &lower, &upper) == CMX_OK);
  CHECK(near(lower, 0.2553, 0.00005) && near(upper, 0.3662, 0.00005));
  CHECK(cmx_compass_wilson_interval(ctx, 5, 3, 0.95, &lower, &upper) == CMX_E_BAD_INPUT);
  /* 2 patients x 3 items: all-or-none 0 of 2; opportunity 4 of 5. */
  CHECK(cmx_compass_composite(ctx, cells, 2, 3, CMX_COMPOSITE_ALL_OR_NONE, &score) == CMX_OK);
  CHECK(score == 0.5);
  CHECK(cmx_compass_composite(ctx, cells, 2, 3, CMX_COMPOSITE_OPPORTUNITY, &score) == CMX_OK);
  CHECK(near(score, 0.8, 1e-15));
  /* A patients x items product past SIZE_MAX is refused, not wrapped to a small table. */
  CHECK(cmx_compass_composite(ctx, cells, SIZE_MAX / 2 + 1, 2, CMX_COMPOSITE_OPPORTUNITY, &score) ==
        CMX_E_INVALID_ARGUMENT);
}

/* Roll-ups through a system graph handle, and the SPC engine as the default status. */
static void test_compass_through_system(cmx_context* ctx) {
  const char* system_json =
      "{\"units\":[{\"id\":\"division\",\"level\":\"mesosystem\"},"
      "{\"id\":\"A\",\"level\":\"clinical_microsystem\"},"
      "{\"id\":\"B\",\"level\":\"clinical_microsystem\"}],"
      "\"memberships\":[{\"from\":\"A\",\"to\":\"division\"},"
      "{\"from\":\"B\",\"to\":\"division\"}]}";
  cmx_system* system = NULL;
  cmx_compass* c = NULL;
  cmx_compass_result* r = NULL;
  cmx_compass_measure_score s;
  double nan_value = 0.0 / 0.0;

  CHECK(cmx_system_create_from_json(ctx, system_json, strlen(system_json), "s.json", &system) ==
        CMX_OK);
  CHECK(cmx_compass_create(ctx, measures, strlen(measures), "m.json", &c) == CMX_OK);
  add(ctx, c, "mortality", "A", "2024-01", 8, 100, nan_value, nan_value);
  add(ctx, c, "mortality", "A", "2024-02", 6, 100, nan_value, nan_value);
  add(ctx, c, "mortality", "B", "2024-02", 2, 100, nan_value, nan_value);
  CHECK(cmx_compass_set_system(ctx, c, system) == CMX_OK);
  cmx_system_destroy(system); /* the compass keeps its own reference */
  CHECK(cmx_compass_add_edge(ctx, c, "A", "division", 1.0) == CMX_E_INCONSISTENT);

  /* As with edges: (6 + 2) / 200 = 0.04 -> goalpost (0.04 - 0.10) / (0.02 - 0.10) = 0.75. */
  CHECK(cmx_compass_score(ctx, c, "division", "2024-02", NULL, &r) == CMX_OK);
  CHECK(r != NULL && near(cmx_compass_result_point(r, CMX_COMPASS_WEST), 0.75, 1e-12));
  cmx_compass_result_destroy(r);
  r = NULL;

  /* No provider set: the SPC engine judges A's two mortality points (a p chart). */
  CHECK(cmx_compass_score(ctx, c, "A", "2024-02", NULL, &r) == CMX_OK);
  CHECK(cmx_compass_result_get(ctx, r, 0, &s) == CMX_OK);
  CHECK(s.spc_computed == 1 && s.spc_signal == 0);
  cmx_compass_result_destroy(r);
  r = NULL;

  add(ctx, c, "mortality", "ghost", "2024-02", 1, 10, nan_value, nan_value);
  CHECK(cmx_compass_score(ctx, c, "A", NULL, NULL, &r) == CMX_E_NOT_FOUND);
  CHECK(r == NULL);
  CHECK(strcmp(cmx_context_error_field(ctx), "unit") == 0);
  CHECK(cmx_compass_set_system(ctx, c, NULL) == CMX_OK);
  CHECK(cmx_compass_set_system(ctx, NULL, NULL) == CMX_E_INVALID_ARGUMENT);
  cmx_compass_destroy(c);
}

int main(void) {
  cmx_context* ctx = NULL;
  if (cmx_context_create(&ctx) != CMX_OK) {
    return 1;
  }
  test_funnel(ctx);
  test_fhir(ctx);
  test_compass(ctx);
  test_compass_through_system(ctx);
  cmx_context_destroy(ctx);
  return report_checks("C API compass");
}
