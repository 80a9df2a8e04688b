// The simulator's identity for `uintrsim --version` and results provenance: the project
// version (CMake project()) and the source revision the binary was built from
// (cmake/SourceRevision.cmake, "unknown" outside a git checkout).
#include "sim/main/version.h"

#include "uintrsim_revision.h"

namespace uintrsim {

const char* version() { return UINTRSIM_VERSION; }
const char* source_revision() { return UINTRSIM_SOURCE_REVISION; }

}  // namespace uintrsim
