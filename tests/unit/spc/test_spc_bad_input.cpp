// Bad input to the chart engine: a precise cmx::error naming the point or subgroup and field.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/spc/chart.hpp"

namespace spc = cmx::spc;

namespace {

struct caught {
  cmx::status code = cmx::status::ok;
  std::int64_t line = -1;
  std::string field;
  std::string message;
};

caught chart_error(std::vector<double> y, std::vector<double> n, const spc::chart_options& options,
                   std::vector<double> x = {}) {
  if (x.empty()) {
    for (std::size_t i = 0; i < y.size(); ++i) {
      x.push_back(static_cast<double>(i + 1));
    }
  }
  try {
    (void)spc::compute_chart(x, y, n, options);
  } catch (const cmx::error& e) {
    return caught{e.code(), e.where().line, e.where().field, e.message()};
  }
  return {};
}

spc::chart_options of(spc::chart_type type) {
  spc::chart_options options;
  options.type = type;
  return options;
}

constexpr double missing = std::numeric_limits<double>::quiet_NaN();
constexpr double infinite = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("an empty series", "[spc][bad-input]") {
  const auto e = chart_error({}, {}, of(spc::chart_type::i));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.field == "y");
  CHECK(e.message.find("empty") != std::string::npos);
}

TEST_CASE("a chart type outside the 15", "[spc][bad-input]") {
  // A value cast from elsewhere (a file, another language) must be named, not charted as some
  // other type or end in an unrelated error.
  for (const unsigned t : {15U, 99U, 255U}) {
    const auto e = chart_error({1, 2, 3, 4}, {5, 5, 5, 5}, of(static_cast<spc::chart_type>(t)));
    CHECK(e.code == cmx::status::invalid_argument);
    CHECK(e.field == "type");
    CHECK(e.message.find(std::to_string(t)) != std::string::npos);
  }
}

TEST_CASE("an all-missing series", "[spc][bad-input]") {
  for (const auto type : {spc::chart_type::run, spc::chart_type::i, spc::chart_type::xbar}) {
    const auto e = chart_error({missing, missing, missing}, {}, of(type));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.field == "y");
    CHECK(e.message.find("missing") != std::string::npos);
  }
  const auto e = chart_error({missing, missing}, {10, 10}, of(spc::chart_type::p));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.field == "y");
}

TEST_CASE("infinite values and labels", "[spc][bad-input]") {
  auto e = chart_error({1, infinite, 3}, {}, of(spc::chart_type::i));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.line == 2);
  CHECK(e.field == "y");
  e = chart_error({1, 2, 3}, {}, of(spc::chart_type::i), {1, missing, 3});
  CHECK(e.line == 2);
  CHECK(e.field == "x");
  e = chart_error({1, 2, 3}, {4, infinite, 4}, of(spc::chart_type::u));
  CHECK(e.line == 2);
  CHECK(e.field == "n");
}

TEST_CASE("negative counts", "[spc][bad-input]") {
  // Counts: c and g without denominators; p, np, pp, u and up with them.
  for (const auto type : {spc::chart_type::c, spc::chart_type::g}) {
    const auto e = chart_error({1, 2, -1}, {}, of(type));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.line == 3);
    CHECK(e.field == "y");
    CHECK(e.message.find("negative count") != std::string::npos);
  }
  for (const auto type : {spc::chart_type::p, spc::chart_type::np, spc::chart_type::pp,
                          spc::chart_type::u, spc::chart_type::up}) {
    const auto e = chart_error({1, -2, 1}, {10, 10, 10}, of(type));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.line == 2);
    CHECK(e.field == "y");
    CHECK(e.message.find("negative count") != std::string::npos);
  }
}

TEST_CASE("numerators above denominators on a p chart", "[spc][bad-input]") {
  for (const auto type : {spc::chart_type::p, spc::chart_type::np, spc::chart_type::pp}) {
    const auto e = chart_error({1, 12, 3}, {10, 10, 10}, of(type));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.line == 2);
    CHECK(e.field == "y");
    CHECK(e.message.find("above the denominator") != std::string::npos);
  }
}

TEST_CASE("zero, negative and missing denominators", "[spc][bad-input]") {
  auto e = chart_error({1, 2, 3}, {10, 0, 10}, of(spc::chart_type::u));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.line == 2);
  CHECK(e.field == "n");
  CHECK(e.message.find("zero or negative") != std::string::npos);
  e = chart_error({1, 2, 3}, {10, 10, -4}, of(spc::chart_type::p));
  CHECK(e.line == 3);
  CHECK(e.field == "n");
  e = chart_error({1, 2, 3}, {10, missing, 10}, of(spc::chart_type::p));
  CHECK(e.line == 2);
  CHECK(e.message.find("missing") != std::string::npos);
  e = chart_error({1, 2, 3}, {}, of(spc::chart_type::p));
  CHECK(e.field == "n");
  CHECK(e.message.find("needs denominators") != std::string::npos);
}

TEST_CASE("subgroups of one where a within-subgroup sigma is needed", "[spc][bad-input]") {
  for (const auto type : {spc::chart_type::xbar, spc::chart_type::s, spc::chart_type::r}) {
    const auto e = chart_error({1, 2, 3, 4}, {}, of(type));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.field == "y");
    CHECK(e.message.find("fewer than two values") != std::string::npos);
    CHECK(e.message.find("4 subgroups") != std::string::npos);
  }
}

TEST_CASE("R charts refuse subgroups above 50 values (d3 is tabulated to 50)", "[spc][bad-input]") {
  std::vector<double> x;
  std::vector<double> y;
  for (std::size_t g = 1; g <= 3; ++g) {
    for (std::size_t k = 0; k < (g == 2 ? 51U : 5U); ++k) {
      x.push_back(static_cast<double>(g));
      y.push_back(static_cast<double>((k * 7 + g) % 11));
    }
  }
  const auto e = chart_error(y, {}, of(spc::chart_type::r), x);
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.line == 2);
  CHECK(e.field == "y");
  CHECK(e.message.find("51 values") != std::string::npos);
  auto options = of(spc::chart_type::xbar);
  options.sigma_estimator = spc::sigma_method::mvlue_r;
  CHECK(chart_error(y, {}, options, x).line == 2);
  // Without the range, xbar charts such subgroups.
  CHECK(chart_error(y, {}, of(spc::chart_type::xbar), x).code == cmx::status::ok);
}

TEST_CASE("t chart values must be above zero", "[spc][bad-input]") {
  const auto e = chart_error({3, 0, 2}, {}, of(spc::chart_type::t));
  CHECK(e.line == 2);
  CHECK(e.field == "y");
  CHECK(e.message.find("greater than zero") != std::string::npos);
}

TEST_CASE("indices out of range: part, freeze, exclude", "[spc][bad-input]") {
  auto options = of(spc::chart_type::i);
  options.exclude = {2, 9};
  auto e = chart_error({1, 2, 3, 4}, {}, options);
  CHECK(e.code == cmx::status::out_of_range);
  CHECK(e.field == "exclude");
  CHECK(e.line == 9);
  options = of(spc::chart_type::i);
  options.parts = {4};
  e = chart_error({1, 2, 3, 4}, {}, options);
  CHECK(e.code == cmx::status::out_of_range);
  CHECK(e.field == "part");
  CHECK(e.line == 4);
  CHECK(e.message.find("1..3") != std::string::npos);
  options = of(spc::chart_type::i);
  options.freeze = 5;
  e = chart_error({1, 2, 3, 4}, {}, options);
  CHECK(e.code == cmx::status::out_of_range);
  CHECK(e.field == "freeze");
  CHECK(e.line == 5);
  CHECK(e.message.find("beyond the 4 subgroups") != std::string::npos);
}

TEST_CASE("a phase too short for limits", "[spc][bad-input]") {
  auto options = of(spc::chart_type::i);
  options.parts = {4};
  const auto e = chart_error({1, 2, 3, 4, 5}, {}, options);
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.line == 5);  // the phase starts at subgroup 5
  CHECK(e.message.find("phase 2") != std::string::npos);
  CHECK(e.message.find("too short") != std::string::npos);
  // A phase of excluded points only has no baseline.
  options = of(spc::chart_type::i);
  options.exclude = {1, 2, 3, 4, 5};
  const auto all_out = chart_error({1, 2, 3, 4, 5}, {}, options);
  CHECK(all_out.code == cmx::status::bad_input);
  CHECK(all_out.field == "exclude");
  CHECK(all_out.message.find("no baseline point") != std::string::npos);
  // So has a later phase of excluded points: it is not judged against the phase before unless
  // it lies after the freeze (phase II).
  options = of(spc::chart_type::i);
  options.parts = {4};
  options.exclude = {5, 6, 7, 8};
  const auto later = chart_error({5, 7, 4, 6, 30, 31, 29, 30}, {}, options);
  CHECK(later.code == cmx::status::bad_input);
  CHECK(later.line == 5);
  CHECK(later.field == "exclude");
  CHECK(later.message.find("phase 2") != std::string::npos);
  options.exclude.clear();
  options.freeze = 4;
  CHECK(chart_error({5, 7, 4, 6, 30, 31, 29, 30}, {}, options).code == cmx::status::ok);
  // A freeze that leaves one point: the field is freeze.
  options = of(spc::chart_type::i);
  options.freeze = 1;
  const auto frozen = chart_error({5, 7, 4, 6}, {}, options);
  CHECK(frozen.code == cmx::status::bad_input);
  CHECK(frozen.field == "freeze");
  CHECK(frozen.message.find("too short") != std::string::npos);
  CHECK(frozen.message.find("from 1 baseline point(s) with a value") != std::string::npos);
  // Missing points are counted as no evidence: three points, one with a value.
  const auto sparse = chart_error({missing, 5, missing}, {}, of(spc::chart_type::i));
  CHECK(sparse.code == cmx::status::bad_input);
  CHECK(sparse.message.find("from 1 baseline point(s) with a value") != std::string::npos);
  // Laney's p' with no events at all: no spread to scale, whatever the number of points.
  const auto none = chart_error({0, 0, 0, 0}, {10, 12, 9, 11}, of(spc::chart_type::pp));
  CHECK(none.code == cmx::status::bad_input);
  CHECK(none.field == "y");
  CHECK(none.message.find("centre of 0") != std::string::npos);
}

TEST_CASE("bad options and mismatched arrays", "[spc][bad-input]") {
  auto options = of(spc::chart_type::p);
  options.sigma = 0.1;
  auto e = chart_error({1, 2}, {5, 5}, options);
  CHECK(e.field == "sigma");
  CHECK(e.code == cmx::status::invalid_argument);
  options = of(spc::chart_type::i);
  options.multiply = 0;
  e = chart_error({1, 2}, {}, options);
  CHECK(e.code == cmx::status::invalid_argument);
  CHECK(e.field == "multiply");
  options = of(spc::chart_type::i);
  options.sigma = -1;
  e = chart_error({1, 2}, {}, options);
  CHECK(e.code == cmx::status::invalid_argument);
  CHECK(e.field == "sigma");
  options = of(spc::chart_type::i);
  options.centre = std::numeric_limits<double>::infinity();
  e = chart_error({1, 2}, {}, options);
  CHECK(e.code == cmx::status::invalid_argument);
  CHECK(e.field == "centre");
  e = chart_error({1, 2, 3}, {4, 4}, of(spc::chart_type::u));
  CHECK(e.code == cmx::status::invalid_argument);
}

TEST_CASE("a bad row deep in a long series is named (rows are screened in blocks)",
          "[spc][bad-input]") {
  // Rows are screened 4096 at a time without a branch and checked one by one only inside a
  // block the screen rejects: the first bad row must still be the one named, in any block.
  std::vector<double> y(10000, 5.0);
  for (const std::size_t row : {std::size_t{0}, std::size_t{4095}, std::size_t{4096},
                                std::size_t{8191}, std::size_t{9999}}) {
    std::vector<double> bad = y;
    bad[row] = infinite;
    bad[std::min<std::size_t>(row + 7, y.size() - 1)] = -infinite;  // a later fault is not named
    const auto e = chart_error(bad, {}, of(spc::chart_type::i));
    CHECK(e.code == cmx::status::bad_input);
    CHECK(e.line == static_cast<std::int64_t>(row + 1));
    CHECK(e.field == "y");
  }
  std::vector<double> x(10000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i + 1);
  }
  x[6000] = missing;
  const auto label = chart_error(y, {}, of(spc::chart_type::run), x);
  CHECK(label.line == 6001);
  CHECK(label.field == "x");
  std::vector<double> counts(10000, 3.0);
  counts[5000] = -1.0;
  const auto negative = chart_error(counts, {}, of(spc::chart_type::c));
  CHECK(negative.line == 5001);
  CHECK(negative.message.find("negative count") != std::string::npos);
  std::vector<double> times(10000, 2.0);
  times[9000] = 0.0;
  const auto zero_time = chart_error(times, {}, of(spc::chart_type::t));
  CHECK(zero_time.line == 9001);
  CHECK(zero_time.message.find("greater than zero") != std::string::npos);
}

TEST_CASE("equal labels across a screening block boundary form one subgroup", "[spc][chart]") {
  // The screen also decides whether x rises strictly; a tie at rows 4096/4097 must be seen.
  std::vector<double> x(9000);
  std::vector<double> y(9000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i);
    y[i] = static_cast<double>(i % 7);
  }
  x[4096] = x[4095];
  const auto chart = spc::compute_chart(x, y, {}, of(spc::chart_type::run));
  REQUIRE(chart.size() == 8999);
  CHECK(chart.y[4095] == (y[4095] + y[4096]) / 2.0);  // the subgroup's mean
  CHECK(chart.y[4096] == y[4097]);
}
