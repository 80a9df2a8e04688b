// Distribution statistics (sim/stats/distribution.h): exact for small values, bounded bins
// above, percentiles in order, ROI samples counted apart.
#include <catch2/catch.hpp>

#include "sim/stats/stats_registry.h"

using namespace uintrsim;

TEST_CASE("distribution: small integers are exact, percentiles by rank, the ROI apart", "[stats]") {
  StatsRegistry st;
  Distribution& d = st.add_distribution("x.batch", "requests", "batch sizes");
  for (uint64_t v : {1, 1, 2, 3, 3, 3, 3, 9, 10, 16}) st.sample(d, v);
  st.set_in_roi(true);
  st.sample(d, 5);
  st.sample(d, 7);
  st.set_in_roi(false);
  const nlohmann::json run = st.distributions(false)["x.batch"];
  CHECK(run["count"] == 12);
  CHECK(run["min"] == 1);
  CHECK(run["max"] == 16);
  CHECK(run["mean"].get<double>() == Approx(63.0 / 12));
  CHECK(run["p50"].get<double>() == 3);   // 6th of 12 sorted: 1 1 2 3 3 3 | 3 5 7 9 10 16
  CHECK(run["p90"].get<double>() == 10);  // 10.8th -> the 11th
  CHECK(run["unit"] == "requests");
  uint64_t in_bins = 0;
  for (const auto& b : run["bins"]) in_bins += b[2].get<uint64_t>();
  CHECK(in_bins == 12);
  const nlohmann::json roi = st.distributions(true)["x.batch"];
  CHECK(roi["count"] == 2);
  CHECK(roi["min"] == 5);
  CHECK(roi["max"] == 7);
}

TEST_CASE("distribution: large values land in bins within ~19 percent, percentiles ordered and bounded", "[stats]") {
  StatsRegistry st;
  Distribution& d = st.add_distribution("x.latency", "cycles", "latency");
  for (uint64_t v = 1000; v < 1000000; v += 997) st.sample(d, v);
  st.sample(d, uint64_t(1) << 50);  // beyond the last edge: the open top bin
  const nlohmann::json j = st.distributions(false)["x.latency"];
  const double p50 = j["p50"], p90 = j["p90"], p99 = j["p99"];
  CHECK(p50 <= p90);
  CHECK(p90 <= p99);
  CHECK(p99 <= j["max"].get<double>());
  CHECK(p50 == Approx(500000).epsilon(0.2));
  for (const auto& b : j["bins"])
    if (!b[1].is_null() && b[0].get<double>() > 16) CHECK(b[1].get<double>() / b[0].get<double>() <= 1.2);
  CHECK(j["bins"].back()[1].is_null());  // the open-ended top bin holds the 2^50 sample
  CHECK(j["bins"].back()[2] == 1);
  StatsRegistry empty;
  empty.add_distribution("x.none", "", "");
  CHECK(empty.distributions(false)["x.none"]["count"] == 0);
}
