// libsystemc brings its own main(), which calls sc_main(); the fuzz targets have their own
// main (libFuzzer's or the replay driver's), so this one is only there to link and never runs.
#include <cstdio>

extern "C" int sc_main(int, char*[]) {
  std::fprintf(stderr, "fuzz target: sc_main is not an entry point\n");
  return 2;
}
