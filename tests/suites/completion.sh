#!/bin/sh
# The bash completion for armvm (contrib/bash-completion/armvm): source it in
# a clean bash, fill COMP_WORDS/COMP_CWORD as bash would for a command line,
# call the completion function and compare COMPREPLY. One PASS:/FAIL: line
# per case; SKIP: when there is no bash.
cd "$(dirname "$0")/../.." || exit 1
if ! command -v bash >/dev/null 2>&1; then
	echo "SKIP: completion no bash"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/img" && : >"$tmp/img/Image" && : >"$tmp/img/initrd.gz" &&
	: >"$tmp/img/hello.elf" && mkdir "$tmp/img/sub"

# The options `armvm run --help` lists (main.c's help text), which the
# completion must offer, one a line.
sed -n '/run_usage_text\[\]/,/^;/p' src/cli/main.c |
	grep -E '^[[:space:]]*"  -' |
	sed -e 's/^[[:space:]]*"  //' -e 's/\\n"$//' -e 's/   .*//' -e 's/,/ /g' |
	grep -oE '(^| )--?[a-z][a-z0-9-]*' | tr -d ' ' | sort -u >"$tmp/help-opts"
[ "$(wc -l <"$tmp/help-opts")" -ge 20 ] ||
	echo "FAIL: completion cannot read the options from src/cli/main.c"

B=$tmp bash --norc --noprofile -s <<'EOF'
. contrib/bash-completion/armvm || { echo "FAIL: completion cannot be sourced"; exit 1; }
fails=0
# complete NAME EXPECTED WORD... : the last WORD is the one being completed.
# EXPECTED is the sorted COMPREPLY, space-separated ("" for none).
check() {
	local name=$1 want=$2; shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_armvm armvm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
	local got
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ')
	got=${got% }
	if [ "$got" = "$want" ]; then
		echo "PASS: completion $name"
	else
		echo "FAIL: completion $name: got '$got', wanted '$want'"
		fails=$((fails + 1))
	fi
}
# has NAME WANTED WORD...: COMPREPLY contains every word of WANTED.
has() {
	local name=$1 want=$2; shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_armvm armvm 2>/dev/null
	local w missing=
	for w in $want; do
		printf '%s\n' "${COMPREPLY[@]}" | grep -qxF -- "$w" || missing="$missing $w"
	done
	if [ -z "$missing" ]; then
		echo "PASS: completion $name"
	else
		echo "FAIL: completion $name: missing$missing (got ${COMPREPLY[*]})"
		fails=$((fails + 1))
	fi
}

if complete -p armvm 2>/dev/null | grep -q -- '-F _armvm armvm'; then
	echo "PASS: completion registered for armvm"
else
	echo "FAIL: completion not registered for armvm"; fails=$((fails + 1))
fi
check "subcommands" "--help --version -h api help restore run snapshot version" armvm ""
check "r -> run restore" "restore run" armvm r
check "ru -> run" "run" armvm ru
check "restore - offers back-end options only" "--api-sock" armvm restore --ap
check "restore -c refused" "" armvm restore -c
check "api methods" "PATCH PUT" armvm api sock P
check "api paths" "/snapshot/create /snapshot/load" armvm api sock PUT /sn
check "snapshot --stop" "--stop" armvm snapshot --s
check "--v -> --version" "--version" armvm --v
check "nothing after version" "" armvm version ""
check "run --gi -> --gic --gid" "--gic --gid" armvm run --gi
check "run --gd -> the gdb stub options" "--gdb --gdb-wait" armvm run --gd
check "run --gic values" "2 3 auto none" armvm run --gic ""
check "run --gic n" "none" armvm run --gic n
check "run --unshare values" "all mount net pid" armvm run --unshare ""
check "run --unshare after a comma" "mount,net" armvm run --unshare mount,n
check "run --gic=<TAB> (split at =)" "2 3 auto none" armvm run --gic = ""
check "run --gic=a (split at =)" "auto" armvm run --gic = a
check "run --gic=a (one word)" "--gic=auto" armvm run --gic=a
check "run --console values" "pl011 virtio" armvm run --console ""
check "run --console v" "virtio" armvm run --console v
check "run --net t -> tap=" "tap=" armvm run --net t
check "run -sm -> -smp" "-smp" armvm run -sm
check "run -s -> -s -smp" "-s -smp" armvm run -s
check "run -k -> -kernel" "-kernel" armvm run -k
check "run -i -> -initrd" "-initrd" armvm run -i
check "run -a -> -append" "-append" armvm run -a
check "run --me -> --memory" "--memory" armvm run --me
check "run --no-in -> --no-input" "--no-input" armvm run --no-in
check "run --k -> --kernel --kvm-path" "--kernel --kvm-path" armvm run --k
check "run --append takes free text" "" armvm run --append ""
check "run -append takes free text" "" armvm run -append co
check "run --load-addr takes a number" "" armvm run --load-addr 0x
check "run -m 1 -> sizes" "1024 128 128M 1G" armvm run -m 1
check "run -smp 1" "1" armvm run -smp 1
check "run -kernel FILE" "$B/img/Image" armvm run -kernel "$B/img/I"
check "run -initrd FILE" "$B/img/initrd.gz" armvm run -initrd "$B/img/in"
check "run --disk DIR/" "$B/img/Image $B/img/hello.elf $B/img/initrd.gz $B/img/sub" \
	armvm run --disk "$B/img/"
check "run image" "$B/img/hello.elf" armvm run -c 2 "$B/img/h"
check "run image after a valued option" "$B/img/hello.elf" armvm run --gic 3 "$B/img/h"
check "run after -- only files" "$B/img/sub" armvm run -- "$B/img/s"
check "run --dtb-out FILE" "$B/img/sub" armvm run --dtb-out "$B/img/s"
has "run - offers every option of armvm run --help" "$(cat "$B/help-opts")" armvm run -
has "run - offers the QEMU spellings" "-smp -kernel -initrd -append" armvm run -
check "unknown subcommand: nothing" "" armvm fly ""
[ "$fails" = 0 ]
EOF
