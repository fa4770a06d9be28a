/* A C99 consumer of the installed C library: found by pkg-config or find_package(cmx). */
#include <cmx.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  cmx_context* ctx = NULL;
  if (cmx_version_number() != CMX_VERSION_NUMBER) {
    fprintf(stderr, "header %d but library %d\n", CMX_VERSION_NUMBER, cmx_version_number());
    return 1;
  }
  if (strcmp(cmx_version_string(), CMX_VERSION_STRING) != 0) {
    fprintf(stderr, "version strings differ\n");
    return 1;
  }
  if (cmx_context_create(&ctx) != CMX_OK || ctx == NULL) {
    fprintf(stderr, "cmx_context_create failed\n");
    return 1;
  }
  if (cmx_context_error_code(ctx) != CMX_OK) {
    fprintf(stderr, "a new context has an error\n");
    cmx_context_destroy(ctx);
    return 1;
  }
  printf("cmx %s linked, status 0 is '%s'\n", cmx_version_string(), cmx_status_string(CMX_OK));
  cmx_context_destroy(ctx);
  return 0;
}
