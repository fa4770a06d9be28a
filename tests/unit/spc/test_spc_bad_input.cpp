// Bad input to the chart engine: a precise cmx::error naming the point or subgroup and field.
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

caught chart_error(std::vector<double> y, std::vector<double> n, spc::chart_options options,
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

TEST_CASE("an all-missing series", "[spc][bad-input]") {
  const auto e = chart_error({missing, missing, missing}, {}, of(spc::chart_type::run));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.message.find("missing") != std::string::npos);
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
  const auto e = chart_error({1, 2, -1}, {}, of(spc::chart_type::c));
  CHECK(e.code == cmx::status::bad_input);
  CHECK(e.line == 3);
  CHECK(e.field == "y");
  CHECK(e.message.find("negative count") != std::string::npos);
}

TEST_CASE("numerators above denominators on a p chart", "[spc][bad-input]") {
  const auto e = chart_error({1, 12, 3}, {10, 10, 10}, of(spc::chart_type::p));
  CHECK(e.line == 2);
  CHECK(e.field == "y");
  CHECK(e.message.find("above the denominator") != std::string::npos);
}

TEST_CASE("zero, negative and missing denominators", "[spc][bad-input]") {
  auto e = chart_error({1, 2, 3}, {10, 0, 10}, of(spc::chart_type::u));
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
    CHECK(e.message.find("fewer than two values") != std::string::npos);
  }
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
  options = of(spc::chart_type::i);
  options.freeze = 5;
  e = chart_error({1, 2, 3, 4}, {}, options);
  CHECK(e.code == cmx::status::out_of_range);
  CHECK(e.field == "freeze");
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
  CHECK(all_out.message.find("no baseline point") != std::string::npos);
}

TEST_CASE("bad options and mismatched arrays", "[spc][bad-input]") {
  auto options = of(spc::chart_type::p);
  options.sigma = 0.1;
  auto e = chart_error({1, 2}, {5, 5}, options);
  CHECK(e.field == "sigma");
  options = of(spc::chart_type::i);
  options.multiply = 0;
  e = chart_error({1, 2}, {}, options);
  CHECK(e.field == "multiply");
  e = chart_error({1, 2, 3}, {4, 4}, of(spc::chart_type::u));
  CHECK(e.code == cmx::status::invalid_argument);
}
