#!/bin/sh
# The tree must build clean with clang as well as gcc (-Wall -Wextra -Werror):
# each area's clang check (cross targets for the guests, VMM and EL2 engine),
# then the native unit tests built and run with clang.
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build/test-logs
check() { # name make-args...
	name=$1; shift
	if make -s --no-print-directory "$@" >"build/test-logs/clang-$name.log" 2>&1; then
		echo "PASS: clang-$name"
	else
		echo "FAIL: clang-$name (see build/test-logs/clang-$name.log)"
		tail -n 20 "build/test-logs/clang-$name.log" | sed 's/^/    /'
	fi
}
check guests guests-clang-check
check kvm-cli kvm-clang-check
check examples examples-clang-check
check lab-tools lab-clang-check
check el2 el2-clang-check
check examples install-clang-check
check native-unit-tests B=build/clang HOSTCC=clang unit virtio-test
