// Configuration input that is hostile or broken: integers beyond 64 bits, duplicate keys,
// bytes that are not UTF-8, huge keys, FIFOs, float sweep values and sweeps too large to
// expand. Each error must name its location and key, and cost little.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "config_fixture.h"
#include "sim/config/config.h"
#include "sim/config/sweep.h"

using namespace uintrsim;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

ParamRegistry make_registry() {
  ParamRegistry r;
  r.add_int("platform.harts", 1, "", "Number of harts", "", 1, 64);
  r.add_int("seed", 1, "", "Random seed");
  r.add_float("timing.scale", 1.0, "", "Latency scale factor", "", 0.0, 1e30);
  r.add_string("trace.file", "", "Trace output path");
  return r;
}

using test::temp_dir;
using test::write_file;

// The message of the ConfigError loading `text` throws, after "<path>:".
std::string file_error(const std::string& text) {
  ParamRegistry reg = make_registry();
  Config c(reg);
  const std::string p = write_file(temp_dir(), "e.toml", text);
  try {
    c.load_file(p);
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    REQUIRE_THAT(m, StartsWith(p + ":"));
    return m.substr(p.size() + 1);
  }
  FAIL("no ConfigError");
  return "";
}

}  // namespace

TEST_CASE("config input: integers beyond 64 bits are out of range, not of the wrong type", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=9223372036854775808"),
                      "--set platform.harts=9223372036854775808: 'platform.harts' = 9223372036854775808 is out of "
                      "range [1, 64]");
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=-99999999999999999999"),
                      Contains("'platform.harts' = -99999999999999999999 is out of range [1, 64]"));
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=0xffff_ffff_ffff_ffff_ff"), Contains("is out of range [1, 64]"));
  REQUIRE_THROWS_WITH(c.set_override("seed=18446744073709551616"),
                      Contains("'seed' = 18446744073709551616 is out of range (64-bit integers)"));
  // A Float parameter takes a decimal integer of any size as the number it is.
  c.set_override("timing.scale=100000000000000000000");
  CHECK(c.get_float("timing.scale") == 1e20);
  // In a file: located at the value, named by its key under its table.
  CHECK(file_error("[platform]\nharts = 9223372036854775808\n") ==
        "2:28: 'platform.harts' = 9223372036854775808 is out of range [1, 64]");
  CHECK(file_error("platform.harts = -9223372036854775809\n") ==
        "1:38: 'platform.harts' = -9223372036854775809 is out of range [1, 64]");
}

TEST_CASE("config input: a key defined twice is named as written", "[config]") {
  // toml++ names it by a garbled copy of its text ('"haharts" ' for "harts").
  CHECK(file_error("[platform]\n\"harts\" = 1\n\"harts\" = 2\n") ==
        "3:1: Error while parsing key-value pair: cannot redefine existing integer 'platform.harts'");
  CHECK(file_error("[platform]\nharts = 1\n  harts = 2\n") ==
        "3:3: Error while parsing key-value pair: cannot redefine existing integer 'platform.harts'");
  CHECK(file_error("platform.\"harts\" = 1\nplatform.\"harts\" = 1\n") ==
        "2:1: Error while parsing key-value pair: cannot redefine existing integer 'platform.harts'");
  CHECK(file_error("[\"platform\"]\nharts = 1\n[\"platform\"]\n") ==
        "3:1: Error while parsing table header: cannot redefine existing table 'platform'");
  CHECK_THAT(file_error("[platform]\n\"a b\" = 1\n\"a b\" = 2\n"), Contains("'platform.\"a b\"'"));
}

TEST_CASE("config input: a byte that is not UTF-8 is located where it is", "[config]") {
  CHECK(file_error("# comment\n\xff = 1\n") == "2:1: invalid UTF-8 (byte 0xFF); config files must be UTF-8 text");
  CHECK(file_error("# comment\nx = \"\xff\"\n") == "2:6: invalid UTF-8 (byte 0xFF); config files must be UTF-8 text");
  // Columns count characters: "é" is one.
  CHECK(file_error("s = \"\xc3\xa9\xc3\"\n") == "1:7: invalid UTF-8 (byte 0xC3); config files must be UTF-8 text");
  CHECK(file_error("\xed\xa0\x80\n") == "1:1: invalid UTF-8 (byte 0xED); config files must be UTF-8 text");  // a surrogate
}

TEST_CASE("config input: a huge unknown key is cut in the message", "[config]") {
  ParamRegistry reg = make_registry();
  const std::string key(10000000, 'x');
  const std::string m = file_error(key + " = 1\n");
  CHECK_THAT(m, StartsWith("1:1: unknown key 'xxxxxxxx"));
  CHECK_THAT(m, Contains("... (10000000 bytes)'"));
  CHECK(m.size() < 200);
  Config c(reg);
  try {
    c.set_override("platform." + std::string(100000, 'y') + "=1");
    FAIL("no ConfigError");
  } catch (const ConfigError& e) {
    const std::string s = e.what();
    CHECK(s.size() < 400);
    CHECK_THAT(s, Contains("(100011 bytes): unknown key 'platform.yyy"));
  }
  // A long value is cut in the message, and in the origin.
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=" + std::string(1000, '7')), Contains("... (1000 bytes)"));
  c.set_override("trace.file=" + std::string(1000, 'f'));
  CHECK(c.origin("trace.file").size() < 200);
  CHECK(c.get_string("trace.file").size() == 1000);
}

TEST_CASE("config input: a FIFO or a folder is not a config file, and nothing waits on it", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  const fs::path d = temp_dir();
  const std::string fifo = (d / "fifo.toml").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  REQUIRE_THROWS_WITH(c.load_file(fifo), fifo + ": cannot open config file: not a regular file");
  const std::string inc = write_file(d, "inc.toml", "include = \"fifo.toml\"\n");
  REQUIRE_THROWS_WITH(c.load_file(inc), Contains("cannot open included config file '" + fifo + "': not a regular file"));
}

TEST_CASE("config input: sweep floats keep every digit, and a sweep too large to expand is refused", "[config]") {
  ParamRegistry reg = make_registry();
  const fs::path d = temp_dir();
  {
    Config c(reg);
    c.load_file(write_file(d, "f.toml", "[sweep]\n\"timing.scale\" = [0.1234567891, 1e-7, 2.0]\n"));
    const std::vector<SweepPoint> pts = expand_sweep(c, reg);
    REQUIRE(pts.size() == 3);
    CHECK(pts[0].sets[0].second == "0.1234567891");  // a stream's six digits gave 0.123457
    CHECK(pts[1].sets[0].second == "1e-07");
    CHECK(pts[2].sets[0].second == "2.0");
  }
  {
    // 50 x 50 x 50 = 125000 points: refused before any is made.
    std::string list = "[";
    for (int i = 1; i <= 50; ++i) list += std::to_string(i) + (i < 50 ? ", " : "]");
    Config c(reg);
    const std::string p = write_file(d, "big.toml", "[sweep]\n\"platform.harts\" = " + list + "\n\"seed\" = " + list +
                                                        "\n\"timing.scale\" = " + list + "\n");
    c.load_file(p);
    REQUIRE_THROWS_WITH(expand_sweep(c, reg),
                        p + ": the sweep has more than 100000 points (the product of its axes); split it into "
                            "several experiments");
  }
}
