// Out-of-memory sweeps over the SPC C API: charts, rule sets, CUSUM, EWMA, monitors, many series.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cmx.h"
#include "faults/fault_injection.hpp"
#include "faults/oom_support.hpp"

using cmx::faults::context;
using cmx::faults::sweep_call;
using cmx::faults::sweep_create;
using cmx::faults::sweep_infallible;
using cmx::faults::unarmed;

namespace {

// 24 monthly values with a shift after month 12 (signals of both rule sets).
struct series {
  std::vector<double> x, y;
  series() {
    for (int i = 0; i < 24; ++i) {
      x.push_back(i + 1);
      y.push_back((i < 12 ? 10.0 : 14.0) + ((i * 7) % 5) * 0.5);
    }
  }
};

struct chart_fixture : context {
  series s;
  cmx_spc_chart* chart = nullptr;
  chart_fixture() {
    const std::array<std::size_t, 1> parts = {12};
    cmx_spc_options o = CMX_SPC_OPTIONS_INIT;
    o.parts = parts.data();
    o.parts_count = 1;
    REQUIRE(cmx_spc_chart_create(ctx, s.x.data(), s.y.data(), nullptr, s.x.size(), &o, &chart) ==
            CMX_OK);
  }
  ~chart_fixture() { cmx_spc_chart_destroy(chart); }
  chart_fixture(const chart_fixture&) = delete;
  chart_fixture& operator=(const chart_fixture&) = delete;
  chart_fixture(chart_fixture&&) = delete;
  chart_fixture& operator=(chart_fixture&&) = delete;
};

struct rules_fixture : context {
  cmx_spc_rule_set* rules = nullptr;
  rules_fixture() { REQUIRE(cmx_spc_rule_set_create(ctx, "nelson,mdc", &rules) == CMX_OK); }
  ~rules_fixture() { cmx_spc_rule_set_destroy(rules); }
  rules_fixture(const rules_fixture&) = delete;
  rules_fixture& operator=(const rules_fixture&) = delete;
  rules_fixture(rules_fixture&&) = delete;
  rules_fixture& operator=(rules_fixture&&) = delete;
};

}  // namespace

CMX_OOM_TEST(cmx_spc_chart_create) {
  context c;
  series s;
  const std::array<std::size_t, 1> parts = {12};
  const std::array<std::size_t, 1> exclude = {3};
  cmx_spc_options o = CMX_SPC_OPTIONS_INIT;
  o.parts = parts.data();
  o.parts_count = 1;
  o.exclude = exclude.data();
  o.exclude_count = 1;
  const auto points = sweep_create<cmx_spc_chart>(
      "cmx_spc_chart_create",
      [&](cmx_spc_chart** out) {
        return cmx_spc_chart_create(c.ctx, s.x.data(), s.y.data(), nullptr, s.x.size(), &o, out);
      },
      cmx_spc_chart_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_spc_chart_destroy) {
  chart_fixture f;
  CHECK(sweep_infallible("cmx_spc_chart_destroy", [&] { cmx_spc_chart_destroy(f.chart); }) == 0);
  f.chart = nullptr;
}

CMX_OOM_TEST(cmx_spc_chart_get_info) {
  chart_fixture f;
  cmx_spc_chart_info info = CMX_SPC_CHART_INFO_INIT;
  sweep_call(
      "cmx_spc_chart_get_info", [&] { return cmx_spc_chart_get_info(f.ctx, f.chart, &info); },
      [&](int status) { CHECK((status != CMX_OK || (info.points == 24 && info.parts == 2))); });
}

CMX_OOM_TEST(cmx_spc_chart_get_column) {
  chart_fixture f;
  std::vector<double> cl(24);
  std::size_t len = 0;
  sweep_call(
      "cmx_spc_chart_get_column",
      [&] {
        return cmx_spc_chart_get_column(f.ctx, f.chart, CMX_SPC_COLUMN_CL, cl.data(), cl.size(),
                                        &len);
      },
      [&](int status) { CHECK((status != CMX_OK || (len == 24 && cl[0] < cl[23]))); });
}

CMX_OOM_TEST(cmx_spc_chart_get_part) {
  chart_fixture f;
  cmx_spc_part part = CMX_SPC_PART_INIT;
  sweep_call(
      "cmx_spc_chart_get_part", [&] { return cmx_spc_chart_get_part(f.ctx, f.chart, 1, &part); },
      [&](int status) { CHECK((status != CMX_OK || (part.part == 2 && part.first == 12))); });
}

CMX_OOM_TEST(cmx_spc_chart_get_signals) {
  chart_fixture f;
  std::vector<cmx_spc_signal> signals(64);
  std::size_t len = 0;
  sweep_call("cmx_spc_chart_get_signals", [&] {
    return cmx_spc_chart_get_signals(f.ctx, f.chart, CMX_SPC_RULES_SIGMA | CMX_SPC_RULES_ANHOEJ,
                                     signals.data(), signals.size(), &len);
  });
}

CMX_OOM_TEST(cmx_spc_rule_set_create) {
  context c;
  const auto points = sweep_create<cmx_spc_rule_set>(
      "cmx_spc_rule_set_create",
      [&](cmx_spc_rule_set** out) {
        return cmx_spc_rule_set_create(c.ctx, "ihi,we,nelson,mdc_pre2023,qcc", out);
      },
      cmx_spc_rule_set_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_spc_rule_set_destroy) {
  rules_fixture f;
  CHECK(sweep_infallible("cmx_spc_rule_set_destroy", [&] { cmx_spc_rule_set_destroy(f.rules); }) ==
        0);
  f.rules = nullptr;
}

CMX_OOM_TEST(cmx_spc_rule_set_size) {
  rules_fixture f;
  CHECK(sweep_infallible(
            "cmx_spc_rule_set_size", [&] { return cmx_spc_rule_set_size(f.rules); },
            [](std::size_t size) { CHECK(size > 8); }) == 0);
}

CMX_OOM_TEST(cmx_spc_rule_name) {
  CHECK(sweep_infallible(
            "cmx_spc_rule_name", [] { return cmx_spc_rule_name(CMX_SPC_RULE_MDC_SHIFT); },
            [](const char* name) { CHECK(std::string(name) == "mdc_shift"); }) == 0);
}

CMX_OOM_TEST(cmx_spc_rule_set_edit) {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  sweep_call(
      "cmx_spc_rule_set_edit",
      [&] {
        {
          unarmed fresh;  // each attempt edits a new set
          REQUIRE(cmx_spc_rule_set_create(c.ctx, "nelson", &rules) == CMX_OK);
        }
        return cmx_spc_rule_set_edit(c.ctx, rules, CMX_SPC_RULE_NELSON_2, 8, 0.0);
      },
      [&](int) { cmx_spc_rule_set_destroy(rules); });
}

CMX_OOM_TEST(cmx_spc_rule_set_edit_alpha) {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  sweep_call(
      "cmx_spc_rule_set_edit_alpha",
      [&] {
        {
          unarmed fresh;  // each attempt edits a new set
          REQUIRE(cmx_spc_rule_set_create(c.ctx, "ihi", &rules) == CMX_OK);
        }
        return cmx_spc_rule_set_edit_alpha(c.ctx, rules, CMX_SPC_RULE_IHI_TOO_FEW_RUNS, 0.025);
      },
      [&](int) { cmx_spc_rule_set_destroy(rules); });
}

CMX_OOM_TEST(cmx_spc_rules_evaluate) {
  rules_fixture f;
  series s;
  const std::size_t n = s.y.size();
  const std::vector<double> cl(n, 11.0);
  const std::vector<double> sigma(n, 1.0);
  const std::vector<double> lcl(n, 8.0);
  const std::vector<double> ucl(n, 14.0);
  std::vector<cmx_spc_signal> signals(256);
  std::vector<std::uint32_t> flags(n);
  std::size_t len = 0;
  sweep_call(
      "cmx_spc_rules_evaluate",
      [&] {
        return cmx_spc_rules_evaluate(f.ctx, f.rules, n, s.y.data(), cl.data(), sigma.data(),
                                      lcl.data(), ucl.data(), nullptr, nullptr, signals.data(),
                                      signals.size(), &len, flags.data());
      },
      [&](int status) { CHECK((status != CMX_OK || len > 0)); });
}

CMX_OOM_TEST(cmx_spc_cusum_compute) {
  context c;
  series s;
  std::vector<double> upper(24);
  std::vector<double> lower(24);
  std::vector<std::uint8_t> up(24);
  std::vector<std::uint8_t> down(24);
  sweep_call("cmx_spc_cusum_compute", [&] {
    return cmx_spc_cusum_compute(c.ctx, 24, s.y.data(), nullptr, 11.0, 1.0, nullptr, upper.data(),
                                 lower.data(), up.data(), down.data());
  });
}

CMX_OOM_TEST(cmx_spc_bernoulli_cusum_compute) {
  context c;
  std::vector<double> outcomes(40);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    outcomes[i] = i % 3 == 0 ? 1.0 : 0.0;
  }
  cmx_spc_bernoulli_cusum_options o = CMX_SPC_BERNOULLI_CUSUM_OPTIONS_INIT;
  o.p0 = 0.1;
  o.p1 = 0.2;
  o.h = 2.0;
  std::vector<double> statistic(outcomes.size());
  std::vector<std::uint8_t> signal(outcomes.size());
  sweep_call("cmx_spc_bernoulli_cusum_compute", [&] {
    return cmx_spc_bernoulli_cusum_compute(c.ctx, outcomes.size(), outcomes.data(), &o,
                                           statistic.data(), signal.data());
  });
}

CMX_OOM_TEST(cmx_spc_ewma_compute) {
  context c;
  series s;
  std::vector<double> ewma(24);
  std::vector<double> lcl(24);
  std::vector<double> ucl(24);
  std::vector<std::uint8_t> violation(24);
  sweep_call("cmx_spc_ewma_compute", [&] {
    return cmx_spc_ewma_compute(c.ctx, 24, s.y.data(), nullptr, 11.0, 1.0, nullptr, ewma.data(),
                                lcl.data(), ucl.data(), violation.data());
  });
}

CMX_OOM_TEST(cmx_spc_monitor_create) {
  rules_fixture f;
  const auto points = sweep_create<cmx_spc_monitor>(
      "cmx_spc_monitor_create",
      [&](cmx_spc_monitor** out) { return cmx_spc_monitor_create(f.ctx, f.rules, 0.0, 1.0, out); },
      cmx_spc_monitor_destroy);
  CHECK(points >= 1);
}

CMX_OOM_TEST(cmx_spc_monitor_create_from_baseline) {
  rules_fixture f;
  series s;
  const auto points = sweep_create<cmx_spc_monitor>(
      "cmx_spc_monitor_create_from_baseline",
      [&](cmx_spc_monitor** out) {
        return cmx_spc_monitor_create_from_baseline(f.ctx, f.rules, 12, s.y.data(), 1, out);
      },
      cmx_spc_monitor_destroy);
  CHECK(points >= 1);
}

namespace {

struct monitor_fixture : rules_fixture {
  cmx_spc_monitor* monitor = nullptr;
  monitor_fixture() { REQUIRE(cmx_spc_monitor_create(ctx, rules, 0.0, 1.0, &monitor) == CMX_OK); }
  ~monitor_fixture() { cmx_spc_monitor_destroy(monitor); }
  monitor_fixture(const monitor_fixture&) = delete;
  monitor_fixture& operator=(const monitor_fixture&) = delete;
  monitor_fixture(monitor_fixture&&) = delete;
  monitor_fixture& operator=(monitor_fixture&&) = delete;
};

}  // namespace

CMX_OOM_TEST(cmx_spc_monitor_destroy) {
  monitor_fixture f;
  CHECK(sweep_infallible("cmx_spc_monitor_destroy", [&] { cmx_spc_monitor_destroy(f.monitor); }) ==
        0);
  f.monitor = nullptr;
}

CMX_OOM_TEST(cmx_spc_monitor_max_signals) {
  monitor_fixture f;
  CHECK(sweep_infallible(
            "cmx_spc_monitor_max_signals", [&] { return cmx_spc_monitor_max_signals(f.monitor); },
            [](std::size_t n) { CHECK(n > 0); }) == 0);
}

CMX_OOM_TEST(cmx_spc_monitor_limits) {
  monitor_fixture f;
  double cl = 0;
  double sigma = 0;
  double lcl = 0;
  double ucl = 0;
  sweep_call(
      "cmx_spc_monitor_limits",
      [&] { return cmx_spc_monitor_limits(f.ctx, f.monitor, &cl, &sigma, &lcl, &ucl); },
      [&](int status) { CHECK((status != CMX_OK || ucl == 3.0)); });
}

CMX_OOM_TEST(cmx_spc_monitor_push) {
  rules_fixture f;
  cmx_spc_monitor* monitor = nullptr;
  std::vector<cmx_spc_signal> signals;
  std::size_t len = 0;
  sweep_call(
      "cmx_spc_monitor_push",
      [&] {
        {
          // Eight points above the centre, unarmed: the ninth (armed) completes Nelson's rule 2.
          unarmed fresh;
          REQUIRE(cmx_spc_monitor_create(f.ctx, f.rules, 0.0, 1.0, &monitor) == CMX_OK);
          signals.resize(cmx_spc_monitor_max_signals(monitor));
          for (int i = 0; i < 8; ++i) {
            REQUIRE(cmx_spc_monitor_push(f.ctx, monitor, 0.5, signals.data(), signals.size(),
                                         &len) == CMX_OK);
          }
        }
        return cmx_spc_monitor_push(f.ctx, monitor, 0.5, signals.data(), signals.size(), &len);
      },
      [&](int status) {
        CHECK((status != CMX_OK || len >= 1));
        cmx_spc_monitor_destroy(monitor);
      });
}

CMX_OOM_TEST(cmx_spc_many_compute) {
  rules_fixture f;
  series s;
  std::vector<double> values;
  for (int k = 0; k < 3; ++k) {
    values.insert(values.end(), s.y.begin(), s.y.end());
  }
  const std::array<std::size_t, 4> offsets = {0, 24, 48, 72};
  cmx_spc_many_options o = CMX_SPC_MANY_OPTIONS_INIT;
  o.threads = 1;  // the fault counter is per process: one thread keeps the N-th allocation exact
  std::vector<double> cl(3);
  std::vector<double> sigma(3);
  std::vector<std::uint32_t> flags(values.size());
  std::vector<std::size_t> counts(3);
  std::vector<cmx_spc_signal> signals(512);
  std::size_t len = 0;
  sweep_call("cmx_spc_many_compute", [&] {
    return cmx_spc_many_compute(f.ctx, f.rules, values.data(), values.size(), offsets.data(), 3, &o,
                                cl.data(), sigma.data(), flags.data(), counts.data(),
                                signals.data(), signals.size(), &len);
  });
}
