/* openapi.h -- the OpenAPI 3.1 description of the HTTP API (docs/
 * openapi.json), compiled into libnerd at build time and served by nerdd
 * at GET /v1/openapi.json.  Static, read-only bytes. */
#ifndef OPENAPI_H
#define OPENAPI_H

#include <stddef.h>

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

#endif
