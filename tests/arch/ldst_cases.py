#!/usr/bin/env python3
# Regenerates tests/arch/ldst_cases.h: each instruction below assembled by
# the Debian cross assembler (the oracle for the encodings), with what the
# load/store decoder must make of it, in the form test_ldst.c prints a plan:
#   L|S len base=<reg> pre|post[,wb] off=#imm|r<m>,ext<opt>,lsl<n>|r<m>,sh<type>#<n>[-]
#   [start=<n>] then each transfer: r<n>:<size>[s][X]@<offset> or
#   v<n>[<lane>]:<size>@<offset>; " c<cond>" for a conditional A32 one;
#   UNSUPPORTED / NOT for refused encodings.
# Usage: tests/arch/ldst_cases.py > tests/arch/ldst_cases.h
import os, re, subprocess, sys, tempfile

A64 = [
    ("ldp x1, x2, [x3]", "L 4 base=r3 pre off=#0 r1:8X@0 r2:8X@8"),
    ("stp x29, x30, [sp, #-16]!", "S 4 base=sp pre,wb off=#-16 r29:8X@0 r30:8X@8"),
    ("ldp w5, w6, [x7], #8", "L 4 base=r7 post,wb off=#8 r5:4@0 r6:4@4"),
    ("ldpsw x1, x2, [x3, #-8]", "L 4 base=r3 pre off=#-8 r1:4sX@0 r2:4sX@4"),
    ("ldnp q0, q1, [x2, #32]", "L 4 base=r2 pre off=#32 v0[0]:8@0 v0[8]:8@8 v1[0]:8@16 v1[8]:8@24"),
    ("stp d8, d9, [x0, #-512]!", "S 4 base=r0 pre,wb off=#-512 v8[0]:8@0 v9[0]:8@8"),
    ("ldp s0, s31, [sp], #252", "L 4 base=sp post,wb off=#252 v0[0]:4@0 v31[0]:4@4"),
    ("stp xzr, xzr, [x1]", "S 4 base=r1 pre off=#0 zr:8X@0 zr:8X@8"),
    ("stnp w1, w2, [x3, #-256]", "S 4 base=r3 pre off=#-256 r1:4@0 r2:4@4"),
    ("ldr x0, [x1, #8]!", "L 4 base=r1 pre,wb off=#8 r0:8X@0"),
    ("str w2, [x3], #-4", "S 4 base=r3 post,wb off=#-4 r2:4@0"),
    ("ldrsb x4, [x5, #1]!", "L 4 base=r5 pre,wb off=#1 r4:1sX@0"),
    ("ldrsh w6, [x7], #2", "L 4 base=r7 post,wb off=#2 r6:2s@0"),
    ("ldrb w1, [x2, #4095]", "L 4 base=r2 pre off=#4095 r1:1@0"),
    ("ldrh w1, [x2, #8190]", "L 4 base=r2 pre off=#8190 r1:2@0"),
    ("ldr q3, [x4, #16]", "L 4 base=r4 pre off=#16 v3[0]:8@0 v3[8]:8@8"),
    ("str d5, [x6, x7, lsl #3]", "S 4 base=r6 pre off=r7,ext3,lsl3 v5[0]:8@0"),
    ("ldr h1, [x2, w3, sxtw]", "L 4 base=r2 pre off=r3,ext6,lsl0 v1[0]:2@0"),
    ("ldr w1, [x2, w3, uxtw #2]", "L 4 base=r2 pre off=r3,ext2,lsl2 r1:4@0"),
    ("str b0, [x1], #1", "S 4 base=r1 post,wb off=#1 v0[0]:1@0"),
    ("ldr s2, [x3, #-4]!", "L 4 base=r3 pre,wb off=#-4 v2[0]:4@0"),
    ("str q31, [sp, #-256]!", "S 4 base=sp pre,wb off=#-256 v31[0]:8@0 v31[8]:8@8"),
    ("ldur x1, [x2, #-1]", "L 4 base=r2 pre off=#-1 r1:8X@0"),
    ("sttr w1, [x2, #4]", "S 4 base=r2 pre off=#4 r1:4@0"),
    ("ldr w0, [x1, x2]", "L 4 base=r1 pre off=r2,ext3,lsl0 r0:4@0"),
    ("ldr x0, .+8", "L 4 base=pc pre off=#8 r0:8X@0"),
    ("ldr q1, .-16", "L 4 base=pc pre off=#-16 v1[0]:8@0 v1[8]:8@8"),
    ("ldrsw x2, .+4", "L 4 base=pc pre off=#4 r2:4sX@0"),
    ("strh wzr, [sp, #2]!", "S 4 base=sp pre,wb off=#2 zr:2@0"),
    ("ldr x30, [sp], #16", "L 4 base=sp post,wb off=#16 r30:8X@0"),
    ("ldxr x0, [x1]", "UNSUPPORTED"),
    ("stlr w0, [x1]", "UNSUPPORTED"),
    ("ldaxp x0, x1, [x2]", "UNSUPPORTED"),
    ("ldadd w0, w1, [x2]", "UNSUPPORTED"),
    ("swpal x0, x1, [x2]", "UNSUPPORTED"),
    ("casal x0, x1, [x2]", "UNSUPPORTED"),
    ("ld1 {v0.16b}, [x0]", "UNSUPPORTED"),
    ("st1 {v0.s}[1], [x0], #4", "UNSUPPORTED"),
    ("prfm pldl1keep, [x0]", "NOT"),
    ("add x0, x1, x2", "NOT"),
    ("b .+8", "NOT"),
]
A32 = [
    ("ldm r0, {r1, r2, r3}", "L 4 base=r0 post off=#12 r1:4@0 r2:4@4 r3:4@8"),
    ("push {r4, lr}", "S 4 base=r13 post,wb off=#-8 start=-8 r4:4@0 r14:4@4"),
    ("pop {r4, pc}", "L 4 base=r13 post,wb off=#8 r4:4@0 pc:4@4"),
    ("ldmib r1!, {r2, r5}", "L 4 base=r1 post,wb off=#8 start=4 r2:4@0 r5:4@4"),
    ("stmda r1, {r0, r1, r2}", "S 4 base=r1 post off=#-12 start=-8 r0:4@0 r1:4@4 r2:4@8"),
    ("ldmeq r0!, {r1}", "L 4 base=r0 post,wb off=#4 r1:4@0 c0"),
    ("ldrd r2, r3, [r0, #8]!", "L 4 base=r0 pre,wb off=#8 r2:4@0 r3:4@4"),
    ("strd r4, r5, [r1], #-16", "S 4 base=r1 post,wb off=#-16 r4:4@0 r5:4@4"),
    ("ldrd r0, r1, [r2, r3]", "L 4 base=r2 pre off=r3,sh0#0 r0:4@0 r1:4@4"),
    ("strd r6, r7, [r8, -r9]!", "S 4 base=r8 pre,wb off=r9,sh0#0- r6:4@0 r7:4@4"),
    ("ldr r0, [r1, #4]!", "L 4 base=r1 pre,wb off=#4 r0:4@0"),
    ("str r2, [r3], #-8", "S 4 base=r3 post,wb off=#-8 r2:4@0"),
    ("ldrb r4, [r5, r6, lsl #2]!", "L 4 base=r5 pre,wb off=r6,sh0#2 r4:1@0"),
    ("strb r1, [r2], -r3, asr #3", "S 4 base=r2 post,wb off=r3,sh2#3- r1:1@0"),
    ("ldr r0, [r1, r2, rrx]", "L 4 base=r1 pre off=r2,sh3#0 r0:4@0"),
    ("ldr r0, [r1, r2, lsr #32]", "L 4 base=r1 pre off=r2,sh1#0 r0:4@0"),
    ("ldrh r1, [r2, #-6]!", "L 4 base=r2 pre,wb off=#-6 r1:2@0"),
    ("strh r3, [r4], r5", "S 4 base=r4 post,wb off=r5,sh0#0 r3:2@0"),
    ("ldrsb r1, [r2], #1", "L 4 base=r2 post,wb off=#1 r1:1s@0"),
    ("ldrsh r1, [r2, #2]!", "L 4 base=r2 pre,wb off=#2 r1:2s@0"),
    ("ldrt r0, [r1], #4", "L 4 base=r1 post,wb off=#4 r0:4@0"),
    ("strne r1, [r2, #4]!", "S 4 base=r2 pre,wb off=#4 r1:4@0 c1"),
    ("ldr r0, [pc, #-8]", "L 4 base=pc pre off=#-8 r0:4@0"),
    ("str pc, [r0]", "S 4 base=r0 pre off=#0 pc:4@0"),
    ("vldr d0, [r1, #8]", "L 4 base=r1 pre off=#8 v0[0]:4@0 v0[4]:4@4"),
    ("vstr s3, [r2, #-4]", "S 4 base=r2 pre off=#-4 v0[12]:4@0"),
    ("vldr d17, [r0]", "L 4 base=r0 pre off=#0 v8[8]:4@0 v8[12]:4@4"),
    ("vldmia r0!, {d1-d2}", "L 4 base=r0 post,wb off=#16 v0[8]:4@0 v0[12]:4@4 v1[0]:4@8 v1[4]:4@12"),
    ("vpush {s0-s2}", "S 4 base=r13 post,wb off=#-12 start=-12 v0[0]:4@0 v0[4]:4@4 v0[8]:4@8"),
    ("vpop {d8}", "L 4 base=r13 post,wb off=#8 v4[0]:4@0 v4[4]:4@4"),
    ("vldm r1, {s5}", "L 4 base=r1 post off=#4 v1[4]:4@0"),
    ("vstmdbgt r3!, {d30-d31}", "S 4 base=r3 post,wb off=#-16 start=-16 v15[0]:4@0 v15[4]:4@4 v15[8]:4@8 v15[12]:4@12 cc"),
    ("ldrex r0, [r1]", "UNSUPPORTED"),
    ("strexd r0, r2, r3, [r1]", "UNSUPPORTED"),
    ("lda r0, [r1]", "UNSUPPORTED"),
    ("ldm r0, {r1}^", "UNSUPPORTED"),
    ("vld1.8 {d0}, [r0]", "UNSUPPORTED"),
    ("add r0, r1, r2", "NOT"),
    ("mul r0, r1, r2", "NOT"),
    ("pld [r0]", "NOT"),
    ("vmov d0, r0, r1", "NOT"),
    ("vadd.f64 d0, d1, d2", "NOT"),
]
T32 = [
    ("push {r4, r5, lr}", "S 2 base=r13 post,wb off=#-12 start=-12 r4:4@0 r5:4@4 r14:4@8"),
    ("pop {r0, pc}", "L 2 base=r13 post,wb off=#8 r0:4@0 pc:4@4"),
    ("ldmia r1!, {r2, r3}", "L 2 base=r1 post,wb off=#8 r2:4@0 r3:4@4"),
    ("ldmia r1, {r1, r2}", "L 2 base=r1 post off=#8 r1:4@0 r2:4@4"),
    ("stmia r0!, {r1, r2, r7}", "S 2 base=r0 post,wb off=#12 r1:4@0 r2:4@4 r7:4@8"),
    ("ldr r1, [r2, #4]", "L 2 base=r2 pre off=#4 r1:4@0"),
    ("strb r1, [r2, r3]", "S 2 base=r2 pre off=r3,sh0#0 r1:1@0"),
    ("ldrsh r1, [r2, r3]", "L 2 base=r2 pre off=r3,sh0#0 r1:2s@0"),
    ("strh r0, [r1, #62]", "S 2 base=r1 pre off=#62 r0:2@0"),
    ("ldrb r7, [r6, #31]", "L 2 base=r6 pre off=#31 r7:1@0"),
    ("ldr r3, [sp, #1020]", "L 2 base=r13 pre off=#1020 r3:4@0"),
    ("ldr r0, [pc, #8]", "L 2 base=pc pre off=#8 r0:4@0"),
    ("ldmia.w r0!, {r1, r2, r8}", "L 4 base=r0 post,wb off=#12 r1:4@0 r2:4@4 r8:4@8"),
    ("stmdb r0, {r1, lr}", "S 4 base=r0 post off=#-8 start=-8 r1:4@0 r14:4@4"),
    ("pop.w {r4-r11, pc}", "L 4 base=r13 post,wb off=#36 r4:4@0 r5:4@4 r6:4@8 r7:4@12 r8:4@16 r9:4@20 r10:4@24 r11:4@28 pc:4@32"),
    ("ldrd r0, r1, [r2, #8]!", "L 4 base=r2 pre,wb off=#8 r0:4@0 r1:4@4"),
    ("strd r4, r6, [r5], #-1020", "S 4 base=r5 post,wb off=#-1020 r4:4@0 r6:4@4"),
    ("ldrd r2, r3, [pc, #-16]", "L 4 base=pc pre off=#-16 r2:4@0 r3:4@4"),
    ("ldr.w r0, [r1, #4095]", "L 4 base=r1 pre off=#4095 r0:4@0"),
    ("ldr r0, [r1, #-4]!", "L 4 base=r1 pre,wb off=#-4 r0:4@0"),
    ("strb r2, [r3], #255", "S 4 base=r3 post,wb off=#255 r2:1@0"),
    ("ldrsh.w r4, [r5, r6, lsl #3]", "L 4 base=r5 pre off=r6,sh0#3 r4:2s@0"),
    ("ldrsb r1, [r2, #-1]", "L 4 base=r2 pre off=#-1 r1:1s@0"),
    ("ldrt r0, [r1, #4]", "L 4 base=r1 pre off=#4 r0:4@0"),
    ("ldr.w r0, [pc, #-100]", "L 4 base=pc pre off=#-100 r0:4@0"),
    ("ldr.w pc, [sp], #4", "L 4 base=r13 post,wb off=#4 pc:4@0"),
    ("vldr d0, [r0, #-8]", "L 4 base=r0 pre off=#-8 v0[0]:4@0 v0[4]:4@4"),
    ("vpush {d8-d9}", "S 4 base=r13 post,wb off=#-16 start=-16 v4[0]:4@0 v4[4]:4@4 v4[8]:4@8 v4[12]:4@12"),
    ("vldmia r2!, {s1-s2}", "L 4 base=r2 post,wb off=#8 v0[4]:4@0 v0[8]:4@4"),
    ("ldrex r0, [r1]", "UNSUPPORTED"),
    ("tbb [r0, r1]", "UNSUPPORTED"),
    ("vld1.8 {d0}, [r0]", "UNSUPPORTED"),
    ("pld [r0]", "NOT"),
    ("add.w r0, r1, r2", "NOT"),
    ("movs r0, #1", "NOT"),
    ("bl .+8", "NOT"),
]

def assemble(isa, lines):
    with tempfile.TemporaryDirectory() as d:
        src, obj = os.path.join(d, "a.s"), os.path.join(d, "a.o")
        if isa == "A64":
            head, asm, dump, flags = "", "aarch64-linux-gnu-as", "aarch64-linux-gnu-objdump", ["-march=armv8.2-a"]
        else:
            head = ".syntax unified\n.fpu neon-vfpv4\n" + (".thumb\n" if isa == "T32" else ".arm\n")
            asm, dump, flags = "arm-linux-gnueabihf-as", "arm-linux-gnueabihf-objdump", ["-march=armv8-a"]
        with open(src, "w") as f:
            f.write(head + "".join(l + "\n" for l in lines))
        subprocess.run([asm] + flags + [src, "-o", obj], check=True)
        out = subprocess.run([dump, "-d", obj], check=True, capture_output=True, text=True).stdout
    words = []
    for line in out.splitlines():
        m = re.match(r"\s*[0-9a-f]+:\s+([0-9a-f]{4,8})(?: ([0-9a-f]{4}))?\s", line)
        if m:
            words.append(int(m.group(1), 16) << 16 | int(m.group(2), 16) if m.group(2) else int(m.group(1), 16))
    assert len(words) == len(lines), (isa, len(words), len(lines))
    return words

print("/* Generated by tests/arch/ldst_cases.py: encodings from the Debian cross assemblers. */")
print("static const struct ldst_case ldst_cases[] = {")
for isa, cases in (("A64", A64), ("A32", A32), ("T32", T32)):
    for (text, want), word in zip(cases, assemble(isa, [c[0] for c in cases])):
        print('\t{ LDST_ISA_%s, 0x%08x, "%s", "%s" },' % (isa, word, text, want))
print("};")
