#!/bin/sh
# `armvm run` on a terminal: build/arm64/armvm-tty-test runs armvm on a
# pseudo-terminal with an echo guest and checks full raw input (bytes reach
# the guest before a newline, Ctrl-C reaches it as 0x03), no local echo, the
# Ctrl-A escapes (Ctrl-A Ctrl-A sends one 0x01, Ctrl-A h prints help, Ctrl-A
# x stops armvm with status 5), power off and restored modes; then, with
# stdin a pipe, that bytes pass unchanged and SIGINT stops armvm (status 5).
t=/bin/armvm-tty-test
if [ ! -x $t ]; then
	echo "FAIL: tty test program $t is missing (make build/arm64/armvm-tty-test)"
	exit 1
fi
$t /bin/armvm
