// The size protocol of the C API's structs (capi/VERSIONING.md, "Structs that grow"), through the
// entry points of every engine: a struct smaller than this version's is refused naming its size
// field; a larger one (a program built against a newer cmx.h) is served exactly as the same
// struct at this version's size when its extra bytes are zero, and refused with
// CMX_E_UNSUPPORTED naming the first byte that is not; an output struct's extra bytes read zero.
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "capi/context.hpp"
#include "cmx.h"

namespace {

using context = cmx::test::context;

// A struct as a program built against a newer cmx.h would pass it: this version's fields first,
// then fields this library does not know.
template <class Struct>
struct grown {
  Struct known;
  unsigned char newer[24];
};

template <class Struct>
grown<Struct> grow(const Struct& s) {
  grown<Struct> g{};
  std::memset(&g, 0, sizeof g);
  std::memcpy(&g.known, &s, sizeof s);
  g.known.size = sizeof g;
  return g;
}

// Runs the size protocol on one input struct. `call` runs the entry point with the struct and
// returns its status; `digest` reads back what the call produced, so a grown struct can be shown
// to give exactly the answer of the struct at this version's size.
template <class Struct>
void check_input_protocol(cmx_context* ctx, const Struct& init, const char* type_name,
                          const std::function<int(const Struct*)>& call,
                          const std::function<std::vector<double>()>& digest) {
  INFO(type_name);
  REQUIRE(call(&init) == CMX_OK);
  const std::vector<double> expected = digest();
  REQUIRE_FALSE(expected.empty());

  Struct small = init;
  small.size = sizeof(Struct) - 1;
  CHECK(call(&small) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_source(ctx)) == type_name);
  CHECK(std::string(cmx_context_error_field(ctx)) == "size");

  Struct absurd = init;  // an uninitialised size: never read past the caller's struct
  absurd.size = std::size_t{1} << 40U;
  CHECK(call(&absurd) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_field(ctx)) == "size");

  auto newer = grow(init);
  REQUIRE(call(&newer.known) == CMX_OK);
  CHECK(digest() == expected);

  newer.newer[5] = 1;  // an option of the newer cmx that this library cannot honour
  CHECK(call(&newer.known) == CMX_E_UNSUPPORTED);
  CHECK(std::string(cmx_context_error_source(ctx)) == type_name);
  CHECK(std::string(cmx_context_error_field(ctx)) == "size");
  const std::string byte = "byte " + std::to_string(sizeof(Struct) + 5) + " is not zero";
  CHECK(std::string(cmx_context_error_message(ctx)).find(byte) != std::string::npos);
}

}  // namespace

TEST_CASE("struct sizes: SPC charts, their info and their phases", "[capi][abi]") {
  context c;
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<double> y = {5, 7, 6, 9, 4, 6, 8, 7};
  cmx_spc_options options = CMX_SPC_OPTIONS_INIT;
  options.chart = CMX_SPC_CHART_I;
  cmx_spc_chart* chart = nullptr;
  const auto create = [&](const cmx_spc_options* o) {
    cmx_spc_chart_destroy(chart);
    chart = nullptr;
    return cmx_spc_chart_create(c.ctx, x.data(), y.data(), nullptr, x.size(), o, &chart);
  };
  const auto upper_limits = [&] {
    std::vector<double> ucl(x.size());
    std::size_t len = 0;
    REQUIRE(cmx_spc_chart_get_column(c.ctx, chart, CMX_SPC_COLUMN_UCL, ucl.data(), ucl.size(),
                                     &len) == CMX_OK);
    return ucl;
  };
  check_input_protocol<cmx_spc_options>(c.ctx, options, "cmx_spc_options", create, upper_limits);
  REQUIRE(create(&options) == CMX_OK);

  cmx_spc_chart_info small_info = CMX_SPC_CHART_INFO_INIT;
  small_info.size = sizeof small_info - 1;
  CHECK(cmx_spc_chart_get_info(c.ctx, chart, &small_info) == CMX_E_INVALID_ARGUMENT);
  CHECK(std::string(cmx_context_error_source(c.ctx)) == "cmx_spc_chart_info");
  cmx_spc_chart_info plain_info = CMX_SPC_CHART_INFO_INIT;
  REQUIRE(cmx_spc_chart_get_info(c.ctx, chart, &plain_info) == CMX_OK);
  CHECK(plain_info.points == x.size());
  // A newer caller's struct: known fields filled, the fields cmx does not know read zero.
  grown<cmx_spc_chart_info> info{};
  std::memset(&info, 0xAB, sizeof info);
  info.known.size = sizeof info;
  REQUIRE(cmx_spc_chart_get_info(c.ctx, chart, &info.known) == CMX_OK);
  CHECK(info.known.size == sizeof info);
  CHECK(info.known.points == plain_info.points);
  CHECK(info.known.parts == plain_info.parts);
  CHECK(info.known.chart == CMX_SPC_CHART_I);
  for (const unsigned char b : info.newer) {
    CHECK(b == 0);
  }

  grown<cmx_spc_part> part{};
  std::memset(&part, 0xCD, sizeof part);
  part.known.size = sizeof part;
  REQUIRE(cmx_spc_chart_get_part(c.ctx, chart, 0, &part.known) == CMX_OK);
  CHECK(part.known.cl == Approx(52.0 / 8.0).epsilon(1e-15));  // the mean of y
  CHECK(part.known.last == x.size() - 1);
  for (const unsigned char b : part.newer) {
    CHECK(b == 0);
  }
  cmx_spc_part small_part = CMX_SPC_PART_INIT;
  small_part.size = 8;
  CHECK(cmx_spc_chart_get_part(c.ctx, chart, 0, &small_part) == CMX_E_INVALID_ARGUMENT);
  cmx_spc_chart_destroy(chart);
}

TEST_CASE("struct sizes: CUSUM, Bernoulli CUSUM, EWMA and many series", "[capi][abi]") {
  context c;
  const std::vector<double> z = {0.2, 1.4, 2.1, 1.7, 2.6, -0.3, 1.9, 2.2, 2.8, 0.4};
  std::vector<double> upper(z.size());
  std::vector<double> lower(z.size());
  cmx_spc_cusum_options cusum = CMX_SPC_CUSUM_OPTIONS_INIT;
  check_input_protocol<cmx_spc_cusum_options>(
      c.ctx, cusum, "cmx_spc_cusum_options",
      [&](const cmx_spc_cusum_options* o) {
        return cmx_spc_cusum_compute(c.ctx, z.size(), z.data(), nullptr, 0.0, 1.0, o, upper.data(),
                                     lower.data(), nullptr, nullptr);
      },
      [&] { return upper; });

  const std::vector<double> outcomes = {0, 0, 1, 0, 1, 1, 0, 1, 1, 1};
  std::vector<double> statistic(outcomes.size());
  cmx_spc_bernoulli_cusum_options bernoulli = CMX_SPC_BERNOULLI_CUSUM_OPTIONS_INIT;
  bernoulli.p0 = 0.1;
  bernoulli.p1 = 0.3;
  bernoulli.h = 2.0;
  check_input_protocol<cmx_spc_bernoulli_cusum_options>(
      c.ctx, bernoulli, "cmx_spc_bernoulli_cusum_options",
      [&](const cmx_spc_bernoulli_cusum_options* o) {
        return cmx_spc_bernoulli_cusum_compute(c.ctx, outcomes.size(), outcomes.data(), o,
                                               statistic.data(), nullptr);
      },
      [&] { return statistic; });

  std::vector<double> ewma(z.size());
  cmx_spc_ewma_options ewma_options = CMX_SPC_EWMA_OPTIONS_INIT;
  check_input_protocol<cmx_spc_ewma_options>(
      c.ctx, ewma_options, "cmx_spc_ewma_options",
      [&](const cmx_spc_ewma_options* o) {
        return cmx_spc_ewma_compute(c.ctx, z.size(), z.data(), nullptr, 0.0, 1.0, o, ewma.data(),
                                    nullptr, nullptr, nullptr);
      },
      [&] { return ewma; });

  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "western_electric", &rules) == CMX_OK);
  const std::array<std::size_t, 3> offsets = {0, 4, z.size()};
  std::vector<double> centres(2);
  std::vector<double> sigmas(2);
  check_input_protocol<cmx_spc_many_options>(
      c.ctx, CMX_SPC_MANY_OPTIONS_INIT, "cmx_spc_many_options",
      [&](const cmx_spc_many_options* o) {
        std::vector<cmx_spc_signal> signals(64);
        std::size_t len = 0;
        return cmx_spc_many_compute(c.ctx, rules, z.data(), z.size(), offsets.data(), 2, o,
                                    centres.data(), sigmas.data(), nullptr, nullptr, signals.data(),
                                    signals.size(), &len);
      },
      [&] {
        std::vector<double> both = centres;
        both.insert(both.end(), sigmas.begin(), sigmas.end());
        return both;
      });
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("struct sizes: funnel and flow options", "[capi][abi]") {
  context c;
  const std::vector<double> y{12, 30, 8, 45, 60, 22, 5, 90};
  const std::vector<double> n{100, 200, 90, 250, 300, 150, 80, 400};
  cmx_funnel* funnel = nullptr;
  cmx_funnel_options funnel_options = CMX_FUNNEL_OPTIONS_INIT;
  funnel_options.overdispersion = CMX_FUNNEL_OVERDISPERSION_ADDITIVE;
  check_input_protocol<cmx_funnel_options>(
      c.ctx, funnel_options, "cmx_funnel_options",
      [&](const cmx_funnel_options* o) {
        cmx_funnel_destroy(funnel);
        funnel = nullptr;
        return cmx_funnel_create(c.ctx, y.data(), n.data(), y.size(), o, &funnel);
      },
      [&] {
        cmx_funnel_summary s{};
        REQUIRE(cmx_funnel_get_summary(c.ctx, funnel, &s) == CMX_OK);
        return std::vector<double>{s.tau2, s.phi};
      });
  cmx_funnel_destroy(funnel);

  const std::int64_t h = 3600;
  const std::array<cmx_stay, 9> stays = {{{"a", "x", 0, h},
                                          {"a", "y", h, 2 * h},
                                          {"a", "z", 2 * h, 3 * h},
                                          {"b", "x", 0, h},
                                          {"b", "y", h, 2 * h},
                                          {"b", "z", 2 * h, 3 * h},
                                          {"c", "x", 0, h},
                                          {"c", "y", h, 2 * h},
                                          {"c", "x", 2 * h, 3 * h}}};
  cmx_journeys* journeys = nullptr;
  REQUIRE(cmx_journeys_create(c.ctx, stays.data(), stays.size(), nullptr, &journeys) == CMX_OK);
  std::vector<cmx_transition> transitions(4);
  std::size_t len = 0;
  cmx_flow_options flow_options = CMX_FLOW_OPTIONS_INIT;
  check_input_protocol<cmx_flow_options>(
      c.ctx, flow_options, "cmx_flow_options",
      [&](const cmx_flow_options* o) {
        return cmx_journeys_transitions(c.ctx, journeys, o, transitions.data(), transitions.size(),
                                        &len);
      },
      [&] {
        std::vector<double> probabilities;
        for (std::size_t i = 0; i < len; ++i) {
          probabilities.push_back(transitions[i].probability);
        }
        return probabilities;
      });
  cmx_journeys_destroy(journeys);
}

TEST_CASE("struct sizes: compass observations and scoring options", "[capi][abi]") {
  context c;
  const std::string measures =
      R"({"measures":[{"id":"cost","point":"south","type":"cost","scoring":"continuous",)"
      R"("direction":"lower","floor":900,"target":400},)"
      R"({"id":"smr","point":"west","scoring":"observed_expected","direction":"lower",)"
      R"("floor":1.5,"target":0.8}]})";
  cmx_compass_observation cost = CMX_COMPASS_OBSERVATION_INIT;
  cost.measure = "cost";
  cost.unit = "A";
  cost.period = "2024";
  cost.value = 650;
  cmx_compass_observation smr = CMX_COMPASS_OBSERVATION_INIT;
  smr.measure = "smr";
  smr.unit = "A";
  smr.period = "2024";
  smr.numerator = 9;
  smr.expected = 10;
  cmx_compass* compass = nullptr;
  const auto score = [&](const cmx_compass_options* o) {
    std::vector<double> points;
    cmx_compass_result* r = nullptr;
    REQUIRE(cmx_compass_score(c.ctx, compass, "A", "2024", o, &r) == CMX_OK);
    points = {cmx_compass_result_outcome_index(r), cmx_compass_result_cost(r)};
    cmx_compass_result_destroy(r);
    return points;
  };
  check_input_protocol<cmx_compass_observation>(
      c.ctx, smr, "cmx_compass_observation",
      [&](const cmx_compass_observation* o) {
        cmx_compass_destroy(compass);
        compass = nullptr;
        REQUIRE(cmx_compass_create(c.ctx, measures.data(), measures.size(), nullptr, &compass) ==
                CMX_OK);
        REQUIRE(cmx_compass_add_observation(c.ctx, compass, &cost) == CMX_OK);
        return cmx_compass_add_observation(c.ctx, compass, o);
      },
      [&] { return score(nullptr); });

  // The last call above was refused: score a compass with both observations.
  REQUIRE(cmx_compass_add_observation(c.ctx, compass, &smr) == CMX_OK);
  cmx_compass_options options = CMX_COMPASS_OPTIONS_INIT;
  options.clamp_goalpost = 0;
  std::vector<double> scored;
  check_input_protocol<cmx_compass_options>(
      c.ctx, options, "cmx_compass_options",
      [&](const cmx_compass_options* o) {
        cmx_compass_result* r = nullptr;
        const int status = cmx_compass_score(c.ctx, compass, "A", "2024", o, &r);
        scored = r == nullptr ? std::vector<double>{}
                              : std::vector<double>{cmx_compass_result_outcome_index(r),
                                                    cmx_compass_result_value_index(r)};
        cmx_compass_result_destroy(r);
        return status;
      },
      [&] { return scored; });
  cmx_compass_destroy(compass);
}
