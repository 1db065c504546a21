/* SPDX-License-Identifier: MIT */
/*
 * Host input for the guest's PL011: a thread that reads a file descriptor
 * (stdin) and feeds the UART's receive FIFO as it drains, under the UART's
 * lock. It ends at end of input or when stopped.
 */
#ifndef ARMVM_CLI_CONSOLE_IN_H
#define ARMVM_CLI_CONSOLE_IN_H

#include <pthread.h>
#include <stdbool.h>

#include "dev/pl011.h"

struct console_in {
	int fd;
	int wake[2];                 /* a pipe: a byte here ends the thread */
	struct pl011 *uart;
	pthread_mutex_t *lock;
	pthread_t thread;
	bool running;
};

/* Start feeding `uart` from `fd`. Returns 0, or -1 (no thread: no input). */
int console_in_start(struct console_in *c, int fd, struct pl011 *uart,
		     pthread_mutex_t *lock);
void console_in_stop(struct console_in *c);

#endif
