/* SPDX-License-Identifier: MIT */
/* Raw terminal input for the guest console; see tty.h. */
#include <unistd.h>

#include "cli/tty.h"

void tty_raw_begin(struct tty_state *t, int fd)
{
	t->fd = fd;
	t->saved = false;
	if (!isatty(fd) || tcgetattr(fd, &t->orig) < 0)
		return;
	struct termios raw = t->orig;
	/* Byte at a time, no echo, no CR/NL translation on input; keep ISIG so
	 * Ctrl-C still reaches armvm (which then stops the VM). */
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) == 0)
		t->saved = true;
}

void tty_raw_end(struct tty_state *t)
{
	if (t->saved)
		tcsetattr(t->fd, TCSANOW, &t->orig);
	t->saved = false;
}
