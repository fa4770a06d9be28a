// CUSUM and EWMA on series small enough to work by hand; bad parameters and input.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/cusum.hpp"
#include "cmx/spc/ewma.hpp"
#include "cmx/spc/subgroups.hpp"

namespace {

using namespace cmx::spc;

template <class F>
void require_error(F&& f, cmx::status code, const char* field, std::int64_t line = -1) {
  try {
    f();
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == code);
    CHECK(e.where().field == field);
    if (line >= 0) {
      CHECK(e.where().line == line);
    }
  }
}

}  // namespace

TEST_CASE("tabular CUSUM by hand", "[spc][cusum]") {
  // z = 1, 2, 0, -3; C+ = 0.5, 2.0, 1.5, 0; C- = 0, 0, 0, 2.5 (k = 0.5).
  cusum_options o;
  o.h = 2.0;
  const std::vector<double> x{11, 12, 10, 7};
  const auto r = cusum(x, {}, 10.0, 1.0, o);
  CHECK(r.z == std::vector<double>{1, 2, 0, -3});
  CHECK(r.upper == std::vector<double>{0.5, 2.0, 1.5, 0.0});
  CHECK(r.lower == std::vector<double>{0.0, 0.0, 0.0, 2.5});
  // C+ = 2.0 is not beyond h = 2; C- = 2.5 is.
  CHECK(r.upper_signal == std::vector<std::uint8_t>{0, 0, 0, 0});
  CHECK(r.lower_signal == std::vector<std::uint8_t>{0, 0, 0, 1});
  // Subgroups of 4 halve the standard error: z doubles.
  const std::vector<double> sizes(4, 4.0);
  CHECK(cusum(x, sizes, 10.0, 1.0, o).z == std::vector<double>{2, 4, 0, -6});
  // A head start of 1 starts both sums at 1.
  o.head_start = 1.0;
  const auto h = cusum(x, {}, 10.0, 1.0, o);
  CHECK(h.upper[0] == 1.5);
  CHECK(h.lower[0] == 0.0);  // max(0, 1 - 1 - 0.5)
}

TEST_CASE("Bernoulli CUSUM by hand", "[spc][cusum]") {
  bernoulli_cusum_options o;
  o.p0 = 0.1;
  o.p1 = 0.2;
  o.h = 1.5;
  // W(1) = ln 2, W(0) = ln(0.8 / 0.9).
  const double w1 = std::log(2.0);
  const double w0 = std::log(0.8 / 0.9);
  const std::vector<double> x{1, 1, 0, 1, 1};
  auto r = bernoulli_cusum(x, o);
  CHECK(r.statistic[0] == Approx(w1));
  CHECK(r.statistic[2] == Approx(2 * w1 + w0));
  CHECK(r.statistic[3] == Approx(3 * w1 + w0));
  CHECK(r.signal == std::vector<std::uint8_t>{0, 0, 0, 1, 1});
  o.reset_after_signal = true;
  r = bernoulli_cusum(x, o);
  CHECK(r.statistic[4] == Approx(w1));
  CHECK(r.signal == std::vector<std::uint8_t>{0, 0, 0, 1, 0});
  // A run of zeros stays at 0.
  CHECK(bernoulli_cusum(std::vector<double>{0, 0, 0}, o).statistic == std::vector<double>{0, 0, 0});
  // The smallest p0 there is: W(1) = ln 0.5 - ln p0 (1074 ln 2 - ln 2 = 1073 ln 2), finite.
  o.p0 = std::numeric_limits<double>::denorm_min();
  o.p1 = 0.5;
  o.h = 1000.0;
  r = bernoulli_cusum(std::vector<double>{1}, o);
  CHECK_THAT(r.statistic[0], Catch::Matchers::WithinRel(1073.0 * std::log(2.0), 1e-14));
}

TEST_CASE("EWMA by hand, and lambda = 1 is a Shewhart chart", "[spc][ewma]") {
  ewma_options o;
  o.lambda = 0.5;
  const std::vector<double> x{2, 0, 4};
  const auto r = ewma(x, {}, 0.0, 1.0, o);
  CHECK(r.ewma == std::vector<double>{1.0, 0.5, 2.25});
  // sigma_i = sqrt(1/3 (1 - 0.25^i)).
  CHECK(r.sigma[0] == Approx(0.5));
  CHECK(r.sigma[1] == Approx(std::sqrt(0.3125)));
  CHECK(r.sigma[2] == Approx(std::sqrt(0.328125)));
  CHECK(r.ucl[2] == Approx(3 * std::sqrt(0.328125)));
  CHECK(r.violation == std::vector<std::uint8_t>{0, 0, 1});
  o.lambda = 1.0;
  const auto s = ewma(x, {}, 0.0, 1.0, o);
  CHECK(s.ewma == x);
  CHECK(s.sigma == std::vector<double>{1, 1, 1});
}

TEST_CASE("EWMA limits hold for tiny lambdas and extreme sigmas", "[spc][ewma]") {
  // sigma_1 = sigma lambda exactly: lambda / (2 - lambda) * (1 - (1 - lambda)^2) = lambda^2;
  // sigma_2 = sigma lambda sqrt(1 + (1 - lambda)^2).
  for (const double lambda : {1e-17, 1e-12, 1e-6, 0.2, 1.0}) {
    for (const double sigma : {1e-170, 1.0, 1e160}) {
      const auto r = ewma(std::vector<double>{0.0, 0.0}, {}, 0.0, sigma, {lambda, 3.0});
      CHECK_THAT(r.sigma[0], Catch::Matchers::WithinRel(sigma * lambda, 1e-14));
      CHECK_THAT(r.sigma[1],
                 Catch::Matchers::WithinRel(
                     sigma * lambda * std::sqrt(1.0 + (1.0 - lambda) * (1.0 - lambda)), 1e-14));
      CHECK(r.violation[0] == 0);
    }
  }
  // A tiny lambda still flags nothing on a constant series at the centre's own scale.
  const auto r = ewma(std::vector<double>{1, 1, 1}, {}, 0.0, 1.0, {1e-17, 3.0});
  CHECK(r.violation == std::vector<std::uint8_t>{0, 0, 0});
}

TEST_CASE("qcc's sigma estimators", "[spc][cusum]") {
  // Subgroups {1, 3} and {2, 2, 5}: ranges 2 and 3, d2 1.128 and 1.693.
  const std::vector<double> v{1, 3, 2, 2, 5};
  const std::vector<std::size_t> off{0, 2, 5};
  const auto g = summarize_subgroups(v, off);
  CHECK(g.mean == std::vector<double>{2, 3});
  CHECK(g.grand_mean == Approx(13.0 / 5.0));
  CHECK(sigma_uwave_r(g) == Approx((2 / 1.128 + 3 / 1.693) / 2));
  CHECK(sigma_moving_range(std::vector<double>{1, 3, 2}) == Approx(1.5 / 1.128));
}

TEST_CASE("CUSUM and EWMA refuse bad parameters and input", "[spc][cusum][ewma]") {
  const std::vector<double> x{1, 2, 3};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  require_error(
      [&] {
        (void)ewma(x, {}, 0, 1, ewma_options{0.0, 3});
      },
      cmx::status::invalid_argument, "lambda");
  require_error(
      [&] {
        (void)ewma(x, {}, 0, 1, ewma_options{1.5, 3});
      },
      cmx::status::invalid_argument, "lambda");
  require_error(
      [&] {
        (void)ewma(x, {}, 0, 1, ewma_options{0.2, 0});
      },
      cmx::status::invalid_argument, "L");
  require_error(
      [&] {
        (void)cusum(x, {}, 0, 1, cusum_options{0.5, 0.0, 0});
      },
      cmx::status::invalid_argument, "h");
  require_error(
      [&] {
        (void)cusum(x, {}, 0, 1, cusum_options{0.5, 4.0, 4.0});
      },
      cmx::status::invalid_argument, "head_start");
  require_error([&] { (void)cusum(x, {}, 0, 0.0); }, cmx::status::invalid_argument, "sigma");
  require_error(
      [&] {
        (void)cusum(std::vector<double>{1, nan}, {}, 0, 1);
      },
      cmx::status::bad_input, "statistics", 2);
  require_error([&] { (void)ewma(std::vector<double>{}, {}, 0, 1); }, cmx::status::bad_input,
                "statistics");
  require_error(
      [&] {
        (void)ewma(x, std::vector<double>{1, 0, 1}, 0, 1);
      },
      cmx::status::bad_input, "sizes", 2);
  bernoulli_cusum_options b{0.1, 0.2, 2.0, 0.0, false};
  require_error(
      [&] {
        (void)bernoulli_cusum(std::vector<double>{0, 2}, b);
      },
      cmx::status::bad_input, "outcomes", 2);
  b.p1 = 0.1;
  require_error([&] { (void)bernoulli_cusum(x, b); }, cmx::status::invalid_argument, "p1");
  b.p1 = 1.0;
  require_error([&] { (void)bernoulli_cusum(x, b); }, cmx::status::invalid_argument, "p1");
  b = bernoulli_cusum_options{0.0, 0.2, 2.0, 0.0, false};
  require_error([&] { (void)bernoulli_cusum(x, b); }, cmx::status::invalid_argument, "p0");
  b = bernoulli_cusum_options{0.1, 0.2, -1.0, 0.0, false};
  require_error([&] { (void)bernoulli_cusum(x, b); }, cmx::status::invalid_argument, "h");
  const std::vector<std::size_t> not_increasing{0, 2, 2, 5};
  require_error([&] { (void)summarize_subgroups(std::vector<double>(5, 1.0), not_increasing); },
                cmx::status::invalid_argument, "offsets", 3);
  const std::vector<std::size_t> past_end{0, 2, 6};
  require_error([&] { (void)summarize_subgroups(std::vector<double>(5, 1.0), past_end); },
                cmx::status::out_of_range, "offsets", 3);
}
