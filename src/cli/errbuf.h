/* SPDX-License-Identifier: MIT */
/*
 * The command line's one-line errors: parsers and loaders write what went
 * wrong into a caller's buffer and return -1, so the caller decides how to
 * report it (options, configuration files, snapshots, the API).
 */
#ifndef ARMVM_CLI_ERRBUF_H
#define ARMVM_CLI_ERRBUF_H

#include <stddef.h>

/* Format into err (errlen bytes, always terminated; nothing when err is
 * NULL or errlen 0); returns -1. */
int errbuf_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
