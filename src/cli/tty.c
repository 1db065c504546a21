/* SPDX-License-Identifier: MIT */
/* Raw terminal input for the guest console; see tty.h. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/tty.h"

/* What the fatal-signal handler restores (NULL: nothing to restore). */
static struct tty_state *volatile fatal_restore;

static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

static void restore_and_die(int sig)
{
	struct tty_state *t = fatal_restore;
	if (t)
		tcsetattr(t->fd, TCSANOW, &t->orig);   /* async-signal-safe */
	/* SA_RESETHAND put the default action back: die of the same signal. */
	raise(sig);
}

static void fatal_handlers(bool install)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = install ? restore_and_die : SIG_DFL;
	sa.sa_flags = install ? (int)(SA_RESETHAND | SA_NODEFER) : 0;
	sigemptyset(&sa.sa_mask);
	for (unsigned i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

bool tty_raw_begin(struct tty_state *t, int fd)
{
	t->fd = fd;
	t->saved = false;
	if (!isatty(fd) || tcgetattr(fd, &t->orig) < 0)
		return false;
	struct termios raw = t->orig;
	/* cfmakeraw's input side: byte at a time, no echo, no signals from
	 * keys, no CR/NL translation, no flow control, 8 bits. */
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				   IGNCR | ICRNL | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	fatal_restore = t;
	fatal_handlers(true);
	if (tcsetattr(fd, TCSANOW, &raw) == 0) {
		t->saved = true;
		return true;
	}
	fatal_handlers(false);
	fatal_restore = NULL;
	return false;
}

void tty_raw_end(struct tty_state *t)
{
	if (!t->saved)
		return;
	tcsetattr(t->fd, TCSANOW, &t->orig);
	fatal_handlers(false);
	fatal_restore = NULL;
	t->saved = false;
}
