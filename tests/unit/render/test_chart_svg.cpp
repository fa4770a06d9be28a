// Control and run charts as SVG: well-formed XML, lines where known limits put them, flagged
// points in the signal colour, errors for bad styles.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/render/chart_svg.hpp"
#include "cmx/render/palette.hpp"
#include "cmx/spc/chart.hpp"
#include "unit/render/xml_check.hpp"

namespace {

using cmx::test::parse_xml;
using cmx::test::xml_element;

// The y coordinates of the points of a path's "M x y L x y ..." data.
std::vector<double> path_ys(const std::string& d) {
  std::vector<double> ys;
  std::vector<double> numbers;
  std::string cleaned;
  for (const char c : d) {
    cleaned += (c == 'M' || c == 'L' || c == 'C' || c == 'Z') ? ' ' : c;
  }
  std::istringstream nums(cleaned);
  double v = 0;
  while (nums >> v) {
    numbers.push_back(v);
  }
  for (std::size_t k = 1; k < numbers.size(); k += 2) {
    ys.push_back(numbers[k]);
  }
  return ys;
}

const xml_element& only(const std::vector<xml_element>& elements, std::string_view cls) {
  const xml_element* found = nullptr;
  for (const auto& e : elements) {
    if (e.has_class(cls)) {
      REQUIRE(found == nullptr);
      found = &e;
    }
  }
  REQUIRE(found != nullptr);
  return *found;
}

struct plot_area {
  double top, height, y_min, y_max;
  [[nodiscard]] double y(double v) const { return top + (y_max - v) / (y_max - y_min) * height; }
};

plot_area area_of(const std::vector<xml_element>& elements) {
  const auto& rect = only(elements, "plot-area");
  return {rect.number("y"), rect.number("height"), rect.number("data-y-min"),
          rect.number("data-y-max")};
}

}  // namespace

TEST_CASE("chart_svg: limit lines at the y of known limits, signals in the signal colour",
          "[render][chart]") {
  // An i chart with a known centre 10 and sigma 1: CL 10, limits 10 -+ 3 = 7 and 13 (Shewhart).
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<double> y{9, 10, 11, 15, 10, 9, 11, 10};
  cmx::spc::chart_options options;
  options.type = cmx::spc::chart_type::i;
  options.centre = 10;
  options.sigma = 1;
  const auto chart = cmx::spc::compute_chart(x, y, {}, options);
  const auto signals = cmx::spc::beyond_limits_signals(chart);
  REQUIRE(signals.size() == 1);

  cmx::render::chart_style style;
  style.title = "Falls <per> 1000 bed days & more";
  style.y_min = 0;
  style.y_max = 20;
  style.target = 8;
  style.sigma_lines = true;
  const std::string svg = cmx::render::chart_svg(chart, signals, style);
  const auto elements = parse_xml(svg);
  const plot_area area = area_of(elements);
  CHECK(area.y_min == 0);
  CHECK(area.y_max == 20);

  const auto check_line = [&](std::string_view cls, double value) {
    const auto ys = path_ys(only(elements, cls).attrs.at("d"));
    REQUIRE(!ys.empty());
    for (const double py : ys) {
      CHECK(py == Approx(area.y(value)).margin(0.01));
    }
  };
  check_line("cl", 10);
  check_line("ucl", 13);
  check_line("lcl", 7);
  check_line("ucl2", 12);
  check_line("lcl2", 8);
  check_line("ucl1", 11);
  check_line("lcl1", 9);
  check_line("target", 8);

  // The fourth point (15) is beyond the upper limit: drawn in the signal colour at y(15); the
  // others are ordinary points.
  std::size_t ordinary = 0;
  std::size_t flagged = 0;
  for (const auto& e : elements) {
    if (!e.has_class("point")) {
      continue;
    }
    if (e.has_class("signal")) {
      ++flagged;
      CHECK(e.has_class("outside-limits"));
      CHECK(e.attrs.at("fill") == cmx::render::palette::outside_limits);
      CHECK(e.number("data-cy") == Approx(area.y(15)).margin(0.01));
    } else {
      ++ordinary;
      CHECK(e.attrs.at("fill") == cmx::render::palette::dark_grey);
    }
  }
  CHECK(flagged == 1);
  CHECK(ordinary == 7);
  // The title is escaped, and the legend names the signal.
  CHECK(svg.find("Falls &lt;per&gt; 1000 bed days &amp; more") != std::string::npos);
  bool legend_names_it = false;
  for (const auto& e : elements) {
    legend_names_it = legend_names_it || (e.has_class("legend") && e.text == "Outside the limits");
  }
  CHECK(legend_names_it);
}

TEST_CASE("chart_svg: each phase has its own centre line and limits", "[render][chart]") {
  // Phase 1: 10, 12, 10, ... mean 11, every moving range 2 -> sigma 2 / 1.128 (d2 for n = 2),
  // limits 11 -+ 3 x 1.77305 = 5.68085 and 16.31915. Phase 2: the same shifted by 10.
  std::vector<double> x;
  std::vector<double> y;
  for (int k = 0; k < 20; ++k) {
    x.push_back(k + 1);
    y.push_back((k < 10 ? 10.0 : 20.0) + (k % 2 == 0 ? 0.0 : 2.0));
  }
  cmx::spc::chart_options options;
  options.type = cmx::spc::chart_type::i;
  options.parts = {10};
  const auto chart = cmx::spc::compute_chart(x, y, {}, options);
  cmx::render::chart_style style;
  style.y_min = 0;
  style.y_max = 40;
  const auto elements = parse_xml(cmx::render::chart_svg(chart, {}, style));
  const plot_area area = area_of(elements);
  std::vector<double> cl_ys;
  for (const auto& e : elements) {
    if (e.has_class("cl")) {
      const auto ys = path_ys(e.attrs.at("d"));
      cl_ys.insert(cl_ys.end(), ys.begin(), ys.end());
    }
  }
  REQUIRE(cl_ys.size() == 40);  // two points per subgroup
  CHECK(cl_ys.front() == Approx(area.y(11)).margin(0.01));
  CHECK(cl_ys.back() == Approx(area.y(21)).margin(0.01));
  const auto ucl = path_ys(only(elements, "ucl").attrs.at("d"));
  const double sigma = 2 / 1.128;
  CHECK(ucl.front() == Approx(area.y(11 + 3 * sigma)).margin(0.01));
  CHECK(ucl.back() == Approx(area.y(21 + 3 * sigma)).margin(0.01));
  // One phase boundary.
  std::size_t boundaries = 0;
  for (const auto& e : elements) {
    boundaries += e.has_class("phase-boundary") ? 1U : 0U;
  }
  CHECK(boundaries == 1);
}

TEST_CASE("chart_svg: run chart, dates, annotations, margins", "[render][chart]") {
  // Days since 1970 of the first of each month of 2024.
  const std::vector<double> x{19723, 19754, 19783, 19814, 19844, 19875,
                              19905, 19936, 19967, 19997, 20028, 20058};
  const std::vector<double> y{5, 6, 5, 7, 6, 5, 9, 10, 11, 10, 12, 11};
  cmx::spc::chart_options options;
  options.type = cmx::spc::chart_type::run;
  const auto chart = cmx::spc::compute_chart(x, y, {}, options);
  cmx::render::chart_style style;
  style.x_dates = true;
  style.y_label = "days";
  style.annotations = {{6, "New pathway"}};
  const std::string svg = cmx::render::chart_svg(chart, cmx::spc::anhoej_signals(chart), style);
  const auto elements = parse_xml(svg);
  CHECK(svg.find("cmx-run-chart") != std::string::npos);
  CHECK(svg.find("2024-01") != std::string::npos);  // first-of-month dates as year-month
  for (const auto& e : elements) {
    CHECK_FALSE(e.has_class("ucl"));
    CHECK_FALSE(e.has_class("lcl"));
  }
  // No text starts inside the plot area: tick labels, line labels, the annotation are outside.
  const auto& rect = only(elements, "plot-area");
  const double left = rect.number("x");
  const double top = rect.number("y");
  const double right = left + rect.number("width");
  const double bottom = top + rect.number("height");
  bool annotated = false;
  for (const auto& e : elements) {
    if (e.tag != "text") {
      continue;
    }
    annotated = annotated || e.text == "New pathway";
    const double tx = e.number("x");
    const double ty = e.number("y");
    const bool inside = tx > left + 1 && tx < right - 1 && ty > top + 1 && ty < bottom - 1;
    CHECK_FALSE(inside);
  }
  CHECK(annotated);
}

TEST_CASE("chart_svg: bad styles are precise errors", "[render][chart]") {
  const std::vector<double> x{1, 2, 3};
  const std::vector<double> y{1, 2, 3};
  const auto chart = cmx::spc::compute_chart(x, y, {}, {});
  cmx::render::chart_style style;
  style.x_labels = {"a", "b"};
  CHECK_THROWS_AS(cmx::render::chart_svg(chart, {}, style), cmx::error);
  try {
    (void)cmx::render::chart_svg(chart, {}, style);
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::invalid_argument);
    CHECK(e.where().field == "x_labels");
  }
  style.x_labels.clear();
  style.annotations = {{3, "past the end"}};
  CHECK_THROWS_AS(cmx::render::chart_svg(chart, {}, style), cmx::error);
}
