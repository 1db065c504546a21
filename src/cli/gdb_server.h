/* SPDX-License-Identifier: MIT */
/*
 * armvm run's gdb stub (--gdb [HOST:]PORT, --gdb-wait; QEMU's -s/-S): a
 * thread serving one gdb at a time over TCP (gdb_rsp.c speaks the
 * protocol), and the run loop that replaces armvm_vm_run: the whole VM
 * halts at a breakpoint, watchpoint, single step or Ctrl-C, gdb looks and
 * resumes. A gdb that sends garbage or goes away never stops the guest:
 * its breakpoints are taken out and the guest runs on.
 */
#ifndef ARMVM_CLI_GDB_SERVER_H
#define ARMVM_CLI_GDB_SERVER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "armvm/armvm.h"

struct gdb_server;

/* Listen on spec "[HOST:]PORT" (no host: every interface, as QEMU's
 * -gdb tcp::PORT). wait: start with the guest halted until gdb resumes
 * it. 0, or -1 with a one-line reason in err. */
int gdb_server_start(struct gdb_server **out, struct armvm_vm *vm, const char *spec, bool wait,
		     char *err, size_t errlen);
/* The same in two steps: open listens (before a privilege drop or new
 * network namespace: the socket stays in the namespace it was made in),
 * start_thread starts serving (after the drop: no thread may run then). */
int gdb_server_open(struct gdb_server **out, struct armvm_vm *vm, const char *spec, bool wait,
		    char *err, size_t errlen);
int gdb_server_start_thread(struct gdb_server *g, char *err, size_t errlen);
/* Run the VM under gdb's control until it ends (as armvm_vm_run), or
 * until *quit becomes non-zero while it waits on gdb (then STOPPED). */
int gdb_server_run(struct gdb_server *g, volatile sig_atomic_t *quit, struct armvm_exit *ex,
		   struct armvm_error *e);
void gdb_server_destroy(struct gdb_server *g);

#endif
