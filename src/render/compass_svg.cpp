// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/compass_svg.hpp"

#include <algorithm>
#include <numbers>

#include "cmx/render/palette.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::num;
using detail::text_width;

namespace {

constexpr double title_size = 14;
constexpr double label_size = 12;
constexpr double small_size = 11;

// Screen angle (radians, y down) of each point's axis: West, North, East, South.
constexpr std::array<double, 4> axis_angle{std::numbers::pi, -std::numbers::pi / 2, 0,
                                           std::numbers::pi / 2};
constexpr std::array<const char*, 4> point_name{"West", "North", "East", "South"};
constexpr std::array<const char*, 4> point_theme{"Clinical outcomes", "Functional health",
                                                 "Satisfaction", "Costs"};
constexpr std::array<char, 4> point_letter{'W', 'N', 'E', 'S'};

}  // namespace

std::string compass_svg(const compass_picture& p) {
  const double W = p.width;
  const double title_h = p.title.empty() ? 0 : title_size + 10;
  const double legend_line = 16;
  // Side labels: the widest of the West and East names sets the horizontal margins.
  double side_w = 0;
  for (const std::size_t k : {std::size_t{0}, std::size_t{2}}) {
    side_w = std::max(
        {side_w, text_width(point_name[k], label_size), text_width(point_theme[k], small_size)});
  }
  const double R = std::max(40.0, std::min((W - 2 * side_w - 40) / 2, 150.0));
  const double cx = W / 2;
  const double top_text = 2 * label_size + 8;
  const double cy = 8 + title_h + top_text + R;
  const double rose_bottom = cy + R + top_text;

  // Measures by point, numbered W1, W2, ... N1 ...
  std::array<std::vector<std::size_t>, 4> by_point;
  for (std::size_t k = 0; k < p.measures.size(); ++k) {
    by_point[static_cast<std::size_t>(p.measures[k].point)].push_back(k);
  }
  std::vector<std::string> tags(p.measures.size());
  for (std::size_t q = 0; q < 4; ++q) {
    for (std::size_t j = 0; j < by_point[q].size(); ++j) {
      tags[by_point[q][j]] = std::string(1, point_letter[q]) + std::to_string(j + 1);
    }
  }
  const double key_h = 2 * legend_line + 6;
  const double list_h =
      p.measure_list ? static_cast<double>(p.measures.size()) * legend_line + 8 : 0;
  const double H = rose_bottom + key_h + list_h + 8;

  detail::svg_writer svg(W, H, p.title.empty() ? "Value compass" : p.title, "cmx-compass");
  svg.element("rect",
              {{"x", "0"}, {"y", "0"}, {"width", num(W)}, {"height", num(H)}, {"fill", "#FFFFFF"}});
  if (!p.title.empty()) {
    svg.text(8, 8 + title_size, detail::fit_text(p.title, title_size, W - 16), title_size, "start",
             palette::ink, "title", true);
  }
  const double span = p.scale_max - p.scale_min;
  const auto radius = [&](double s) {
    return R * std::clamp((s - p.scale_min) / (span > 0 ? span : 1), 0.0, 1.0);
  };
  const auto at = [&](double angle, double r) {
    return std::pair{cx + r * std::cos(angle), cy + r * std::sin(angle)};
  };

  // Quadrant tint, rings and axes.
  for (const double f : {0.25, 0.5, 0.75, 1.0}) {
    svg.element("circle", {{"class", "rose-ring"},
                           {"cx", num(cx)},
                           {"cy", num(cy)},
                           {"r", num(R * f)},
                           {"fill", f == 1.0 ? "#F7F7F7" : "none"},
                           {"stroke", f == 1.0 ? std::string(palette::grey) : "#DDDDDD"},
                           {"stroke-width", f == 1.0 ? "1.2" : "1"}});
  }
  for (std::size_t q = 0; q < 4; ++q) {
    const auto [x, y] = at(axis_angle[q], R);
    svg.line(cx, cy, x, y, palette::grey, 1, "", "axis");
  }
  // Ring values along the North-East diagonal, away from the axes and their markers.
  for (const double f : {0.5, 1.0}) {
    const auto [x, y] = at(-std::numbers::pi / 4, R * f);
    svg.text(x + 3, y - 2, detail::label_number(p.scale_min + f * span, 2), 9, "start",
             palette::grey, "ring-label");
  }
  // Point names outside the rose.
  svg.text(cx, cy - R - label_size - 6, point_name[1], label_size, "middle", palette::ink, "",
           true);
  svg.text(cx, cy - R - 5, point_theme[1], small_size, "middle", palette::dark_grey);
  svg.text(cx, cy + R + label_size + 3, point_name[3], label_size, "middle", palette::ink, "",
           true);
  svg.text(cx, cy + R + label_size + small_size + 5, point_theme[3], small_size, "middle",
           palette::dark_grey);
  svg.text(cx - R - 6, cy - 4, point_name[0], label_size, "end", palette::ink, "", true);
  svg.text(cx - R - 6, cy + small_size + 1, point_theme[0], small_size, "end", palette::dark_grey);
  svg.text(cx + R + 6, cy - 4, point_name[2], label_size, "start", palette::ink, "", true);
  svg.text(cx + R + 6, cy + small_size + 1, point_theme[2], small_size, "start",
           palette::dark_grey);

  // The point polygons: time 1 dashed, time 2 filled.
  const auto polygon = [&](const std::array<double, 4>& s, std::string_view cls,
                           std::string_view colour, bool filled) {
    std::string pts;
    for (std::size_t q = 0; q < 4; ++q) {
      if (!std::isfinite(s[q])) {
        continue;
      }
      const auto [x, y] = at(axis_angle[q], radius(s[q]));
      pts += (pts.empty() ? "" : " ") + num(x) + "," + num(y);
    }
    if (pts.empty()) {
      return;
    }
    svg.element("polygon", {{"class", std::string(cls)},
                            {"points", pts},
                            {"fill", filled ? std::string(colour) : "none"},
                            {"fill-opacity", filled ? "0.18" : ""},
                            {"stroke", std::string(colour)},
                            {"stroke-width", "2"},
                            {"stroke-dasharray", filled ? "" : "5 3"}});
    for (std::size_t q = 0; q < 4; ++q) {
      if (std::isfinite(s[q])) {
        const auto [x, y] = at(axis_angle[q], radius(s[q]));
        svg.element("rect", {{"x", num(x - 3)},
                             {"y", num(y - 3)},
                             {"width", "6"},
                             {"height", "6"},
                             {"fill", filled ? std::string(colour) : "#FFFFFF"},
                             {"stroke", std::string(colour)}});
      }
    }
  };
  polygon(p.t1, "t1-polygon", palette::time1, false);
  polygon(p.t2, "t2-polygon", palette::time2, true);

  // Measures: spread over +-35 degrees around their point's axis.
  for (std::size_t q = 0; q < 4; ++q) {
    const auto& list = by_point[q];
    for (std::size_t j = 0; j < list.size(); ++j) {
      const auto& m = p.measures[list[j]];
      const double offset =
          list.size() == 1 ? 0.0
                           : (static_cast<double>(j) / static_cast<double>(list.size() - 1) - 0.5) *
                                 (70.0 * std::numbers::pi / 180);
      const double angle = axis_angle[q] + offset + (list.size() == 1 ? 0.18 : 0.0);
      svg.open("g", {{"class", "measure-mark"}});
      svg.open("title", {});
      svg.raw(detail::escape(m.label + ": " + detail::label_number(m.t1, 2) + " \xE2\x86\x92 " +
                             detail::label_number(m.t2, 2)));
      svg.close("title");
      if (std::isfinite(m.t1) && std::isfinite(m.t2)) {
        const auto [x1, y1] = at(angle, radius(m.t1));
        const auto [x2, y2] = at(angle, radius(m.t2));
        svg.line(x1, y1, x2, y2, palette::dark_grey, 1.2);
      }
      if (std::isfinite(m.t1)) {
        const auto [x, y] = at(angle, radius(m.t1));
        svg.element("circle", {{"cx", num(x)},
                               {"cy", num(y)},
                               {"r", "3.5"},
                               {"fill", "#FFFFFF"},
                               {"stroke", std::string(palette::time1)},
                               {"stroke-width", "1.5"}});
      }
      if (std::isfinite(m.t2)) {
        const auto [x, y] = at(angle, radius(m.t2));
        svg.element(
            "circle",
            {{"cx", num(x)}, {"cy", num(y)}, {"r", "4"}, {"fill", std::string(palette::time2)}});
        // The tag beside the time-2 marker, on the outer side.
        const auto [tx, ty] = at(angle, radius(m.t2) + 11);
        svg.text(tx, ty + 3.5, tags[list[j]], 9, "middle", palette::ink, "measure-tag", true);
      }
      svg.close("g");
    }
  }

  // Key and measure list.
  double y = rose_bottom + legend_line;
  svg.line(12, y - 4, 32, y - 4, palette::time1, 2, "5 3");
  svg.text(36, y, p.t1_label, small_size, "start", palette::ink, "legend");
  const double x2 = 36 + text_width(p.t1_label, small_size) + 20;
  svg.line(x2, y - 4, x2 + 20, y - 4, palette::time2, 2);
  svg.text(x2 + 24, y, p.t2_label, small_size, "start", palette::ink, "legend");
  y += legend_line;
  svg.text(12, y, p.scale_label, small_size, "start", palette::dark_grey, "legend");
  if (p.measure_list) {
    y += 6;
    for (std::size_t q = 0; q < 4; ++q) {
      for (const std::size_t k : by_point[q]) {
        y += legend_line;
        const auto& m = p.measures[k];
        const std::string scores =
            detail::label_number(m.t1, 2) + " \xE2\x86\x92 " + detail::label_number(m.t2, 2);
        const double scores_w = text_width(scores, small_size);
        svg.text(12, y, tags[k], small_size, "start", palette::ink, "", true);
        svg.text(40, y, detail::fit_text(m.label, small_size, W - 40 - scores_w - 20), small_size,
                 "start", palette::ink);
        svg.text(W - 12, y, scores, small_size, "end", palette::ink);
      }
    }
  }
  return svg.finish();
}

}  // namespace cmx::render
