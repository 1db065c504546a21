/* SPDX-License-Identifier: MIT */
/* Whole-file reads for images and initrds, with one-line errors. */
#ifndef ARMVM_CLI_FILE_READ_H
#define ARMVM_CLI_FILE_READ_H

#include <stddef.h>

struct file_buf {
	void *data;
	size_t len;
};

/* Read `path` whole; an empty file is an error. `what` names it in messages
 * ("image", "initrd"). Returns 0, or -1 with a message in err. */
int file_read_all(const char *path, const char *what, struct file_buf *out,
		  char *err, size_t errlen);
void file_buf_free(struct file_buf *f);

#endif
