/* SPDX-License-Identifier: MIT */
/* The console escape prefix; see console_escape.h. */
#include "cli/console_escape.h"

enum console_escape_action console_escape_feed(struct console_escape *e,
					       uint8_t byte, uint8_t out[2],
					       size_t *nout)
{
	*nout = 0;
	if (!e->after_prefix) {
		if (byte == CONSOLE_ESCAPE_PREFIX)
			e->after_prefix = true;      /* wait for the command */
		else
			out[(*nout)++] = byte;
		return CONSOLE_ESCAPE_NONE;
	}
	e->after_prefix = false;
	switch (byte) {
	case CONSOLE_ESCAPE_QUIT:
		return CONSOLE_ESCAPE_DO_QUIT;
	case CONSOLE_ESCAPE_HELP:
		return CONSOLE_ESCAPE_DO_HELP;
	case CONSOLE_ESCAPE_PREFIX:
		out[(*nout)++] = CONSOLE_ESCAPE_PREFIX;
		return CONSOLE_ESCAPE_NONE;
	default:
		/* Not a command: the guest gets what was typed. */
		out[(*nout)++] = CONSOLE_ESCAPE_PREFIX;
		out[(*nout)++] = byte;
		return CONSOLE_ESCAPE_NONE;
	}
}
