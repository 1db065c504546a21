// SPDX-License-Identifier: MIT
/*
 * The gdb stub's protocol against the real gdb-multiarch (Debian's), in
 * both widths: this program serves a fake two-vCPU target over TCP with
 * src/cli/gdb_rsp.c while gdb, in batch mode, attaches, reads the target
 * description, registers (core and FP/SIMD), memory, threads, sets a
 * breakpoint and a watchpoint, steps, and continues to the exit. Prints
 * PASS:/FAIL: lines; SKIP: without gdb-multiarch (apt-get install
 * gdb-multiarch; scripts/setup.sh does).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/gdb_rsp.h"

#define MEM_BASE 0x40080000ULL
static struct gdb_regs regs[2];
static uint8_t mem[4096];
static char log_bp[512];
static int failures;

static int get_regs(void *c, unsigned t, struct gdb_regs *r) { (void)c; *r = regs[t & 1]; return 0; }
static int set_regs(void *c, unsigned t, const struct gdb_regs *r) { (void)c; regs[t & 1] = *r; return 0; }
static size_t rw(uint64_t a, void *buf, const void *src, size_t len)
{
	if (a < MEM_BASE || a >= MEM_BASE + sizeof(mem))
		return 0;
	size_t n = MEM_BASE + sizeof(mem) - a < len ? MEM_BASE + sizeof(mem) - a : len;
	if (buf)
		memcpy(buf, mem + (a - MEM_BASE), n);
	else if (src)
		memcpy(mem + (a - MEM_BASE), src, n);
	return n;
}
static size_t read_mem(void *c, unsigned t, uint64_t a, void *buf, size_t len) { (void)c; (void)t; return rw(a, buf, NULL, len); }
static size_t write_mem(void *c, unsigned t, uint64_t a, const void *buf, size_t len) { (void)c; (void)t; return rw(a, NULL, buf, len); }
static int breakpoint(void *c, enum gdb_break_type type, bool insert, uint64_t addr, unsigned kind)
{
	size_t n = strlen(log_bp);
	(void)c;
	snprintf(log_bp + n, sizeof(log_bp) - n, "%c%d@%llx/%u ", insert ? '+' : '-', (int)type,
		 (unsigned long long)addr, kind);
	return 0;
}
static const struct gdb_target_ops ops = { get_regs, set_regs, read_mem, write_mem, breakpoint };

static void report(bool ok, const char *name, const char *why)
{
	printf("%s: gdb-wire %s%s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : " ", ok ? "" : why);
	if (!ok)
		failures++;
}

/* Serve one gdb connection until it has seen the exit (or 30 s pass). */
static void serve(int fd, enum gdb_arch arch)
{
	struct gdb_session s;
	char reply[GDB_PACKET_MAX + 1], out[2 * GDB_PACKET_MAX + 8];
	unsigned resumes = 0;

	gdb_session_init(&s, arch, 2, &ops, NULL);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 30000) <= 0)
			return;
		uint8_t buf[4096];
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			return;
		for (ssize_t i = 0; i < n; i++) {
			enum gdb_input in = gdb_feed(&s, buf[i]);
			if (in == GDB_IN_BAD_PACKET && !s.no_ack)
				send(fd, "-", 1, MSG_NOSIGNAL);
			if (in != GDB_IN_PACKET)
				continue;
			if (!s.no_ack)
				send(fd, "+", 1, MSG_NOSIGNAL);
			size_t len;
			enum gdb_action a = gdb_handle(&s, reply, &len);
			struct gdb_stop st = { .kind = GDB_STOP_SIGNAL, .signal = 5 };
			switch (a) {
			case GDB_REPLY:
			case GDB_DETACH:
				break;
			case GDB_KILL:
				return;
			case GDB_RESUME_STEP:
				/* one instruction on: the PC moves */
				regs[s.step_thread & 1].pc += arch == GDB_ARCH_ARM ? 4 : 4;
				st.thread = s.step_thread;
				len = gdb_stop_reply(&s, &st, reply, sizeof(reply));
				break;
			case GDB_RESUME_CONTINUE:
				/* first a watchpoint hit, then the exit */
				if (++resumes == 1) {
					st = (struct gdb_stop){ .kind = GDB_STOP_WATCH, .signal = 5, .addr = MEM_BASE + 0x800 };
					mem[0x800] = 0x2a;
				} else {
					st = (struct gdb_stop){ .kind = GDB_STOP_EXITED, .signal = 0 };
				}
				len = gdb_stop_reply(&s, &st, reply, sizeof(reply));
				break;
			}
			size_t m = gdb_frame(reply, len, out, sizeof(out));
			send(fd, out, m, MSG_NOSIGNAL);
			if (a == GDB_RESUME_CONTINUE && resumes > 1)
				return;
		}
	}
}

static void run_arch(enum gdb_arch arch)
{
	const char *name = arch == GDB_ARCH_ARM ? "arm" : "aarch64";
	memset(regs, 0, sizeof(regs));
	memset(mem, 0, sizeof(mem));
	log_bp[0] = '\0';
	for (unsigned t = 0; t < 2; t++) {
		for (unsigned i = 0; i < 31; i++)
			regs[t].r[i] = arch == GDB_ARCH_ARM ? 0x100 + i : 0x1000000000ULL + i;
		regs[t].sp = MEM_BASE + 0xf00;
		regs[t].r[13] = arch == GDB_ARCH_ARM ? MEM_BASE + 0xf00 : regs[t].r[13];
		regs[t].pc = MEM_BASE + 0x10 * (t + 1);
		regs[t].cpsr = arch == GDB_ARCH_ARM ? 0x1d3 : 0x3c5;
		for (unsigned i = 0; i < 32; i++)
			for (unsigned b = 0; b < 16; b++)
				regs[t].v[i][b] = (uint8_t)(i + b);
		regs[t].fpsr = 0x10;
	}
	for (unsigned i = 0; i < 16; i++)
		mem[0x100 + i] = (uint8_t)(0xa0 + i);

	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 1) ||
	    getsockname(ls, (struct sockaddr *)&sa, &sl)) {
		report(false, name, "cannot listen on 127.0.0.1");
		return;
	}
	char target[64], wexpr[64], brk[64];
	snprintf(target, sizeof(target), "target remote 127.0.0.1:%u", ntohs(sa.sin_port));
	snprintf(wexpr, sizeof(wexpr), "watch *(char *)0x%llx", MEM_BASE + 0x800);
	snprintf(brk, sizeof(brk), "break *0x%llx", MEM_BASE + 0x40);
	int out[2];
	if (pipe(out)) {
		report(false, name, "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		close(ls);
		const char *pr = arch == GDB_ARCH_ARM ? "p/x $r3" : "p/x $x3";
		const char *fp = arch == GDB_ARCH_ARM ? "p/x $d1" : "p/x $v1.d.u[1]";
		execlp("gdb-multiarch", "gdb-multiarch", "-nx", "-batch",
		       "-ex", "set confirm off", "-ex", target, "-ex", "info threads",
		       "-ex", pr, "-ex", fp, "-ex", "p/x $pc", "-ex", "x/4xb 0x40080100",
		       "-ex", "set var *(int *)0x40080200 = 0x12345678", "-ex", "x/1xw 0x40080200",
		       "-ex", brk, "-ex", "hbreak *0x40080044", "-ex", wexpr, "-ex", "stepi", "-ex", "p/x $pc",
		       "-ex", "continue", "-ex", "continue", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	int fd = accept(ls, NULL, NULL);
	close(ls);
	if (fd >= 0) {
		serve(fd, arch);
		close(fd);
	}
	char text[16384];
	size_t got = 0;
	ssize_t n;
	while (got < sizeof(text) - 1 && (n = read(out[0], text + got, sizeof(text) - 1 - got)) > 0)
		got += (size_t)n;
	text[got] = '\0';
	close(out[0]);
	int status;
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		printf("SKIP: gdb-wire %s gdb-multiarch is not installed (apt-get install gdb-multiarch)\n", name);
		return;
	}
	char why[600];
	snprintf(why, sizeof(why), "(gdb said: %.400s)", text);
	const char *want[] = {
		"Thread 2", arch == GDB_ARCH_ARM ? "= 0x103" : "= 0x1000000003",
		arch == GDB_ARCH_ARM ? "= 0xf0e0d0c0b0a0908" : "= 0x100f0e0d0c0b0a09",
		"0xa0\t0xa1\t0xa2\t0xa3", "0x12345678", "Hardware watchpoint", "Old value = 0",
		"New value = 42", "exited normally",
	};
	bool ok = fd >= 0;
	for (unsigned i = 0; ok && i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(text, want[i])) {
			snprintf(why, sizeof(why), "no '%s' in gdb's output: %.400s", want[i], text);
			ok = false;
		}
	if (ok && (!strstr(log_bp, "+0@40080040") || !strstr(log_bp, "+1@40080044") || !strstr(log_bp, "+2@40080800/1"))) {
		snprintf(why, sizeof(why), "breakpoints set: %s", log_bp);
		ok = false;
	}
	report(ok, name, why);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	run_arch(GDB_ARCH_AARCH64);
	run_arch(GDB_ARCH_ARM);
	return failures ? 1 : 0;
}
