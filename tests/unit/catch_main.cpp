// Catch2 v2 provides main(). libsystemc also defines main() and calls sc_main(), so the
// unit-test binary must define sc_main; it is never called. Unit tests exercise the
// simulator's classes directly; whole-platform behaviour is tested by running the
// uintrsim executable (one SystemC elaboration per process).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <systemc>

int sc_main(int, char**) { return 0; }
