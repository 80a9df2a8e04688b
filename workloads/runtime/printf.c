// Console output over seL4_DebugPutChar (one syscall per character, like libsel4's debug
// console): putchar, puts and a printf subset.
#include <sel4/runtime.h>

int putchar(int c) {
  seL4_DebugPutChar((char)c);
  return (unsigned char)c;
}

int puts(const char* s) {
  int n = 0;
  while (*s) {
    seL4_DebugPutChar(*s++);
    ++n;
  }
  seL4_DebugPutChar('\n');
  return n + 1;
}

typedef struct {
  int left;    // '-'
  char pad;    // ' ' or '0'
  int width;
  int precision;  // -1: none
} spec_t;

static int emit_padding(int n, char c) {
  int k = 0;
  while (n-- > 0) {
    seL4_DebugPutChar(c);
    ++k;
  }
  return k;
}

// Prints digits (already reversed in buf[0..len)) with sign/prefix, width and padding.
static int emit_number(const char* prefix, const char* digits_rev, int len, const spec_t* sp) {
  int plen = (int)strlen(prefix);
  int zeros = sp->precision > len ? sp->precision - len : 0;
  int body = plen + zeros + len;
  int fill = sp->width > body ? sp->width - body : 0;
  int n = 0;
  if (!sp->left && sp->pad == ' ') n += emit_padding(fill, ' ');
  for (const char* p = prefix; *p; ++p, ++n) seL4_DebugPutChar(*p);
  if (!sp->left && sp->pad == '0') n += emit_padding(fill, '0');
  n += emit_padding(zeros, '0');
  for (int i = len; i-- > 0; ++n) seL4_DebugPutChar(digits_rev[i]);
  if (sp->left) n += emit_padding(fill, ' ');
  return n;
}

static int fmt_unsigned(uint64_t v, unsigned base, int upper, const char* prefix, const spec_t* sp) {
  char buf[24];
  int len = 0;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (v == 0 && sp->precision == 0) return emit_number(prefix, "", 0, sp);  // "%.0d" of 0: no digits
  do {
    buf[len++] = digits[v % base];
    v /= base;
  } while (v);
  return emit_number(prefix, buf, len, sp);
}

int vprintf(const char* fmt, va_list ap) {
  int n = 0;
  for (; *fmt; ++fmt) {
    if (*fmt != '%') {
      seL4_DebugPutChar(*fmt);
      ++n;
      continue;
    }
    ++fmt;
    spec_t sp = {0, ' ', 0, -1};
    for (;; ++fmt) {
      if (*fmt == '-') sp.left = 1;
      else if (*fmt == '0') sp.pad = '0';
      else if (*fmt == ' ' || *fmt == '+' || *fmt == '#') { /* accepted, ignored */ }
      else break;
    }
    if (*fmt == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) { sp.left = 1; sp.width = -sp.width; }
      ++fmt;
    } else {
      while (*fmt >= '0' && *fmt <= '9') sp.width = sp.width * 10 + (*fmt++ - '0');
    }
    if (*fmt == '.') {
      ++fmt;
      sp.precision = 0;
      if (*fmt == '*') {
        sp.precision = va_arg(ap, int);
        ++fmt;
      } else {
        while (*fmt >= '0' && *fmt <= '9') sp.precision = sp.precision * 10 + (*fmt++ - '0');
      }
      if (sp.precision >= 0) sp.pad = ' ';  // as C: a precision disables '0' for integers
    }
    if (sp.left) sp.pad = ' ';
    int longs = 0;
    for (;; ++fmt) {
      if (*fmt == 'l') ++longs;
      else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') longs = 2;
      else if (*fmt == 'h') { /* promoted to int anyway */ }
      else break;
    }
    switch (*fmt) {
      case 'd':
      case 'i': {
        int64_t v = longs ? va_arg(ap, int64_t) : (int64_t)va_arg(ap, int);
        uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        n += fmt_unsigned(mag, 10, 0, v < 0 ? "-" : "", &sp);
        break;
      }
      case 'u':
        n += fmt_unsigned(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, "", &sp);
        break;
      case 'x':
      case 'X':
        n += fmt_unsigned(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, *fmt == 'X', "", &sp);
        break;
      case 'p':
        n += fmt_unsigned((uint64_t)(uintptr_t)va_arg(ap, void*), 16, 0, "0x", &sp);
        break;
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        int len = 0;
        while (s[len] && (sp.precision < 0 || len < sp.precision)) ++len;
        int fill = sp.width > len ? sp.width - len : 0;
        if (!sp.left) n += emit_padding(fill, ' ');
        for (int i = 0; i < len; ++i) seL4_DebugPutChar(s[i]);
        n += len;
        if (sp.left) n += emit_padding(fill, ' ');
        break;
      }
      case 'c': {
        int fill = sp.width > 1 ? sp.width - 1 : 0;
        if (!sp.left) n += emit_padding(fill, ' ');
        seL4_DebugPutChar((char)va_arg(ap, int));
        ++n;
        if (sp.left) n += emit_padding(fill, ' ');
        break;
      }
      case '%':
        seL4_DebugPutChar('%');
        ++n;
        break;
      case '\0':
        return n;
      default:
        seL4_DebugPutChar('%');
        seL4_DebugPutChar(*fmt);
        n += 2;
        break;
    }
  }
  return n;
}

int printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}
