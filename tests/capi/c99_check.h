/* What the C99 programs that test the C API share: a CHECK that counts what fails (and goes on),
 * and the report that ends main. */
#ifndef CMX_TESTS_CAPI_C99_CHECK_H
#define CMX_TESTS_CAPI_C99_CHECK_H

#include <stdio.h>

static int failures = 0;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

/* main's exit status: 0 when every check held; else 1, with the count on stderr. */
static int report_checks(const char* suite) {
  if (failures != 0) {
    fprintf(stderr, "%s: %d check(s) failed\n", suite, failures);
    return 1;
  }
  printf("%s: all checks passed\n", suite);
  return 0;
}

#endif /* CMX_TESTS_CAPI_C99_CHECK_H */
