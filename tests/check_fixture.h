/* check_fixture.h -- the small test model for a Check test case: setup
 * loads tests/fixtures/gaz (under $top_srcdir, else .) into `m`, teardown
 * drops it.  Included by the gazetteer, relation and speed tests, whose
 * expectations are written against that fixture (check_model.h loads the
 * shipped data instead); register with tcase_add_checked_fixture(tc,
 * setup, teardown). */
#ifndef CHECK_FIXTURE_H
#define CHECK_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include <check.h>

#include "model.h"

static struct model *m;

static void setup(void)
{
	char err[512];
	const char *src = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/gaz", src ? src : ".");
	struct model_opts o = {dir};
	m = model_load(&o, err, sizeof(err));
	ck_assert_msg(m != NULL, "model: %s", err);
}

static void teardown(void)
{
	model_unref(m);
}

#endif
