#!/bin/sh
# The public header is includable from C++: a translation unit that
# includes it and names every type and a few calls compiles with
# -Wall -Wextra -Werror -pedantic as C++ (aarch64-linux-gnu-g++ when
# installed, else the native g++ with -fsyntax-only, since the header is
# plain C with no arm64-only construct). SKIP without any C++ compiler.
cd "$(dirname "$0")/../.." || exit 1
if command -v aarch64-linux-gnu-g++ >/dev/null 2>&1; then
	cxx="aarch64-linux-gnu-g++ -c -o /dev/null"
elif command -v g++ >/dev/null 2>&1; then
	cxx="g++ -fsyntax-only"
else
	echo "SKIP: header-cxx no C++ compiler (g++)"
	exit 0
fi
src='#include "armvm/armvm.h"
static void on_write(void *, uint64_t, unsigned, uint64_t, unsigned) {}
static void on_call(void *, unsigned, armvm_hypercall *c) { c->ret[0] = 0; }
int main() {
	armvm_vm_config cfg = {};
	cfg.arch = ARMVM_ARCH_AARCH32;
	cfg.nr_vcpus = 1;
	armvm_error err;
	armvm_vm *vm = nullptr;
	if (armvm_vm_create(&cfg, &vm, &err) < 0)
		return 1;
	armvm_mem_region r = {};
	r.flags = ARMVM_MEM_READONLY | ARMVM_MEM_LOG_DIRTY;
	r.on_write = on_write;
	armvm_map_mem(vm, &r, nullptr, &err);
	armvm_set_hypercall_handler(vm, on_call, nullptr, &err);
	armvm_exit ex;
	armvm_vm_run(vm, &ex, &err);
	armvm_vm_destroy(vm);
	return armvm_version()[0] == 0;
}'
for std in c++11 c++17; do
	# shellcheck disable=SC2086 # the compiler and its mode
	if out=$(echo "$src" | $cxx -x c++ -std=$std -Wall -Wextra -Werror -pedantic \
			-Iinclude - 2>&1); then
		echo "PASS: header-cxx armvm.h compiles as $std (${cxx%% *})"
	else
		echo "FAIL: header-cxx armvm.h as $std: $(echo "$out" | head -n 3 | tr '\n' ' ')"
		status=1
	fi
done
exit "${status:-0}"
