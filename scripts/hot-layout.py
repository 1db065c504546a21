#!/usr/bin/env python3
"""Regenerate mk/armvm-hot.ld: the code and read-only data a Linux boot
uses, placed first in the static armvm binary (docs/performance.md,
"armvm's memory beyond guest RAM, second pass").

Why: armvm's text is file pages, and the kernel maps them around each
fault in fault_around_bytes windows (64 KiB): a boot that runs 200 KiB of
code scattered over the 1.0 MiB .text keeps nearly all of it resident.
Packed, the same code is four windows.

How:
  1. the layer libraries of $B/arm64 (built with -ffunction-sections
     -fdata-sections) and the C libraries armvm links are copied with every
     .text* and .rodata* section aligned to a page, and linked as armvm is
     ($B/hot-layout/armvm-probe, with a link map): each section then has
     pages of its own;
  2. in the lab, fault-around set to one page, the probe boots each bench
     configuration and the pages it mapped are listed
     (tests/linux/mem-pages-lab.sh, tests/linux/pagemap_dump.c);
  3. every section with a page mapped is hot; mk/armvm-hot.ld lists them
     (archive:member(section)) in output sections .text.hot and .rodata.hot,
     one after the other, placed before .text. A section the list names that no
     longer exists matches nothing; a new one is cold until regenerated.

    flock /tmp/armvm-lab.lock scripts/hot-layout.py       # lab run + write
    scripts/hot-layout.py --probe-only     # build the probe, no lab run
    scripts/hot-layout.py --pages FILE     # write from mem-pages-lab.sh's
                                           # output for the same probe
Needs `make all` and the lab's initramfs packed (lab/mkinitramfs.sh).
"""
import os
import re
import subprocess
import sys

CROSS = 'aarch64-linux-gnu-'
LAYERS = ['arch', 'machine', 'dev', 'host', 'kvm', 'cli']   # LAYERS_arm64
SYSLIBS = ['fdt', 'zstd', 'lz4', 'lzma', 'z']              # mk/armvm.mk
PAGE = 4096


def run(cmd, **kw):
    print('hot-layout: ' + ' '.join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def build_probe(b, out):
    run(['make', '-j2', 'B=' + b, b + '/arm64/armvm'])
    sysroot = os.path.join(os.environ.get('ARMVM_CACHE', os.path.expanduser('~/.cache/armvm')),
                           'sysroot-arm64/usr/lib/aarch64-linux-gnu')
    gcc_file = lambda f: subprocess.run([CROSS + 'gcc', '-print-file-name=' + f],
                                        check=True, capture_output=True, text=True).stdout.strip()
    layers = ['%s/arm64/lib%s.a' % (b, l) for l in LAYERS]
    syslibs = ['%s/lib%s.a' % (sysroot, l) for l in SYSLIBS]
    clibs = [gcc_file(f) for f in ('libgcc.a', 'libgcc_eh.a', 'libc.a')]
    os.makedirs(out, exist_ok=True)
    copies = {}
    for a in layers + syslibs + clibs:
        copies[a] = os.path.join(out, os.path.basename(a))
        run([CROSS + 'objcopy', '--set-section-alignment', '.text*=%d' % PAGE,
             '--set-section-alignment', '.rodata*=%d' % PAGE, a, copies[a]])
    run([CROSS + 'gcc', '-static', '-pthread', '-nodefaultlibs', '-o', out + '/armvm-probe',
         '-Wl,-Map=' + out + '/armvm-probe.map', '-Wl,--start-group']
        + [copies[a] for a in layers] + ['-Wl,--end-group'] + [copies[a] for a in syslibs]
        + ['-Wl,--start-group'] + [copies[a] for a in clibs] + ['-Wl,--end-group'])
    run([CROSS + 'gcc', '-static', '-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-D_GNU_SOURCE',
         '-o', out + '/pagemap-dump', 'tests/linux/pagemap_dump.c'])


def lab_pages(out):
    r = run(['lab/run.sh', '--no-build', '--timeout', '1500',
             '--add', 'tests/linux/mem-pages-lab.sh', '--add', out + '/pagemap-dump',
             '--add', out + '/armvm-probe',
             '--run', 'sh /extra/mem-pages-lab.sh /extra/armvm-probe'],
            capture_output=True, text=True)
    with open(out + '/pages.txt', 'w') as f:
        f.write(r.stdout)
    return r.stdout


def touched_pages(text):
    """Pages (absolute addresses) of the probe's own file mappings mapped in
    any run, and how many runs exited 0."""
    pages, ok = set(), 0
    for line in text.splitlines():
        if line.startswith('status '):
            ok += line.split()[1] == '0'
        m = re.match(r'([0-9a-f]+)-[0-9a-f]+ r[-w]xp off=0 \S*armvm-probe: (.*) = \d+ pages', line)
        if not m:
            continue
        lo = int(m.group(1), 16)
        for r in m.group(2).split():
            first, count = r[:-1].split('+')
            for p in range(int(first, 16), int(first, 16) + int(count, 16)):
                pages.add(lo + p * PAGE)
    return pages, ok


def hot_sections(mapfile, pages):
    """(output section, archive, member, input section) of every input
    section of .text and .rodata with a page in pages, in address order."""
    text = open(mapfile).read()
    text = text[text.index('Linker script and memory map'):]
    out, pending, hot = None, None, []
    for line in text.splitlines():
        if re.match(r'[._]', line):
            out = line.split()[0]
            continue
        m = re.match(r' (\S+)\s*$', line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r' (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)', line)
        if not m or out not in ('.text', '.rodata'):
            pending = None
            continue
        name, pending = m.group(1) or pending, None
        addr, size = int(m.group(2), 16), int(m.group(3), 16)
        a = re.search(r'([^/]+\.a)\((.+)\)$', m.group(4))
        if not size or not a or not name:
            continue
        first = addr - addr % PAGE
        if any(p in pages for p in range(first, addr + size, PAGE)):
            hot.append((out, a.group(1), a.group(2), name))
    return hot


def write_ld(hot, path):
    def block(sec):
        seen, lines = set(), []
        for out, archive, member, name in hot:
            pat = '*/%s:%s(%s)' % (archive, member, name)
            if out == sec and pat not in seen:
                seen.add(pat)
                lines.append('\t\t' + pat)
        return lines
    body = ['/* Generated by scripts/hot-layout.py: the sections a Linux boot uses,',
            ' * first, code and read-only data side by side (docs/performance.md,',
            ' * "armvm\'s memory beyond guest RAM, second pass"). Passed to the',
            ' * static armvm link (mk/armvm.mk), whose first segment holds both;',
            ' * regenerate with that script when the code moves a lot. */',
            'SECTIONS', '{', '\t.text.hot : {'] + block('.text') + [
            '\t}', '\t.rodata.hot : {'] + block('.rodata') + ['\t}', '}', 'INSERT BEFORE .text;']
    with open(path, 'w') as f:
        f.write('\n'.join(body) + '\n')


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    b = os.environ.get('B', 'build')
    out = b + '/hot-layout'
    args = sys.argv[1:]
    build_probe(b, out)
    if args == ['--probe-only']:
        return
    if args[:1] == ['--pages'] and len(args) == 2:
        text = open(args[1]).read()
    elif not args:
        text = lab_pages(out)
    else:
        sys.exit('usage: scripts/hot-layout.py [--probe-only | --pages FILE]')
    pages, ok = touched_pages(text)
    if ok < 4 or not pages:
        sys.exit('hot-layout: the lab runs did not all finish (%d of 4 exited 0); see %s/pages.txt'
                 % (ok, out))
    hot = hot_sections(out + '/armvm-probe.map', pages)
    write_ld(hot, 'mk/armvm-hot.ld')
    print('hot-layout: %d pages touched, %d hot sections -> mk/armvm-hot.ld'
          % (len(pages), len(hot)))


if __name__ == '__main__':
    main()
