/* check_web.c -- the page's files: loading a directory, looking paths up
 * (nothing outside the directory is reachable), the built-in copies against
 * web/, and the standalone page that `nerd extract --format html` writes. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nerd.h"
#include "sbuf.h"
#include "util.h"
#include "web.h"

static char tmpdir[256];

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_web.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static int count(const char *hay, size_t n, const char *needle)
{
	int k = 0;
	size_t len = strlen(needle);
	for (const char *p = hay; (p = memmem(p, n - (size_t)(p - hay), needle, len)); p += len)
		k++;
	return k;
}

START_TEST(test_dir_lookup)
{
	put("index.html", "<!doctype html><p>hi</p>\n");
	put("nerd.js", "var x = 1;\n");
	put(".secret", "no\n");
	char sub[512];
	snprintf(sub, sizeof(sub), "%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put("sub/inner.css", "p{}\n");
	char err[256] = "";
	struct web *w = web_load(tmpdir, err, sizeof(err));
	ck_assert_msg(w != NULL, "web_load: %s", err);
	ck_assert_str_eq(web_source(w), tmpdir);

	const unsigned char *data;
	size_t len;
	const char *mime;
	ck_assert_int_eq(web_lookup(w, "/", &data, &len, &mime), 1);
	ck_assert_uint_eq(len, strlen("<!doctype html><p>hi</p>\n"));
	ck_assert(!memcmp(data, "<!doctype html>", 15));
	ck_assert_str_eq(mime, "text/html; charset=utf-8");
	ck_assert_int_eq(web_lookup(w, "/static/nerd.js", &data, &len, &mime), 1);
	ck_assert_str_eq(mime, "text/javascript; charset=utf-8");
	ck_assert_int_eq(web_lookup(w, "/static/index.html", &data, &len, &mime), 1);

	/* Nothing but the loaded names: no dot files, no subdirectories, no
	 * way out of the directory. */
	static const char *refused[] = {
		"/static/.secret", "/static/sub/inner.css", "/static/../index.html",
		"/static/..", "/static/", "/static", "/index.html", "/nerd.js", "//",
		"/static//nerd.js", "/static/nerd.js/", "/static/nerd.js%00", "",
		"/static/missing.css", "/static/%2e%2e/index.html"};
	for (size_t i = 0; i < ARRAY_LEN(refused); i++)
		ck_assert_msg(!web_lookup(w, refused[i], &data, &len, &mime), "served %s",
			      refused[i]);
	web_free(w);
	web_free(NULL);
}
END_TEST

START_TEST(test_dir_errors)
{
	char err[256] = "";
	ck_assert_ptr_null(web_load("/nonexistent/nerd-web", err, sizeof(err)));
	ck_assert_msg(strstr(err, "/nonexistent/nerd-web") != NULL, "err: %s", err);
	put("nerd.css", "p{}\n");
	err[0] = 0;
	ck_assert_ptr_null(web_load(tmpdir, err, sizeof(err)));
	ck_assert_msg(strstr(err, "no index.html") != NULL, "err: %s", err);
}
END_TEST

/* The compiled-in copies are byte for byte the files in web/. */
START_TEST(test_builtin_matches_web_dir)
{
	const char *src = getenv("top_srcdir");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/web", src ? src : ".");
	char err[256] = "";
	struct web *w = web_load(dir, err, sizeof(err));
	ck_assert_msg(w != NULL, "web_load: %s", err);
	ck_assert_uint_ge(web_nbuiltin, 3);
	for (size_t i = 0; i < web_nbuiltin; i++) {
		char path[300];
		snprintf(path, sizeof(path), "/static/%s", web_builtin[i].name);
		const unsigned char *data;
		size_t len;
		const char *mime;
		ck_assert_msg(web_lookup(w, path, &data, &len, &mime), "%s not in web/", path);
		ck_assert_uint_eq(len, web_builtin[i].len);
		ck_assert_msg(!memcmp(data, web_builtin[i].data, len), "%s differs", path);
		ck_assert_int_eq(web_builtin[i].data[len], 0);
	}
	web_free(w);
	struct web *b = web_load(NULL, err, sizeof(err));
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(web_source(b), "built-in");
	const unsigned char *data;
	size_t len;
	const char *mime;
	ck_assert_int_eq(web_lookup(b, "/", &data, &len, &mime), 1);
	ck_assert_int_eq(web_lookup(b, "/static/nerd.css", &data, &len, &mime), 1);
	ck_assert_str_eq(mime, "text/css; charset=utf-8");
	web_free(b);
}
END_TEST

/* The standalone page: styles and script inline, no reference to a file
 * or host, the data embedded so that no text can end its element. */
START_TEST(test_page)
{
	const char *text = "Er schrieb </script><script>alert(1)</script> und <!-- dies.";
	const char *resp = "{\"id\":null,\"entities\":[],\"note\":\"</script>\"}";
	struct sbuf out;
	sbuf_init(&out);
	ck_assert_int_eq(web_page(&out, "a</b.txt", text, strlen(text), resp, strlen(resp)), 0);
	const char *s = sbuf_cstr(&out);
	ck_assert_int_eq(count(s, out.len, "static/"), 0);
	ck_assert_int_eq(count(s, out.len, "<link rel=\"stylesheet\""), 0);
	ck_assert_int_eq(count(s, out.len, "href=\"data:,\""), count(s, out.len, "href="));
	ck_assert_int_eq(count(s, out.len, "src="), 0);
	ck_assert_int_eq(count(s, out.len, "http://"), 0);
	ck_assert_int_eq(count(s, out.len, "<style>"), 1);
	ck_assert_int_eq(count(s, out.len, "id=\"nerd-data\""), 1);
	/* Two script elements: the data and the code. */
	ck_assert_int_eq(count(s, out.len, "</script>"), 2);
	ck_assert_int_eq(count(s, out.len, "<!--"), 1); /* the page's own comment */
	ck_assert_int_eq(count(s, out.len, "default-src 'none'"), 1);
	ck_assert_int_eq(count(s, out.len, "connect-src"), 0);

	/* The data reads back as the text and the response. */
	const char *a = strstr(s, "id=\"nerd-data\">") + strlen("id=\"nerd-data\">");
	const char *e = strstr(a, "</script>");
	json_error_t je;
	json_t *d = json_loadb(a, (size_t)(e - a), 0, &je);
	ck_assert_msg(d != NULL, "embedded JSON: %s", je.text);
	ck_assert_str_eq(json_string_value(json_object_get(d, "text")), text);
	ck_assert_str_eq(json_string_value(json_object_get(d, "source")), "a</b.txt");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(d, "response"), "note")),
			 "</script>");
	json_decref(d);

	/* No source: null. */
	sbuf_reset(&out);
	ck_assert_int_eq(web_page(&out, NULL, "", 0, "{}", 2), 0);
	ck_assert_int_eq(count(sbuf_cstr(&out), out.len, "{\"source\":null,\"text\":\"\""), 1);
	sbuf_fini(&out);
}
END_TEST

static Suite *web_suite(void)
{
	Suite *s = suite_create("web");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dir_lookup);
	tcase_add_test(tc, test_dir_errors);
	tcase_add_test(tc, test_builtin_matches_web_dir);
	tcase_add_test(tc, test_page);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(web_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
