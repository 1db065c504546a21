/* SPDX-License-Identifier: MIT */
/*
 * Native unit tests of the console escape parser. Prints one PASS:/FAIL:
 * line per case (a test suite for tests/run-suites.sh).
 */
#include <stdio.h>
#include <string.h>

#include "cli/console_escape.h"

static int failures;

/* Feed `in` (n bytes) to a fresh parser; collect what the guest gets and
 * the actions, as letters: q = quit, h = help. Stops feeding at a quit, as
 * the console thread does. */
static void run(const char *in, size_t n, uint8_t *out, size_t *outlen,
		char *actions, struct console_escape *e)
{
	size_t o = 0, a = 0;
	e->after_prefix = false;
	for (size_t i = 0; i < n; i++) {
		uint8_t b[2];
		size_t nb;
		enum console_escape_action act =
			console_escape_feed(e, (uint8_t)in[i], b, &nb);
		memcpy(out + o, b, nb);
		o += nb;
		if (act == CONSOLE_ESCAPE_DO_HELP)
			actions[a++] = 'h';
		if (act == CONSOLE_ESCAPE_DO_QUIT) {
			actions[a++] = 'q';
			break;
		}
	}
	actions[a] = '\0';
	*outlen = o;
}

static void check(const char *name, const char *in, size_t n,
		  const char *want, size_t wantlen, const char *want_actions,
		  int want_pending)
{
	uint8_t out[64];
	size_t outlen;
	char actions[16];
	struct console_escape e;
	run(in, n, out, &outlen, actions, &e);
	int ok = outlen == wantlen && !memcmp(out, want, wantlen) &&
		 !strcmp(actions, want_actions) &&
		 (want_pending < 0 || e.after_prefix == (want_pending != 0));
	if (ok) {
		printf("PASS: cli-escape %s\n", name);
		return;
	}
	printf("FAIL: cli-escape %s got %zu bytes [", name, outlen);
	for (size_t i = 0; i < outlen; i++)
		printf("%s%02x", i ? " " : "", out[i]);
	printf("] actions '%s' pending %d, wanted %zu bytes, actions '%s'\n",
	       actions, (int)e.after_prefix, wantlen, want_actions);
	failures++;
}

#define CHECK(name, in, want, actions, pending) \
	check(name, in, sizeof(in) - 1, want, sizeof(want) - 1, actions, pending)

int main(void)
{
	CHECK("plain bytes pass", "hello\n", "hello\n", "", 0);
	/* A full raw terminal: the signal keys are bytes for the guest. */
	CHECK("ctrl-c ctrl-z ctrl-backslash pass", "\x03\x1a\x1c", "\x03\x1a\x1c", "", 0);
	CHECK("ctrl-a x quits", "\x01x", "", "q", 0);
	CHECK("bytes before ctrl-a x pass", "ab\x01xcd", "ab", "q", -1);
	CHECK("ctrl-a ctrl-a sends one ctrl-a", "\x01\x01", "\x01", "", 0);
	CHECK("ctrl-a ctrl-a then x is data", "\x01\x01x", "\x01x", "", 0);
	CHECK("ctrl-a h asks for help", "\x01h", "", "h", 0);
	CHECK("help then quit", "\x01hz\x01x", "z", "hq", -1);
	CHECK("ctrl-a other sends both", "\x01q", "\x01q", "", 0);
	CHECK("ctrl-a capital X is not quit", "\x01X", "\x01X", "", 0);
	CHECK("ctrl-a ctrl-c sends both", "\x01\x03", "\x01\x03", "", 0);
	CHECK("ctrl-a nul sends both", "\x01\x00", "\x01\x00", "", 0);
	CHECK("three ctrl-a: one sent, one pending", "\x01\x01\x01", "\x01", "", 1);
	CHECK("lone trailing ctrl-a waits", "ab\x01", "ab", "", 1);
	CHECK("four ctrl-a send two", "\x01\x01\x01\x01", "\x01\x01", "", 0);
	CHECK("high bytes pass", "\xff\x80\x01\xff", "\xff\x80\x01\xff", "", 0);
	return failures ? 1 : 0;
}
