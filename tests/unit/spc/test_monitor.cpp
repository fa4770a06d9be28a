// The streaming monitor agrees with the batch evaluation, signal for signal; many series at once
// equal each series charted alone; the MDC XmR refuses bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/many.hpp"
#include "cmx/spc/mdc.hpp"
#include "cmx/spc/monitor.hpp"
#include "cmx/spc/rules.hpp"

namespace {

using namespace cmx::spc;

// Normal noise with injected shifts, trends, spikes and alternations.
std::vector<double> synthetic(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = noise(rng);
    if (i % 500 >= 100 && i % 500 < 130) {
      y[i] += 1.5;  // shift
    }
    if (i % 500 >= 200 && i % 500 < 210) {
      y[i] = 0.3 * static_cast<double>(i % 500 - 200);  // trend
    }
    if (i % 500 >= 300 && i % 500 < 320) {
      y[i] = (i % 2 == 0 ? 0.5 : -0.5);  // alternation inside 1 sigma
    }
    if (i % 97 == 0) {
      y[i] = 4.0;  // spike
    }
  }
  return y;
}

using key = std::tuple<int, std::size_t, int>;  // rule, first point, direction

}  // namespace

TEST_CASE("monitor and batch evaluation agree signal for signal", "[spc][monitor]") {
  const rule_set rules = rule_set_by_name("western_electric,nelson,mdc,qcc");
  const std::vector<double> y = synthetic(5000, 7);
  monitor m(rules, 0.0, 1.0);
  std::vector<monitor_event> buffer(m.max_events_per_push());
  std::map<key, signal> streamed;
  std::size_t events = 0;
  for (double v : y) {
    const std::size_t k = m.push(v, buffer);
    REQUIRE(k <= buffer.size());
    for (std::size_t j = 0; j < k; ++j) {
      const signal& s = buffer[j].sig;
      CHECK(s.last == m.size() - 1);  // every event is completed by the point just pushed
      const key id{static_cast<int>(s.rule), s.first, static_cast<int>(s.dir)};
      CHECK(buffer[j].continues == (streamed.count(id) == 1));
      streamed[id] = s;
      ++events;
    }
  }
  const std::vector<double> cl(y.size(), 0.0);
  const std::vector<double> sigma(y.size(), 1.0);
  const std::vector<double> lcl(y.size(), -3.0);
  const std::vector<double> ucl(y.size(), 3.0);
  const auto batch = evaluate(rules, rule_input{y, cl, sigma, lcl, ucl, {}, {}});
  REQUIRE(batch.size() == streamed.size());
  REQUIRE(batch.size() > 50);  // the injected patterns fire many rules
  for (const signal& s : batch) {
    const auto it = streamed.find({static_cast<int>(s.rule), s.first, static_cast<int>(s.dir)});
    REQUIRE(it != streamed.end());
    CHECK(it->second.last == s.last);
    CHECK(it->second.flag_first == s.flag_first);
    CHECK(it->second.mode == s.mode);
  }
  CHECK(events >= batch.size());
}

TEST_CASE("a monitor from a baseline and the i chart frozen on it agree", "[spc][monitor]") {
  // Issue 3, point 4: the same data through the streaming monitor (limits from the first 400
  // values, then every value pushed) and through the batch chart (an i chart frozen on the same
  // 400 subgroups, its signals and flags from evaluate_with_flags).
  const rule_set rules = rule_set_by_name("western_electric,nelson,mdc,qcc");
  std::vector<double> y = synthetic(3000, 19);
  for (const std::size_t gap : {57U, 58U, 1234U, 2999U}) {
    y[gap] = std::numeric_limits<double>::quiet_NaN();  // missing, in the baseline and after
  }
  y[1500] = 30.0;  // a large moving range, screened out of the baseline's sigma
  y[150] = 30.0;
  const std::size_t baseline = 400;
  for (const bool screen : {true, false}) {
    monitor m = monitor::from_baseline(rules, std::span(y).first(baseline), screen);
    chart_options options;
    options.type = chart_type::i;
    options.freeze = baseline;
    options.screen_mr = screen;
    std::vector<double> x(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] = static_cast<double>(i + 1);
    }
    const chart_result chart = compute_chart(x, y, {}, options);
    // The same arithmetic: the same bits.
    CHECK(m.limits().cl == chart.cl[0]);
    CHECK(m.limits().sigma == chart.sigma[0]);
    CHECK(m.limits().lcl == chart.lcl[0]);
    CHECK(m.limits().ucl == chart.ucl[0]);
    CHECK(m.limits().ucl == chart.ucl[y.size() - 1]);

    const evaluation batch = evaluate_with_flags(rules, chart.rules_input());
    std::vector<monitor_event> buffer(m.max_events_per_push());
    std::map<key, signal> streamed;
    for (const double v : y) {
      const std::size_t k = m.push(v, buffer);
      for (std::size_t j = 0; j < k; ++j) {
        const signal& s = buffer[j].sig;
        streamed[{static_cast<int>(s.rule), s.first, static_cast<int>(s.dir)}] = s;
      }
    }
    REQUIRE(batch.signals.size() == streamed.size());
    CHECK(batch.signals.size() > 40);
    std::vector<std::uint32_t> flags(y.size(), 0);
    std::vector<signal> reported;
    for (const signal& s : batch.signals) {
      const auto it = streamed.find({static_cast<int>(s.rule), s.first, static_cast<int>(s.dir)});
      REQUIRE(it != streamed.end());
      CHECK(it->second.last == s.last);
      CHECK(it->second.flag_first == s.flag_first);
      reported.push_back(it->second);
    }
    // The monitor's signals flag the chart's points exactly as the batch flags do.
    flag_points(rules, chart.rules_input(), reported, flags);
    CHECK(flags == batch.flags);
  }
}

TEST_CASE("monitor limits from a baseline; bad baselines and rule sets", "[spc][monitor]") {
  // Baseline 1, 3, 2, 4: mean 2.5, moving ranges 2, 1, 2 -> mean 5/3, sigma 5/3/1.128.
  const std::vector<double> baseline{1, 3, 2, 4};
  monitor m = monitor::from_baseline(western_electric_rules(), baseline);
  CHECK(m.limits().cl == Approx(2.5));
  CHECK(m.limits().sigma == Approx(5.0 / 3.0 / 1.128));
  std::vector<monitor_event> out(m.max_events_per_push());
  CHECK(m.push(2.5, out) == 0);
  REQUIRE(m.push(100.0, out) == 1);
  CHECK(out[0].sig.rule == rule_id::western_electric_1);
  CHECK(out[0].sig.first == 1);
  try {
    (void)monitor::from_baseline(western_electric_rules(), std::vector<double>{});
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().field == "baseline");
  }
  // NaN is missing: 1, NaN, 2, 4 has the mean 7/3 and one moving range (2 to 4).
  const std::vector<double> with_nan{1, std::nan(""), 2, 4};
  const monitor_limits gap = individuals_limits(with_nan);
  CHECK(gap.cl == Approx(7.0 / 3.0));
  CHECK(gap.sigma == Approx(2.0 / 1.128));
  // No two consecutive values: no moving range.
  try {
    (void)monitor::from_baseline(western_electric_rules(), std::vector<double>{1, std::nan(""), 2});
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().field == "baseline");
    CHECK(e.message().find("moving range") != std::string::npos);
  }
  const std::vector<double> with_inf{1, 2, -std::numeric_limits<double>::infinity(), 2};
  try {
    (void)monitor::from_baseline(western_electric_rules(), with_inf);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().line == 3);
  }
  CHECK_THROWS_AS(monitor(ihi_rules(), 0.0, 1.0), cmx::error);
  CHECK_THROWS_AS(monitor(nelson_rules(), 0.0, 0.0), cmx::error);
  CHECK_THROWS_AS(m.push(std::numeric_limits<double>::infinity(), out), cmx::error);
}

TEST_CASE("many series at once equal each series alone", "[spc][many]") {
  many_options options;
  options.rules = rule_set_by_name("western_electric,nelson,mdc");
  // 3000 series of 20..59 points: enough values for two threads.
  std::vector<double> values;
  std::vector<std::size_t> offsets{0};
  const std::vector<double> source = synthetic(200000, 11);
  std::size_t at = 0;
  for (std::size_t s = 0; s < 3000; ++s) {
    const std::size_t len = 20 + s % 40;
    values.insert(values.end(), source.begin() + static_cast<std::ptrdiff_t>(at),
                  source.begin() + static_cast<std::ptrdiff_t>(at + len));
    at += len;
    offsets.push_back(values.size());
  }
  options.threads = 2;
  const many_result all = chart_many(values, offsets, options);
  REQUIRE(all.signal_offsets.size() == offsets.size());
  std::size_t with_signals = 0;
  for (std::size_t s = 0; s + 1 < offsets.size(); ++s) {
    const std::span<const double> y(values.data() + offsets[s], offsets[s + 1] - offsets[s]);
    const std::vector<std::size_t> one{0, y.size()};
    options.threads = 1;
    const many_result alone = chart_many(y, one, options);
    CHECK(alone.cl[0] == all.cl[s]);
    CHECK(alone.sigma[0] == all.sigma[s]);
    // The same limits through the batch rule evaluation.
    const std::vector<double> cl(y.size(), alone.cl[0]);
    const std::vector<double> sg(y.size(), alone.sigma[0]);
    const std::vector<double> lcl(y.size(), alone.lcl[0]);
    const std::vector<double> ucl(y.size(), alone.ucl[0]);
    const auto e = evaluate_with_flags(options.rules, rule_input{y, cl, sg, lcl, ucl, {}, {}});
    const std::size_t a = all.signal_offsets[s];
    const std::size_t b = all.signal_offsets[s + 1];
    REQUIRE(b - a == e.signals.size());
    for (std::size_t k = 0; k < e.signals.size(); ++k) {
      CHECK(all.signals[a + k].rule == e.signals[k].rule);
      CHECK(all.signals[a + k].first == e.signals[k].first);
      CHECK(all.signals[a + k].last == e.signals[k].last);
    }
    CHECK(std::equal(e.flags.begin(), e.flags.end(),
                     all.flags.begin() + static_cast<std::ptrdiff_t>(offsets[s])));
    with_signals += e.signals.empty() ? 0U : 1U;
  }
  CHECK(with_signals > 100);
  // The individuals chart of the first series by hand: mean and screened mean moving range.
  double sum = 0;
  double mr = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    sum += values[i];
    mr += i > 0 ? std::abs(values[i] - values[i - 1]) : 0.0;
  }
  CHECK(all.cl[0] == Approx(sum / 20));
  CHECK(all.sigma[0] <= mr / 19 / 1.128 + 1e-12);  // screening only ever lowers it
}

TEST_CASE("many series into a reused result equal a fresh result", "[spc][many]") {
  many_options options;
  options.rules = rule_set_by_name("western_electric,nelson,mdc");
  options.threads = 2;
  // A large charting (two threads, many signals), then smaller ones with other series, a
  // failing one and one on one thread: each must equal chart_many of the same data from scratch,
  // with nothing left over from before (flags of earlier series, signals of other chunks).
  const auto series_of = [](std::size_t count, std::size_t len, std::uint64_t seed) {
    std::vector<double> values = synthetic(count * len, seed);
    std::vector<std::size_t> offsets(count + 1);
    for (std::size_t s = 0; s <= count; ++s) {
      offsets[s] = s * len;
    }
    return std::pair{values, offsets};
  };
  const auto same = [](const many_result& a, const many_result& b) {
    CHECK(a.cl == b.cl);
    CHECK(a.sigma == b.sigma);
    CHECK(a.lcl == b.lcl);
    CHECK(a.ucl == b.ucl);
    CHECK(a.flags == b.flags);
    CHECK(a.signal_offsets == b.signal_offsets);
    REQUIRE(a.signals.size() == b.signals.size());
    for (std::size_t k = 0; k < a.signals.size(); ++k) {
      CHECK(a.signals[k].rule == b.signals[k].rule);
      CHECK(a.signals[k].first == b.signals[k].first);
      CHECK(a.signals[k].last == b.signals[k].last);
    }
  };
  many_result reused;
  const auto [big_values, big_offsets] = series_of(4000, 36, 21);
  chart_many_into(big_values, big_offsets, options, reused);
  same(reused, chart_many(big_values, big_offsets, options));
  REQUIRE(reused.signals.size() > 1000);

  const auto [small_values, small_offsets] = series_of(2500, 30, 22);
  chart_many_into(small_values, small_offsets, options, reused);
  same(reused, chart_many(small_values, small_offsets, options));

  std::vector<double> broken = small_values;
  broken[1234] = std::nan("");
  CHECK_THROWS_AS(chart_many_into(broken, small_offsets, options, reused), cmx::error);

  options.threads = 1;
  const auto [few_values, few_offsets] = series_of(40, 25, 23);
  chart_many_into(few_values, few_offsets, options, reused);
  same(reused, chart_many(few_values, few_offsets, options));
}

TEST_CASE("many series: bad offsets and values are named", "[spc][many]") {
  many_options options;
  options.rules = western_electric_rules();
  const std::vector<double> v{1, 2, 3, 4, 5, 6};
  auto expect = [&](std::vector<std::size_t> off, cmx::status code, std::int64_t line) {
    try {
      (void)chart_many(v, off, options);
      FAIL("no error");
    } catch (const cmx::error& e) {
      CHECK(e.code() == code);
      CHECK(e.where().line == line);
    }
  };
  expect({0, 3, 2, 6}, cmx::status::invalid_argument, 3);
  expect({0, 3, 7}, cmx::status::out_of_range, 3);
  expect({1, 3, 6}, cmx::status::invalid_argument, 1);
  expect({0}, cmx::status::bad_input, 0);
  const std::vector<double> with_nan{1, 2, 3, std::nan(""), 5, 6};
  try {
    (void)chart_many(with_nan, std::vector<std::size_t>{0, 3, 6}, options);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().line == 4);
  }
}

TEST_CASE("MDC XmR by hand and its bad input", "[spc][mdc]") {
  // 10, 12, 11, 13: mean 11.5, moving ranges 2, 1, 2 (none screened) -> limits 11.5 +- 2.66*5/3.
  const std::vector<double> y{10, 12, 11, 13};
  const auto r = mdc::xmr(y);
  CHECK(r.cl[0] == Approx(11.5));
  CHECK(r.upl[0] == Approx(11.5 + 2.66 * 5.0 / 3.0));
  CHECK(r.short_group_warning[0] == 1);
  CHECK(r.groups.size() == 1);
  try {
    (void)mdc::xmr(std::vector<double>{1, std::nan(""), 2});
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().line == 2);
  }
  CHECK_THROWS_AS(mdc::xmr(std::vector<double>{}), cmx::error);
  mdc::xmr_options o;
  o.rebase_at = {3};
  try {
    (void)mdc::xmr(y, o);  // the second group would have one point
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().line == 4);
    CHECK(e.where().field == "rebase_at");
  }
  try {
    (void)mdc::xmr(std::vector<double>{5});  // one point, no rebase: the series is too short
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().field == "y");
  }
  mdc::xmr_options no_target;
  no_target.target = std::nan("");
  try {
    (void)mdc::xmr(y, no_target);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::invalid_argument);
    CHECK(e.where().field == "target");
  }
  o.rebase_at = {2, 1};
  CHECK_THROWS_AS(mdc::xmr(y, o), cmx::error);
  o.rebase_at = {2};
  const auto two = mdc::xmr(y, o);
  CHECK(two.groups.size() == 2);
  CHECK(two.cl[3] == Approx(12.0));
}
