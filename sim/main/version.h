// The simulator's version and the source revision it was built from (sim/main/version.cpp).
#pragma once

namespace uintrsim {

const char* version();          // "0.1"
const char* source_revision();  // a git commit, with "-dirty" for uncommitted changes, or "unknown"

}  // namespace uintrsim
