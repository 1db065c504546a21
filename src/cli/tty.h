/* SPDX-License-Identifier: MIT */
/*
 * The host terminal while a guest owns the console: fully raw input, so
 * every key (Ctrl-C, Ctrl-Z and Ctrl-\ included) reaches the guest as a
 * byte, no line editing, no local echo (the guest echoes). Output
 * processing is kept, so armvm's own stderr lines still start at the left
 * margin. Stopping armvm from the keyboard is the escape filter's job
 * (tty_filter.h: Ctrl-A x).
 *
 * The saved modes are put back by tty_raw_end and, should armvm itself die
 * of a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT), by a handler
 * that restores them before the default action runs.
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

/* If fd is a terminal, switch it to raw input and remember how it was.
 * Returns whether it did. One tty_state at a time. */
bool tty_raw_begin(struct tty_state *t, int fd);
/* Put the terminal back as it was (no-op if tty_raw_begin changed nothing). */
void tty_raw_end(struct tty_state *t);

#endif
