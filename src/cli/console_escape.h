/* SPDX-License-Identifier: MIT */
/*
 * The console escape prefix on a terminal, as QEMU -nographic has it:
 * Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A h asks for help,
 * Ctrl-A followed by any other byte sends both. Every other byte (Ctrl-C
 * included: the terminal is fully raw) goes to the guest as it is. A pure
 * byte-at-a-time state machine, unit-tested natively (tests/cli/console_escape_test.c).
 */
#ifndef ARMVM_CLI_CONSOLE_ESCAPE_H
#define ARMVM_CLI_CONSOLE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_ESCAPE_PREFIX 0x01   /* Ctrl-A */
#define CONSOLE_ESCAPE_QUIT   'x'
#define CONSOLE_ESCAPE_HELP   'h'

/* The help line printed for Ctrl-A h (no newline). */
#define CONSOLE_ESCAPE_HELP_TEXT \
	"armvm: Ctrl-A x quit, Ctrl-A Ctrl-A send Ctrl-A, Ctrl-A h this help"

enum console_escape_action {
	CONSOLE_ESCAPE_NONE,         /* pass the output bytes on */
	CONSOLE_ESCAPE_DO_QUIT,      /* the user asked to stop the VM */
	CONSOLE_ESCAPE_DO_HELP,      /* print CONSOLE_ESCAPE_HELP_TEXT */
};

struct console_escape {
	bool after_prefix;           /* the last byte was an unpaired Ctrl-A */
};

/*
 * Feed one byte typed on the terminal. Puts the 0, 1 or 2 bytes the guest
 * gets into out[] and their count into *nout, and returns what else to do.
 */
enum console_escape_action console_escape_feed(struct console_escape *e,
					       uint8_t byte, uint8_t out[2],
					       size_t *nout);

#endif
