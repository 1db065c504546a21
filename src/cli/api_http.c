/* SPDX-License-Identifier: MIT */
/* HTTP/1.1 messages for the control API; see api_http.h. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli/api_http.h"

const char *api_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 505: return "HTTP Version Not Supported";
	}
	return "Unknown";
}

/* The end of the header block ("\r\n\r\n"), or NULL. */
static const char *head_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 3 < len; i++)
		if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' &&
		    buf[i + 3] == '\n')
			return buf + i;
	return NULL;
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

struct header_info {
	bool have_length, chunked, close, keep_alive;
	size_t length;
};

/* Headers from p to end (each "name: value\r\n"). */
static int parse_headers(const char *p, const char *end, struct header_info *h,
			 const char **why)
{
	while (p < end) {
		const char *eol = p;
		while (eol < end && !(eol[0] == '\r' && eol + 1 <= end && eol[1] == '\n'))
			eol++;
		const char *colon = p;
		while (colon < eol && is_tchar(*colon))
			colon++;
		if (colon == p || colon >= eol || *colon != ':') {
			*why = "malformed header line";
			return -1;
		}
		size_t nlen = (size_t)(colon - p);
		const char *v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		const char *ve = eol;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		for (const char *c = v; c < ve; c++)
			if ((unsigned char)*c < 0x20 && *c != '\t') {
				*why = "control character in a header value";
				return -1;
			}
		size_t vlen = (size_t)(ve - v);
		if (nlen == 14 && !strncasecmp(p, "Content-Length", 14)) {
			size_t n = 0;
			if (vlen == 0 || vlen > 9) {
				*why = "bad Content-Length";
				return -1;
			}
			for (size_t i = 0; i < vlen; i++) {
				if (v[i] < '0' || v[i] > '9') {
					*why = "bad Content-Length";
					return -1;
				}
				n = n * 10 + (size_t)(v[i] - '0');
			}
			if (h->have_length && h->length != n) {
				*why = "conflicting Content-Length headers";
				return -1;
			}
			h->have_length = true;
			h->length = n;
		} else if (nlen == 17 && !strncasecmp(p, "Transfer-Encoding", 17)) {
			h->chunked = true;
		} else if (nlen == 10 && !strncasecmp(p, "Connection", 10)) {
			if (vlen == 5 && !strncasecmp(v, "close", 5))
				h->close = true;
			if (vlen == 10 && !strncasecmp(v, "keep-alive", 10))
				h->keep_alive = true;
		}
		p = eol + 2;
	}
	return 0;
}

enum api_http_parse api_http_parse_request(const char *buf, size_t len,
					   struct api_http_request *rq,
					   size_t *used, int *status,
					   const char **why)
{
	const char *he = head_end(buf, len);
	if (!he) {
		if (len > API_HTTP_MAX_HEAD) {
			*status = 431;
			*why = "request headers too large";
			return API_HTTP_BAD;
		}
		return API_HTTP_INCOMPLETE;
	}
	*status = 400;
	memset(rq, 0, sizeof(*rq));
	/* Request line: METHOD SP target SP HTTP/1.x CRLF */
	const char *p = buf, *line_end = buf;
	while (line_end < he && *line_end != '\r')
		line_end++;
	const char *sp = p;
	while (sp < line_end && is_tchar(*sp))
		sp++;
	if (sp == p || sp >= line_end || *sp != ' ') {
		*why = "malformed request line";
		return API_HTTP_BAD;
	}
	size_t mlen = (size_t)(sp - p);
	if (mlen >= sizeof(rq->method)) {
		*status = 501;
		*why = "unsupported method";
		return API_HTTP_BAD;
	}
	memcpy(rq->method, p, mlen);
	const char *t = sp + 1, *te = t;
	while (te < line_end && *te != ' ')
		te++;
	if (te == t || te >= line_end || *t != '/') {
		*why = "malformed request target";
		return API_HTTP_BAD;
	}
	for (const char *c = t; c < te; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f) {
			*why = "malformed request target";
			return API_HTTP_BAD;
		}
	if ((size_t)(te - t) >= sizeof(rq->path)) {
		*status = 414;
		*why = "request target too long";
		return API_HTTP_BAD;
	}
	memcpy(rq->path, t, (size_t)(te - t));
	const char *ver = te + 1;
	size_t vlen = (size_t)(line_end - ver);
	bool http10 = vlen == 8 && !memcmp(ver, "HTTP/1.0", 8);
	if (!http10 && !(vlen == 8 && !memcmp(ver, "HTTP/1.1", 8))) {
		if (vlen >= 5 && !memcmp(ver, "HTTP/", 5)) {
			*status = 505;
			*why = "only HTTP/1.0 and HTTP/1.1 are supported";
		} else {
			*why = "malformed request line";
		}
		return API_HTTP_BAD;
	}
	struct header_info h = { 0 };
	if (line_end < he && parse_headers(line_end + 2, he + 2, &h, why) < 0)
		return API_HTTP_BAD;
	if (h.chunked) {
		*status = 501;
		*why = "Transfer-Encoding is not supported (send Content-Length)";
		return API_HTTP_BAD;
	}
	if (h.length > API_HTTP_MAX_BODY) {
		*status = 413;
		*why = "request body larger than the limit of 51200 bytes";
		return API_HTTP_BAD;
	}
	size_t head = (size_t)(he - buf) + 4;
	if (len - head < h.length)
		return API_HTTP_INCOMPLETE;
	rq->body = h.length ? buf + head : NULL;
	rq->body_len = h.length;
	rq->close = h.close || (http10 && !h.keep_alive);
	*used = head + h.length;
	return API_HTTP_DONE;
}

int api_http_format_response(char *out, size_t cap, int status,
			     const char *body, size_t body_len, bool close)
{
	int n;
	if (body && body_len)
		n = snprintf(out, cap, "HTTP/1.1 %d %s\r\nServer: armvm API\r\n"
			     "Connection: %s\r\nContent-Type: application/json\r\n"
			     "Content-Length: %zu\r\n\r\n", status,
			     api_http_reason(status), close ? "close" : "keep-alive",
			     body_len);
	else  /* RFC 9110 8.6: no Content-Length in a 204 */
		n = snprintf(out, cap, "HTTP/1.1 %d %s\r\nServer: armvm API\r\n"
			     "Connection: %s\r\n%s\r\n", status,
			     api_http_reason(status), close ? "close" : "keep-alive",
			     status == 204 ? "" : "Content-Length: 0\r\n");
	if (n < 0 || (size_t)n >= cap || cap - (size_t)n < body_len)
		return -1;
	if (body && body_len)
		memcpy(out + n, body, body_len);
	return n + (int)body_len;
}

int api_http_format_request(char *out, size_t cap, const char *method,
			    const char *path, const char *body, size_t body_len)
{
	int n = snprintf(out, cap, "%s %s HTTP/1.1\r\nHost: localhost\r\n"
			 "Accept: application/json\r\n%sContent-Length: %zu\r\n\r\n",
			 method, path, body_len ? "Content-Type: application/json\r\n" : "",
			 body_len);
	if (n < 0 || (size_t)n >= cap || cap - (size_t)n < body_len)
		return -1;
	if (body_len)
		memcpy(out + n, body, body_len);
	return n + (int)body_len;
}

enum api_http_parse api_http_parse_response(const char *buf, size_t len,
					    int *status, const char **body,
					    size_t *body_len, const char **why)
{
	const char *he = head_end(buf, len);
	if (!he)
		return len > API_HTTP_MAX_HEAD ? (*why = "response headers too large",
						  API_HTTP_BAD) : API_HTTP_INCOMPLETE;
	if (len < 12 || memcmp(buf, "HTTP/1.", 7) || buf[8] != ' ' ||
	    buf[9] < '1' || buf[9] > '5' || buf[10] < '0' || buf[10] > '9' ||
	    buf[11] < '0' || buf[11] > '9') {
		*why = "malformed status line";
		return API_HTTP_BAD;
	}
	*status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	const char *line_end = buf;
	while (line_end < he && *line_end != '\r')
		line_end++;
	struct header_info h = { 0 };
	if (line_end < he && parse_headers(line_end + 2, he + 2, &h, why) < 0)
		return API_HTTP_BAD;
	size_t head = (size_t)(he - buf) + 4;
	if (*status == 204 || *status == 304 || *status < 200) {
		*body = buf + head;
		*body_len = 0;
		return API_HTTP_DONE;
	}
	if (!h.have_length) {
		*why = "response without Content-Length";
		return API_HTTP_BAD;
	}
	if (len - head < h.length)
		return API_HTTP_INCOMPLETE;
	*body = buf + head;
	*body_len = h.length;
	return API_HTTP_DONE;
}
