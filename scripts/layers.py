#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Which source file calls which, from the build's object files, and the
two rules the tree keeps (README "Layout", docs/architecture.md):

  (a) no circles between the files of one layer (src/<layer>/), and
  (b) the layer order  src/arch < src/machine < src/dev < {src/kvm, src/host,
      src/el2} < src/cli: a file never references a symbol defined in a
      higher layer, and the three engine layers never reference each other.

An edge A -> B means an object compiled from A has an undefined symbol
(function or data) that the object compiled from B defines, with three
exceptions, each a way in that is not a design dependency:
  - the string.h-level functions the compiler itself may call (memcpy,
    memset...: the freestanding EL2 image defines them in src/el2/lib.c);
  - calls out of assembly files (.S): reset and exception entry code calls
    C the way the CPU does; C calling into assembly (the world switch,
    secondary entry) does count;
  - the engine layers reaching each other only through the hosted library's
    public API, include/armvm/armvm.h (src/host's device back ends are
    written against it and unit-tested with a fake of it).
Objects are
found under the build directory and grouped by link unit: the directory
right under it (arm64 = the hosted engine and CLI, el2 = the bare-metal
hypervisor, host = native test builds...), so that the same source compiled
for two targets is not mixed up. Copies built only for the freestanding
symbol checks (directories named *-fs) are skipped; within a group each
source counts once. Only the files of src/<layer>/ take part (not
src/<layer>/test/).

  scripts/layers.py [--build DIR] [--graph]

Prints PASS:/FAIL:/SKIP: lines (tests/suites/layers.sh); exits 1 on a FAIL.
--graph also prints every edge, with the symbols behind it.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

# Rank of each layer; engines share a rank and must not call each other.
RANK = {"arch": 0, "machine": 1, "dev": 2, "kvm": 3, "host": 3, "el2": 3,
        "cli": 4}
ORDER = "src/arch < src/machine < src/dev < src/kvm, src/host, src/el2 < src/cli"
DEFINED = set("TDBRGSVWCiu")     # global definitions in nm -P output
UNDEFINED = set("Uwv")
# What the compiler may call on its own (mk/machine.mk's
# PLATFORM_ALLOWED_SYMS): the C runtime, not a dependency on its definer.
RUNTIME = {"memcpy", "memmove", "memset", "memcmp", "strlen"}
PUBLIC_API = ("include/armvm/armvm.h", "include/armvm/state.h")


def public_api():
    """Functions declared in the hosted library's public header."""
    names = set()
    for header in PUBLIC_API:
        try:
            with open(header) as f:
                names |= set(re.findall(r"\b(armvm_\w+)\s*\(", f.read()))
        except OSError:
            pass
    return names


def source_of(obj, build):
    """The source file (relative to the tree) an object was compiled from."""
    rel = os.path.relpath(obj, build)
    m = re.search(r"(?:^|/)(src/[^/]+/[^/]+?\.(?:c|S))(?:\.o)?$", rel)
    if m:
        return m.group(1)
    m = re.search(r"(?:^|/)(src/[^/]+/[^/]+?)\.o$", rel)
    if m:
        for ext in (".c", ".S"):
            if os.path.exists(m.group(1) + ext):
                return m.group(1) + ext
    dep = obj[:-2] + ".d"                         # gcc -MMD: "x.o: src/.. "
    if os.path.exists(dep):
        with open(dep) as f:
            words = f.read().replace("\\\n", " ").split()
        if len(words) > 1 and words[0].endswith(":"):
            return os.path.normpath(words[1])
    try:                                          # DWARF: the compile unit
        out = subprocess.run(["readelf", "--debug-dump=info",
                              "--dwarf-depth=1", obj], capture_output=True,
                             text=True, check=False).stdout
        m = re.search(r"DW_AT_name\s*:\s*(?:\(.*?\):\s*)?(\S+)", out)
        if m:
            return os.path.normpath(m.group(1))
    except OSError:
        pass
    return None


def find_groups(build):
    """{group: {source: object}} for every object under build/."""
    groups = defaultdict(dict)
    for root, dirs, files in os.walk(build):
        dirs[:] = sorted(d for d in dirs if not d.endswith("-fs"))
        for name in sorted(files):
            if not name.endswith(".o"):
                continue
            obj = os.path.join(root, name)
            src = source_of(obj, build)
            if not src or not src.startswith("src/"):
                continue
            if not os.path.exists(src):   # left over from a renamed file
                continue
            parts = src.split("/")          # src/<layer>/<file>, not tests
            if len(parts) != 3 or parts[1] not in RANK:
                continue
            group = os.path.relpath(obj, build).split(os.sep)[0]
            groups[group].setdefault(src, obj)
    return groups


def read_symbols(objs):
    """{object: (defined set, undefined set)} with one nm run."""
    syms = {o: (set(), set()) for o in objs}
    out = subprocess.run(["nm", "-P", "-A"] + sorted(objs),
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        head, sep, rest = line.partition(": ")
        if not sep or head not in syms:
            continue
        f = rest.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind in DEFINED:
            syms[head][0].add(name)
        elif kind in UNDEFINED:
            syms[head][1].add(name)
    return syms


def layer(src):
    return src.split("/")[1]


def edges_of(files):
    """{(a, b): sorted symbols} from {source: (defined, undefined)}."""
    definers = defaultdict(list)
    for src, (defs, _) in files.items():
        for s in defs:
            definers[s].append(src)
    edges = defaultdict(set)
    for a, (_, undefs) in files.items():
        if a.endswith(".S"):
            continue
        for s in undefs:
            if s in RUNTIME:
                continue
            ds = definers.get(s, [])
            # Defined twice in one link unit (a test fake...): as a linker
            # would prefer, take the definition in the caller's own layer.
            same = [d for d in ds if layer(d) == layer(a)]
            for b in (same or ds):
                if b != a:
                    edges[(a, b)].add(s)
    return {e: sorted(s) for e, s in edges.items()}


def sccs(nodes, succ):
    """Strongly connected components (Tarjan), each a sorted list."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in succ.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def cycle_in(comp, succ):
    """One shortest circle through the component's first file."""
    start = comp[0]
    members = set(comp)
    prev = {start: None}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(succ.get(v, ())):
            if w not in members:
                continue
            if w == start:
                path = [v]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return list(reversed(path)) + [start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    return comp + [start]


def short(path):
    return os.path.basename(path)


def main(argv):
    build = "build"
    graph = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--build" and args:
            build = args.pop(0)
        elif a == "--graph":
            graph = True
        else:
            print(__doc__.strip(), file=sys.stderr)
            return 2
    if not os.path.isdir(build):
        print(f"SKIP: layers no build directory {build} (run make first)")
        return 0
    groups = find_groups(build)
    if not groups:
        print(f"SKIP: layers no object files of src/ under {build} "
              "(run make first)")
        return 0
    for want in ("arm64", "el2"):
        if want not in groups:
            print(f"SKIP: layers/{want} no objects built under {build}/{want}")

    failed = False
    for group in sorted(groups):
        objs = groups[group]
        syms = read_symbols(objs.values())
        files = {src: syms[obj] for src, obj in objs.items()}
        edges = edges_of(files)
        if graph:
            for (a, b), s in sorted(edges.items()):
                print(f"# {group}: {a} -> {b}: {' '.join(s)}")

        # (a) circles between the files of one layer.
        for lay in sorted({layer(s) for s in files}):
            nodes = [s for s in files if layer(s) == lay]
            succ = defaultdict(set)
            for (a, b) in edges:
                if layer(a) == lay and layer(b) == lay:
                    succ[a].add(b)
            circles = [c for c in sccs(nodes, succ) if len(c) > 1]
            name = f"layers/{group} src/{lay}"
            if not circles:
                n = len(nodes)
                print(f"PASS: {name} no circles between its {n} "
                      f"file{'' if n == 1 else 's'}")
                continue
            failed = True
            for comp in circles:
                path = cycle_in(comp, succ)
                print(f"FAIL: {name} circle: "
                      + " -> ".join(short(p) for p in path)
                      + ("" if len(set(path)) == len(comp) else
                         f" (one of a knot of {', '.join(map(short, comp))})"))
                for a in comp:
                    for b in sorted(succ[a]):
                        if b in comp:
                            print(f"    {short(a)} -> {short(b)}: "
                                  + " ".join(edges[(a, b)]))

        # (b) the layer order.
        bad = []
        api = public_api()
        for (a, b), s in sorted(edges.items()):
            la, lb = layer(a), layer(b)
            if RANK[lb] > RANK[la]:
                bad.append((a, b, s))
            elif RANK[la] == RANK[lb] and la != lb:
                s = [x for x in s if x not in api]
                if s:
                    bad.append((a, b, s))
        name = f"layers/{group} layer order"
        if not bad:
            print(f"PASS: {name} ({ORDER})")
        else:
            failed = True
            for a, b, s in bad:
                what = ("engines call each other"
                        if RANK[layer(a)] == RANK[layer(b)] else
                        "a lower layer calls up")
                print(f"FAIL: {name}: {a} -> {b} ({what}): {' '.join(s)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
