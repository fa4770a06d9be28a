/* What the C99 programs that test the C API share: a CHECK that counts what fails (and goes on),
 * and the report that ends main. */
#ifndef CMX_TESTS_CAPI_C99_CHECK_H
#define CMX_TESTS_CAPI_C99_CHECK_H

#include <stdio.h>

/* The count of failed checks, kept inside a function so that no global variable is writable. */
static int* check_failures(void) {
  static int failures = 0;
  return &failures;
}

/* A failed check's report to stderr is best effort: if it cannot be written, the count still
 * fails main. */
#define CHECK(cond)                                                           \
  do {                                                                        \
    if (!(cond)) {                                                            \
      (void)fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++*check_failures();                                                    \
    }                                                                         \
  } while (0)

/* main's exit status: 0 when every check held; else 1, with the count on stderr. */
static int report_checks(const char* suite) {
  const int failures = *check_failures();
  if (failures != 0) {
    (void)fprintf(stderr, "%s: %d check(s) failed\n", suite, failures);
    return 1;
  }
  printf("%s: all checks passed\n", suite);
  return 0;
}

#endif /* CMX_TESTS_CAPI_C99_CHECK_H */
