// UTF-8 checks for text that reaches TOML or JSON (config files, console output), with
// Boost.Locale's header-only decoder (it rejects overlong forms, surrogates and code points
// above U+10FFFF, as JSON and TOML do).
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

#include <boost/locale/utf.hpp>

namespace uintrsim::utf8 {

using Traits = boost::locale::utf::utf_traits<char>;

inline bool valid_code_point(boost::locale::utf::code_point c) {
  return c != boost::locale::utf::illegal && c != boost::locale::utf::incomplete;
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos.
inline size_t first_invalid(std::string_view s) {
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p != end) {
    const char* at = p;
    if (!valid_code_point(Traits::decode(p, end))) return size_t(at - s.data());
  }
  return std::string_view::npos;
}

// `s` with every byte that is not part of a valid UTF-8 sequence written as the four
// characters \xHH (hex, upper case); valid text is copied unchanged. `escaped` counts them.
inline std::string escape_invalid(std::string_view s, size_t* escaped = nullptr) {
  size_t n = 0;
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p != end) {
    const char* at = p;
    if (valid_code_point(Traits::decode(p, end))) {
      out.append(at, p);
      continue;
    }
    char b[8];
    std::snprintf(b, sizeof b, "\\x%02X", unsigned(static_cast<unsigned char>(*at)));
    out += b;
    p = at + 1;  // resynchronise at the next byte
    ++n;
  }
  if (escaped) *escaped = n;
  return out;
}

// At most `max` bytes of `s` for a message, cut at a character boundary, with the full
// length noted when cut: a 10 MB key is not echoed whole.
inline std::string shown(std::string_view s, size_t max = 80) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "... (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace uintrsim::utf8
