/* The system graph through the C API from a real C99 program: a small system, hierarchy
 * queries, the hand-worked flow graph of tests/unit/system/test_flow.cpp and a roll-up. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "c99_check.h"
#include "cmx.h"

static const char* const system_json =
    "{\"units\": ["
    " {\"id\": \"m\", \"level\": \"macrosystem\"},"
    " {\"id\": \"a\", \"level\": \"mesosystem\"},"
    " {\"id\": \"b\", \"level\": \"mesosystem\"},"
    " {\"id\": \"x\", \"level\": \"clinical_microsystem\"},"
    " {\"id\": \"y\", \"level\": \"clinical_microsystem\"},"
    " {\"id\": \"s\", \"level\": \"support_microsystem\"}],"
    " \"memberships\": ["
    " {\"from\": \"a\", \"to\": \"m\"}, {\"from\": \"b\", \"to\": \"m\"},"
    " {\"from\": \"x\", \"to\": \"a\"},"
    " {\"from\": \"y\", \"to\": \"a\", \"weight\": 0.6}, {\"from\": \"y\", \"to\": \"b\", "
    "\"weight\": 0.4},"
    " {\"from\": \"s\", \"to\": \"m\"}, {\"from\": \"s\", \"to\": \"b\", \"type\": \"serves\"}],"
    " \"pathways\": [{\"id\": \"p\", \"steps\": [\"x\", \"y\"]}]}";

static int near(double a, double b) {
  return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

static size_t index_of(cmx_context* ctx, const cmx_system* s, const char* id) {
  size_t i = 0;
  CHECK(cmx_system_unit_index(ctx, s, id, &i) == CMX_OK);
  return i;
}

static void test_system(cmx_context* ctx) {
  cmx_system* s = NULL;
  size_t units[16];
  size_t len = 0;
  cmx_system* bad = (cmx_system*)&len; /* must be reset to NULL on failure */
  size_t n = 0;
  int level = -2;
  const char* id = NULL;
  cmx_system_query_options q = CMX_SYSTEM_QUERY_OPTIONS_INIT;
  const char* cycle =
      "{\"units\": [{\"id\": \"a\", \"level\": \"mesosystem\"},"
      " {\"id\": \"b\", \"level\": \"mesosystem\"}],"
      " \"memberships\": [{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"b\", \"to\": \"a\"}]}";

  CHECK(cmx_system_create_from_json(ctx, system_json, strlen(system_json), "c99.json", &s) ==
        CMX_OK);
  CHECK(s != NULL);
  CHECK(cmx_system_unit_count(ctx, s, &n) == CMX_OK && n == 6);
  CHECK(cmx_system_unit_id(ctx, s, 3, &id) == CMX_OK && strcmp(id, "x") == 0);
  CHECK(cmx_system_unit_level(ctx, s, 0, &level) == CMX_OK && level == CMX_LEVEL_MACROSYSTEM);
  CHECK(cmx_system_unit_id(ctx, s, 6, &id) == CMX_E_OUT_OF_RANGE);

  CHECK(cmx_system_query(ctx, s, "y", CMX_RELATION_PARENTS, NULL, units, 16, &len) == CMX_OK);
  CHECK(len == 2 && units[0] == index_of(ctx, s, "a") && units[1] == index_of(ctx, s, "b"));
  CHECK(cmx_system_query(ctx, s, "m", CMX_RELATION_DESCENDANTS, NULL, units, 16, &len) == CMX_OK);
  CHECK(len == 5);
  q.level = CMX_LEVEL_CLINICAL_MICROSYSTEM;
  CHECK(cmx_system_query(ctx, s, "m", CMX_RELATION_DESCENDANTS, &q, units, 16, &len) == CMX_OK);
  CHECK(len == 2 && units[0] == 3 && units[1] == 4);
  CHECK(cmx_system_query(ctx, s, "b", CMX_RELATION_MICROSYSTEMS, NULL, units, 16, &len) == CMX_OK);
  CHECK(len == 2 && units[0] == index_of(ctx, s, "y") && units[1] == index_of(ctx, s, "s"));
  /* Too small a buffer: the size needed comes back. */
  CHECK(cmx_system_query(ctx, s, "m", CMX_RELATION_DESCENDANTS, NULL, units, 2, &len) ==
        CMX_E_BUFFER_TOO_SMALL);
  CHECK(len == 5);
  CHECK(cmx_system_query(ctx, s, "m", CMX_RELATION_DESCENDANTS, NULL, NULL, 0, &len) ==
        CMX_E_BUFFER_TOO_SMALL);
  CHECK(cmx_system_query(ctx, s, "nope", CMX_RELATION_PARENTS, NULL, units, 16, &len) ==
        CMX_E_NOT_FOUND);
  CHECK(cmx_system_query(ctx, s, "y", 99, NULL, units, 16, &len) == CMX_E_INVALID_ARGUMENT);

  /* y -> a -> m, END, y -> b -> m, END */
  CHECK(cmx_system_paths_to_macrosystem(ctx, s, "y", NULL, units, 16, &len) == CMX_OK);
  CHECK(len == 8);
  CHECK(units[0] == 4 && units[1] == 1 && units[2] == 0 && units[3] == CMX_PATH_END);
  CHECK(units[5] == 2 && units[7] == CMX_PATH_END);

  /* A cycle: CMX_E_INCONSISTENT, named, with the JSON pointer as field; *out NULL. */
  CHECK(cmx_system_create_from_json(ctx, cycle, strlen(cycle), "cycle.json", &bad) ==
        CMX_E_INCONSISTENT);
  CHECK(bad == NULL);
  CHECK(strstr(cmx_context_error_message(ctx), "a -> b -> a") != NULL);
  CHECK(strcmp(cmx_context_error_source(ctx), "cycle.json") == 0);
  CHECK(strcmp(cmx_context_error_field(ctx), "/memberships/1") == 0);
  CHECK(cmx_system_create_from_json(ctx, "{", 1, NULL, &bad) == CMX_E_PARSE);
  CHECK(cmx_system_create_from_json(ctx, NULL, 0, NULL, &bad) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_system_create_from_file(ctx, "/no/such/system.json", &bad) == CMX_E_IO);
  cmx_system_destroy(s);
  cmx_system_destroy(NULL);
}

static void test_flow(cmx_context* ctx) {
  /* A -> B (2), B -> C, A -> C, C -> A, C -> D: betweenness A 1/6, C 1/2 (hand-worked). */
  const int64_t h = 3600;
  const cmx_stay stays[] = {
      {"e1", "A", 0, 10 * h},        {"e1", "B", 12 * h, 24 * h},   {"e1", "C", 25 * h, 29 * h},
      {"e1", "D", 29 * h, 48 * h},   {"e2", "A", 96 * h, 97 * h},   {"e2", "B", 101 * h, 120 * h},
      {"e3", "A", 200 * h, 201 * h}, {"e3", "C", 201 * h, 202 * h}, {"e3", "A", 202 * h, 203 * h}};
  const cmx_stay backwards[] = {{"e1", "A", 10, 5}};
  cmx_journeys* j = NULL;
  cmx_journeys* bad = NULL;
  cmx_flow* f = NULL;
  cmx_flow_summary sum;
  cmx_flow_unit u;
  cmx_flow_edge edges[8];
  size_t path[8];
  size_t len = 0;
  size_t episodes = 0;
  size_t n_stays = 0;
  uint64_t count = 0;
  double coverage = 0;
  cmx_flow_options options = CMX_FLOW_OPTIONS_INIT;
  int64_t t = 0;

  CHECK(cmx_journeys_create(ctx, stays, 9, NULL, &j) == CMX_OK);
  CHECK(cmx_journeys_counts(ctx, j, &episodes, &n_stays) == CMX_OK);
  CHECK(episodes == 3 && n_stays == 9);
  CHECK(cmx_flow_create(ctx, j, NULL, &f) == CMX_OK);
  CHECK(cmx_flow_get_summary(ctx, f, &sum) == CMX_OK);
  CHECK(sum.units == 4 && sum.edges == 5 && sum.handoffs == 6);
  CHECK(near(sum.density, 5.0 / 12.0));
  CHECK(cmx_flow_get_unit(ctx, f, 0, &u) == CMX_OK);
  CHECK(u.out_degree == 2 && u.in_degree == 1 && u.out_strength == 3.0 && u.in_strength == 1.0);
  CHECK(near(u.betweenness, 1.0 / 6.0));
  CHECK(cmx_flow_get_unit(ctx, f, 2, &u) == CMX_OK);
  CHECK(near(u.betweenness, 0.5));
  CHECK(cmx_flow_get_unit(ctx, f, 4, &u) == CMX_E_OUT_OF_RANGE);
  CHECK(cmx_flow_get_edges(ctx, f, edges, 8, &len) == CMX_OK);
  CHECK(len == 5 && edges[0].from == 0 && edges[0].to == 1 && edges[0].count == 2);
  CHECK(near(edges[0].median_delay_hours, 3.0)); /* 2 h and 4 h */
  CHECK(cmx_flow_get_path(ctx, f, 0, path, 8, &len, &count, &coverage) == CMX_OK);
  CHECK(count == 1 && near(coverage, 1.0 / 3.0));
  cmx_flow_destroy(f);

  /* A period: only the handoffs from hour 100 on. */
  options.has_from = 1;
  options.from = 100 * h;
  CHECK(cmx_flow_create(ctx, j, &options, &f) == CMX_OK);
  CHECK(cmx_flow_get_summary(ctx, f, &sum) == CMX_OK);
  CHECK(sum.handoffs == 3);
  cmx_flow_destroy(f);
  options.size = 1;
  f = (cmx_flow*)&len;
  CHECK(cmx_flow_create(ctx, j, &options, &f) == CMX_E_INVALID_ARGUMENT);
  CHECK(f == NULL);

  CHECK(cmx_journeys_create(ctx, backwards, 1, NULL, &bad) == CMX_E_BAD_INPUT);
  CHECK(bad == NULL);
  CHECK(cmx_context_error_line(ctx) == 1);
  CHECK(strcmp(cmx_context_error_field(ctx), "end") == 0);
  CHECK(cmx_system_parse_time(ctx, "1970-01-02T00:00:01Z", &t) == CMX_OK && t == 86401);
  CHECK(cmx_system_parse_time(ctx, "yesterday", &t) == CMX_E_PARSE);
  cmx_journeys_destroy(j);
  cmx_journeys_destroy(NULL);
  cmx_flow_destroy(NULL);
}

static void test_rollup(cmx_context* ctx) {
  cmx_system* s = NULL;
  cmx_rollup* r = NULL;
  cmx_rollup* bad = NULL;
  cmx_rollup_row row;
  size_t rows = 0;
  size_t shared = 0;
  size_t unit = 0;
  size_t parents = 0;
  double weight_sum = 0;
  size_t i = 0;
  int found_m = 0;
  const cmx_observation data[] = {{"x", "Q1", 2, 10}, {"y", "Q1", 5, 20}};
  const cmx_observation wrong[] = {{"x", "Q1", 2, 10}, {"q", "Q1", 5, 20}};
  CHECK(cmx_system_create_from_json(ctx, system_json, strlen(system_json), NULL, &s) == CMX_OK);
  CHECK(cmx_rollup_create(ctx, s, data, 2, NULL, &r) == CMX_OK);
  CHECK(cmx_rollup_counts(ctx, r, &rows, &shared) == CMX_OK);
  CHECK(shared == 1);
  for (i = 0; i < rows; ++i) {
    CHECK(cmx_rollup_get_row(ctx, r, i, &row) == CMX_OK);
    if (row.unit == 0) { /* m: 2 + 0.6*5 + 0.4*5 = 7 over 30, pooled */
      found_m = 1;
      CHECK(near(row.numerator, 7.0) && near(row.denominator, 30.0));
      CHECK(strcmp(row.period, "Q1") == 0);
    }
    if (row.unit == 1) { /* a: 2 + 0.6 * 5 = 5 over 22 */
      CHECK(near(row.numerator, 5.0) && near(row.denominator, 22.0));
      CHECK(near(row.rate, 5.0 / 22.0));
    }
  }
  CHECK(found_m);
  CHECK(cmx_rollup_get_shared_unit(ctx, r, 0, &unit, &parents, &weight_sum) == CMX_OK);
  CHECK(unit == 4 && parents == 2 && near(weight_sum, 1.0));
  CHECK(cmx_rollup_create(ctx, s, wrong, 2, NULL, &bad) == CMX_E_NOT_FOUND);
  CHECK(bad == NULL && cmx_context_error_line(ctx) == 2);
  cmx_rollup_destroy(r);
  cmx_rollup_destroy(NULL);
  cmx_system_destroy(s);
}

int main(void) {
  cmx_context* ctx = NULL;
  if (cmx_context_create(&ctx) != CMX_OK) {
    return 1;
  }
  test_system(ctx);
  test_flow(ctx);
  test_rollup(ctx);
  cmx_context_destroy(ctx);
  return report_checks("C API system graph");
}
