/* SPDX-License-Identifier: MIT */
/* The control API's hold on the CLI's VM; see vm_control.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/vm_control.h"
#include "cli/vm_snapshot.h"

void vm_control_init(struct vm_control *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
}

/* API thread: hand a request to the main thread and wait for its answer. */
static int ask_main(struct vm_control *c, enum vm_control_request req,
		    const struct api_config *cfg, const struct api_snapshot_load *l,
		    char *err, size_t errlen)
{
	pthread_mutex_lock(&c->lock);
	c->req = req;
	c->cfg = cfg;
	c->load = l;
	pthread_cond_broadcast(&c->cond);
	while (c->req != VMC_ANSWERED)
		pthread_cond_wait(&c->cond, &c->lock);
	int rc = c->rc;
	if (rc < 0)
		snprintf(err, errlen, "%s", c->err);
	c->req = VMC_NONE;
	pthread_mutex_unlock(&c->lock);
	return rc;
}

enum vm_control_request vm_control_wait(struct vm_control *c,
					volatile sig_atomic_t *stop)
{
	pthread_mutex_lock(&c->lock);
	while ((c->req == VMC_NONE || c->req == VMC_ANSWERED) && !*stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 100 * 1000 * 1000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&c->cond, &c->lock, &t);
	}
	enum vm_control_request r = *stop ? VMC_NONE : c->req;
	pthread_mutex_unlock(&c->lock);
	return r;
}

void vm_control_answer(struct vm_control *c, int rc, const char *err)
{
	pthread_mutex_lock(&c->lock);
	c->rc = rc;
	snprintf(c->err, sizeof(c->err), "%s", rc < 0 && err ? err : "");
	c->req = VMC_ANSWERED;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static int op_start(void *ctx, const struct api_config *cfg, char *err, size_t errlen)
{
	return ask_main(ctx, VMC_START, cfg, NULL, err, errlen);
}

static int op_load(void *ctx, const struct api_snapshot_load *l, char *err, size_t errlen)
{
	return ask_main(ctx, VMC_LOAD, NULL, l, err, errlen);
}

static int op_pause(void *ctx, char *err, size_t errlen)
{
	struct vm_control *c = ctx;
	struct armvm_error e = { 0 };
	if (armvm_vm_pause(c->cv->vm, &e) < 0) {
		snprintf(err, errlen, "cannot pause the microVM: %s", e.msg);
		return -1;
	}
	return 0;
}

static int op_resume(void *ctx, char *err, size_t errlen)
{
	struct vm_control *c = ctx;
	(void)err;
	(void)errlen;
	armvm_vm_resume(c->cv->vm);
	return 0;
}

static int op_snapshot_create(void *ctx, const char *snapshot_path,
			      const char *mem_path, char *err, size_t errlen)
{
	struct vm_control *c = ctx;
	return vm_snapshot_create(c->cv, c->o, c->ids, snapshot_path, mem_path, err, errlen);
}

const struct api_ops vm_control_ops = {
	.start = op_start,
	.pause = op_pause,
	.resume = op_resume,
	.snapshot_create = op_snapshot_create,
	.snapshot_load = op_load,
};
