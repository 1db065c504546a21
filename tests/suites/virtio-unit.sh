#!/bin/sh
# The virtio device models' and back ends' unit tests ($B/host/tests/dev/virt*
# and $B/host/tests/host/*, built by mk/tests.mk from tests/dev/ and
# tests/host/): one PASS:/FAIL: line per test case, named <program>/<test>.
# A program that crashes or reports fewer tests than it planned is a FAIL of
# its own. tests/suites/unit.sh does the work.
exec "$(dirname "$0")/unit.sh" --virtio
