/* UINTRSIM_U64(x): a 64-bit constant in C and C++, a plain number in assembly; shared by the
 * register-map headers (devices.h, sv39.h). */
#ifndef UINTRSIM_U64_H
#define UINTRSIM_U64_H
#ifdef __ASSEMBLER__
#define UINTRSIM_U64(x) x
#else
#define UINTRSIM_U64(x) x##ULL
#endif
#endif
