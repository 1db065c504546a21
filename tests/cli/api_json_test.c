/* SPDX-License-Identifier: MIT */
/* cmocka tests of the control API's strict JSON parser and writer (json.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/json.h"

static struct json_value values[256];
static char strbuf[4096];
static char err[200];

static int parse(const char *s, struct json_doc *d)
{
	*d = (struct json_doc){ values, 256, 0, strbuf, sizeof(strbuf), 0 };
	err[0] = '\0';
	return json_parse(s, strlen(s), d, err, sizeof(err));
}

static void test_accepts(void **state)
{
	(void)state;
	struct json_doc d;
	assert_int_equal(parse(" {\"a\": [1, -2, 3.5e2, true, false, null],"
			       " \"b\": {\"c\": \"x\\ty\\u00e9\\ud83d\\ude00\"}} ", &d), 0);
	const struct json_value *a = json_get(&d, &d.v[0], "a");
	assert_non_null(a);
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->count, 6);
	const struct json_value *e = json_at(&d, a->child);
	assert_true(e->is_int);
	assert_int_equal(e->i, 1);
	e = json_at(&d, e->next);
	assert_int_equal(e->i, -2);
	e = json_at(&d, e->next);
	assert_false(e->is_int);
	const struct json_value *c = json_get(&d, json_get(&d, &d.v[0], "b"), "c");
	assert_string_equal(c->str, "x\ty\xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(parse("\"\"", &d), 0);
	assert_int_equal(parse("-0", &d), 0);
	assert_int_equal(parse("9223372036854775807", &d), 0);
	assert_true(d.v[0].is_int);
	assert_int_equal(parse("-9223372036854775808", &d), 0);
	assert_true(d.v[0].is_int);
	assert_int_equal(parse("9223372036854775808", &d), 0);
	assert_false(d.v[0].is_int);       /* out of range: not an integer */
	assert_int_equal(parse("[]", &d), 0);
	assert_int_equal(parse("{}", &d), 0);
	assert_int_equal(parse("\"caf\xc3\xa9\"", &d), 0);
}

static void refused(const char *s, const char *why)
{
	struct json_doc d;
	assert_int_equal(parse(s, &d), -1);
	if (!strstr(err, why))
		fail_msg("'%s': got '%s', want '%s'", s, err, why);
}

static void test_refuses(void **state)
{
	(void)state;
	refused("", "unexpected end");
	refused("{", "expected a member name");
	refused("{\"a\":1,}", "expected a member name");
	refused("[1,]", "unexpected character");
	refused("[1 2]", "expected ',' or ']'");
	refused("{'a':1}", "expected a member name");
	refused("{\"a\":1} x", "trailing characters");
	refused("{\"a\":1}{}", "trailing characters");
	refused("01", "leading zero");
	refused("1.", "bad number");
	refused("-", "bad number");
	refused("1e", "bad number");
	refused("+1", "unexpected character");
	refused("NaN", "unexpected character");
	refused("tru", "unexpected character");
	refused("\"a\nb\"", "control character");
	refused("\"\\x\"", "bad escape");
	refused("\"\\u12\"", "\\u escape");
	refused("\"\\u12zz\"", "bad \\u escape");
	refused("\"\\ud800\"", "lone surrogate");
	refused("\"\\udc00\"", "lone surrogate");
	refused("\"\\u0000\"", "\\u0000");
	refused("\"\xff\"", "invalid UTF-8");
	refused("\"\xc0\xaf\"", "invalid UTF-8");          /* overlong */
	refused("\"\xed\xa0\x80\"", "invalid UTF-8");      /* a surrogate */
	refused("\"abc", "unterminated string");
	refused("{\"a\":1,\"a\":2}", "duplicate member name");
	refused("// c\n{}", "unexpected character");
	refused("[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "nested too deeply");
	/* NUL inside the text is not white space. */
	struct json_doc d = { values, 256, 0, strbuf, sizeof(strbuf), 0 };
	assert_int_equal(json_parse("{}\0", 3, &d, err, sizeof(err)), -1);
}

static void test_limits(void **state)
{
	(void)state;
	struct json_value few[3];
	char s[8];
	struct json_doc d = { few, 3, 0, s, sizeof(s), 0 };
	assert_int_equal(json_parse("[1,2,3]", 7, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too many JSON values"));
	d = (struct json_doc){ few, 3, 0, s, sizeof(s), 0 };
	assert_int_equal(json_parse("\"123456789\"", 11, &d, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "strings too long"));
}

static void test_writer(void **state)
{
	(void)state;
	char buf[64];
	struct json_out o = { buf, sizeof(buf), 0, false };
	json_out_raw(&o, "{\"m\":");
	json_out_str(&o, "a\"b\\c\n\x01");
	json_out_raw(&o, "}");
	assert_false(o.overflow);
	assert_string_equal(buf, "{\"m\":\"a\\\"b\\\\c\\n\\u0001\"}");
	/* What it writes parses back to the same string. */
	struct json_doc d;
	assert_int_equal(parse(buf, &d), 0);
	assert_string_equal(json_get(&d, &d.v[0], "m")->str, "a\"b\\c\n\x01");
	char small[8];
	struct json_out t = { small, sizeof(small), 0, false };
	json_out_str(&t, "too long for it");
	assert_true(t.overflow);
	assert_true(t.len < sizeof(small));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
