// Many series charted with the flags into the caller's own array, or with none: the same
// signals and limits as with the flags in the result, and flags that agree point for point with
// the batch rule evaluation of each series alone (the independent reference).
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/many.hpp"
#include "cmx/spc/rules.hpp"

namespace {

using namespace cmx::spc;

struct laid_out {
  std::vector<double> values;
  std::vector<std::size_t> offsets{0};
};

// 2000 series of 20..49 points of normal noise, every seventh shifted up halfway through: enough
// values for two threads, and runs, trends and zone patterns in plenty.
laid_out noisy_series() {
  std::mt19937_64 rng(23);
  std::normal_distribution<double> noise(0.0, 1.0);
  laid_out s;
  for (std::size_t k = 0; k < 2000; ++k) {
    const std::size_t len = 20 + k % 30;
    for (std::size_t i = 0; i < len; ++i) {
      s.values.push_back(noise(rng) + (k % 7 == 0 && i >= len / 2 ? 2.0 : 0.0));
    }
    s.offsets.push_back(s.values.size());
  }
  return s;
}

many_options with_rules(unsigned threads) {
  many_options options;
  options.rules = rule_set_by_name("western_electric,nelson,mdc");
  options.threads = threads;
  return options;
}

void require_same_signals(const many_result& a, const many_result& b) {
  REQUIRE(a.signal_offsets == b.signal_offsets);
  CHECK(a.signals == b.signals);
  CHECK(a.cl == b.cl);
  CHECK(a.sigma == b.sigma);
}

}  // namespace

TEST_CASE("many series: flags into the caller's array match the batch evaluation", "[spc][many]") {
  const laid_out s = noisy_series();
  for (const unsigned threads : {1U, 2U}) {
    INFO(threads << " thread(s)");
    const many_options options = with_rules(threads);
    const many_result kept = chart_many(s.values, s.offsets, options);
    // Garbage first: every flag must be written, zero or not.
    std::vector<std::uint32_t> flags(s.values.size(), 0xFFFFFFFFU);
    many_result into_caller;
    chart_many_into(s.values, s.offsets, options, into_caller, flags);
    CHECK(into_caller.flags.empty());
    require_same_signals(into_caller, kept);
    std::size_t flagged = 0;
    for (std::size_t k = 0; k + 1 < s.offsets.size(); ++k) {
      const std::size_t a = s.offsets[k];
      const std::size_t n = s.offsets[k + 1] - a;
      const std::span<const double> y(s.values.data() + a, n);
      const std::vector<double> cl(n, kept.cl[k]);
      const std::vector<double> sigma(n, kept.sigma[k]);
      const std::vector<double> lcl(n, kept.lcl[k]);
      const std::vector<double> ucl(n, kept.ucl[k]);
      const evaluation alone =
          evaluate_with_flags(options.rules, rule_input{y, cl, sigma, lcl, ucl, {}, {}});
      for (std::size_t i = 0; i < n; ++i) {
        REQUIRE(flags[a + i] == alone.flags[i]);
        flagged += flags[a + i] != 0 ? 1U : 0U;
      }
    }
    CHECK(flagged > 1000);
  }
}

TEST_CASE("many series: without flags, the same signals and limits", "[spc][many]") {
  const laid_out s = noisy_series();
  const many_options options = with_rules(2);
  const many_result kept = chart_many(s.values, s.offsets, options);
  many_result signals_only;
  chart_many_into(s.values, s.offsets, options, signals_only, std::span<std::uint32_t>());
  CHECK(signals_only.flags.empty());
  require_same_signals(signals_only, kept);
  // A result that held flags before holds none after.
  many_result reused = kept;
  chart_many_into(s.values, s.offsets, options, reused, std::span<std::uint32_t>());
  CHECK(reused.flags.empty());
  require_same_signals(reused, kept);
}

TEST_CASE("many series: a caller's flag array of the wrong size is refused", "[spc][many]") {
  const laid_out s = noisy_series();
  std::vector<std::uint32_t> flags(s.values.size() - 1, 7U);
  many_result out;
  try {
    chart_many_into(s.values, s.offsets, with_rules(1), out, flags);
    FAIL("no error for a flag array one short");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::invalid_argument);
    CHECK(e.where().field == "flags");
  }
  for (const std::uint32_t f : flags) {
    REQUIRE(f == 7U);  // nothing written
  }
}
