#!/bin/sh
# The worked examples of examples/ run and print what they should:
# a32-mmio-hypercall computes 42 in an AArch32 guest and gets 84 back from
# its hypercall where the host's KVM routes hypercalls (Linux 6.4+), else
# says hypercalls are not available and shows the host kernel's
# NOT_SUPPORTED; emulator-loop shows 8 frames, each its one framebuffer
# page written with its ROM bank's tag + the frame number, paced by timer
# interrupts, powers off with the last bank mapped and saves its state.
status=0
pass() { echo "PASS: examples $1"; }
fail() { echo "FAIL: examples $1: $2"; status=1; }
kernel_has_filter() {
	v=$(uname -r); major=${v%%.*}; rest=${v#*.}; minor=${rest%%.*}
	[ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 4 ]; }
}

out=$(example-a32-mmio-hypercall 2>&1); rc=$?
want_answer=4294967295
kernel_has_filter && want_answer=84
if [ $rc = 0 ] && echo "$out" | grep -qx "guest computed 42" &&
	echo "$out" | grep -qx "hypercall answered $want_answer" &&
	echo "$out" | grep -qx "guest powered off"; then
	pass "a32-mmio-hypercall (hypercall answered $want_answer)"
else
	fail a32-mmio-hypercall "rc $rc: $(echo "$out" | tr '\n' '|')"
fi

if [ "${ARMVM_LAB_GIC:-3}" = 2 ]; then
	# Its guest programs a GICv3 CPU interface; a GICv2 host has none.
	echo "SKIP: examples emulator-loop needs a GICv3 host (this one is GICv2)"
	exit $status
fi
out=$(example-emulator-loop 2>&1); rc=$?
ok=1
for n in 0 1 2 3 4 5 6 7; do
	b=$((n % 4))
	line=$(printf 'frame %d: framebuffer pages written: %d (0x%08x)' $n $b \
		$((0xb0000000 + (b << 8) + n)))
	echo "$out" | grep -qxF "$line" || { ok=0; missing=$line; break; }
done
ticks=$(echo "$out" | sed -n 's/^guest powered off after \([0-9]*\) timer interrupts.*/\1/p')
if [ $rc = 0 ] && [ $ok = 1 ] && [ "${ticks:-0}" -ge 7 ] &&
	echo "$out" | grep -q "bank 3 in the window" &&
	echo "$out" | grep -q "^save state: [1-9][0-9]* bytes"; then
	pass "emulator-loop (8 frames, $ticks timer interrupts)"
else
	fail emulator-loop "rc $rc, ticks '${ticks}', ${missing:+missing "$missing", }output: $(echo "$out" | tr '\n' '|')"
fi
exit $status
