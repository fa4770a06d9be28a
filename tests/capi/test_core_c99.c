/* The C API core from a real C99 program (compiled -std=c99 -pedantic -Werror). */
#include <stdio.h>
#include <string.h>

#include "c99_check.h"
#include "cmx.h"

int main(void) {
  cmx_context* ctx = NULL;
  int status = 0;

  /* The header and the library agree on the version. */
  CHECK(cmx_version_number() == CMX_VERSION_NUMBER);
  CHECK(strcmp(cmx_version_string(), CMX_VERSION_STRING) == 0);
  CHECK(CMX_VERSION_NUMBER ==
        CMX_VERSION_MAJOR * 10000 + CMX_VERSION_MINOR * 100 + CMX_VERSION_PATCH);

  /* Status values are fixed forever. */
  CHECK(CMX_OK == 0);
  CHECK(CMX_E_INVALID_ARGUMENT == 1);
  CHECK(CMX_E_NOMEM == 2);
  CHECK(CMX_E_INTERNAL == 11);
  CHECK(strcmp(cmx_status_string(CMX_OK), "success") == 0);
  CHECK(strcmp(cmx_status_string(CMX_E_NOMEM), "out of memory") == 0);
  CHECK(cmx_status_string(-1) != NULL);
  CHECK(cmx_status_string(12345) != NULL);

  /* Contexts: NULL out is refused; a new context is clean; destroy accepts NULL. */
  CHECK(cmx_context_create(NULL) == CMX_E_INVALID_ARGUMENT);
  status = cmx_context_create(&ctx);
  CHECK(status == CMX_OK);
  CHECK(ctx != NULL);
  CHECK(cmx_context_error_code(ctx) == CMX_OK);
  CHECK(strcmp(cmx_context_error_message(ctx), "") == 0);
  CHECK(strcmp(cmx_context_error_source(ctx), "") == 0);
  CHECK(strcmp(cmx_context_error_field(ctx), "") == 0);
  CHECK(cmx_context_error_line(ctx) == 0);
  CHECK(cmx_context_error_column(ctx) == 0);
  CHECK(cmx_context_error_code(NULL) == CMX_OK);
  CHECK(cmx_context_error_message(NULL) != NULL);
  /* Threads for long series: any count is accepted (0 = one per core); NULL is refused. */
  CHECK(cmx_context_set_threads(ctx, 1U) == CMX_OK);
  CHECK(cmx_context_set_threads(ctx, 0U) == CMX_OK);
  CHECK(cmx_context_error_code(ctx) == CMX_OK);
  CHECK(cmx_context_set_threads(NULL, 2U) == CMX_E_INVALID_ARGUMENT);
  cmx_context_destroy(ctx);
  cmx_context_destroy(NULL);
  cmx_free(NULL);

  return report_checks("C API core");
}
