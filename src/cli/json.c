/* SPDX-License-Identifier: MIT */
/* Strict JSON parser and writer; see json.h. Grammar: RFC 8259. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/json.h"

struct parser {
	const char *s;
	size_t len, pos;
	struct json_doc *d;
	char *err;
	size_t errlen;
	unsigned depth;
};

static int fail(struct parser *p, const char *what)
{
	if (p->err && p->errlen)
		snprintf(p->err, p->errlen, "%s at byte %zu", what, p->pos);
	return -1;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int new_value(struct parser *p, enum json_type t, unsigned *idx)
{
	if (p->d->n >= p->d->cap)
		return fail(p, "too many JSON values");
	*idx = p->d->n++;
	p->d->v[*idx] = (struct json_value){ .type = t, .child = JSON_NONE,
					     .next = JSON_NONE };
	return 0;
}

static int put_byte(struct parser *p, char c)
{
	if (p->d->str_len >= p->d->str_cap)
		return fail(p, "strings too long");
	p->d->str[p->d->str_len++] = c;
	return 0;
}

static int hex4(struct parser *p, unsigned *out)
{
	if (p->len - p->pos < 4)
		return fail(p, "truncated \\u escape");
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p->s[p->pos++];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
		else return fail(p, "bad \\u escape");
	}
	*out = v;
	return 0;
}

static int put_utf8(struct parser *p, unsigned cp)
{
	char b[4];
	int n;
	if (cp < 0x80) { b[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { b[0] = (char)(0xc0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3f)); n = 2; }
	else if (cp < 0x10000) { b[0] = (char)(0xe0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f)); n = 3; }
	else { b[0] = (char)(0xf0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); b[3] = (char)(0x80 | (cp & 0x3f)); n = 4; }
	for (int i = 0; i < n; i++)
		if (put_byte(p, b[i]) < 0)
			return -1;
	return 0;
}

/* One raw UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
static int copy_utf8(struct parser *p)
{
	const unsigned char *u = (const unsigned char *)p->s + p->pos;
	size_t left = p->len - p->pos;
	unsigned c = u[0], n, cp, min;
	if (c < 0x80) { n = 1; cp = c; min = 0; }
	else if ((c & 0xe0) == 0xc0) { n = 2; cp = c & 0x1f; min = 0x80; }
	else if ((c & 0xf0) == 0xe0) { n = 3; cp = c & 0x0f; min = 0x800; }
	else if ((c & 0xf8) == 0xf0) { n = 4; cp = c & 0x07; min = 0x10000; }
	else return fail(p, "invalid UTF-8");
	if (left < n)
		return fail(p, "invalid UTF-8");
	for (unsigned i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return fail(p, "invalid UTF-8");
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(p, "invalid UTF-8");
	for (unsigned i = 0; i < n; i++)
		if (put_byte(p, (char)u[i]) < 0)
			return -1;
	p->pos += n;
	return 0;
}

/* At the opening quote; decoded into doc->str, NUL-terminated. */
static int parse_string(struct parser *p, const char **out, size_t *out_len)
{
	p->pos++;
	size_t start = p->d->str_len;
	for (;;) {
		if (p->pos >= p->len)
			return fail(p, "unterminated string");
		unsigned char c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20)
			return fail(p, "control character in string");
		if (c != '\\') {
			if (copy_utf8(p) < 0)
				return -1;
			continue;
		}
		p->pos++;
		if (p->pos >= p->len)
			return fail(p, "unterminated string");
		char e = p->s[p->pos++];
		char lit;
		switch (e) {
		case '"': lit = '"'; break;
		case '\\': lit = '\\'; break;
		case '/': lit = '/'; break;
		case 'b': lit = '\b'; break;
		case 'f': lit = '\f'; break;
		case 'n': lit = '\n'; break;
		case 'r': lit = '\r'; break;
		case 't': lit = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(p, &cp) < 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return fail(p, "lone surrogate in \\u escape");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (p->len - p->pos < 2 || p->s[p->pos] != '\\' ||
				    p->s[p->pos + 1] != 'u')
					return fail(p, "lone surrogate in \\u escape");
				p->pos += 2;
				if (hex4(p, &lo) < 0)
					return -1;
				if (lo < 0xdc00 || lo > 0xdfff)
					return fail(p, "lone surrogate in \\u escape");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0)
				return fail(p, "\\u0000 in string");
			if (put_utf8(p, cp) < 0)
				return -1;
			continue;
		}
		default:
			return fail(p, "bad escape in string");
		}
		if (put_byte(p, lit) < 0)
			return -1;
	}
	*out_len = p->d->str_len - start;
	if (put_byte(p, '\0') < 0)
		return -1;
	*out = p->d->str + start;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int parse_number(struct parser *p, struct json_value *v)
{
	size_t start = p->pos;
	bool neg = false, frac = false;
	if (p->s[p->pos] == '-') {
		neg = true;
		p->pos++;
	}
	if (p->pos >= p->len || !is_digit(p->s[p->pos]))
		return fail(p, "bad number");
	if (p->s[p->pos] == '0' && p->pos + 1 < p->len && is_digit(p->s[p->pos + 1]))
		return fail(p, "leading zero in number");
	uint64_t mag = 0;
	bool overflow = false;
	while (p->pos < p->len && is_digit(p->s[p->pos])) {
		unsigned dgt = (unsigned)(p->s[p->pos++] - '0');
		if (mag > (UINT64_MAX - dgt) / 10)
			overflow = true;
		else
			mag = mag * 10 + dgt;
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		frac = true;
		p->pos++;
		if (p->pos >= p->len || !is_digit(p->s[p->pos]))
			return fail(p, "bad number");
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		frac = true;
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || !is_digit(p->s[p->pos]))
			return fail(p, "bad number");
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	(void)start;
	v->is_int = !frac && !overflow &&
		    (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= (uint64_t)INT64_MAX);
	if (v->is_int)
		v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

static bool literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return false;
	p->pos += n;
	return true;
}

static int parse_value(struct parser *p, unsigned *idx);

/* Append child c to container idx (tail kept in *last). */
static void link_child(struct parser *p, unsigned idx, unsigned *last, unsigned c)
{
	struct json_value *v = &p->d->v[idx];
	if (*last == JSON_NONE)
		v->child = c;
	else
		p->d->v[*last].next = c;
	*last = c;
	v->count++;
}

static int parse_container(struct parser *p, unsigned idx, bool object)
{
	char close = object ? '}' : ']';
	unsigned last = JSON_NONE;
	if (++p->depth > JSON_MAX_DEPTH)
		return fail(p, "JSON nested too deeply");
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		p->depth--;
		return 0;
	}
	for (;;) {
		const char *key = NULL;
		size_t key_len;
		skip_ws(p);
		if (object) {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return fail(p, "expected a member name");
			if (parse_string(p, &key, &key_len) < 0)
				return -1;
			for (unsigned c = p->d->v[idx].child; c != JSON_NONE; c = p->d->v[c].next)
				if (!strcmp(p->d->v[c].key, key))
					return fail(p, "duplicate member name");
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':')
				return fail(p, "expected ':'");
			p->pos++;
		}
		unsigned c;
		if (parse_value(p, &c) < 0)
			return -1;
		p->d->v[c].key = key;
		link_child(p, idx, &last, c);
		skip_ws(p);
		if (p->pos >= p->len)
			return fail(p, "unexpected end of JSON");
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == close) {
			p->pos++;
			p->depth--;
			return 0;
		}
		return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int parse_value(struct parser *p, unsigned *idx)
{
	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end of JSON");
	char c = p->s[p->pos];
	switch (c) {
	case '{':
	case '[':
		if (new_value(p, c == '{' ? JSON_OBJECT : JSON_ARRAY, idx) < 0)
			return -1;
		return parse_container(p, *idx, c == '{');
	case '"':
		if (new_value(p, JSON_STRING, idx) < 0)
			return -1;
		return parse_string(p, &p->d->v[*idx].str, &p->d->v[*idx].str_len);
	case 't':
	case 'f':
	case 'n':
		if (literal(p, "true"))
			return new_value(p, JSON_TRUE, idx);
		if (literal(p, "false"))
			return new_value(p, JSON_FALSE, idx);
		if (literal(p, "null"))
			return new_value(p, JSON_NULL, idx);
		return fail(p, "unexpected character");
	default:
		if (c == '-' || is_digit(c)) {
			if (new_value(p, JSON_NUMBER, idx) < 0)
				return -1;
			return parse_number(p, &p->d->v[*idx]);
		}
		return fail(p, "unexpected character");
	}
}

int json_parse(const char *text, size_t len, struct json_doc *doc,
	       char *err, size_t errlen)
{
	struct parser p = { .s = text, .len = len, .d = doc, .err = err,
			    .errlen = errlen };
	doc->n = 0;
	doc->str_len = 0;
	unsigned root;
	if (parse_value(&p, &root) < 0)
		return -1;
	skip_ws(&p);
	if (p.pos != len)
		return fail(&p, "trailing characters after the JSON value");
	return 0;
}

const struct json_value *json_get(const struct json_doc *d,
				  const struct json_value *o, const char *key)
{
	if (!o || o->type != JSON_OBJECT)
		return NULL;
	for (unsigned c = o->child; c != JSON_NONE; c = d->v[c].next)
		if (!strcmp(d->v[c].key, key))
			return &d->v[c];
	return NULL;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_FALSE: case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}

void json_out_raw(struct json_out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->overflow || o->len + n >= o->cap) {
		o->overflow = true;
		return;
	}
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
}

void json_out_fmt(struct json_out *o, const char *fmt, ...)
{
	if (o->overflow)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len) {
		o->overflow = true;
		o->buf[o->len] = '\0';
		return;
	}
	o->len += (size_t)n;
}

void json_out_str(struct json_out *o, const char *s)
{
	json_out_raw(o, "\"");
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		char esc[8];
		switch (*u) {
		case '"': json_out_raw(o, "\\\""); continue;
		case '\\': json_out_raw(o, "\\\\"); continue;
		case '\n': json_out_raw(o, "\\n"); continue;
		case '\r': json_out_raw(o, "\\r"); continue;
		case '\t': json_out_raw(o, "\\t"); continue;
		default:
			break;
		}
		if (*u < 0x20 || *u == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", *u);
			json_out_raw(o, esc);
		} else {
			esc[0] = (char)*u;
			esc[1] = '\0';
			json_out_raw(o, esc);
		}
	}
	json_out_raw(o, "\"");
}
