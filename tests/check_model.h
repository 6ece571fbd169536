/* check_model.h -- the shipped model for a Check test case: setup loads it
 * from $NERD_GAZDIR (else ./gazetteers) into `model`, teardown drops it.
 * Included by the figure and date tests, which all test against the
 * shipped data; register with tcase_add_checked_fixture(tc, setup,
 * teardown). */
#ifndef CHECK_MODEL_H
#define CHECK_MODEL_H

#include <stdlib.h>

#include <check.h>

#include "model.h"

static struct model *model;

static void setup(void)
{
	char err[512];
	const char *dir = getenv("NERD_GAZDIR");
	struct model_opts o = {dir ? dir : "gazetteers"};
	model = model_load(&o, err, sizeof(err));
	if (!model)
		ck_abort_msg("model_load: %s", err);
}

static void teardown(void)
{
	model_unref(model);
}

#endif
