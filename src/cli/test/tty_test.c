/* SPDX-License-Identifier: MIT */
/*
 * `armvm run` on a terminal: run armvm with a pseudo-terminal as its stdin
 * and stdout and a tiny echo guest (loaded raw) that upper-cases what it
 * reads from the PL011 and powers off after a newline. Checks that typed
 * bytes reach the guest one at a time (before any newline: raw input), that
 * the terminal does not echo them itself (only the guest's upper-case echo
 * comes back), that armvm exits 0, and that the terminal's modes are put
 * back afterwards. Prints PASS:/FAIL: lines.
 *
 *   armvm-tty-test [path-to-armvm]   (default: armvm on PATH)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The echo guest, AArch64 (see tests/lab/20-exit-status.sh for its source):
 * poll UARTFR.RXFE, read UARTDR, upper-case a-z, write it back, stop after
 * '\n' with PSCI SYSTEM_OFF. */
static const unsigned char echo_guest[] = {
	0x01, 0x20, 0xa1, 0xd2, 0x22, 0x18, 0x40, 0xb9, 0xe2, 0xff, 0x27, 0x37,
	0x22, 0x00, 0x40, 0xb9, 0x42, 0x1c, 0x00, 0x12, 0x5f, 0x84, 0x01, 0x71,
	0x83, 0x00, 0x00, 0x54, 0x5f, 0xe8, 0x01, 0x71, 0x48, 0x00, 0x00, 0x54,
	0x42, 0x80, 0x00, 0x51, 0x22, 0x00, 0x00, 0xb9, 0x5f, 0x28, 0x00, 0x71,
	0xa1, 0xfe, 0xff, 0x54, 0x00, 0x01, 0x80, 0x52, 0x00, 0x80, 0xb0, 0x72,
	0x02, 0x00, 0x00, 0xd4, 0x00, 0x00, 0x00, 0x14,
};

/* Guard against a hang: no wall-clock threshold on success. */
#define WAIT_SECONDS 60

static int failed;

static void result(int ok, const char *name, const char *why)
{
	if (ok)
		printf("PASS: tty %s\n", name);
	else {
		printf("FAIL: tty %s %s\n", name, why);
		failed = 1;
	}
	fflush(stdout);
}

/* Read from the pty master until `want` has appeared in what was read, or
 * the time is up; the text read so far is left in buf. */
static int read_until(int fd, char *buf, size_t size, size_t *len, const char *want)
{
	time_t end = time(NULL) + WAIT_SECONDS;
	while (!strstr(buf, want) && time(NULL) < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 1000) <= 0)
			continue;
		ssize_t n = read(fd, buf + *len, size - 1 - *len);
		if (n <= 0)
			return -1;
		*len += (size_t)n;
		buf[*len] = '\0';
	}
	return strstr(buf, want) ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *armvm = argc > 1 ? argv[1] : "armvm";
	char guest[] = "/tmp/armvm-tty-guest.XXXXXX";
	int gfd = mkstemp(guest);
	if (gfd < 0 || write(gfd, echo_guest, sizeof(echo_guest)) != (ssize_t)sizeof(echo_guest)) {
		result(0, "setup", "cannot write the guest image");
		return 1;
	}
	close(gfd);

	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		result(0, "setup", "no pseudo-terminal");
		return 1;
	}
	const char *slave_name = ptsname(master);
	int slave = open(slave_name, O_RDWR | O_NOCTTY);
	struct termios before;
	tcgetattr(slave, &before);

	pid_t pid = fork();
	if (pid == 0) {
		dup2(slave, 0);
		dup2(slave, 1);
		execlp(armvm, "armvm", "run", "--raw", guest, (char *)NULL);
		_exit(127);
	}

	/* Give armvm time to switch the terminal: wait until ICANON is off. */
	struct termios now;
	time_t end = time(NULL) + WAIT_SECONDS;
	do {
		usleep(10000);
		tcgetattr(slave, &now);
	} while ((now.c_lflag & ICANON) && time(NULL) < end);
	result(!(now.c_lflag & ICANON) && !(now.c_lflag & ECHO) && (now.c_lflag & ISIG),
	       "raw-mode", "the terminal was not switched to raw input (ISIG kept)");

	char buf[512] = "";
	size_t len = 0;
	/* No newline yet: in canonical mode the guest would see nothing. */
	if (write(master, "ab", 2) != 2)
		result(0, "write", "cannot type into the pty");
	int got = read_until(master, buf, sizeof(buf), &len, "AB");
	result(got == 0, "bytes-before-newline", "the guest's echo 'AB' never came back");
	result(strstr(buf, "ab") == NULL, "no-local-echo", "the terminal echoed the typed 'ab'");

	if (write(master, "c\n", 2) != 2)
		result(0, "write", "cannot type into the pty");
	read_until(master, buf, sizeof(buf), &len, "C");
	int status = -1;
	end = time(NULL) + WAIT_SECONDS;
	while (waitpid(pid, &status, WNOHANG) == 0 && time(NULL) < end)
		usleep(10000);
	if (time(NULL) >= end) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	char why[200];
	snprintf(why, sizeof(why), "armvm ended with status 0x%x", status);
	result(WIFEXITED(status) && WEXITSTATUS(status) == 0, "poweroff", why);

	tcgetattr(slave, &now);
	result(now.c_lflag == before.c_lflag && now.c_iflag == before.c_iflag,
	       "modes-restored", "the terminal's modes differ after armvm exited");
	unlink(guest);
	return failed;
}
