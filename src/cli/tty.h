/* SPDX-License-Identifier: MIT */
/*
 * The host terminal while a guest owns the console: keys go to the guest as
 * typed (no line editing, no local echo: the guest echoes), while Ctrl-C
 * and friends still signal armvm so a stuck guest can be stopped.
 */
#ifndef ARMVM_CLI_TTY_H
#define ARMVM_CLI_TTY_H

#include <stdbool.h>
#include <termios.h>

struct tty_state {
	int fd;
	bool saved;
	struct termios orig;
};

/* If fd is a terminal, switch it to raw input and remember how it was. */
void tty_raw_begin(struct tty_state *t, int fd);
/* Put the terminal back as it was (no-op if tty_raw_begin changed nothing). */
void tty_raw_end(struct tty_state *t);

#endif
