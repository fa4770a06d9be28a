// The other pictures: compass rose, funnel, flow map, MDC icons, small multiples, the SVG writer.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cmx/compass/funnel.hpp"
#include "cmx/error.hpp"
#include "cmx/render/compass_svg.hpp"
#include "cmx/render/flow_map_svg.hpp"
#include "cmx/render/funnel_svg.hpp"
#include "cmx/render/mdc_icons.hpp"
#include "cmx/render/palette.hpp"
#include "cmx/render/small_multiples.hpp"
#include "cmx/system/flow.hpp"
#include "render/svg_writer.hpp"
#include "unit/render/xml_check.hpp"

using cmx::test::parse_xml;

TEST_CASE("svg writer: escaping, numbers, ticks", "[render]") {
  using namespace cmx::render::detail;
  CHECK(escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(escape(std::string("x\x01y")) == "x\xEF\xBF\xBDy");  // not allowed in XML 1.0
  CHECK(num(12.5) == "12.5");
  CHECK(num(3.0) == "3");
  CHECK(num(-0.001) == "0");
  CHECK(label_number(12345.0) == "12,345");
  CHECK(label_number(0.01234) == "0.0123");
  const auto t = nice_ticks(0, 10, 5);
  CHECK(t.values == std::vector<double>{0, 2, 4, 6, 8, 10});
  CHECK(nice_range(0.3, 9.2, 5) == std::pair<double, double>{0, 10});
  // The test parser rejects what a writer bug would produce.
  CHECK_THROWS(parse_xml("<svg><g></svg>"));
  CHECK_THROWS(parse_xml("<svg a=\"1\" a=\"2\"/>"));
  CHECK_THROWS(parse_xml("<svg>a & b</svg>"));
  CHECK_THROWS(parse_xml("<svg/><svg/>"));
}

TEST_CASE("compass_svg: point scores at their radius", "[render][compass]") {
  cmx::render::compass_picture p;
  p.title = "Ward <7> & partners";
  p.t1 = {0.5, 0.5, 0.5, 0.5};
  p.t2 = {1.0, 0.5, 0.25, NAN};  // West, North, East; South not observed
  p.measures = {{"Mortality", cmx::compass::compass_point::west, 0.4, 0.9},
                {"Walking distance", cmx::compass::compass_point::north, 0.5, 0.5}};
  const auto elements = parse_xml(cmx::render::compass_svg(p));
  // The outer ring (largest radius) is the score 1.
  double r_max = 0;
  double cx = 0;
  double cy = 0;
  for (const auto& e : elements) {
    if (e.has_class("rose-ring") && e.number("r") > r_max) {
      r_max = e.number("r");
      cx = e.number("cx");
      cy = e.number("cy");
    }
  }
  REQUIRE(r_max > 0);
  for (const auto& e : elements) {
    if (!e.has_class("t2-polygon")) {
      continue;
    }
    // West at score 1: (cx - R, cy); North at 0.5: (cx, cy - R/2); East at 0.25: (cx + R/4, cy).
    const std::string pts = e.attrs.at("points");
    std::vector<double> v;
    std::string cleaned = pts;
    for (auto& ch : cleaned) {
      ch = ch == ',' ? ' ' : ch;
    }
    std::istringstream in(cleaned);
    double d = 0;
    while (in >> d) {
      v.push_back(d);
    }
    REQUIRE(v.size() == 6);  // the unobserved South point is left out
    CHECK(v[0] == Approx(cx - r_max).margin(0.01));
    CHECK(v[1] == Approx(cy).margin(0.01));
    CHECK(v[2] == Approx(cx).margin(0.01));
    CHECK(v[3] == Approx(cy - r_max / 2).margin(0.01));
    CHECK(v[4] == Approx(cx + r_max / 4).margin(0.01));
  }
  std::size_t marks = 0;
  for (const auto& e : elements) {
    marks += e.has_class("measure-mark") ? 1U : 0U;
  }
  CHECK(marks == 2);
}

TEST_CASE("funnel_svg: target at its y, flagged units in the signal colour", "[render][funnel]") {
  // Five units around 10%; unit E (60 of 200) is far above: flagged high by the engine.
  const std::vector<double> events{10, 21, 9, 30, 60};
  const std::vector<double> n{100, 200, 100, 300, 200};
  const std::vector<std::string> labels{"A", "B", "C", "D", "E"};
  const auto result = cmx::compass::funnel(events, n);
  REQUIRE(result.flag[4] == cmx::compass::funnel_flag::high);
  std::vector<cmx::render::funnel_curve_point> curve;
  for (int step = 1; step <= 32; ++step) {
    const double m = 10.0 * step;
    const auto l95 =
        cmx::compass::funnel_limits_at(cmx::compass::funnel_type::proportion,
                                       cmx::compass::funnel_limits::exact, result.target, m, 0.95);
    const auto l998 =
        cmx::compass::funnel_limits_at(cmx::compass::funnel_type::proportion,
                                       cmx::compass::funnel_limits::exact, result.target, m, 0.998);
    curve.push_back({m, l95.lower, l95.upper, l998.lower, l998.upper});
  }
  cmx::render::funnel_style style;
  style.multiply = 100;
  const auto elements = parse_xml(cmx::render::funnel_svg(result, n, labels, curve, style));
  double top = 0;
  double height = 0;
  double y_min = 0;
  double y_max = 0;
  for (const auto& e : elements) {
    if (e.has_class("plot-area")) {
      top = e.number("y");
      height = e.number("height");
      y_min = e.number("data-y-min");
      y_max = e.number("data-y-max");
    }
  }
  REQUIRE(height > 0);
  const double target_y = top + (y_max - result.target * 100) / (y_max - y_min) * height;
  std::size_t flagged = 0;
  std::size_t labelled = 0;
  for (const auto& e : elements) {
    if (e.has_class("target")) {
      CHECK(e.attrs.at("d").find(" " + cmx::render::detail::num(target_y) + " L") !=
            std::string::npos);
    }
    if (e.has_class("unit") && e.has_class("flagged")) {
      ++flagged;
      CHECK(e.has_class("high"));
      CHECK(e.attrs.at("fill") == cmx::render::palette::outside_limits);
    }
    labelled += e.has_class("unit-label") ? 1U : 0U;
  }
  CHECK(flagged == 1);
  CHECK(labelled >= 1);
  const std::vector<std::string> two{"A", "B"};
  CHECK_THROWS_AS(cmx::render::funnel_svg(result, n, two, curve, style), cmx::error);
}

TEST_CASE("flow_map_svg: deterministic columns, widths by handoffs", "[render][flow]") {
  // ed -> ward (40), ward -> home (20), home -> ed (4, a readmission): a chain with a back edge.
  const std::vector<std::string> ids{"home", "ward", "ed"};
  const std::vector<std::uint32_t> from{2, 1, 0};
  const std::vector<std::uint32_t> to{1, 0, 2};
  const std::vector<std::uint64_t> count{40, 20, 4};
  const auto g = cmx::system::make_flow_graph(ids, from, to, count);
  const auto columns = cmx::render::flow_map_columns(g);
  std::map<std::string, std::size_t> column_of;
  for (std::size_t v = 0; v < g.unit_count(); ++v) {
    column_of[g.unit_ids[v]] = columns[v];
  }
  CHECK(column_of["ed"] == 0);
  CHECK(column_of["ward"] == 1);
  CHECK(column_of["home"] == 2);
  cmx::render::flow_map_style style;
  style.title = "A & B";
  const std::string svg = cmx::render::flow_map_svg(g, style);
  CHECK(svg == cmx::render::flow_map_svg(g, style));  // deterministic
  const auto elements = parse_xml(svg);
  std::map<std::string, double> width_of;
  for (const auto& e : elements) {
    if (e.has_class("edge")) {
      width_of[e.attrs.at("data-count")] = e.number("stroke-width");
    }
  }
  // Width 1 + 13 x count / largest count.
  CHECK(width_of["40"] == Approx(14));
  CHECK(width_of["20"] == Approx(7.5));
  CHECK(width_of["4"] == Approx(2.3));
  style.labels = {"only one"};
  CHECK_THROWS_AS(cmx::render::flow_map_svg(g, style), cmx::error);
}

TEST_CASE("MDC icons and small multiples", "[render][mdc]") {
  using cmx::spc::mdc::assurance;
  using cmx::spc::mdc::improvement;
  using cmx::spc::mdc::point_type;
  const std::string up =
      cmx::render::variation_icon_svg(point_type::special_cause_improvement, improvement::increase);
  (void)parse_xml(up);
  CHECK(up.find(std::string(cmx::render::palette::improvement)) != std::string::npos);
  CHECK(up.find(">H</text>") != std::string::npos);
  // Improvement when lower is better is a low special cause.
  CHECK(
      cmx::render::variation_icon_svg(point_type::special_cause_improvement, improvement::decrease)
          .find(">L</text>") != std::string::npos);
  const std::string fail = cmx::render::assurance_icon_svg(assurance::consistent_fail);
  (void)parse_xml(fail);
  CHECK(fail.find(std::string(cmx::render::palette::concern)) != std::string::npos);
  CHECK(fail.find(">F</text>") != std::string::npos);
  CHECK(cmx::render::assurance_icon_svg(assurance::none).empty());

  const std::vector<std::string> panels{up, fail, up};
  cmx::render::small_multiples_style style;
  style.columns = 2;
  const auto elements = parse_xml(cmx::render::small_multiples_svg(panels, style));
  std::vector<std::pair<double, double>> at;
  for (const auto& e : elements) {
    if (e.tag == "svg" && e.depth == 1) {
      at.emplace_back(e.number("x"), e.number("y"));
    }
  }
  REQUIRE(at.size() == 3);
  CHECK(at[0].second == at[1].second);  // first row
  CHECK(at[2].first == at[0].first);    // second row, first column
  CHECK(at[2].second > at[0].second);
  style.columns = 0;
  CHECK_THROWS_AS(cmx::render::small_multiples_svg(panels, style), cmx::error);
  const std::vector<std::string> bad{"<g/>"};
  CHECK_THROWS_AS(cmx::render::small_multiples_svg(bad, {}), cmx::error);
}
