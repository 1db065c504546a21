#!/bin/sh
# The control API on a real socket (docs/api.md): a fresh `armvm run
# --api-sock` answers GET /, /version, /machine-config; refuses each class
# of bad request with Firecracker's Error object and status 400 (malformed
# JSON, unknown field, wrong type, unknown path or method, actions out of
# order, a kernel that cannot be loaded) and goes on serving; is configured
# (machine, boot source) and started with InstanceStart, runs the guest to
# its end and exits 0. --config-file boots the same guest; a bad one is one
# line and status 2. `armvm api` against no server is one line, status 1.
# lab-timeout: 300
# shellcheck disable=SC2016 # backquotes are part of the messages

gic=${ARMVM_LAB_GIC:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sock=$tmp/api.sock

start_server() {
	rm -f "$sock"
	armvm run --no-input --api-sock "$sock" "$@" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	n=0
	while [ ! -S "$sock" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
}

# name want-status body-pattern method path [body]
call() {
	name=$1 want=$2 pat=$3
	shift 3
	got=$(armvm api -i "$sock" "$@" 2>/dev/null)
	status=$(echo "$got" | head -n 1) body=$(echo "$got" | sed -n 2p)
	if [ "$status" != "$want" ]; then
		echo "FAIL: api-$name status '$status', want $want: $body"
	elif [ "$want" -ge 400 ] && ! echo "$body" | grep -q '^{"fault_message":".*"}$'; then
		echo "FAIL: api-$name not an Error object: $body"
	elif [ -n "$pat" ] && ! echo "$body" | grep -qF -- "$pat"; then
		echo "FAIL: api-$name body lacks '$pat': $body"
	else
		echo "PASS: api-$name"
	fi
}

start_server
call info 200 '"state":"Not started"' GET /
call version 200 '"firecracker_version":' GET /version
call machine-default 200 '"vcpu_count":1,"mem_size_mib":128' GET /machine-config
call bad-json 400 'deserializing the json body' PUT /machine-config '{"vcpu_count": 2,'
call unknown-field 400 'unknown field `vcpus`' PUT /machine-config '{"vcpus": 2, "mem_size_mib": 64}'
call wrong-type 400 'must be an integer' PUT /machine-config '{"vcpu_count": "2", "mem_size_mib": 64}'
call bad-value 400 'vCPU number is invalid' PUT /machine-config '{"vcpu_count": 0, "mem_size_mib": 64}'
call unknown-path 400 'Invalid request method and/or path: GET /nothing.' GET /nothing
call wrong-method 400 'Invalid request method and/or path: DELETE /vm.' DELETE /vm
call empty-body 400 'body of the request is empty' PUT /boot-source
call pause-before-start 400 'not supported before starting' PATCH /vm '{"state": "Paused"}'
call snapshot-before-start 400 'not supported before starting' PUT /snapshot/create '{"snapshot_path": "s", "mem_file_path": "m"}'
call start-unconfigured 400 'without kernel configuration' PUT /actions '{"action_type": "InstanceStart"}'
call unsupported 400 'rate limiters' PUT /entropy '{"rate_limiter": {}}'
call machine 204 '' PUT /machine-config "{\"vcpu_count\": 2, \"mem_size_mib\": 64, \"armvm_gic\": \"$gic\"}"
call boot-missing 204 '' PUT /boot-source '{"kernel_image_path": "/nonexistent.elf"}'
call start-bad-kernel 400 "nonexistent.elf" PUT /actions '{"action_type": "InstanceStart"}'
call still-not-started 200 '"state":"Not started"' GET /
call boot 204 '' PUT /boot-source '{"kernel_image_path": "/guests/aarch64/smp.elf"}'
call load-after-config 400 'after configuring boot-specific resources' PUT /snapshot/load '{"snapshot_path": "s", "mem_file_path": "m"}'
call start 204 '' PUT /actions '{"action_type": "InstanceStart"}'
timeout 60 sh -c "while kill -0 $pid 2>/dev/null; do sleep 0.1; done"
wait "$pid"
st=$?
if [ $st = 0 ] && grep -q '^smp: 2 CPUs came up' "$tmp/out"; then
	echo "PASS: api-guest-ran (2 vCPUs, as configured)"
else
	echo "FAIL: api-guest-ran status $st: $(head -n 1 "$tmp/err") / $(tail -n 1 "$tmp/out")"
fi
[ -e "$sock" ] && echo "FAIL: api-socket-removed $sock is still there" || echo "PASS: api-socket-removed"

# A server whose guest runs (a slow one, so it is still running): GET / says
# Running, pre-boot requests are refused, pause and resume answer.
start_server /guests/aarch64/count-slow.elf
call running 200 '"state":"Running"' GET /
call start-twice 400 'not supported after starting' PUT /actions '{"action_type": "InstanceStart"}'
call machine-after-start 400 'not supported after starting' PUT /machine-config '{"vcpu_count": 1, "mem_size_mib": 64}'
call pause 204 '' PATCH /vm '{"state": "Paused"}'
call paused 200 '"state":"Paused"' GET /
call bad-state 400 'unknown variant `Stop`' PATCH /vm '{"state": "Stop"}'
call diff-snapshot 400 'full snapshots only' PUT /snapshot/create '{"snapshot_path": "s", "mem_file_path": "m", "snapshot_type": "Diff"}'
call snapshot-unwritable 400 'cannot create' PUT /snapshot/create '{"snapshot_path": "/nonexistent/s", "mem_file_path": "/nonexistent/m"}'
call resume 204 '' PATCH /vm '{"state": "Resumed"}'
kill "$pid"
wait "$pid"
st=$?
[ $st = 5 ] && echo "PASS: api-sigterm-status" || echo "FAIL: api-sigterm-status $st, want 5: $(head -n 1 "$tmp/err")"

# --config-file: Firecracker's JSON instead of options.
cat >"$tmp/vm.json" <<JSON
{"boot-source": {"kernel_image_path": "/guests/aarch64/hello.elf"},
 "machine-config": {"vcpu_count": 1, "mem_size_mib": 64, "armvm_gic": "$gic"}}
JSON
timeout 60 armvm run --no-input --config-file "$tmp/vm.json" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 0 ] && cmp -s "$tmp/out" /expected/aarch64/hello.txt; then
	echo "PASS: config-file"
else
	echo "FAIL: config-file status $st: $(head -n 1 "$tmp/err")"
fi
echo '{"boot-source": {"kernel_image_path": "/k"}, "vsock": {}}' >"$tmp/bad.json"
timeout 60 armvm run --config-file "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q 'unknown field `vsock`' "$tmp/err"; then
	echo "PASS: config-file-bad"
else
	echo "FAIL: config-file-bad status $st: $(head -n 2 "$tmp/err" | tr '\n' '|')"
fi
armvm api "$tmp/none.sock" GET / >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 1 ] && grep -q 'cannot connect to the API socket' "$tmp/err"; then
	echo "PASS: api-no-server"
else
	echo "FAIL: api-no-server status $st: $(head -n 1 "$tmp/err")"
fi
