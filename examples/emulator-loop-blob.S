/* SPDX-License-Identifier: MIT */
/* emulator-loop-guest.S, assembled for A32 and flattened, as data. */
	.section .rodata
	.balign 4
	.global emu_guest, emu_guest_end
emu_guest:
	.incbin EMU_GUEST_BIN
emu_guest_end:
