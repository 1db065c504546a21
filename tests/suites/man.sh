#!/bin/sh
# The man pages (docs/man/*.[1-8]) render without a warning: groff's own
# checks (`groff -man -ww -z`, every warning enabled) and man-db's
# (`man --warnings -l`, as a user would read it, 80 columns). Also that
# armvm(1) names every option of `armvm run --help` and that the rendered
# pages have no line wider than the terminal. One PASS:/FAIL: line per page
# and check; SKIP: when groff (or man) is missing.
cd "$(dirname "$0")/../.." || exit 1
pages=$(ls docs/man/*.[1-8] 2>/dev/null)
if [ -z "$pages" ]; then
	echo "FAIL: man no pages in docs/man"
	exit 1
fi
if ! command -v groff >/dev/null 2>&1; then
	echo "SKIP: man groff is not installed (apt-get install groff-base)"
	exit 0
fi
status=0
pass() { echo "PASS: man $1"; }
fail() { echo "FAIL: man $1"; status=1; }

for p in $pages; do
	name=$(basename "$p")
	# groff: -ww all warnings, -z no output; tbl for pages that ask for it.
	out=$(groff -t -man -ww -z "$p" 2>&1)
	if [ -z "$out" ]; then
		pass "$name groff -man -ww"
	else
		fail "$name groff -man -ww: $(printf '%s' "$out" | head -n 3 | tr '\n' ' ')"
	fi
	if command -v man >/dev/null 2>&1; then
		out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$p" 2>&1 >/dev/null)
		if [ -z "$out" ]; then
			pass "$name man --warnings -l"
		else
			fail "$name man --warnings -l: $(printf '%s' "$out" | head -n 3 | tr '\n' ' ')"
		fi
		wide=$(MANWIDTH=80 LC_ALL=C man -l "$p" 2>/dev/null |
			awk 'length($0) > 80 { n++ } END { print n + 0 }')
		if [ "$wide" = 0 ]; then
			pass "$name fits 80 columns"
		else
			fail "$name $wide rendered lines wider than 80 columns"
		fi
	else
		echo "SKIP: man $name man --warnings -l (man-db is not installed)"
	fi
	# The page's NAME line: "name \- description", as apropos/lexgrog want.
	if sed -n '/^\.SH NAME/{n;p;q}' "$p" | grep -q ' \\- '; then
		pass "$name NAME section"
	else
		fail "$name NAME section is not 'name \\- description'"
	fi
	if command -v lexgrog >/dev/null 2>&1; then
		if lexgrog "$p" >/dev/null 2>&1; then
			pass "$name whatis entry (lexgrog)"
		else
			fail "$name lexgrog cannot parse its NAME section"
		fi
	fi
done

# armvm(1) documents every option `armvm run --help` lists.
if [ -f docs/man/armvm.1 ]; then
	text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l docs/man/armvm.1 2>/dev/null ||
		groff -t -man -Tutf8 docs/man/armvm.1 2>/dev/null)
	missing=
	for o in $(sed -n '/run_usage_text\[\]/,/^;/p' src/cli/main.c |
		grep -E '^[[:space:]]*"  -' |
		sed -e 's/^[[:space:]]*"  //' -e 's/\\n"$//' -e 's/   .*//' -e 's/,/ /g' |
		grep -oE '(^| )--?[a-z][a-z0-9-]*' | tr -d ' ' | sort -u); do
		printf '%s\n' "$text" | grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" || missing="$missing $o"
	done
	if [ -z "$missing" ]; then
		pass "armvm.1 names every option of armvm run --help"
	else
		fail "armvm.1 does not name:$missing"
	fi
fi
exit $status
