/*
 * ehr_embed.c - cmx embedded the way an EHR vendor would: read a CSV export of a monthly
 * measure with plain C stdio, chart it through the C API (cmx.h) and print every signal with
 * its rule and points. Strict C99; built against the installed package:
 *
 *   cc -std=c99 ehr_embed.c $(pkg-config --cflags --libs cmx) -o ehr_embed
 *   ./ehr_embed examples/data/qicharts2_cdi.csv month n days [part]
 *
 * The columns are: the label column (e.g. month), the numerator and the denominator; the chart
 * is a u chart per 10,000 (infections per 10,000 risk days). An optional 1-based subgroup
 * number starts a new phase after it. Exit status: 0 charted, 1 bad data or a cmx error,
 * 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmx.h>

#define MAX_LINE 4096
#define MAX_LABEL 64

/* The rows of the export: a label per row (printed only) and the numerator and denominator. */
typedef struct rows {
  size_t count;
  size_t capacity;
  char (*labels)[MAX_LABEL];
  double* x;
  double* y;
  double* n;
} rows;

static void rows_free(rows* r) {
  free(r->labels);
  free(r->x);
  free(r->y);
  free(r->n);
}

static int rows_grow(rows* r) {
  size_t capacity = r->capacity ? 2 * r->capacity : 64;
  void* labels = realloc(r->labels, capacity * sizeof *r->labels);
  void* x;
  void* y;
  void* n;
  if (!labels) {
    return 0;
  }
  r->labels = labels;
  x = realloc(r->x, capacity * sizeof(double));
  if (!x) {
    return 0;
  }
  r->x = x;
  y = realloc(r->y, capacity * sizeof(double));
  if (!y) {
    return 0;
  }
  r->y = y;
  n = realloc(r->n, capacity * sizeof(double));
  if (!n) {
    return 0;
  }
  r->n = n;
  r->capacity = capacity;
  return 1;
}

/* Splits a line in place at commas (no quoting: EHR exports of numbers rarely need it) and
 * strips the line end. Returns the number of fields, at most max. */
static size_t split(char* line, char** fields, size_t max) {
  size_t count = 0;
  char* p = line;
  line[strcspn(line, "\r\n")] = '\0';
  while (count < max) {
    fields[count++] = p;
    p = strchr(p, ',');
    if (!p) {
      break;
    }
    *p++ = '\0';
  }
  return count;
}

static int find_column(char** fields, size_t count, const char* name) {
  size_t i;
  for (i = 0; i < count; ++i) {
    if (strcmp(fields[i], name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* A number of the export, or an error naming the line and column: a silent 0 would chart a
 * wrong rate. */
static int parse_number(const char* text, const char* path, long line, const char* column,
                        double* out) {
  char* end = NULL;
  errno = 0;
  *out = strtod(text, &end);
  if (end == text || *end != '\0' || errno != 0) {
    fprintf(stderr, "%s:%ld: column %s: not a number: '%s'\n", path, line, column, text);
    return 0;
  }
  return 1;
}

static int read_export(const char* path, const char* label_col, const char* y_col,
                       const char* n_col, rows* out) {
  char line[MAX_LINE];
  char* fields[64];
  size_t count;
  int label_at, y_at, n_at;
  long line_no = 1;
  FILE* f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
    return 0;
  }
  if (!fgets(line, sizeof line, f)) {
    fprintf(stderr, "%s: empty file, expected a header line\n", path);
    fclose(f);
    return 0;
  }
  count = split(line, fields, 64);
  label_at = find_column(fields, count, label_col);
  y_at = find_column(fields, count, y_col);
  n_at = find_column(fields, count, n_col);
  if (label_at < 0 || y_at < 0 || n_at < 0) {
    fprintf(stderr, "%s:1: missing column '%s'\n", path,
            label_at < 0 ? label_col : (y_at < 0 ? y_col : n_col));
    fclose(f);
    return 0;
  }
  while (fgets(line, sizeof line, f)) {
    ++line_no;
    if (line[0] == '\n' || line[0] == '\r') {
      continue;
    }
    count = split(line, fields, 64);
    if ((size_t)label_at >= count || (size_t)y_at >= count || (size_t)n_at >= count) {
      fprintf(stderr, "%s:%ld: only %lu fields\n", path, line_no, (unsigned long)count);
      fclose(f);
      return 0;
    }
    if (out->count == out->capacity && !rows_grow(out)) {
      fprintf(stderr, "%s:%ld: out of memory\n", path, line_no);
      fclose(f);
      return 0;
    }
    if (!parse_number(fields[y_at], path, line_no, y_col, &out->y[out->count]) ||
        !parse_number(fields[n_at], path, line_no, n_col, &out->n[out->count])) {
      fclose(f);
      return 0;
    }
    strncpy(out->labels[out->count], fields[label_at], MAX_LABEL - 1);
    out->labels[out->count][MAX_LABEL - 1] = '\0';
    /* The export is in time order: its row number is the subgroup. */
    out->x[out->count] = (double)(out->count + 1);
    ++out->count;
  }
  fclose(f);
  return 1;
}

/* Every failed call ends here: the status name and the context's message, which names the
 * place of bad input (row, field) when there is one. */
static int report(cmx_context* ctx, int status, const char* call) {
  fprintf(stderr, "%s failed: %s (%d): %s\n", call, cmx_status_string(status), status,
          cmx_context_error_message(ctx));
  if (cmx_context_error_line(ctx) > 0) {
    fprintf(stderr, "  at point %lld, field '%s'\n", (long long)cmx_context_error_line(ctx),
            cmx_context_error_field(ctx));
  }
  return 1;
}

static int chart_and_print(cmx_context* ctx, const rows* r, size_t part_after) {
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  cmx_spc_chart_info info = CMX_SPC_CHART_INFO_INIT;
  cmx_spc_chart* chart = NULL;
  cmx_spc_signal* signals = NULL;
  size_t needed = 0;
  size_t i;
  int status;
  const unsigned rules = CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ;

  options.chart = CMX_SPC_CHART_U;
  options.multiply = 10000.0;
  if (part_after > 0) {
    options.parts = &part_after;
    options.parts_count = 1;
  }
  status = cmx_spc_chart_create(ctx, r->x, r->y, r->n, r->count, &options, &chart);
  if (status != CMX_OK) {
    return report(ctx, status, "cmx_spc_chart_create");
  }
  status = cmx_spc_chart_get_info(ctx, chart, &info);
  if (status != CMX_OK) {
    cmx_spc_chart_destroy(chart);
    return report(ctx, status, "cmx_spc_chart_get_info");
  }
  printf("u chart of %lu points in %lu phase(s)\n", (unsigned long)info.points,
         (unsigned long)info.parts);
  for (i = 0; i < info.parts; ++i) {
    cmx_spc_part part = CMX_SPC_PART_INIT;
    status = cmx_spc_chart_get_part(ctx, chart, i, &part);
    if (status != CMX_OK) {
      cmx_spc_chart_destroy(chart);
      return report(ctx, status, "cmx_spc_chart_get_part");
    }
    printf(
        "phase %d: points %lu-%lu, centre %.2f, longest run %lu (max %lu), crossings %lu "
        "(min %lu)%s\n",
        part.part, (unsigned long)part.first + 1, (unsigned long)part.last + 1, part.cl,
        (unsigned long)part.longest_run, (unsigned long)part.longest_run_max,
        (unsigned long)part.crossings, (unsigned long)part.crossings_min,
        part.runs_signal ? ", runs signal" : "");
  }
  /* Ask for the count first (capacity 0), then fetch exactly that many. */
  status = cmx_spc_chart_get_signals(ctx, chart, rules, NULL, 0, &needed);
  if (status != CMX_OK && status != CMX_E_BUFFER_TOO_SMALL) {
    cmx_spc_chart_destroy(chart);
    return report(ctx, status, "cmx_spc_chart_get_signals");
  }
  if (needed > 0) {
    signals = malloc(needed * sizeof *signals);
    if (!signals) {
      cmx_spc_chart_destroy(chart);
      fprintf(stderr, "out of memory\n");
      return 1;
    }
    status = cmx_spc_chart_get_signals(ctx, chart, rules, signals, needed, &needed);
    if (status != CMX_OK) {
      free(signals);
      cmx_spc_chart_destroy(chart);
      return report(ctx, status, "cmx_spc_chart_get_signals");
    }
  }
  printf("%lu signal(s)\n", (unsigned long)needed);
  for (i = 0; i < needed; ++i) {
    const cmx_spc_signal* s = &signals[i];
    printf("signal %s: points %lu-%lu (%s to %s)%s\n", cmx_spc_rule_name(s->rule),
           (unsigned long)s->first + 1, (unsigned long)s->last + 1, r->labels[s->first],
           r->labels[s->last], s->direction > 0 ? ", up" : (s->direction < 0 ? ", down" : ""));
  }
  free(signals);
  cmx_spc_chart_destroy(chart);
  return 0;
}

int main(int argc, char** argv) {
  rows r = {0, 0, NULL, NULL, NULL, NULL};
  cmx_context* ctx = NULL;
  size_t part_after = 0;
  int status;
  int result;

  if (argc != 5 && argc != 6) {
    fprintf(stderr,
            "usage: %s EXPORT.csv LABEL_COLUMN NUMERATOR_COLUMN DENOMINATOR_COLUMN [PART]\n",
            argv[0]);
    return 2;
  }
  if (argc == 6) {
    char* end = NULL;
    unsigned long value = strtoul(argv[5], &end, 10);
    if (end == argv[5] || *end != '\0' || value == 0) {
      fprintf(stderr, "PART must be a positive subgroup number, not '%s'\n", argv[5]);
      return 2;
    }
    part_after = (size_t)value;
  }
  /* The header this program was compiled with must match the library it runs with. */
  if (cmx_version_number() / 100 != CMX_VERSION_NUMBER / 100) {
    fprintf(stderr, "cmx library %s does not match header %s\n", cmx_version_string(),
            CMX_VERSION_STRING);
    return 1;
  }
  if (!read_export(argv[1], argv[2], argv[3], argv[4], &r)) {
    rows_free(&r);
    return 1;
  }
  status = cmx_context_create(&ctx);
  if (status != CMX_OK) {
    fprintf(stderr, "cmx_context_create failed: %s\n", cmx_status_string(status));
    rows_free(&r);
    return 1;
  }
  result = chart_and_print(ctx, &r, part_after);
  cmx_context_destroy(ctx);
  rows_free(&r);
  return result;
}
