#!/bin/sh
# Memory beyond guest RAM of armvm binaries side by side, exactly, from
# /proc/PID/smaps (docs/performance.md: armvm's memory beyond guest RAM).
# Run inside the lab with the binaries packed:
#   lab/run.sh --no-build --icount --add tests/linux/mem-compare-lab.sh \
#       --add armvm-old --add armvm-new \
#       --run 'sh /extra/mem-compare-lab.sh /extra/armvm-old /extra/armvm-new'
# Each binary boots Debian's arm64 Image (1 vCPU, $LINUX_MEM, --no-input;
# MEM_CONFIGS="arch:cpus..." picks others, e.g. "arm64:1 arm64:2 armhf:1")
# twice, in turn; once the guest has printed its cpus result (after the
# boot marker) the script prints
#   mem <binary> guest=<guest RAM Rss kB> own-exact=<every other mapping's
#       Rss, kB> own-priv=<their Private_Clean + Private_Dirty kB>
#       own-anon=<their Anonymous kB> <mapping>:<Rss kB>...
#   VmHWM: <kB> VmRSS: <kB>
#   status <binary> <exit status> marker <armvm's marker device, ms> round <n> <arch:cpus>
# shellcheck disable=SC1091 # packed from tests/linux/lab-lib.sh
. /linux/lib.sh
cd "$(mktemp -d)" || exit 1
ram_kb=$((${LINUX_MEM%M} * 1024))
for config in ${MEM_CONFIGS:-arm64:1}; do
	arch=${config%:*} cpus=${config#*:}
	for round in 1 2; do
		for b in "$@"; do
			linux_start_running "$b" "$arch" "$cpus"
			pid=$LR_PID
			awk -v ram="$ram_kb" -v b="$b" '
				/^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6 ? $6 : "[anon]") }
				/^Size:/ { size = $2 }
				/^Rss:/ { if (size >= ram && !g) g = $2; else { own += $2; if ($2) m = m " " name ":" $2 } }
				/^Private_(Clean|Dirty):/ { if (size < ram) priv += $2 }
				/^Anonymous:/ { if (size < ram) anon += $2 }
				END { printf "mem %s guest=%d own-exact=%d own-priv=%d own-anon=%d%s\n", b, g, own, priv, anon, m }' \
				"/proc/$pid/smaps"
			grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | tr '\n\t' '  '
			echo
			wait $pid
			echo "status $b $? marker $(sed -n 's/^bootmark: 0 value 0x[0-9a-f]* at \([0-9.]*\) ms$/\1/p' o.err | head -n 1) round $round $config"
		done
	done
done
