// Thread control blocks: the TCB invocations (object/tcb.cpp).
#pragma once
#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class Threads : public Part {
 public:
  using Part::Part;
  void invoke(const Invocation& inv);
};

}  // namespace uintrsim::kernel
