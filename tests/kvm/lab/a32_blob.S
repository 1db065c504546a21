/* SPDX-License-Identifier: MIT */
/* The AArch32 test guest (guest_a32.S, assembled for A32 and flattened to a
 * binary) as data inside the arm64 embedding test. */
	.section .rodata
	.balign 4
	.global embed_a32_blob, embed_a32_blob_end
embed_a32_blob:
	.incbin EMBED_A32_BIN
embed_a32_blob_end:
