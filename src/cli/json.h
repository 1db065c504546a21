/* SPDX-License-Identifier: MIT */
/*
 * A small strict JSON (RFC 8259) parser and writer for the control API
 * (api_*.c) and --config-file. The parser builds a tree in caller-given
 * arrays (no allocation): values and a buffer for decoded strings. It
 * refuses what RFC 8259 does not allow (trailing commas, comments, single
 * quotes, leading zeros, bare control characters, invalid UTF-8, lone
 * surrogates), and, because the API's consumers are C strings, a string
 * holding U+0000, a duplicate member name, and nesting deeper than
 * JSON_MAX_DEPTH. One-line errors say what and where (byte offset).
 */
#ifndef ARMVM_CLI_JSON_H
#define ARMVM_CLI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 16
#define JSON_NONE      0xffffffffu   /* no child / no sibling */

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT,
};

struct json_value {
	enum json_type type;
	const char *key;        /* member name when the parent is an object */
	const char *str;        /* JSON_STRING: decoded, NUL-terminated */
	size_t str_len;
	/* JSON_NUMBER: is_int when it has no fraction or exponent and fits */
	bool is_int;
	int64_t i;
	unsigned child;         /* first element/member, or JSON_NONE */
	unsigned next;          /* next sibling, or JSON_NONE */
	unsigned count;         /* elements/members */
};

struct json_doc {
	struct json_value *v;   /* v[0] is the root */
	unsigned cap, n;
	char *str;              /* decoded strings and member names */
	size_t str_cap, str_len;
};

/*
 * Parse text[0..len) (the whole of it: only white space may follow the
 * value) into doc, whose arrays the caller provides (v, cap, str, str_cap;
 * a document never needs more string room than len + cap). 0, or -1 with
 * a message in err.
 */
int json_parse(const char *text, size_t len, struct json_doc *doc,
	       char *err, size_t errlen);

/* Member `key` of object o (by index), or NULL. */
const struct json_value *json_get(const struct json_doc *d,
				  const struct json_value *o, const char *key);
static inline const struct json_value *json_at(const struct json_doc *d, unsigned i)
{
	return i == JSON_NONE ? NULL : &d->v[i];
}
const char *json_type_name(enum json_type t);

/* Writer: appends to buf; on overflow keeps len < cap and sets overflow. */
struct json_out {
	char *buf;
	size_t cap, len;
	bool overflow;
};
void json_out_raw(struct json_out *o, const char *s);
void json_out_fmt(struct json_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, quotes and escapes included. */
void json_out_str(struct json_out *o, const char *s);

#endif
