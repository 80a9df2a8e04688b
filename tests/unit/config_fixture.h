// Files for the configuration tests (test_config.cpp, test_config_input.cpp): a fresh
// temporary folder per call and files written into it byte for byte.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace uintrsim::test {

// A fresh folder per call, so tests may run in parallel processes (one CTest test each).
inline std::filesystem::path temp_dir() {
  static int n = 0;
  std::filesystem::path d = std::filesystem::temp_directory_path() /
                            ("uintrsim_test_config_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline std::string write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  std::filesystem::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

}  // namespace uintrsim::test
