# shellcheck shell=sh
# Kernel-module load order from a kernel's modules.dep, shared by the lab's
# initramfs (lab/mkinitramfs.sh) and the Linux test guests'
# (tests/linux/mk-guest-initramfs.sh). Sourced; the caller defines die().

# Path of a module in modules.dep (dashes and underscores are the same in
# module names).
module_path() { # moddir name
	awk -F: -v want="$2" '
		BEGIN { gsub("-", "_", want) }
		{ n = $1; sub(".*/", "", n); sub("[.]ko.*", "", n); gsub("-", "_", n)
		  if (n == want) { print $1; exit } }' "$1/modules.dep"
}

# Sets load_order to the module paths to insmod in order: each module's
# dependencies (modules.dep lists the whole closure, last-to-load first),
# then the module itself, each once. A module built into the kernel
# (modules.builtin: virtio_console in Debian's 6.12) needs no loading.
module_load_order() { # moddir kver name...
	_mdir=$1 _kver=$2
	shift 2
	load_order=""
	for _m in "$@"; do
		if [ -f "$_mdir/modules.builtin" ] && sed 's|.*/||; s|[.]ko.*||; s|-|_|g' \
			"$_mdir/modules.builtin" | grep -qx "$(echo "$_m" | tr - _)"; then
			continue
		fi
		_p=$(module_path "$_mdir" "$_m")
		[ -n "$_p" ] || die "no module '$_m' in $_kver"
		_rev=""
		# shellcheck disable=SC2013 # one line of words
		for _d in $(grep "^$_p:" "$_mdir/modules.dep" | sed 's/^[^:]*: *//'); do
			_rev="$_d $_rev"
		done
		for _d in $_rev $_p; do
			case " $load_order " in *" $_d "*) ;; *) load_order="$load_order $_d" ;; esac
		done
	done
}
