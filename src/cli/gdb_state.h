/* SPDX-License-Identifier: MIT */
/*
 * The gdb stub's shared state (gdb_server.c: threads and connection;
 * gdb_target.c: what gdb reads and changes in the VM).
 */
#ifndef ARMVM_CLI_GDB_STATE_H
#define ARMVM_CLI_GDB_STATE_H

#include <pthread.h>
#include <stdbool.h>

#include "armvm/armvm.h"
#include "cli/gdb_rsp.h"

#define GDB_MAX_SW_BREAKS 64

struct sw_break {
	uint64_t addr;
	uint8_t orig[4];
	unsigned len;
};

struct gdb_server {
	struct armvm_vm *vm;
	unsigned nr_vcpus;
	bool aarch32;
	int listen_fd, conn_fd;
	int wake[2];                 /* [1]: the run loop halted or ended */
	pthread_t thread;
	bool thread_started;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* under lock */
	bool halted;                 /* the VM is not running: gdb may touch it */
	bool halt_seen;              /* the gdb thread has taken this halt */
	bool resume_requested;
	enum gdb_action resume;      /* CONTINUE, STEP, KILL */
	bool interrupt;              /* gdb asked the running VM to stop */
	bool stale_stop;             /* that request may outlive the halt it lost to */
	bool connected;
	bool finished;               /* the VM ended: stop is W or X */
	bool shutdown;
	struct gdb_stop stop;

	/* the gdb thread's own */
	struct gdb_session sess;
	bool want_stop_reply;        /* gdb resumed and waits for a stop reply */
	struct sw_break sw[GDB_MAX_SW_BREAKS];
	unsigned nr_sw;
	struct armvm_debug hw;
	enum gdb_break_type wp_type[ARMVM_MAX_HW_DEBUG];
	unsigned max_bps, max_wps;
	char out[2 * GDB_PACKET_MAX + 8];
	size_t out_len;              /* the last packet sent, for a '-' */
	char reply[GDB_PACKET_MAX + 1];
};

/* gdb_target.c: the protocol's view of the VM (only while it is halted) */
extern const struct gdb_target_ops gdb_target_ops;
/* Program every vCPU: gdb's hardware breakpoints and watchpoints, guest
 * BRK/BKPT to us while a gdb is there (on), single step on one vCPU. */
void gdb_apply_debug(struct gdb_server *g, bool on, bool step, unsigned step_thread);
/* Take every breakpoint out of the guest and turn debugging off. */
void gdb_drop_debug(struct gdb_server *g);

#endif
