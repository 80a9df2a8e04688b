// Configuration system: TOML files with includes, --set overrides, located errors, dumps, hash.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "config_fixture.h"
#include "sim/config/config.h"

using namespace uintrsim;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(UINTRSIM_SOURCE_DIR) + "/tests/data/config/";

ParamRegistry make_registry() {
  ParamRegistry r;
  r.add_int("seed", 1, "", "Random seed", "", 0);
  r.add_int("platform.harts", 1, "", "Number of harts", "docs/architecture.md", 1, 64);
  r.add_int("platform.mem_bytes", 256 << 20, "bytes", "Guest memory size", "", 4096);
  r.add_float("platform.clock_hz", 1e9, "Hz", "Core clock", "", 1.0);
  r.add_float("timing.scale", 1.0, "", "Latency scale factor", "", 0.0, 10.0);
  r.add_enum("timing.mode", "functional", {"functional", "inorder"}, "Timing model");
  r.add_int("timing.latency.alu", 1, "cycles", "ALU latency", "", 0, 1000);
  r.add_enum("kernel.async.placement", "tick", {"tick", "event"}, "Where async work runs");
  r.add_bool("trace.enabled", false, "Write an instruction trace");
  r.add_string("trace.file", "", "Trace output path");
  return r;
}

using test::temp_dir;
using test::write_file;

}  // namespace

TEST_CASE("config: defaults and origins", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  CHECK(c.get_int("platform.harts") == 1);
  CHECK(c.get_uint("platform.mem_bytes") == 256u << 20);
  CHECK(c.get_float("platform.clock_hz") == 1e9);
  CHECK(c.get_string("timing.mode") == "functional");
  CHECK(c.get_bool("trace.enabled") == false);
  CHECK(c.get_string("trace.file").empty());
  CHECK(c.origin("platform.harts") == "default");
  CHECK(c.sweep_table() == nullptr);
  CHECK(c.sweep_origin().empty());
}

TEST_CASE("config: tables, sub-tables and dotted keys map to dotted names", "[config]") {
  ParamRegistry reg = make_registry();
  fs::path d = temp_dir();
  Config c(reg);
  std::string p = write_file(d, "a.toml",
                             "seed = 9\n"
                             "trace.file = \"t.txt\"\n"
                             "[platform]\n"
                             "harts = 2\n"
                             "clock_hz = 3\n"
                             "[kernel.async]\n"
                             "placement = \"event\"\n"
                             "[timing]\n"
                             "latency.alu = 3\n");
  c.load_file(p);
  CHECK(c.get_int("seed") == 9);
  CHECK(c.get_int("platform.harts") == 2);
  CHECK(c.get_float("platform.clock_hz") == 3.0);  // an integer is accepted for a Float
  CHECK(c.get_string("trace.file") == "t.txt");
  CHECK(c.get_string("kernel.async.placement") == "event");
  CHECK(c.get_int("timing.latency.alu") == 3);
  CHECK(c.origin("platform.harts") == p + ":4");
  CHECK(c.origin("seed") == p + ":1");
}

TEST_CASE("config: includes load first and the including file overrides", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.load_file(kData + "derived.toml");
  CHECK(c.get_int("platform.harts") == 4);
  CHECK(c.origin("platform.harts") == kData + "derived.toml:5");
  CHECK(c.get_float("platform.clock_hz") == 2e9);
  CHECK(c.origin("platform.clock_hz") == kData + "base.toml:4");
  CHECK(c.get_string("timing.mode") == "inorder");
  CHECK(c.get_bool("trace.enabled"));
}

TEST_CASE("config: include paths are relative to the including file, in order", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.load_file(kData + "sub/child.toml");
  CHECK(c.get_int("platform.harts") == 8);  // extra.toml comes after base.toml
  CHECK(c.origin("platform.harts") == kData + "sub/extra.toml:1");
  CHECK(c.get_string("timing.mode") == "inorder");
  CHECK(c.origin("timing.mode") == kData + "base.toml:7");
  CHECK(c.get_string("kernel.async.placement") == "event");
  CHECK(c.get_int("seed") == 7);
}

TEST_CASE("config: include errors", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  SECTION("cycle names the files") {
    REQUIRE_THROWS_WITH(c.load_file(kData + "cycle_a.toml"),
                        kData + "cycle_b.toml:2:12: include cycle: " + kData + "cycle_a.toml -> " +
                            kData + "cycle_b.toml -> " + kData + "cycle_a.toml");
  }
  SECTION("missing include is located at the includer") {
    REQUIRE_THROWS_WITH(c.load_file(kData + "missing_include.toml"),
                        kData + "missing_include.toml:2:25: cannot open included config file '" +
                            kData + "no_such_file.toml'");
  }
  SECTION("include must be strings") {
    fs::path d = temp_dir();
    std::string p = write_file(d, "a.toml", "include = [1]\n");
    REQUIRE_THROWS_WITH(c.load_file(p),
                        p + ":1:12: 'include' expects a string or an array of strings, got integer 1");
  }
  SECTION("a failed load leaves the config unchanged") {
    fs::path d = temp_dir();
    std::string p = write_file(d, "a.toml", "seed = 5\n[platform]\nharts = 0\n");
    REQUIRE_THROWS_AS(c.load_file(p), ConfigError);
    CHECK(c.get_int("seed") == 1);
    CHECK(c.origin("seed") == "default");
  }
}

TEST_CASE("config: later files and --set override earlier values", "[config]") {
  ParamRegistry reg = make_registry();
  fs::path d = temp_dir();
  std::string a = write_file(d, "a.toml", "[platform]\nharts = 2\nclock_hz = 5e8\n");
  std::string b = write_file(d, "b.toml", "\n[platform]\nharts = 3\n");
  Config c(reg);
  c.load_file(a);
  c.load_file(b);
  CHECK(c.get_int("platform.harts") == 3);
  CHECK(c.origin("platform.harts") == b + ":3");
  CHECK(c.origin("platform.clock_hz") == a + ":3");
  c.set_override("platform.harts=5");
  CHECK(c.get_int("platform.harts") == 5);
  CHECK(c.origin("platform.harts") == "--set platform.harts=5");
  c.load_file(a);  // order of calls decides, not the kind of source
  CHECK(c.get_int("platform.harts") == 2);
  CHECK(c.origin("platform.harts") == a + ":2");
}

TEST_CASE("config: --set value parsing", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.set_override("timing.mode=inorder");  // bare word accepted for Enum
  CHECK(c.get_string("timing.mode") == "inorder");
  c.set_override("timing.mode = \"functional\"");
  CHECK(c.get_string("timing.mode") == "functional");
  c.set_override("trace.file=out/trace.txt");  // raw text for String
  CHECK(c.get_string("trace.file") == "out/trace.txt");
  c.set_override("trace.file=123");  // a String stays text even if it looks like a number
  CHECK(c.get_string("trace.file") == "123");
  c.set_override("trace.file=\"a b\"");
  CHECK(c.get_string("trace.file") == "a b");
  c.set_override("trace.enabled=true");
  CHECK(c.get_bool("trace.enabled"));
  c.set_override("platform.mem_bytes=0x10000");
  CHECK(c.get_int("platform.mem_bytes") == 0x10000);
  c.set_override("platform.clock_hz=1.5e9");
  CHECK(c.get_float("platform.clock_hz") == 1.5e9);
}

TEST_CASE("config: --set errors", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  REQUIRE_THROWS_WITH(c.set_override("platform.harts"), "--set platform.harts: expected key=value");
  REQUIRE_THROWS_WITH(c.set_override("=3"), "--set =3: missing key before '='");
  REQUIRE_THROWS_WITH(c.set_override("platform.hartz=2"),
                      "--set platform.hartz=2: unknown key 'platform.hartz' (did you mean 'platform.harts'?)");
  REQUIRE_THROWS_WITH(c.set_override("platform=2"), "--set platform=2: 'platform' is a table, not a parameter");
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=two"),
                      "--set platform.harts=two: 'platform.harts' expects an integer, got \"two\"");
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=\"two\""),
                      "--set platform.harts=\"two\": 'platform.harts' expects an integer, got string \"two\"");
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=2.0"),
                      "--set platform.harts=2.0: 'platform.harts' expects an integer, got float 2.0");
  REQUIRE_THROWS_WITH(c.set_override("platform.harts=65"),
                      "--set platform.harts=65: 'platform.harts' = 65 is out of range [1, 64]");
  REQUIRE_THROWS_WITH(c.set_override("timing.mode=fast"),
                      "--set timing.mode=fast: 'timing.mode' = \"fast\" is not one of: functional, inorder");
  // More than one value smuggled through the right-hand side is not a value.
  REQUIRE_THROWS_WITH(c.set_override("seed=1\nplatform.harts = 2"),
                      Contains("'seed' expects an integer"));
  REQUIRE_THROWS_AS(c.set_override("trace.file=\xff\xfe"), ConfigError);
  CHECK(c.origin("platform.harts") == "default");
}

TEST_CASE("config: file errors carry file:line:col", "[config]") {
  ParamRegistry reg = make_registry();
  fs::path d = temp_dir();
  Config c(reg);
  auto err = [&](const std::string& text) {
    std::string p = write_file(d, "e.toml", text);
    try {
      c.load_file(p);
    } catch (const ConfigError& e) {
      std::string m = e.what();
      REQUIRE_THAT(m, StartsWith(p + ":"));
      return m.substr(p.size() + 1);
    }
    FAIL("no ConfigError for: " << text);
    return std::string();
  };
  SECTION("syntax error") {
    CHECK_THAT(err("[platform]\nharts = \n"), Equals("2:9: Error while parsing key-value pair: expected value, saw '\\n'"));
  }
  SECTION("unknown keys and tables, with suggestions") {
    CHECK(err("[platform]\nhartz = 2\n") ==
          "2:1: unknown key 'platform.hartz' (did you mean 'platform.harts'?)");
    CHECK(err("\n[platfrom]\nharts = 2\n") == "2:2: unknown table 'platfrom' (did you mean 'platform'?)");
    CHECK(err("platform.hartz = 2\n") ==
          "1:10: unknown key 'platform.hartz' (did you mean 'platform.harts'?)");
    CHECK(err("harts = 2\n") == "1:1: unknown key 'harts' (did you mean 'platform.harts'?)");
    CHECK(err("[timing]\nlatency.xyzzy_frobnicate = 2\n") == "2:9: unknown key 'timing.latency.xyzzy_frobnicate'");
    CHECK(err("[nothing_like_it]\n") == "1:2: unknown table 'nothing_like_it'");
  }
  SECTION("wrong types") {
    CHECK(err("[platform]\nharts = \"two\"\n") == "2:9: 'platform.harts' expects an integer, got string \"two\"");
    CHECK(err("[platform]\nharts = 2.5\n") == "2:9: 'platform.harts' expects an integer, got float 2.5");
    CHECK(err("[trace]\nenabled = 1\n") == "2:11: 'trace.enabled' expects a boolean, got integer 1");
    CHECK(err("[trace]\nfile = false\n") == "2:8: 'trace.file' expects a string, got boolean false");
    CHECK(err("[platform]\nclock_hz = \"fast\"\n") == "2:12: 'platform.clock_hz' expects a number, got string \"fast\"");
    CHECK(err("[platform]\nharts = [1, 2]\n") == "2:9: 'platform.harts' expects an integer, got array");
  }
  SECTION("table where a value is expected, and vice versa") {
    CHECK(err("[platform.harts]\nx = 1\n") == "1:1: 'platform.harts' expects an integer, got table");
    CHECK(err("platform = 3\n") == "1:12: 'platform' expects a table, got integer 3");
    CHECK(err("[timing]\nlatency = \"x\"\n") == "2:11: 'timing.latency' expects a table, got string \"x\"");
    CHECK(err("sweep = 1\n") == "1:9: 'sweep' expects a table, got integer 1");
  }
  SECTION("ranges and enums") {
    CHECK(err("[platform]\nharts = 0\n") == "2:9: 'platform.harts' = 0 is out of range [1, 64]");
    CHECK(err("[platform]\nmem_bytes = 10\n") == "2:13: 'platform.mem_bytes' = 10 is out of range (minimum 4096)");
    CHECK(err("[timing]\nscale = 10.5\n") == "2:9: 'timing.scale' = 10.5 is out of range [0.0, 10.0]");
    CHECK(err("[timing]\nscale = nan\n") == "2:9: 'timing.scale' = nan is not a finite number");
    CHECK(err("[timing]\nmode = \"fast\"\n") == "2:8: 'timing.mode' = \"fast\" is not one of: functional, inorder");
  }
}

TEST_CASE("config: missing file", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  REQUIRE_THROWS_WITH(c.load_file("/nonexistent/x.toml"), "/nonexistent/x.toml: cannot open config file");
  REQUIRE_THROWS_WITH(c.load_file(kData), kData + ": cannot open config file");  // a folder
}

TEST_CASE("config: reading undeclared keys or the wrong type is a logic error", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  CHECK_THROWS_AS(c.get_int("platform.hartz"), std::logic_error);
  CHECK_THROWS_AS(c.get_float("platform.harts"), std::logic_error);
  CHECK_THROWS_AS(c.get_int("platform.clock_hz"), std::logic_error);
  CHECK_THROWS_AS(c.get_string("trace.enabled"), std::logic_error);
  CHECK_THROWS_AS(c.get_bool("trace.file"), std::logic_error);
  CHECK_THROWS_AS(c.origin("nope"), std::logic_error);
  ParamRegistry r2;
  r2.add_int("x", -1, "", "signed");
  Config c2(r2);
  CHECK_THROWS_AS(c2.get_uint("x"), std::logic_error);
  // ConfigError is not a logic_error: the two are caught differently.
  CHECK_FALSE(std::is_base_of<std::logic_error, ConfigError>::value);
}

TEST_CASE("config: registry rejects bad declarations", "[config]") {
  ParamRegistry r;
  r.add_int("a.b", 1, "", "x");
  CHECK_THROWS_AS(r.add_int("a.b", 1, "", "dup"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("a", 1, "", "a is a table"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("a.b.c", 1, "", "a.b is a value"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("c", 0, "", "default out of range", "", 1, 4), std::logic_error);
  CHECK_THROWS_AS(r.add_enum("d", "z", {"x", "y"}, "default not a choice"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("bad key", 1, "", "space"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("e..f", 1, "", "empty component"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("sweep.x", 1, "", "reserved"), std::logic_error);
  CHECK_THROWS_AS(r.add_int("include", 1, "", "reserved"), std::logic_error);
  CHECK_THROWS_AS(r.add_string("g", "x", "two\nlines"), std::logic_error);
  CHECK_THROWS_AS(r.add(ParamSpec{"h", ParamType::String, ParamValue{int64_t{1}}, "", "", "", {}, {}, {}}),
                  std::logic_error);
  r.add(ParamSpec{"f", ParamType::Float, ParamValue{int64_t{2}}, "", "int default ok", "", {}, {}, {}});
  CHECK(Config(r).get_float("f") == 2.0);
  CHECK(r.is_table("a"));
  CHECK_FALSE(r.is_table("a.b"));
  REQUIRE(r.all().size() == 2);
  CHECK(r.all()[0]->key == "a.b");
  CHECK(r.find("a.b")->description == "x");
  CHECK(r.find("zz") == nullptr);
}

TEST_CASE("config: [sweep] is kept aside, not validated", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.load_file(kData + "sweep.toml");
  const toml::table* s = c.sweep_table();
  REQUIRE(s != nullptr);
  CHECK(c.sweep_origin() == kData + "sweep.toml");
  REQUIRE((*s)["platform.harts"].as_array() != nullptr);
  CHECK((*s)["platform.harts"].as_array()->size() == 3);
  CHECK((*s)["repeat"].value<int64_t>() == 3);
  CHECK(c.get_int("platform.harts") == 2);  // from base.toml; the sweep does not apply here
  // The sweep does not take part in the resolved values.
  Config plain(reg);
  plain.load_file(kData + "base.toml");
  CHECK(c.hash_hex() == plain.hash_hex());
}

TEST_CASE("config: dump_toml is sorted, commented and round-trips", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.load_file(kData + "sub/child.toml");
  c.set_override("timing.scale=0.1");
  c.set_override("platform.clock_hz=3");
  c.set_override("trace.file=a \"quoted\"\tpath\\x");
  const std::string dump = c.dump_toml();

  // Top-level keys come before any table; tables are sorted; comments carry unit; description.
  CHECK_THAT(dump, Contains("\nseed = 7  # Random seed\n\n[kernel.async]\n"));
  CHECK_THAT(dump, Contains("[platform]\nclock_hz = 3.0         # Hz; Core clock\n"));
  CHECK_THAT(dump, Contains("scale = 0.1       # Latency scale factor\n"));
  CHECK_THAT(dump, Contains("[timing.latency]\nalu = 1  # cycles; ALU latency\n"));
  CHECK(dump.find("[kernel.async]") < dump.find("[platform]"));
  CHECK(dump.find("[timing]") < dump.find("[timing.latency]"));
  CHECK(dump.find("[timing.latency]") < dump.find("[trace]"));
  CHECK(dump == c.dump_toml());

  fs::path d = temp_dir();
  std::string p = write_file(d, "dump.toml", dump);
  Config back(reg);
  back.load_file(p);
  CHECK(back.dump_json() == c.dump_json());
  CHECK(back.dump_json().dump() == c.dump_json().dump());
  CHECK(back.get_string("trace.file") == "a \"quoted\"\tpath\\x");
  CHECK(back.dump_toml() == dump);
}

TEST_CASE("config: floats round-trip exactly through dumps", "[config]") {
  ParamRegistry reg;
  reg.add_float("f", 0.0, "", "");
  fs::path d = temp_dir();
  for (double v : {0.1, 1.0 / 3.0, 1e300, 5e-324, 123456789012345680.0, -2.5, 1e20, 1.0, -0.0}) {
    // Bring the exact double in through a file (%.17g is exact), then dump and load it back.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    std::string lit = buf;
    if (lit.find_first_of(".e") == std::string::npos) lit += ".0";
    Config src(reg);
    src.load_file(write_file(d, "v.toml", "f = " + lit + "\n"));
    REQUIRE(src.get_float("f") == v);
    Config back(reg);
    back.load_file(write_file(d, "dump.toml", src.dump_toml()));
    CHECK(back.get_float("f") == v);
    CHECK(std::signbit(back.get_float("f")) == std::signbit(v));
    CHECK(back.hash_hex() == src.hash_hex());
  }
  Config one(reg);
  one.set_override("f=1");
  CHECK_THAT(one.dump_toml(), Contains("\nf = 1.0\n"));
  CHECK(one.dump_json().dump() == "{\"f\":1.0}");
}

TEST_CASE("config: dump_json is nested", "[config]") {
  ParamRegistry reg = make_registry();
  Config c(reg);
  c.set_override("platform.harts=2");
  nlohmann::json j = c.dump_json();
  CHECK(j["platform"]["harts"] == 2);
  CHECK(j["kernel"]["async"]["placement"] == "tick");
  CHECK(j["timing"]["latency"]["alu"] == 1);
  CHECK(j["seed"] == 1);
  CHECK(j["trace"]["enabled"] == false);
  CHECK(j["platform"]["clock_hz"].is_number_float());
}

TEST_CASE("config: hash depends only on resolved values", "[config]") {
  ParamRegistry reg = make_registry();
  fs::path d = temp_dir();
  Config dflt(reg);
  Config via_set(reg);
  via_set.set_override("platform.harts=1");  // same as the default
  CHECK(dflt.hash_hex() == via_set.hash_hex());
  CHECK(dflt.hash_hex().size() == 16);
  CHECK(dflt.hash_hex().find_first_not_of("0123456789abcdef") == std::string::npos);

  Config via_file(reg);
  via_file.load_file(write_file(d, "a.toml", "[platform]\nharts = 4\nclock_hz = 1000000000\n"));
  Config via_set4(reg);
  via_set4.set_override("platform.harts=4");
  CHECK(via_file.hash_hex() == via_set4.hash_hex());
  CHECK(via_file.hash_hex() != dflt.hash_hex());

  // Any single change changes the hash.
  for (const char* s : {"seed=2", "timing.scale=1.0000000000000002", "trace.enabled=true", "trace.file=x",
                        "timing.mode=inorder", "kernel.async.placement=event"}) {
    Config c(reg);
    c.set_override(s);
    CHECK(c.hash_hex() != dflt.hash_hex());
  }
}

TEST_CASE("config open table: user-chosen keys from files, --set and dumps, integers or strings", "[config]") {
  ParamRegistry reg = make_registry();
  reg.add_open_table("workload.args", "guest arguments");
  Config plain(reg);
  const std::string hash_without = plain.hash_hex();
  Config c(reg);
  c.load_file(kData + "workload_args.toml");
  c.set_override("workload.args.extra=7");
  c.set_override("workload.args.note=two words");
  const auto v = c.open_values("workload.args");
  REQUIRE(v.size() == 4);
  CHECK(std::get<int64_t>(v.at("workload.args.count").value) == 42);
  CHECK(std::get<std::string>(v.at("workload.args.label").value) == "from-file");
  CHECK(std::get<int64_t>(v.at("workload.args.extra").value) == 7);
  CHECK(std::get<std::string>(v.at("workload.args.note").value) == "two words");
  CHECK_THAT(v.at("workload.args.count").origin, Contains("workload_args.toml:3"));
  CHECK(c.dump_json()["workload"]["args"]["count"] == 42);
  // Set arguments are part of the identity of a run; without any, the hash is as before.
  CHECK(c.hash_hex() != hash_without);
  CHECK(Config(reg).hash_hex() == hash_without);
  CHECK_FALSE(plain.dump_json().contains("workload"));
  // The TOML dump loads back to the same configuration.
  const fs::path dir = temp_dir();
  const fs::path dumped = dir / "dump.toml";
  std::ofstream(dumped) << c.dump_toml();
  Config back(reg);
  back.load_file(dumped.string());
  CHECK(back.hash_hex() == c.hash_hex());
  // Names are checked; on the command line anything that is not a TOML integer is text.
  CHECK_THROWS_WITH(c.set_override("workload.args.bad name=1"), Contains("unknown key"));
  c.set_override("workload.args.x=[1]");
  CHECK(std::get<std::string>(c.open_values("workload.args").at("workload.args.x").value) == "[1]");
  // Origins of open-table keys (the sweep driver asks for every swept key's): where each was
  // set, "default" for one that was not; a key outside any open table stays a logic error.
  CHECK_THAT(c.origin("workload.args.count"), Contains("workload_args.toml:3"));
  CHECK(c.origin("workload.args.extra") == "--set workload.args.extra=7");
  CHECK(c.origin("workload.args.unset") == "default");
  CHECK_THROWS_AS(c.origin("nosuch.table.key"), std::logic_error);
}
