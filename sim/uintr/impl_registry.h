// Implementations registered by name (uintc.impl and the send engine that comes with it):
// parts built outside sim/ (the verilated RTL) register a factory; the platform looks it up.
#pragma once
#include <map>
#include <string>

namespace uintrsim {

template <typename Factory>
class ImplRegistry {
 public:
  static void add(const std::string& impl, Factory f) { table()[impl] = std::move(f); }
  // The factory for `impl`, or an empty one if none was registered.
  static Factory find(const std::string& impl) {
    auto it = table().find(impl);
    return it == table().end() ? Factory{} : it->second;
  }

 private:
  static std::map<std::string, Factory>& table() {
    static std::map<std::string, Factory> t;
    return t;
  }
};

}  // namespace uintrsim
