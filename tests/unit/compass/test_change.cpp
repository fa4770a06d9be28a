// Change over time against published worked examples (Newcombe 1998a Table I, Newcombe 1998b
// Table II), SciPy values for Welch, hand-computed RCI and classification.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "cmx/compass/change.hpp"
#include "cmx/error.hpp"

using namespace cmx::compass;

namespace {

// Published values are given to 4 decimals.
bool four_dp(double got, double published) {
  return std::abs(got - published) < 0.00005 + 1e-12;
}

observation props(double x, double n) {
  observation o;
  o.numerator = x;
  o.denominator = n;
  return o;
}

}  // namespace

TEST_CASE("change: Wilson intervals of Newcombe (1998a) Table I, method 3", "[compass][change]") {
  struct row {
    double x, n, lower, upper;
  };
  for (const auto& r :
       {row{81, 263, 0.2553, 0.3662}, row{15, 148, 0.0624, 0.1605}, row{0, 20, 0.0, 0.1611},
        row{1, 29, 0.0061, 0.1718}, row{29, 29, 0.8830, 1.0}}) {
    const auto w = wilson_interval(r.x, r.n);
    INFO(r.x << "/" << r.n);
    CHECK(four_dp(w.lower, r.lower));
    CHECK(four_dp(w.upper, r.upper));
  }
}

TEST_CASE("change: Newcombe (1998b) Table II, method 10", "[compass][change]") {
  struct row {
    double x1, n1, x2, n2, lower, upper;
  };
  for (const auto& r : {row{56, 70, 48, 80, 0.0524, 0.3339}, row{9, 10, 3, 10, 0.1705, 0.8090},
                        row{6, 7, 2, 7, 0.0582, 0.8062}, row{5, 56, 0, 29, -0.0381, 0.1926},
                        row{0, 10, 0, 20, -0.1611, 0.2775}, row{10, 10, 0, 20, 0.6791, 1.0},
                        row{10, 10, 0, 10, 0.6075, 1.0}}) {
    const auto d = newcombe_difference(r.x1, r.n1, r.x2, r.n2);
    INFO(r.x1 << "/" << r.n1 << " - " << r.x2 << "/" << r.n2);
    CHECK(d.estimate == Approx(r.x1 / r.n1 - r.x2 / r.n2));
    CHECK(four_dp(d.lower, r.lower));
    CHECK(four_dp(d.upper, r.upper));
  }
}

TEST_CASE("change: Welch interval agrees with a 30-digit mpmath computation", "[compass][change]") {
  // mpmath (dps 30): v_i = s_i^2/n_i, df = (v1+v2)^2/(v1^2/(n1-1)+v2^2/(n2-1)), the t quantile
  // as the root of I_{df/(df+t^2)}(df/2, 1/2)/2 = 0.025, d -+ t sqrt(v1+v2), for (12.3, 4.1, 25)
  // vs (9.8, 6.0, 40). (SciPy 1.10's t.ppf is 8e-10 off here; Boost.Math agrees with mpmath.)
  const auto w = welch_difference(12.3, 4.1, 25, 9.8, 6.0, 40);
  CHECK(w.df == Approx(62.4233587272529788).epsilon(1e-12));
  CHECK(w.difference.lower == Approx(-0.00627970379765269).epsilon(1e-9));
  CHECK(w.difference.upper == Approx(5.00627970379765269).epsilon(1e-12));
}

TEST_CASE("change: reliable change index (Jacobson and Truax 1991)", "[compass][change]") {
  // SE = 7.5 sqrt(1 - 0.88) = 2.598; S_diff = sqrt(2) SE = 3.674; (28 - 20) / 3.674 = 2.177.
  CHECK(reliable_change_index(20, 28, 7.5, 0.88) == Approx(8.0 / std::sqrt(2.0 * 56.25 * 0.12)));
  CHECK(reliable_change_index(20, 28, 7.5, 0.88) == Approx(2.1773).epsilon(1e-4));
  CHECK_THROWS_AS(reliable_change_index(20, 28, 7.5, 1.0), cmx::error);
}

TEST_CASE("change: classification against the MID with the interval", "[compass][change]") {
  measure m;
  m.id = "hba1c_control";
  m.scoring = scoring_kind::proportion;
  m.direction = improvement::higher_is_better;
  m.mid = 0.05;
  // 48/80 -> 56/70: +0.2, CI 0.0524 to 0.3339 (Newcombe's example, times swapped): improved.
  auto c = change_between(m, props(48, 80), props(56, 70));
  CHECK(c.difference == Approx(0.2));
  CHECK(c.ci_method == "newcombe");
  CHECK(four_dp(c.ci.lower, 0.0524));
  CHECK(c.classification == change_class::improved);
  CHECK(c.effect_size == Approx(2 * std::asin(std::sqrt(0.8)) - 2 * std::asin(std::sqrt(0.6))));
  // The same change when lower is better: a deterioration, the interval mirrored.
  m.direction = improvement::lower_is_better;
  c = change_between(m, props(48, 80), props(56, 70));
  CHECK(c.improvement == Approx(-0.2));
  CHECK(four_dp(c.ci.upper, -0.0524));
  CHECK(c.classification == change_class::deteriorated);
  // Beyond the MID but the interval includes 0: stable.
  m.direction = improvement::higher_is_better;
  c = change_between(m, props(3, 10), props(5, 10));
  CHECK(c.improvement == Approx(0.2));
  CHECK(c.classification == change_class::stable);
  // Continuous without n and SD: no interval, the MID alone decides.
  measure prom;
  prom.id = "prom";
  prom.scoring = scoring_kind::continuous;
  prom.direction = improvement::higher_is_better;
  prom.mid = 3;
  observation a;
  a.value = 30;
  observation b;
  b.value = 34;
  c = change_between(prom, a, b);
  CHECK(c.ci_method == "none");
  CHECK(c.classification == change_class::improved);
  // With n and SD: Welch.
  a.n = 25;
  a.sd = 6;
  b.n = 25;
  b.sd = 6;
  c = change_between(prom, a, b);
  CHECK(c.ci_method == "welch");
  CHECK(c.effect_size == Approx(4.0 / 6.0));
  CHECK(c.classification == change_class::improved);  // 4 -+ 2.01 x 1.697: L > 0
  // No MID: an error naming the field.
  prom.mid.reset();
  try {
    (void)change_between(prom, a, b);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().field == "mid");
  }
}

TEST_CASE("change: share of responders with a Wilson interval", "[compass][change]") {
  std::vector<double> improvement(263, 0.0);
  for (std::size_t i = 0; i < 81; ++i) {
    improvement[i] = 5.0;  // at least the MID of 5
  }
  improvement[100] = 4.9;  // just short
  const auto r = responders(improvement, 5.0);
  CHECK(r.responders == 81);
  CHECK(r.patients == 263);
  CHECK(four_dp(r.share.lower, 0.2553));
  CHECK(four_dp(r.share.upper, 0.3662));
  CHECK_THROWS_AS(responders(std::vector<double>{}, 5.0), cmx::error);
}
