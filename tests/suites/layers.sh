#!/bin/sh
# The layering of src/, checked on the build's object files: no circles
# between the files of one layer, and no reference up the layer order
# src/arch < src/machine < src/dev < src/kvm, src/host, src/el2 < src/cli
# (scripts/layers.py says what counts). One PASS:/FAIL: line per layer and
# link unit (build/arm64, build/el2...); SKIP: when nothing is built.
# `scripts/layers.py --graph` prints every file-to-file edge.
cd "$(dirname "$0")/../.." || exit 1
exec python3 scripts/layers.py --build "${B:-build}"
