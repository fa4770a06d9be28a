// The SPC rules C API through Catch2: the monitor over the C ABI agrees with the C++ batch
// evaluation; NULL pointers, wrong option sizes and bad input give their status.
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "capi/context.hpp"
#include "cmx.h"
#include "cmx/spc/rules.hpp"

namespace {

using context = cmx::test::context;

}  // namespace

TEST_CASE("C API: the monitor agrees with the batch evaluation", "[capi][spc][monitor]") {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "nelson,mdc", &rules) == CMX_OK);
  cmx_spc_monitor* mon = nullptr;
  REQUIRE(cmx_spc_monitor_create(c.ctx, rules, 0.0, 1.0, &mon) == CMX_OK);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> y(3000);
  for (std::size_t i = 0; i < y.size(); ++i) {
    y[i] = noise(rng) + (i % 300 < 40 ? 1.2 : 0.0);
  }
  std::vector<cmx_spc_signal> buffer(cmx_spc_monitor_max_signals(mon));
  std::map<std::tuple<int, std::size_t, int>, cmx_spc_signal> streamed;
  for (double v : y) {
    std::size_t len = 0;
    REQUIRE(cmx_spc_monitor_push(c.ctx, mon, v, buffer.data(), buffer.size(), &len) == CMX_OK);
    for (std::size_t k = 0; k < len; ++k) {
      streamed[{buffer[k].rule, buffer[k].first, buffer[k].direction}] = buffer[k];
    }
  }
  const std::vector<double> cl(y.size(), 0.0);
  const std::vector<double> sg(y.size(), 1.0);
  const std::vector<double> lcl(y.size(), -3.0);
  const std::vector<double> ucl(y.size(), 3.0);
  const auto batch = cmx::spc::evaluate(cmx::spc::rule_set_by_name("nelson,mdc"),
                                        cmx::spc::rule_input{y, cl, sg, lcl, ucl, {}, {}});
  REQUIRE(batch.size() == streamed.size());
  REQUIRE(!batch.empty());
  for (const auto& s : batch) {
    const auto it = streamed.find({static_cast<int>(s.rule), s.first, static_cast<int>(s.dir)});
    REQUIRE(it != streamed.end());
    CHECK(it->second.last == s.last);
  }
  // The same series through cmx_spc_rules_evaluate.
  std::vector<cmx_spc_signal> out(batch.size());
  std::size_t len = 0;
  REQUIRE(cmx_spc_rules_evaluate(c.ctx, rules, y.size(), y.data(), cl.data(), sg.data(), lcl.data(),
                                 ucl.data(), nullptr, nullptr, out.data(), out.size(), &len,
                                 nullptr) == CMX_OK);
  REQUIRE(len == batch.size());
  CHECK(out[0].rule == static_cast<std::uint16_t>(batch[0].rule));
  cmx_spc_monitor_destroy(mon);
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: a monitor from a baseline has the limits of the i chart frozen on it",
          "[capi][spc][monitor]") {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "we", &rules) == CMX_OK);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(10.0, 2.0);
  std::vector<double> x(200);
  std::vector<double> y(200);
  for (std::size_t i = 0; i < y.size(); ++i) {
    x[i] = static_cast<double>(i + 1);
    y[i] = noise(rng);
  }
  y[7] = std::nan("");  // missing in the baseline
  y[20] = 40.0;         // moving ranges the screening drops
  const std::size_t baseline = 60;
  cmx_spc_monitor* mon = nullptr;
  REQUIRE(cmx_spc_monitor_create_from_baseline(c.ctx, rules, baseline, y.data(), 1, &mon) ==
          CMX_OK);
  std::array<double, 4> limits{};
  REQUIRE(cmx_spc_monitor_limits(c.ctx, mon, &limits[0], &limits[1], &limits[2], &limits[3]) ==
          CMX_OK);
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  options.freeze = baseline;
  cmx_spc_chart* chart = nullptr;
  REQUIRE(cmx_spc_chart_create(c.ctx, x.data(), y.data(), nullptr, y.size(), &options, &chart) ==
          CMX_OK);
  const auto column = [&](int which) {
    std::vector<double> v(y.size());
    std::size_t len = 0;
    REQUIRE(cmx_spc_chart_get_column(c.ctx, chart, which, v.data(), v.size(), &len) == CMX_OK);
    return v;
  };
  CHECK(limits[0] == column(CMX_SPC_COLUMN_CL).back());
  CHECK(limits[1] == column(CMX_SPC_COLUMN_SIGMA).back());
  CHECK(limits[2] == column(CMX_SPC_COLUMN_LCL).back());
  CHECK(limits[3] == column(CMX_SPC_COLUMN_UCL).back());
  cmx_spc_chart_destroy(chart);
  cmx_spc_monitor_destroy(mon);
  // An infinite baseline value is refused, naming it.
  y[3] = INFINITY;
  CHECK(cmx_spc_monitor_create_from_baseline(c.ctx, rules, baseline, y.data(), 1, &mon) ==
        CMX_E_BAD_INPUT);
  CHECK(mon == nullptr);
  CHECK(cmx_context_error_line(c.ctx) == 4);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "baseline");
  CHECK(std::string(cmx_context_error_message(c.ctx)).find("finite") != std::string::npos);
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: NULL pointers, option sizes and bad input", "[capi][spc]") {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  CHECK(cmx_spc_rule_set_create(c.ctx, nullptr, &rules) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_spc_rule_set_create(nullptr, "nelson", &rules) == CMX_E_INVALID_ARGUMENT);
  CHECK(rules == nullptr);
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "ihi", &rules) == CMX_OK);
  cmx_spc_monitor* mon = nullptr;
  CHECK(cmx_spc_monitor_create(c.ctx, rules, 0.0, 1.0, &mon) == CMX_E_UNSUPPORTED);
  CHECK(mon == nullptr);
  const std::array<double, 3> x = {1, 2, 3};
  cmx_spc_ewma_options eo = CMX_SPC_EWMA_OPTIONS_INIT;
  eo.size = 4;
  CHECK(cmx_spc_ewma_compute(c.ctx, 3, x.data(), nullptr, 0, 1, &eo, nullptr, nullptr, nullptr,
                             nullptr) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "size");
  const std::array<double, 3> with_nan = {1, NAN, 3};
  CHECK(cmx_spc_cusum_compute(c.ctx, 3, with_nan.data(), nullptr, 0, 1, nullptr, nullptr, nullptr,
                              nullptr, nullptr) == CMX_E_BAD_INPUT);
  CHECK(cmx_context_error_line(c.ctx) == 2);
  CHECK(cmx_spc_cusum_compute(c.ctx, 3, nullptr, nullptr, 0, 1, nullptr, nullptr, nullptr, nullptr,
                              nullptr) == CMX_E_INVALID_ARGUMENT);
  const std::array<double, 4> values = {1, 2, 3, 4};
  const std::array<std::size_t, 3> past_end = {0, 2, 6};
  std::size_t len = 0;
  std::array<cmx_spc_signal, 4> sig{};
  CHECK(cmx_spc_many_compute(c.ctx, rules, values.data(), 4, past_end.data(), 2, nullptr, nullptr,
                             nullptr, nullptr, nullptr, sig.data(), 4, &len) == CMX_E_OUT_OF_RANGE);
  CHECK(cmx_context_error_line(c.ctx) == 3);
  CHECK(cmx_spc_monitor_push(c.ctx, nullptr, 1.0, sig.data(), 4, &len) == CMX_E_INVALID_ARGUMENT);
  CHECK(cmx_spc_rule_set_size(nullptr) == 0);
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: half-given limits and an uncountable n_series are refused", "[capi][spc]") {
  context c;
  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "we", &rules) == CMX_OK);
  const std::array<double, 4> y = {1, 2, 9, 1};
  const std::array<double, 4> cl = {2, 2, 2, 2};
  const std::array<double, 4> limit = {5, 5, 5, 5};
  std::array<cmx_spc_signal, 8> sig{};
  std::size_t len = 0;
  // A ucl alone would leave the limit rule half blind (the 9 above it unseen below): refused,
  // naming the limit that is missing.
  CHECK(cmx_spc_rules_evaluate(c.ctx, rules, 4, y.data(), cl.data(), nullptr, nullptr, limit.data(),
                               nullptr, nullptr, sig.data(), sig.size(), &len,
                               nullptr) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "lcl");
  CHECK(cmx_spc_rules_evaluate(c.ctx, rules, 4, y.data(), cl.data(), nullptr, limit.data(), nullptr,
                               nullptr, nullptr, sig.data(), sig.size(), &len,
                               nullptr) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "ucl");
  // -inf as lcl is no lower limit (the 9 above ucl 5 still signals); +inf as lcl would put
  // every point beyond it: refused, naming the limit and the point.
  const std::array<double, 4> no_lower = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
  REQUIRE(cmx_spc_rules_evaluate(c.ctx, rules, 4, y.data(), cl.data(), nullptr, no_lower.data(),
                                 limit.data(), nullptr, nullptr, sig.data(), sig.size(), &len,
                                 nullptr) == CMX_OK);
  CHECK(len == 1);
  CHECK(sig[0].first == 2);
  const std::array<double, 4> lower_above_all = {-5, -5, INFINITY, -5};
  CHECK(cmx_spc_rules_evaluate(c.ctx, rules, 4, y.data(), cl.data(), nullptr,
                               lower_above_all.data(), limit.data(), nullptr, nullptr, sig.data(),
                               sig.size(), &len, nullptr) == CMX_E_BAD_INPUT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "lcl");
  CHECK(cmx_context_error_line(c.ctx) == 3);
  // n_series + 1 offsets cannot be counted when n_series is SIZE_MAX.
  const std::array<std::size_t, 2> offsets = {0, 4};
  CHECK(cmx_spc_many_compute(c.ctx, rules, y.data(), 4, offsets.data(), SIZE_MAX, nullptr, nullptr,
                             nullptr, nullptr, nullptr, sig.data(), sig.size(),
                             &len) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(c.ctx)) == "n_series");
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: many series and the monitor chart values near the largest double",
          "[capi][spc]") {
  // 9e307 + 8e307 overflows a double; the centre is still 8.5e307 and sigma the mean moving
  // range 1e307 / d2 (sums taken wide, as R takes them), in the i chart, the many-series chart
  // and the monitor's baseline alike.
  context c;
  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "we", &rules) == CMX_OK);
  const std::array<double, 4> values = {9e307, 8e307, 9e307, 8e307};
  const std::array<std::size_t, 2> offsets = {0, 4};
  double cl = 0;
  double sigma = 0;
  std::array<cmx_spc_signal, 8> sig{};
  std::size_t len = 0;
  REQUIRE(cmx_spc_many_compute(c.ctx, rules, values.data(), 4, offsets.data(), 1, nullptr, &cl,
                               &sigma, nullptr, nullptr, sig.data(), sig.size(), &len) == CMX_OK);
  CHECK(cl == Approx(8.5e307).epsilon(1e-15));
  CHECK(sigma == Approx(1e307 / 1.128).epsilon(1e-15));
  cmx_spc_monitor* mon = nullptr;
  REQUIRE(cmx_spc_monitor_create_from_baseline(c.ctx, rules, 4, values.data(), 1, &mon) == CMX_OK);
  double monitor_cl = 0;
  double monitor_sigma = 0;
  REQUIRE(cmx_spc_monitor_limits(c.ctx, mon, &monitor_cl, &monitor_sigma, nullptr, nullptr) ==
          CMX_OK);
  CHECK(monitor_cl == cl);
  CHECK(monitor_sigma == sigma);
  const std::array<double, 4> x = {1, 2, 3, 4};
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  cmx_spc_chart* chart = nullptr;
  REQUIRE(cmx_spc_chart_create(c.ctx, x.data(), values.data(), nullptr, 4, &options, &chart) ==
          CMX_OK);
  cmx_spc_part part = CMX_SPC_PART_INIT;
  REQUIRE(cmx_spc_chart_get_part(c.ctx, chart, 0, &part) == CMX_OK);
  CHECK(part.cl == cl);
  CHECK(part.sigma == sigma);
  cmx_spc_chart_destroy(chart);
  cmx_spc_monitor_destroy(mon);
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: every rule id has its stable name, unknown ids none", "[capi][rules]") {
  // The names are the contract of `cmx spc` output and of the Python binding's table.
  const std::array<std::pair<std::uint16_t, const char*>, 7> known = {{
      {CMX_SPC_RULE_BEYOND_LIMITS, "beyond_limits"},
      {CMX_SPC_RULE_ANHOEJ_CROSSINGS, "anhoej_crossings"},
      {CMX_SPC_RULE_IHI_TOO_MANY_RUNS, "ihi_too_many_runs"},
      {CMX_SPC_RULE_WESTERN_ELECTRIC_2, "western_electric_2"},
      {CMX_SPC_RULE_NELSON_8, "nelson_8"},
      {CMX_SPC_RULE_MDC_TWO_OF_THREE, "mdc_two_of_three"},
      {CMX_SPC_RULE_QCC_RUN, "qcc_run"},
  }};
  for (const auto& [id, name] : known) {
    REQUIRE(cmx_spc_rule_name(id) != nullptr);
    CHECK(std::string(cmx_spc_rule_name(id)) == name);
  }
  const std::uint16_t unknown_ids[] = {0, 4, 15, 24, 30, 39, 44, 51, 65535};
  for (const std::uint16_t unknown : unknown_ids) {
    CHECK(cmx_spc_rule_name(unknown) == nullptr);
  }
}
