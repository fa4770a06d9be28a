// Funnel plots against independent truth: fixture values from SciPy (tests/data/compass/
// make_funnel_fixture.py), Boost.Math quantiles computed here, properties, and bad input.
#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/compass/funnel.hpp"
#include "cmx/error.hpp"
#include "cmx/io/csv.hpp"

using cmx::compass::funnel_flag;
using cmx::compass::funnel_limits;
using cmx::compass::funnel_overdispersion;
using cmx::compass::funnel_type;

namespace {

const std::string data_dir = std::string(CMX_SOURCE_DIR) + "/tests/data/compass/";

bool close(double got, double expected, double tol = 1e-9) {
  return std::abs(got - expected) <= tol * std::max(1.0, std::abs(expected));
}

funnel_type type_named(std::string_view name) {
  if (name == "proportion") {
    return funnel_type::proportion;
  }
  if (name == "ratio") {
    return funnel_type::ratio;
  }
  return funnel_type::rate;
}

}  // namespace

TEST_CASE("funnel: exact limits agree with SciPy fixture values", "[compass][funnel]") {
  const auto t = cmx::io::read_csv_file(data_dir + "funnel_exact_limits.csv");
  REQUIRE(t.row_count() == 38);
  for (std::size_t i = 0; i < t.row_count(); ++i) {
    const auto type = type_named(t.cell(i, 0));
    const double target = t.required_number(i, 1);
    const double n = t.required_number(i, 2);
    const double coverage = t.required_number(i, 3);
    const auto l = cmx::compass::funnel_limits_at(type, funnel_limits::exact, target, n, coverage);
    INFO("row " << i + 2 << " " << t.cell(i, 0) << " target " << target << " n " << n);
    CHECK(close(l.lower, t.required_number(i, 4), 1e-8));
    CHECK(close(l.upper, t.required_number(i, 5), 1e-8));
  }
}

TEST_CASE("funnel: exact limits are Spiegelhalter's interpolation of Boost.Math quantiles",
          "[compass][funnel]") {
  namespace bm = boost::math;
  using round_up =
      bm::policies::policy<bm::policies::discrete_quantile<bm::policies::integer_round_up>>;
  // Binomial, target 0.2, n = 137, upper 99.8%: r_p is the smallest r with F(r) >= 0.999.
  const bm::binomial_distribution<double, round_up> bin(137, 0.2);
  double r = bm::quantile(bin, 0.999);
  REQUIRE(bm::cdf(bin, r) >= 0.999);
  REQUIRE(bm::cdf(bin, r - 1) < 0.999);
  double alpha = (bm::cdf(bin, r) - 0.999) / (bm::cdf(bin, r) - bm::cdf(bin, r - 1));
  auto l = cmx::compass::funnel_limits_at(funnel_type::proportion, funnel_limits::exact, 0.2, 137,
                                          0.998);
  CHECK(close(l.upper, (r - alpha) / 137));
  CHECK(l.upper * 137 <= r);
  CHECK(l.upper * 137 > r - 1);
  // Poisson, ratio target 1 at expected 23.5, lower 95%.
  const bm::poisson_distribution<double, round_up> poi(23.5);
  r = bm::quantile(poi, 0.025);
  REQUIRE(bm::cdf(poi, r) >= 0.025);
  REQUIRE(bm::cdf(poi, r - 1) < 0.025);
  alpha = (bm::cdf(poi, r) - 0.025) / (bm::cdf(poi, r) - bm::cdf(poi, r - 1));
  l = cmx::compass::funnel_limits_at(funnel_type::ratio, funnel_limits::exact, 1.0, 23.5, 0.95);
  CHECK(close(l.lower, (r - alpha) / 23.5));
}

TEST_CASE("funnel: exact limits over a wide grid agree with Boost.Math quantiles",
          "[compass][funnel]") {
  namespace bm = boost::math;
  using round_up =
      bm::policies::policy<bm::policies::discrete_quantile<bm::policies::integer_round_up>>;
  // Spiegelhalter's interpolated quantile from Boost's r_p (smallest r with F(r) >= p).
  auto reference = [](const auto& dist, double p) {
    const double r = bm::quantile(dist, p);
    const double f_r = bm::cdf(dist, r);
    const double f_below = r > 0 ? bm::cdf(dist, r - 1) : 0.0;
    return r - (f_r - p) / (f_r - f_below);
  };
  for (const double n : {1.0, 3.0, 17.0, 250.0, 4000.0, 1e6}) {
    for (const double theta : {0.001, 0.05, 0.5, 0.97}) {
      const bm::binomial_distribution<double, round_up> dist(n, theta);
      const auto l = cmx::compass::funnel_limits_at(funnel_type::proportion, funnel_limits::exact,
                                                    theta, n, 0.998);
      INFO("binomial n " << n << " theta " << theta);
      CHECK(close(l.lower, std::clamp(reference(dist, 0.001) / n, 0.0, 1.0), 1e-8));
      CHECK(close(l.upper, std::clamp(reference(dist, 0.999) / n, 0.0, 1.0), 1e-8));
    }
  }
  for (const double e : {0.01, 0.7, 5.0, 80.0, 1e5}) {
    const bm::poisson_distribution<double, round_up> dist(1.3 * e);
    const auto l =
        cmx::compass::funnel_limits_at(funnel_type::rate, funnel_limits::exact, 1.3, e, 0.95);
    INFO("poisson expected " << e);
    CHECK(close(l.lower, std::max(0.0, reference(dist, 0.025) / e), 1e-8));
    CHECK(close(l.upper, std::max(0.0, reference(dist, 0.975) / e), 1e-8));
  }
}

TEST_CASE("funnel: normal limits are symmetric and match target +/- z s", "[compass][funnel]") {
  const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 0.999);
  const auto l = cmx::compass::funnel_limits_at(funnel_type::proportion, funnel_limits::normal, 0.3,
                                                400, 0.998);
  CHECK(close(0.3 - l.lower, l.upper - 0.3));
  CHECK(close(l.upper, 0.3 + z * std::sqrt(0.3 * 0.7 / 400)));
  const auto r =
      cmx::compass::funnel_limits_at(funnel_type::ratio, funnel_limits::normal, 1.0, 50, 0.95);
  CHECK(close(r.upper, 1.0 + 1.959963984540054 * std::sqrt(1.0 / 50)));
  CHECK(close(1.0 - r.lower, r.upper - 1.0));
}

TEST_CASE("funnel: limits narrow as the denominator grows", "[compass][funnel]") {
  for (const auto limits : {funnel_limits::exact, funnel_limits::normal}) {
    for (const auto type : {funnel_type::proportion, funnel_type::ratio}) {
      const double target = type == funnel_type::proportion ? 0.15 : 1.0;
      double last_width = 2.0;
      for (const double n : {20.0, 80.0, 320.0, 1280.0, 5120.0, 20480.0}) {
        const auto l = cmx::compass::funnel_limits_at(type, limits, target, n, 0.998);
        const double width = l.upper - l.lower;
        CHECK(width < last_width);
        CHECK(l.lower <= target);
        CHECK(l.upper >= target);
        last_width = width;
      }
    }
  }
}

TEST_CASE("funnel: units, z-scores and flags", "[compass][funnel]") {
  const std::vector<double> y{10, 50, 30, 2};
  const std::vector<double> n{100, 200, 300, 100};
  cmx::compass::funnel_options o;
  o.limits = funnel_limits::normal;
  const auto r = cmx::compass::funnel(y, n, o);
  CHECK(close(r.target, 92.0 / 700.0));
  const double p0 = 92.0 / 700.0;
  CHECK(close(r.z[1], (0.25 - p0) / std::sqrt(p0 * (1 - p0) / 200)));
  CHECK(r.flag[1] == funnel_flag::high);  // z = 4.9
  CHECK(r.flag[3] == funnel_flag::low);   // z = -3.3
  CHECK(r.flag[0] == funnel_flag::none);
  CHECK_FALSE(r.adjusted);
  // Ratio: the target defaults to 1; O = E is never flagged.
  cmx::compass::funnel_options ro;
  ro.type = funnel_type::ratio;
  const std::vector<double> obs{12, 30};
  const std::vector<double> exp{12, 10};
  const auto rr = cmx::compass::funnel(obs, exp, ro);
  CHECK(rr.target == 1.0);
  CHECK(rr.flag[0] == funnel_flag::none);
  CHECK(rr.flag[1] == funnel_flag::high);
  CHECK(close(rr.z[1], (3.0 - 1.0) / std::sqrt(1.0 / 10)));
}

TEST_CASE("funnel: overdispersion phi, tau2 and adjusted limits agree with SciPy/NumPy",
          "[compass][funnel]") {
  const auto t = cmx::io::read_csv_file(data_dir + "funnel_overdispersed.csv");
  std::vector<double> y;
  std::vector<double> n;
  for (std::size_t i = 0; i < t.row_count(); ++i) {
    y.push_back(t.required_number(i, 0));
    n.push_back(t.required_number(i, 1));
  }
  cmx::compass::funnel_options o;
  o.overdispersion = funnel_overdispersion::multiplicative;
  const auto m = cmx::compass::funnel(y, n, o);
  o.overdispersion = funnel_overdispersion::additive;
  const auto a = cmx::compass::funnel(y, n, o);
  CHECK(close(m.target, t.required_number(0, 2)));
  CHECK(close(m.phi, t.required_number(0, 3)));
  CHECK(close(a.tau2, t.required_number(0, 4)));
  CHECK(close(m.p_value, t.required_number(0, 5), 1e-7));
  CHECK(m.adjusted);
  CHECK(a.adjusted);
  for (std::size_t i = 0; i < t.row_count(); ++i) {
    INFO("unit " << i + 1);
    CHECK(close(m.z_unadjusted[i], t.required_number(i, 6)));
    CHECK(close(m.z[i], t.required_number(i, 7)));
    CHECK(close(a.z[i], t.required_number(i, 8)));
    CHECK(close(m.upper998[i], t.required_number(i, 9)));
    CHECK(close(a.upper998[i], t.required_number(i, 10)));
  }
}

TEST_CASE("funnel: bad input is refused with the unit and field", "[compass][funnel]") {
  const std::vector<double> y{1, 2, 3};
  auto expect_error = [](const std::vector<double>& num, const std::vector<double>& den,
                         cmx::compass::funnel_options o, std::int64_t line, const char* field,
                         const char* text) {
    try {
      (void)cmx::compass::funnel(num, den, o);
      FAIL("no error");
    } catch (const cmx::error& e) {
      CHECK(e.code() == cmx::status::bad_input);
      CHECK(e.where().line == line);
      CHECK(e.where().field == field);
      CHECK_THAT(e.message(), Catch::Contains(text));
    }
  };
  cmx::compass::funnel_options prop;
  expect_error(y, {10, 0, 10}, prop, 2, "denominator", "denominator of zero");
  expect_error(y, {10, 1, 10}, prop, 2, "numerator", "above its denominator");
  expect_error({1, NAN, 3}, {10, 10, 10}, prop, 2, "numerator", "finite");
  expect_error(y, {10, 10.5, 10}, prop, 2, "denominator", "whole denominator");
  cmx::compass::funnel_options ratio;
  ratio.type = funnel_type::ratio;
  expect_error(y, {2, 3, 0}, ratio, 3, "expected", "expected count of zero");
  prop.target = 1.0;
  expect_error(y, {10, 10, 10}, prop, 0, "target", "strictly between 0 and 1");
  CHECK_THROWS_AS(cmx::compass::funnel(std::vector<double>{}, std::vector<double>{}), cmx::error);
}

TEST_CASE("funnel: limits at one denominator refuse what funnel() refuses", "[compass][funnel]") {
  using cmx::compass::funnel_limits;
  using cmx::compass::funnel_limits_at;
  const auto field_of = [](auto&& call) -> std::string {
    try {
      (void)call();
    } catch (const cmx::error& e) {
      return e.where().field;
    }
    return "no error";
  };
  // Targets at or outside the support: Boost.Math threw std::domain_error, or the limits came
  // out at (0.98, 0.98) for a target of 1.
  for (const double target : {1.0, 1.5, 0.0, -1.0, double(NAN)}) {
    CHECK(field_of([&] {
            return funnel_limits_at(funnel_type::proportion, funnel_limits::exact, target, 50,
                                    0.998);
          }) == "target");
  }
  CHECK(field_of([&] {
          return funnel_limits_at(funnel_type::ratio, funnel_limits::exact, -1.0, 50, 0.998);
        }) == "target");
  CHECK(field_of([&] {
          return funnel_limits_at(funnel_type::proportion, funnel_limits::normal, 0.2, 50, 0.95,
                                  -1.0);
        }) == "phi");
  CHECK(field_of([&] {
          return funnel_limits_at(funnel_type::proportion, funnel_limits::normal, 0.2, 50, 0.95,
                                  1.0, double(NAN));
        }) == "tau2");
  CHECK(field_of([&] {
          return funnel_limits_at(funnel_type::proportion, funnel_limits::exact, 0.2, 50.5, 0.95);
        }) == "n");
  // An expected count beyond Boost.Math's Poisson series: a cmx::error, not Boost's own.
  CHECK(field_of([&] {
          return funnel_limits_at(funnel_type::ratio, funnel_limits::exact, 1.0, 1e11, 0.998);
        }) == "denominator");
  // Ordinary arguments still give limits around the target.
  const auto l = funnel_limits_at(funnel_type::proportion, funnel_limits::exact, 0.2, 50, 0.95);
  CHECK(l.lower < 0.2);
  CHECK(l.upper > 0.2);
}
