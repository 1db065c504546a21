#!/bin/sh
# --aarch32 against what the host's KVM offers (KVM_CAP_ARM_EL1_32BIT).
# On the usual lab CPU (cortex-a57) the capability is there and an AArch32
# guest must run; tests/suites/lab.sh also boots a cortex-a76 nested host,
# whose EL1 is AArch64-only, where armvm must refuse with one clear line and
# status 1 (host cannot) before touching the image.
# lab-timeout: 120

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cap=$(kvmcheck | sed -n 's/^el1_32bit=//p')
case $cap in
1)
	timeout 60 armvm run --aarch32 /guests/aarch32/hello.elf >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ $st = 0 ] && grep -q 'Hello from AArch32' "$tmp/out"; then
		echo "PASS: aarch32-host-capable-runs"
	else
		echo "FAIL: aarch32-host-capable-runs status $st: $(head -n 2 "$tmp/err" | tr '\n' '|')"
	fi
	;;
0)
	timeout 60 armvm run --aarch32 /guests/aarch32/hello.elf >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ $st != 1 ]; then
		echo "FAIL: bad-aarch32-unsupported exit status $st, want 1: $(head -n 1 "$tmp/err")"
	elif [ "$(wc -l <"$tmp/err")" != 1 ] ||
		! grep -q '^armvm: error: this host cannot run AArch32 guests' "$tmp/err"; then
		echo "FAIL: bad-aarch32-unsupported want one 'cannot run AArch32 guests' line, got: $(tr '\n' '|' <"$tmp/err")"
	elif [ -s "$tmp/out" ]; then
		echo "FAIL: bad-aarch32-unsupported the guest ran"
	else
		echo "PASS: bad-aarch32-unsupported"
	fi
	# The same host still runs AArch64 guests.
	if timeout 60 armvm run /guests/aarch64/hello.elf 2>/dev/null | grep -q 'Hello from AArch64'; then
		echo "PASS: aarch64-only-host-runs-aarch64"
	else
		echo "FAIL: aarch64-only-host-runs-aarch64 the AArch64 hello guest did not run"
	fi
	;;
*)
	echo "FAIL: aarch32-host kvmcheck did not report el1_32bit: $(kvmcheck 2>&1 | tr '\n' '|')"
	;;
esac
