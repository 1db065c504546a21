#!/bin/sh
# `armvm run` on a terminal: build/arm64/armvm-tty-test runs armvm on a
# pseudo-terminal with an echo guest and checks raw input (bytes reach the
# guest before a newline), no local echo, power off and restored modes.
t=/bin/armvm-tty-test
if [ ! -x $t ]; then
	echo "FAIL: tty test program $t is missing (make build/arm64/armvm-tty-test)"
	exit 1
fi
$t /bin/armvm
