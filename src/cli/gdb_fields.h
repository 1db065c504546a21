/* SPDX-License-Identifier: MIT */
/*
 * Parsing and formatting the fields of gdb remote-protocol packets: hex
 * numbers, thread ids, hex-encoded bytes. Each parser checks its bounds
 * and returns false on anything malformed.
 */
#ifndef ARMVM_CLI_GDB_FIELDS_H
#define ARMVM_CLI_GDB_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern const char gdb_hexdigits[];
int gdb_hexval(int c);
/* A hex number of 1..16 digits at *p, advancing *p. */
bool gdb_parse_hex_u64(const char **p, const char *end, uint64_t *out);
/* The character c at *p, advancing *p. */
bool gdb_expect(const char **p, const char *end, char c);
/* A thread id: -1 (all), or a hex number (0 = any). */
bool gdb_parse_thread(const char **p, const char *end, long *out);
/* len bytes as 2*len hex digits; the count written. */
size_t gdb_put_hex(char *out, const void *buf, size_t len);
/* hex_len hex digits into hex_len/2 bytes. */
bool gdb_get_hex(const char *in, size_t hex_len, void *buf);
/* Copy a NUL-terminated reply; its length. */
size_t gdb_reply_str(char *reply, const char *s);

#endif
