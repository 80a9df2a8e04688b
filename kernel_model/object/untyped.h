// Untyped memory: the Retype invocation (object/untyped.cpp).
#pragma once
#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class UntypedMemory : public Part {
 public:
  using Part::Part;
  void retype(const Invocation& inv);
};

}  // namespace uintrsim::kernel
