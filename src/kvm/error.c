/* SPDX-License-Identifier: MIT */
/* Filling struct armvm_error: every failure returns its code and one line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kvm/vm_internal.h"

int armvm_fail(struct armvm_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

int armvm_fail_errno(struct armvm_error *err, int code, int errnum,
		     const char *what)
{
	if (errnum == ENOMEM)
		code = ARMVM_E_NOMEM;
	return armvm_fail(err, code, "%s: %s", what, strerror(errnum));
}
