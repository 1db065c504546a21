# `make demo`: the README's run command. Installs what is missing, builds,
# boots the lab's nested arm64 host and, inside it, runs armvm: test guests
# of both widths, then Debian's arm64 kernel to a busybox shell that is
# typed into (scripts/demo-inside.sh). `make lab-shell` gives the same host
# interactively; `make el2-demo` boots the bare-metal engine's demo.
demo: setup
	@$(MAKE) --no-print-directory all
	@B=$(B) lab/mkinitramfs.sh -o $(LAB_INITRAMFS) $(LAB_MODULES)
	@B=$(B) lab/run.sh --no-build --add scripts/demo-inside.sh --run 'sh /extra/demo-inside.sh'
