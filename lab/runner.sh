#!/bin/sh
# The lab's runner, started by /init in the nested host. LAB_MODE says what
# to do:
#   test   run every /tests/*.sh in order (or those LAB_ONLY names), each in
#          its own session under a time limit, and relay its PASS:/FAIL:/SKIP:
#          /INFO: lines; a failing script's output and new kernel messages
#          follow its results, indented
#   run    run the command in /etc/lab/cmd and relay its output and status
#   shell  an interactive shell on the console
# Results go over a virtio serial port named armvm.results, which only this
# script writes, so kernel messages on the console can never mix with them.
# Protocol lines begin with "@@lab ": "start <kernel> cpus=<n>",
# "test <name> <limit seconds>" as a script starts, "end", "exit <status>".

RESULTS_PORT_NAME=armvm.results
LOGS=/tmp/lab-logs
WORK=/tmp/lab-work
DEFAULT_TEST_TIMEOUT=${LAB_TEST_TIMEOUT:-300}

note() { echo "lab-runner: $*" >/dev/console; }

# The port's name arrives from QEMU after the device probes; wait for it.
find_results_port() {
	tries=0
	while [ $tries -lt 100 ]; do
		for p in /sys/class/virtio-ports/*; do
			[ "$(cat "$p/name" 2>/dev/null)" = "$RESULTS_PORT_NAME" ] &&
				[ -c "/dev/${p##*/}" ] && { echo "/dev/${p##*/}"; return 0; }
		done
		sleep 0.05
		tries=$((tries + 1))
	done
	return 1
}

say() { echo "$*" >&3; }

# A script may ask for another limit with a line "# lab-timeout: SECONDS".
script_timeout() {
	t=$(head -n 20 "$1" | sed -n 's/^# lab-timeout: *\([0-9][0-9]*\) *$/\1/p' | head -n 1)
	echo "${t:-$DEFAULT_TEST_TIMEOUT}"
}

selected() { # name
	[ -z "${LAB_ONLY:-}" ] && return 0
	for pat in $LAB_ONLY; do
		# shellcheck disable=SC2254 # the patterns are globs on purpose
		case $1 in $pat) return 0 ;; esac
	done
	return 1
}

run_test() { # script
	script=$1
	name=${script##*/}
	name=${name%.sh}
	log=$LOGS/$name.log
	limit=$(script_timeout "$script")
	mkdir -p "$WORK/$name"
	dmesg_before=$(dmesg | wc -l)
	note "$name (limit ${limit}s)"
	say "@@lab test $name $limit"

	# Its own session, so a timeout or leftover VMM can be killed as a group.
	(cd "$WORK/$name" && exec setsid sh "$script") >"$log" 2>&1 </dev/null &
	pid=$!
	(sleep "$limit" && : >"$LOGS/$name.timedout" && kill -KILL -- "-$pid") 2>/dev/null &
	watchdog=$!
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	kill -KILL -- "-$pid" 2>/dev/null

	grep -E '^(PASS|FAIL|SKIP|INFO):' "$log" >&3
	nfail=$(grep -c '^FAIL:' "$log")
	nres=$(grep -cE '^(PASS|FAIL|SKIP):' "$log")
	bad=$((nfail > 0))
	if [ -f "$LOGS/$name.timedout" ]; then
		say "FAIL: $name timed out after ${limit}s"; bad=1
	elif [ "$rc" != 0 ] && [ "$nfail" = 0 ]; then
		say "FAIL: $name exited with status $rc"; bad=1
	elif [ "$nres" = 0 ]; then
		say "FAIL: $name reported no result"; bad=1
	fi
	if [ $bad = 1 ]; then
		say "    --- output of $name (exit status $rc) ---"
		tail -n 200 "$log" | sed 's/^/    | /' >&3
		dmesg | tail -n "+$((dmesg_before + 1))" | sed 's/^/    dmesg| /' >&3
	fi
}

run_tests() {
	mkdir -p "$LOGS" "$WORK"
	for script in /tests/*.sh; do
		[ -f "$script" ] || continue
		name=${script##*/}
		selected "${name%.sh}" || continue
		run_test "$script"
	done
	say "@@lab end"
}

run_command() {
	mkdir -p "$WORK/run"
	(cd "$WORK/run" && exec sh /etc/lab/cmd) >&3 2>&3 </dev/null
	say "@@lab exit $?"
}

mode=${LAB_MODE:-test}
if [ "$mode" = shell ]; then
	echo "lab: nested arm64 host, $(uname -r), $(nproc) CPUs, GICv${ARMVM_LAB_GIC:-?}."
	echo "lab: armvm and tools in /bin, guests in /guests, tests in /tests; 'poweroff -f' or Ctrl-A x to leave."
	setsid cttyhack sh -l
	exit 0
fi

port=$(find_results_port) || {
	note "no virtio port named $RESULTS_PORT_NAME; cannot report"
	exit 1
}
exec 3>"$port"
say "@@lab start $(uname -r) cpus=$(nproc)"
case $mode in
test) run_tests ;;
run) run_command ;;
*) note "unknown LAB_MODE '$mode'"; say "@@lab exit 1" ;;
esac
