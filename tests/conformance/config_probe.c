/*
 * config_probe.c - tells run_testers.py whether a test configuration can
 * run here, and that the FASTLA_BACKEND/FASTLA_ISA environment it gives the
 * testers selects that configuration.
 *
 * Run with FASTLA_TEST_CONFIG=<cfg> plus the environment variables. Exits
 * 77 (one line saying why) when the configuration cannot run, 1 when the
 * environment selects something else, 0 otherwise.
 */
#include <stdio.h>

#include "testutil.h"

int main(void) {
  /* What the environment variables chose, before the API changes it. */
  fastla_backend env_backend = fastla_get_backend();
  fastla_isa env_isa = fastla_get_isa();
  const char *cfg = fastla_test_select_config(); /* exits 77 if it can't */

  if (fastla_get_backend() != env_backend || fastla_get_isa() != env_isa) {
    fprintf(stderr,
            "config %s is backend %s, ISA %s, but the environment "
            "selects backend %s, ISA %s\n",
            cfg, fastla_backend_name(fastla_get_backend()),
            fastla_isa_name(fastla_get_isa()), fastla_backend_name(env_backend),
            fastla_isa_name(env_isa));
    return 1;
  }
  return 0;
}
