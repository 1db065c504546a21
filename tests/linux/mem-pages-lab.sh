#!/bin/sh
# Which pages of an armvm binary a Linux boot touches, page by page: the lab
# half of scripts/hot-layout.py (docs/performance.md, "armvm's memory
# beyond guest RAM, second pass"). Fault-around is set to one page
# (debugfs fault_around_bytes), so a page is mapped only when it is used;
# each bench configuration (arm64 Image on 1 and 2 vCPUs, armhf zImage
# inflated, and from a filled --decompress-cache) runs once, and once the
# guest has printed its cpus result /extra/pagemap-dump lists the process's
# pages:
#   == <binary> <arch> <cpus> [warm]
#   <pagemap-dump lines>
#   status <armvm's exit status>
# Run inside the lab:
#   lab/run.sh --no-build --add tests/linux/mem-pages-lab.sh \
#       --add build/hot-layout/pagemap-dump --add build/hot-layout/armvm-probe \
#       --run 'sh /extra/mem-pages-lab.sh /extra/armvm-probe'
# FAULT_AROUND (bytes, default 4096) sets another fault-around for the run.
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1
mount -t debugfs none /sys/kernel/debug 2>/dev/null
fa=/sys/kernel/debug/fault_around_bytes
[ -w $fa ] || { echo "mem-pages: no $fa"; exit 1; }
old=$(cat $fa)
echo "${FAULT_AROUND:-4096}" >$fa

run_one() { # binary arch cpus [warm]
	cache=""
	if [ -n "${4:-}" ]; then
		cache="--decompress-cache $PWD/kc"
		# shellcheck disable=SC2086
		"$1" run --aarch32 $cache -m "$LINUX_MEM" --dtb-out /dev/null \
			"$(linux_kernel "$2")" >/dev/null 2>&1
	fi
	# shellcheck disable=SC2086 # $cache: empty or words
	linux_start_running "$1" "$2" "$3" $cache
	pid=$LR_PID
	echo "== $1 $2 $3 ${4:-}"
	/extra/pagemap-dump $pid
	wait $pid
	echo "status $?"
}
for b in "$@"; do
	run_one "$b" arm64 1
	run_one "$b" arm64 2
	run_one "$b" armhf 1
	run_one "$b" armhf 1 warm
done
echo "$old" >$fa
