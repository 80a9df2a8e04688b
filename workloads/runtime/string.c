// Freestanding string functions. GCC may emit calls to memcpy/memmove/memset/memcmp even
// with -ffreestanding, so they must exist; loop-to-call idiom recognition is switched off
// here so that memset does not become a call to itself.
#include <sel4/runtime.h>

#define NO_IDIOMS __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_IDIOMS void* memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
    uint64_t* dw = dst;
    const uint64_t* sw = src;
    for (size_t i = 0; i < n / 8; ++i) dw[i] = sw[i];
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}

NO_IDIOMS void* memmove(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i-- > 0;) d[i] = s[i];
  }
  return dst;
}

NO_IDIOMS void* memset(void* dst, int c, size_t n) {
  unsigned char* d = dst;
  if ((((uintptr_t)d | n) & 7) == 0) {
    uint64_t w = (uint8_t)c * 0x0101010101010101ull;
    uint64_t* dw = dst;
    for (size_t i = 0; i < n / 8; ++i) dw[i] = w;
    return dst;
  }
  for (size_t i = 0; i < n; ++i) d[i] = (unsigned char)c;
  return dst;
}

NO_IDIOMS int memcmp(const void* a, const void* b, size_t n) {
  const unsigned char* x = a;
  const unsigned char* y = b;
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

NO_IDIOMS size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return (unsigned char)*a - (unsigned char)*b;
}
