/* SPDX-License-Identifier: MIT */
/*
 * `armvm run` on a terminal: run armvm with a pseudo-terminal as its stdin
 * and stdout and a tiny echo guest (loaded raw) that upper-cases what it
 * reads from the PL011 and powers off after a newline. Checks that the
 * terminal is fully raw (ISIG off too) and armvm says how to quit, that
 * typed bytes reach the guest one at a time (before any newline), that the
 * terminal does not echo them itself (only the guest's upper-case echo
 * comes back), that Ctrl-C reaches the guest as a byte, the escape prefix
 * (Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A + another key sends both, Ctrl-A h
 * prints help, Ctrl-A x stops armvm with status 5), that armvm exits 0 on
 * power off, and that the terminal's modes are put back each time. With
 * stdin a pipe, bytes pass unchanged (no escape) and SIGINT stops armvm
 * (status 5). Prints PASS:/FAIL: lines.
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

/* Read from fd until `want` has appeared in what was read, or the time is
 * up; the text read so far is left in buf. */
static int read_until(int fd, char *buf, size_t size, size_t *len, const char *want)
{
	time_t end = time(NULL) + WAIT_SECONDS;
	while (!strstr(buf, want) && time(NULL) < end && *len < size - 1) {
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

/* Whatever is readable on fd now (armvm's stderr after it exited). */
static void read_rest(int fd, char *buf, size_t size, size_t *len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (*len < size - 1 && poll(&p, 1, 100) > 0) {
		ssize_t n = read(fd, buf + *len, size - 1 - *len);
		if (n <= 0)
			break;
		*len += (size_t)n;
		buf[*len] = '\0';
	}
}

static void type(int fd, const char *s, size_t n)
{
	if (write(fd, s, n) != (ssize_t)n)
		result(0, "write", "cannot type into the console");
}

/* Wait for armvm to end (killing it after WAIT_SECONDS); its wait status. */
static int wait_armvm(pid_t pid)
{
	int status = -1;
	time_t end = time(NULL) + WAIT_SECONDS;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (time(NULL) >= end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	return status;
}

static void check_exit(int status, int want, const char *name)
{
	char why[200];
	snprintf(why, sizeof(why), "armvm ended with wait status 0x%x, want exit %d",
		 status, want);
	result(WIFEXITED(status) && WEXITSTATUS(status) == want, name, why);
}

/* Start armvm on the guest with stdin `in`, stdout `out`, stderr a pipe
 * whose read end goes to *err_fd. */
static pid_t start_armvm(const char *armvm, const char *guest, int in, int out,
			 int *err_fd)
{
	int ep[2];
	if (pipe(ep) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(ep[1], 2);
		close(ep[0]);
		execlp(armvm, "armvm", "run", "--raw", guest, (char *)NULL);
		_exit(127);
	}
	close(ep[1]);
	*err_fd = ep[0];
	return pid;
}

/* Wait until armvm has switched the terminal (ICANON off). */
static void wait_raw(int slave, struct termios *now)
{
	time_t end = time(NULL) + WAIT_SECONDS;
	do {
		usleep(10000);
		tcgetattr(slave, now);
	} while ((now->c_lflag & ICANON) && time(NULL) < end);
}

static void check_restored(int slave, const struct termios *before, const char *name)
{
	struct termios now;
	tcgetattr(slave, &now);
	result(now.c_lflag == before->c_lflag && now.c_iflag == before->c_iflag &&
	       now.c_oflag == before->c_oflag,
	       name, "the terminal's modes differ after armvm exited");
}

/* An interactive session: raw mode, keys, escapes, power off. */
static void session_keys(const char *armvm, const char *guest, int master,
			 int slave, const struct termios *before)
{
	int errfd;
	pid_t pid = start_armvm(armvm, guest, slave, slave, &errfd);
	struct termios now;
	wait_raw(slave, &now);
	result(!(now.c_lflag & (ICANON | ECHO | ISIG | IEXTEN)) &&
	       !(now.c_iflag & (ICRNL | IXON)),
	       "raw-mode", "the terminal was not switched to full raw input "
	       "(ICANON, ECHO, ISIG, IEXTEN, ICRNL, IXON all off)");

	char err[2048] = "";
	size_t elen = 0;
	result(read_until(errfd, err, sizeof(err), &elen,
			  "console on a terminal: Ctrl-A x quits, Ctrl-A h for help") == 0,
	       "hint", "armvm did not print the Ctrl-A hint on stderr");

	char buf[512] = "";
	size_t len = 0;
	/* No newline yet: in canonical mode the guest would see nothing. */
	type(master, "ab", 2);
	int got = read_until(master, buf, sizeof(buf), &len, "AB");
	result(got == 0, "bytes-before-newline", "the guest's echo 'AB' never came back");
	result(strstr(buf, "ab") == NULL, "no-local-echo", "the terminal echoed the typed 'ab'");

	/* Ctrl-C is a byte for the guest, which echoes it; armvm goes on. */
	type(master, "\x03", 1);
	got = read_until(master, buf, sizeof(buf), &len, "\x03");
	result(got == 0 && waitpid(pid, NULL, WNOHANG) == 0, "ctrl-c-to-guest",
	       "the guest never echoed the Ctrl-C byte 0x03, or armvm ended");

	/* Ctrl-A Ctrl-A: exactly one 0x01 reaches the guest. */
	type(master, "\x01\x01z", 3);
	got = read_until(master, buf, sizeof(buf), &len, "\x01Z");
	result(got == 0 && !strstr(buf, "\x01\x01"), "ctrl-a-ctrl-a",
	       "Ctrl-A Ctrl-A z did not reach the guest as 0x01 'z'");

	/* Ctrl-A h: help on stderr, nothing for the guest. */
	type(master, "\x01hy", 3);
	got = read_until(master, buf, sizeof(buf), &len, "Y");
	int help = read_until(errfd, err, sizeof(err), &elen, "Ctrl-A x quit");
	result(got == 0 && help == 0 && !strstr(buf, "\x01Y") && !strstr(buf, "H"),
	       "ctrl-a-h", "Ctrl-A h printed no help line, or reached the guest");

	/* Ctrl-A and another key: both bytes go to the guest. */
	type(master, "\x01q", 2);
	got = read_until(master, buf, sizeof(buf), &len, "\x01Q");
	result(got == 0, "ctrl-a-other", "Ctrl-A q did not reach the guest as 0x01 'q'");

	type(master, "c\n", 2);
	read_until(master, buf, sizeof(buf), &len, "C");
	check_exit(wait_armvm(pid), 0, "poweroff");
	close(errfd);
	check_restored(slave, before, "modes-restored");
}

/* Ctrl-A x stops armvm: status 5, modes back. */
static void session_quit(const char *armvm, const char *guest, int master,
			 int slave, const struct termios *before)
{
	int errfd;
	pid_t pid = start_armvm(armvm, guest, slave, slave, &errfd);
	struct termios now;
	wait_raw(slave, &now);
	char err[2048] = "";
	size_t elen = 0;
	read_until(errfd, err, sizeof(err), &elen, "Ctrl-A h for help");
	type(master, "\x01x", 2);
	int status = wait_armvm(pid);
	check_exit(status, 5, "ctrl-a-x-status");
	read_rest(errfd, err, sizeof(err), &elen);
	close(errfd);
	result(strstr(err, "stopped by Ctrl-A x") != NULL, "ctrl-a-x-message",
	       "armvm did not say 'stopped by Ctrl-A x' on stderr");
	check_restored(slave, before, "ctrl-a-x-modes-restored");
	/* Drain what the guest wrote, for the next session. */
	char junk[256];
	size_t jl = 0;
	junk[0] = '\0';
	read_rest(master, junk, sizeof(junk), &jl);
}

/* stdin a pipe: no escape processing, SIGINT still stops armvm. */
static void session_pipe(const char *armvm, const char *guest)
{
	int in[2], out[2], errfd;
	if (pipe(in) < 0 || pipe(out) < 0) {
		result(0, "pipe-setup", "no pipes");
		return;
	}
	pid_t pid = start_armvm(armvm, guest, in[0], out[1], &errfd);
	close(in[0]);
	close(out[1]);
	char buf[256] = "";
	size_t len = 0;
	type(in[1], "\x01x\x01\x01\x03\n", 6);
	int got = read_until(out[0], buf, sizeof(buf), &len, "\n");
	result(got == 0 && !strcmp(buf, "\x01X\x01\x01\x03\n"), "pipe-no-escape",
	       "piped Ctrl-A x Ctrl-A Ctrl-A Ctrl-C newline did not reach the guest unchanged");
	check_exit(wait_armvm(pid), 0, "pipe-poweroff");
	close(in[1]);
	close(out[0]);
	close(errfd);

	/* SIGINT: the guest waits for input that never comes. */
	if (pipe(in) < 0 || pipe(out) < 0) {
		result(0, "pipe-setup", "no pipes");
		return;
	}
	pid = start_armvm(armvm, guest, in[0], out[1], &errfd);
	close(in[0]);
	close(out[1]);
	char err[1024] = "";
	size_t elen = 0;
	/* armvm announces nothing on a pipe: wait for the guest to take a
	 * byte (its echo) so the VM surely runs before the signal. */
	type(in[1], "a", 1);
	read_until(out[0], buf, sizeof(buf), &len, "A");
	kill(pid, SIGINT);
	check_exit(wait_armvm(pid), 5, "pipe-sigint");
	read_rest(errfd, err, sizeof(err), &elen);
	result(strstr(err, "Ctrl-A") == NULL, "pipe-no-hint",
	       "armvm printed the terminal hint with stdin a pipe");
	close(in[1]);
	close(out[0]);
	close(errfd);
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
	signal(SIGPIPE, SIG_IGN);

	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		result(0, "setup", "no pseudo-terminal");
		return 1;
	}
	const char *slave_name = ptsname(master);
	int slave = open(slave_name, O_RDWR | O_NOCTTY);
	struct termios before;
	tcgetattr(slave, &before);

	session_keys(armvm, guest, master, slave, &before);
	session_quit(armvm, guest, master, slave, &before);
	session_pipe(armvm, guest);
	unlink(guest);
	return failed;
}
