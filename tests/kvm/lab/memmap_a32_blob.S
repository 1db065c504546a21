/* SPDX-License-Identifier: MIT */
/* memmap_a32.S, assembled for A32 and flattened, as data in the arm64
 * memmap test. */
	.section .rodata
	.balign 4
	.global mm_a32_blob, mm_a32_blob_end
mm_a32_blob:
	.incbin MEMMAP_A32_BIN
mm_a32_blob_end:
