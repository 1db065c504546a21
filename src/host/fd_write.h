/* SPDX-License-Identifier: MIT */
/* Writing a whole buffer to a file descriptor, for the console paths. */
#ifndef ARMVM_HOST_FD_WRITE_H
#define ARMVM_HOST_FD_WRITE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Write all of buf to fd, retrying after EINTR. When the fd is full
 * (EAGAIN on a non-blocking fd) either wait for room (`wait_when_full`,
 * a second at a time) or drop the rest; an error or a closed reader also
 * drops the rest (console output has nowhere else to go). Returns true
 * when every byte was written.
 */
bool fd_write_all(int fd, const void *buf, size_t len, bool wait_when_full);

#endif
