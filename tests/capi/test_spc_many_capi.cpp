// cmx_spc_many_compute writes the flags straight into the caller's buffer of offsets[n_series]
// entries, and computes none without one. The truth: the C++ many-series charting, itself
// checked against the batch evaluation of each series (tests/unit/spc).
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "cmx.h"
#include "cmx/spc/many.hpp"
#include "cmx/spc/rules.hpp"
#include "context.hpp"

namespace {

struct laid_out {
  std::vector<double> values;
  std::vector<std::size_t> offsets{0};
};

// 300 series of 30 points, every fifth shifted up after its tenth point.
laid_out shifted_series() {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  laid_out s;
  for (std::size_t k = 0; k < 300; ++k) {
    for (std::size_t i = 0; i < 30; ++i) {
      s.values.push_back(noise(rng) + (k % 5 == 0 && i >= 10 ? 2.5 : 0.0));
    }
    s.offsets.push_back(s.values.size());
  }
  return s;
}

}  // namespace

TEST_CASE("C API: many series flags fill exactly offsets[n_series] entries", "[capi][many]") {
  const cmx::test::context c;
  cmx_spc_rule_set* rules = nullptr;
  REQUIRE(cmx_spc_rule_set_create(c.ctx, "western_electric,nelson,mdc", &rules) == CMX_OK);
  laid_out s = shifted_series();
  const std::size_t charted = s.offsets.back();
  const std::size_t series = s.offsets.size() - 1;
  // Values past the last series are allowed (n_values > offsets[n_series]); the flag buffer
  // holds only the charted values, and the sentinels after it must stay untouched.
  s.values.insert(s.values.end(), 5, 1.0);
  constexpr std::uint32_t sentinel = 0xDEADBEEFU;
  std::vector<std::uint32_t> flags(charted + 4, sentinel);
  std::vector<std::size_t> counts(series);
  std::vector<cmx_spc_signal> signals(20000);
  std::size_t len = 0;
  cmx_spc_many_options o = CMX_SPC_MANY_OPTIONS_INIT;
  o.threads = 2;
  REQUIRE(cmx_spc_many_compute(c.ctx, rules, s.values.data(), s.values.size(), s.offsets.data(),
                               series, &o, nullptr, nullptr, flags.data(), counts.data(),
                               signals.data(), signals.size(), &len) == CMX_OK);
  for (std::size_t i = charted; i < flags.size(); ++i) {
    CHECK(flags[i] == sentinel);
  }
  cmx::spc::many_options options;
  options.rules = cmx::spc::rule_set_by_name("western_electric,nelson,mdc");
  const std::vector<double> charted_values(s.values.begin(),
                                           s.values.begin() + static_cast<std::ptrdiff_t>(charted));
  const cmx::spc::many_result expected = cmx::spc::chart_many(charted_values, s.offsets, options);
  REQUIRE(len == expected.signals.size());
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < charted; ++i) {
    REQUIRE(flags[i] == expected.flags[i]);
    flagged += flags[i] != 0 ? 1U : 0U;
  }
  CHECK(flagged > 100);

  // Without a flag buffer: the same signals, and the counts per series.
  std::vector<cmx_spc_signal> again(signals.size());
  std::vector<std::size_t> counts_again(series);
  std::size_t len_again = 0;
  REQUIRE(cmx_spc_many_compute(c.ctx, rules, s.values.data(), s.values.size(), s.offsets.data(),
                               series, &o, nullptr, nullptr, nullptr, counts_again.data(),
                               again.data(), again.size(), &len_again) == CMX_OK);
  REQUIRE(len_again == len);
  CHECK(counts_again == counts);
  for (std::size_t k = 0; k < len; ++k) {
    CHECK(again[k].rule == signals[k].rule);
    CHECK(again[k].first == signals[k].first);
    CHECK(again[k].last == signals[k].last);
  }
  cmx_spc_rule_set_destroy(rules);
}

TEST_CASE("C API: a context reused for a smaller many-series call answers as a fresh one",
          "[capi][many]") {
  // The context keeps the working result of its last call: nothing of a larger first call (its
  // series, signals or flags) may leak into the next.
  cmx_spc_rule_set* rules = nullptr;
  const cmx::test::context reused;
  REQUIRE(cmx_spc_rule_set_create(reused.ctx, "western_electric,nelson,mdc", &rules) == CMX_OK);
  const laid_out large = shifted_series();
  const std::size_t large_series = large.offsets.size() - 1;
  std::vector<cmx_spc_signal> signals(20000);
  std::vector<std::size_t> counts(large_series);
  std::vector<double> cl(large_series);
  std::vector<double> sigma(large_series);
  std::vector<std::uint32_t> flags(large.offsets.back());
  std::size_t len = 0;
  const cmx_spc_many_options o = CMX_SPC_MANY_OPTIONS_INIT;
  REQUIRE(cmx_spc_many_compute(reused.ctx, rules, large.values.data(), large.values.size(),
                               large.offsets.data(), large_series, &o, cl.data(), sigma.data(),
                               flags.data(), counts.data(), signals.data(), signals.size(),
                               &len) == CMX_OK);
  const std::size_t large_len = len;

  // Three of the large set's series (295 to 297: the first shifted, as every fifth is).
  const std::size_t from = large.offsets[large_series - 5];
  const std::size_t to = large.offsets[large_series - 2];
  const std::vector<double> small(large.values.begin() + static_cast<std::ptrdiff_t>(from),
                                  large.values.begin() + static_cast<std::ptrdiff_t>(to));
  const std::vector<std::size_t> small_offsets = {0, 30, 60, 90};
  const auto run_small = [&](cmx_context* ctx, std::vector<double>& out_cl,
                             std::vector<std::uint32_t>& out_flags,
                             std::vector<cmx_spc_signal>& out_signals,
                             std::vector<std::size_t>& out_counts) {
    std::size_t n = 0;
    REQUIRE(cmx_spc_many_compute(ctx, rules, small.data(), small.size(), small_offsets.data(), 3,
                                 &o, out_cl.data(), nullptr, out_flags.data(), out_counts.data(),
                                 out_signals.data(), out_signals.size(), &n) == CMX_OK);
    out_signals.resize(n);
  };
  std::vector<double> cl_reused(3);
  std::vector<double> cl_fresh(3);
  std::vector<std::uint32_t> flags_reused(90);
  std::vector<std::uint32_t> flags_fresh(90);
  std::vector<cmx_spc_signal> signals_reused(20000);
  std::vector<cmx_spc_signal> signals_fresh(20000);
  std::vector<std::size_t> counts_reused(3);
  std::vector<std::size_t> counts_fresh(3);
  run_small(reused.ctx, cl_reused, flags_reused, signals_reused, counts_reused);
  const cmx::test::context fresh;
  run_small(fresh.ctx, cl_fresh, flags_fresh, signals_fresh, counts_fresh);

  REQUIRE(signals_fresh.size() < large_len);  // the first call left more signals behind
  CHECK(cl_reused == cl_fresh);
  CHECK(flags_reused == flags_fresh);
  CHECK(counts_reused == counts_fresh);
  REQUIRE(signals_reused.size() == signals_fresh.size());
  for (std::size_t k = 0; k < signals_fresh.size(); ++k) {
    CHECK(signals_reused[k].rule == signals_fresh[k].rule);
    CHECK(signals_reused[k].first == signals_fresh[k].first);
    CHECK(signals_reused[k].last == signals_fresh[k].last);
  }
  // The small series' own centre lines, as the large call found them.
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(cl_fresh[k] == cl[large_series - 5 + k]);
  }
  cmx_spc_rule_set_destroy(rules);
}
