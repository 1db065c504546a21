/* SPDX-License-Identifier: MIT */
/*
 * The console on a terminal: a thread reads the (raw) terminal, runs the
 * bytes through the escape parser (console_escape.h) and passes what the
 * guest gets into a pipe, whose read end the guest's console reader (the
 * PL011 input thread or the virtio-console back end) uses instead of the
 * terminal. Ctrl-A x calls the quit callback; Ctrl-A h prints the help
 * line on stderr.
 *
 * The thread keeps reading the terminal even when the guest does not drain
 * its input, so Ctrl-A x always works: once the pipe holds a full pipe
 * buffer (64 KiB on Linux) of unread input, further typed bytes are
 * dropped.
 */
#ifndef ARMVM_CLI_TTY_FILTER_H
#define ARMVM_CLI_TTY_FILTER_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

struct tty_filter {
	int tty_fd;
	int guest_fd;                /* pipe read end: the guest's input */
	int pipe_w;                  /* pipe write end (non-blocking) */
	int wake[2];                 /* a byte here ends the thread */
	void (*quit)(void *ctx);
	void *ctx;
	volatile sig_atomic_t quit_seen;
	pthread_t thread;
	bool running;
};

/* Make the pipe; f->guest_fd is then the input to hand to the guest's
 * console. Returns 0, or -1 with errno set. */
int tty_filter_open(struct tty_filter *f, int tty_fd);
/* Start the thread; quit(ctx) runs on it at Ctrl-A x. 0, or -1. */
int tty_filter_start(struct tty_filter *f, void (*quit)(void *ctx), void *ctx);
/* Whether the user typed Ctrl-A x. */
bool tty_filter_quit_seen(const struct tty_filter *f);
/* Stop the thread (if started); the pipe stays open. */
void tty_filter_stop(struct tty_filter *f);
/* Stop, and close the pipe: after the guest's console reader is gone. */
void tty_filter_close(struct tty_filter *f);

#endif
