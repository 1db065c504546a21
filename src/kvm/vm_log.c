// SPDX-License-Identifier: MIT
/*
 * Messages about a guest that goes on running, handed to the embedder's
 * log function (armvm_vm_set_log); the library itself never prints.
 */
#include <stdarg.h>
#include <stdio.h>

#include "kvm/vm_internal.h"

void armvm_vm_set_log(struct armvm_vm *vm, armvm_log_fn fn, void *opaque)
{
	if (!vm)
		return;
	vm->log = fn;
	vm->log_opaque = opaque;
}

void vm_log(const struct armvm_vm *vm, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!vm->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vm->log(vm->log_opaque, line);
}
