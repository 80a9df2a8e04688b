// Catch2 v2 provides main(); SystemC provides sc_main via its library, so the
// unit-test binary defines sc_main as a stub that is never called.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
