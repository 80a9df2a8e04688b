#include "bm.h"

#include <stdarg.h>

// HTIF words; the simulator finds them through these symbols (riscv-tests convention).
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

#ifdef BM_HTIF_ONLY
// HTIF console: device 1, command 1; the host clears tohost when it has taken the command.
void bm_putchar(char c) {
  tohost = UINTRSIM_HTIF_CMD(UINTRSIM_HTIF_DEV_CONSOLE, UINTRSIM_HTIF_CONSOLE_PUTCHAR, (uint8_t)c);
  while (tohost != 0) { }
}
#else
void bm_putchar(char c) { bm_simctrl(BM_PUTCHAR, (uint8_t)c); }
#endif

void bm_puts(const char* s) {
  while (*s) bm_putchar(*s++);
}

static void put_unsigned(uint64_t v, unsigned base, int width, char pad) {
  char buf[24];
  int n = 0;
  do {
    unsigned d = v % base;
    buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  while (n < width--) bm_putchar(pad);
  while (n) bm_putchar(buf[--n]);
}

// printf subset: %d %u %x %s %c %%, with an optional zero/space width and the l/ll modifiers.
void bm_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (; *fmt; ++fmt) {
    if (*fmt != '%') { bm_putchar(*fmt); continue; }
    ++fmt;
    char pad = ' ';
    int width = 0;
    if (*fmt == '0') { pad = '0'; ++fmt; }
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    int longs = 0;
    while (*fmt == 'l') { ++longs; ++fmt; }
    switch (*fmt) {
      case 'd': {
        int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
        if (v < 0) { bm_putchar('-'); v = -v; }
        put_unsigned((uint64_t)v, 10, width, pad);
        break;
      }
      case 'u': put_unsigned(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad); break;
      case 'x': put_unsigned(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad); break;
      case 's': bm_puts(va_arg(ap, const char*)); break;
      case 'c': bm_putchar((char)va_arg(ap, int)); break;
      case '%': bm_putchar('%'); break;
      default: bm_putchar('%'); bm_putchar(*fmt); break;
    }
  }
  va_end(ap);
}

void bm_exit(int code) {
  tohost = UINTRSIM_HTIF_EXIT((uint64_t)(uint32_t)code);
  for (;;) __asm__ volatile("wfi");
}

#ifdef BM_HTIF_ONLY
int64_t uintrsim_arg_int(const char* name, int64_t def) { (void)name; return def; }
size_t uintrsim_arg_str(const char* name, char* buf, size_t cap, const char* def) {
  return uintrsim_arg_str_at(0, name, buf, cap, def);
}
#else
int64_t uintrsim_arg_int(const char* name, int64_t def) {
  return uintrsim_arg_int_at((volatile uint64_t*)BM_SIMCTRL_BASE, name, def);
}
size_t uintrsim_arg_str(const char* name, char* buf, size_t cap, const char* def) {
  return uintrsim_arg_str_at((volatile uint64_t*)BM_SIMCTRL_BASE, name, buf, cap, def);
}
#endif
