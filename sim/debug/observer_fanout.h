// Several InsnObservers on one hart (the instruction trace and the GDB stub together).
#pragma once
#include <vector>

#include "sim/hart/hart_ports.h"

namespace uintrsim {

class ObserverFanout : public InsnObserver {
 public:
  void add(InsnObserver* o) { obs_.push_back(o); }
  bool empty() const { return obs_.empty(); }
  // The one observer itself when there is only one (no fan-out call), else this.
  InsnObserver* get() { return obs_.empty() ? nullptr : obs_.size() == 1 ? obs_[0] : this; }

  void before_fetch(Hart& h) override { for (auto* o : obs_) o->before_fetch(h); }
  void before_exec(Hart& h, const DecodedInsn& d, uint64_t pc, uint64_t pa) override {
    for (auto* o : obs_) o->before_exec(h, d, pc, pa);
  }
  void retired(Hart& h, const DecodedInsn& d, uint64_t pc) override { for (auto* o : obs_) o->retired(h, d, pc); }
  void trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) override {
    for (auto* o : obs_) o->trap(h, cause, tval, epc);
  }

 private:
  std::vector<InsnObserver*> obs_;
};

}  // namespace uintrsim
