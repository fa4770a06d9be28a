// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/funnel_svg.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "cmx/error.hpp"
#include "cmx/render/palette.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::num;
using detail::text_width;

namespace {

constexpr double title_size = 14;
constexpr double tick_size = 11;
constexpr double label_size = 10;

struct box {
  double x0, y0, x1, y1;
  [[nodiscard]] bool overlaps(const box& o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
};

}  // namespace

std::string funnel_svg(const compass::funnel_result& result, std::span<const double> denominators,
                       std::span<const std::string> labels,
                       std::span<const funnel_curve_point> curve, const funnel_style& style) {
  const std::size_t units = result.value.size();
  if (denominators.size() != units || labels.size() != units) {
    throw error(status::invalid_argument,
                "funnel_svg: " + std::to_string(units) + " units but " +
                    std::to_string(denominators.size()) + " denominators and " +
                    std::to_string(labels.size()) + " labels",
                location{"funnel_svg", 0, 0, "labels"});
  }
  if (curve.size() < 2) {
    throw error(status::invalid_argument, "funnel_svg: the limit curve needs two points or more",
                location{"funnel_svg", 0, 0, "curve"});
  }
  const double m = style.multiply;
  double xmax = 0;
  for (const double d : denominators) {
    xmax = std::max(xmax, d);
  }
  for (const auto& c : curve) {
    xmax = std::max(xmax, c.n);
  }
  double lo = result.target * m;
  double hi = lo;
  for (std::size_t i = 0; i < units; ++i) {
    if (std::isfinite(result.value[i])) {
      lo = std::min(lo, result.value[i] * m);
      hi = std::max(hi, result.value[i] * m);
    }
  }
  // The limits widen without bound at small n: the axis follows the units, and the curves are
  // clipped to the plot area.
  for (const auto& c : curve) {
    if (c.n >= 0.05 * xmax) {
      lo = std::min(lo, c.lower998 * m);
      hi = std::max(hi, c.upper998 * m);
    }
  }
  // Plain variables, not structured bindings: lambdas below capture them (Clang 14).
  const auto y_range = detail::nice_range(lo, hi, 5);
  const auto x_range = detail::nice_range(0, xmax, 5);
  const double y0 = y_range.first;
  const double y1 = y_range.second;
  const double x0 = x_range.first;
  const double x1 = x_range.second;
  const detail::ticks yt = detail::nice_ticks(y0, y1, 5);
  const detail::ticks xt = detail::nice_ticks(x0, x1, 5);
  double ytick_w = 0;
  for (const double v : yt.values) {
    ytick_w = std::max(ytick_w, text_width(detail::label_number(v, 3), tick_size));
  }
  const double W = style.width;
  const double H = style.height;
  const double title_h = style.title.empty() ? 0 : title_size + 10;
  const double legend_h = 2 * (tick_size + 7) + (style.note.empty() ? 0 : tick_size + 7);
  const double left = 8 + (style.y_label.empty() ? 0 : tick_size + 8) + ytick_w + 6;
  const double right = 16 + text_width(detail::label_number(x1, 3), tick_size) / 2;
  const double top = 8 + title_h + 6;
  const double bottom = 6 + tick_size + 6 + tick_size + 10 + legend_h;
  const double pw = W - left - right;
  const double ph = H - top - bottom;
  const auto sx = [&](double v) { return left + (v - x0) / (x1 - x0) * pw; };
  const auto sy = [&](double v) { return top + (y1 - v) / (y1 - y0) * ph; };

  detail::svg_writer svg(W, H, style.title.empty() ? "Funnel plot" : style.title, "cmx-funnel");
  svg.element("rect",
              {{"x", "0"}, {"y", "0"}, {"width", num(W)}, {"height", num(H)}, {"fill", "#FFFFFF"}});
  if (!style.title.empty()) {
    svg.text(8, 8 + title_size, detail::fit_text(style.title, title_size, W - 16), title_size,
             "start", palette::ink, "title", true);
  }
  svg.element("rect", {{"class", "plot-area"},
                       {"x", num(left)},
                       {"y", num(top)},
                       {"width", num(pw)},
                       {"height", num(ph)},
                       {"fill", "#FFFFFF"},
                       {"stroke", std::string(palette::light_grey)},
                       {"data-y-min", num(y0, 9)},
                       {"data-y-max", num(y1, 9)},
                       {"data-x-min", num(x0, 9)},
                       {"data-x-max", num(x1, 9)}});
  // Ids are global in an HTML page holding many pictures: the clip id is derived from the data.
  std::string key = style.title;
  for (std::size_t i = 0; i < units; ++i) {
    key += labels[i] + num(result.value[i], 9) + num(denominators[i], 3);
  }
  const std::string clip_id = "cmx-funnel-clip-" + std::to_string(std::hash<std::string>{}(key));
  svg.open("clipPath", {{"id", clip_id}});
  svg.element("rect", {{"x", num(left)}, {"y", num(top)}, {"width", num(pw)}, {"height", num(ph)}});
  svg.close("clipPath");
  for (const double v : yt.values) {
    svg.line(left, sy(v), left + pw, sy(v), "#EEEEEE", 1, "", "grid");
    svg.text(left - 6, sy(v) + 4, detail::label_number(v, 3), tick_size, "end", palette::dark_grey,
             "tick");
  }
  for (const double v : xt.values) {
    svg.line(sx(v), top + ph, sx(v), top + ph + 4, palette::dark_grey, 1);
    svg.text(sx(v), top + ph + 6 + tick_size, detail::label_number(v, 3), tick_size, "middle",
             palette::dark_grey, "tick");
  }
  svg.text(left + pw / 2, top + ph + 12 + 2 * tick_size, style.x_label, tick_size, "middle",
           palette::dark_grey, "axis-label");
  if (!style.y_label.empty()) {
    const double cx = 8 + tick_size / 2 + 2;
    const double cy = top + ph / 2;
    svg.open("text", {{"x", num(cx)},
                      {"y", num(cy)},
                      {"font-size", num(tick_size)},
                      {"text-anchor", "middle"},
                      {"fill", std::string(palette::dark_grey)},
                      {"transform", "rotate(-90 " + num(cx) + " " + num(cy) + ")"}});
    svg.raw(detail::escape(detail::fit_text(style.y_label, tick_size, ph)));
    svg.close("text");
  }
  // Curves, clipped to the plot area.
  const auto curve_path = [&](auto pick, std::string_view cls, std::string_view dash) {
    std::string d;
    for (const auto& c : curve) {
      const double v = pick(c);
      if (!std::isfinite(v) || c.n <= 0) {
        continue;
      }
      d += (d.empty() ? "M" : " L") + num(sx(c.n)) + " " + num(sy(v * m));
    }
    svg.element("path", {{"class", std::string(cls)},
                         {"d", d},
                         {"fill", "none"},
                         {"stroke", std::string(palette::grey)},
                         {"stroke-width", "1.5"},
                         {"stroke-dasharray", std::string(dash)},
                         {"clip-path", "url(#" + clip_id + ")"}});
  };
  curve_path([](const funnel_curve_point& c) { return c.upper95; }, "limit95", "3 3");
  curve_path([](const funnel_curve_point& c) { return c.lower95; }, "limit95", "3 3");
  curve_path([](const funnel_curve_point& c) { return c.upper998; }, "limit998", "7 4");
  curve_path([](const funnel_curve_point& c) { return c.lower998; }, "limit998", "7 4");
  svg.element("path", {{"class", "target"},
                       {"d", "M" + num(left) + " " + num(sy(result.target * m)) + " L" +
                                 num(left + pw) + " " + num(sy(result.target * m))},
                       {"stroke", std::string(palette::ink)},
                       {"stroke-width", "1.5"}});

  // Units: flagged ones drawn last (on top), labels placed where they collide with nothing.
  std::vector<std::size_t> order(units);
  for (std::size_t i = 0; i < units; ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    // Units inside the limits first (drawn under the flagged ones).
    return result.flag[a] == compass::funnel_flag::none &&
           result.flag[b] != compass::funnel_flag::none;
  });
  std::vector<box> taken;
  for (const std::size_t i : order) {
    if (std::isfinite(result.value[i])) {
      const double x = sx(denominators[i]);
      const double y = sy(result.value[i] * m);
      taken.push_back({x - 4, y - 4, x + 4, y + 4});
    }
  }
  const bool label_all = units <= style.label_all_up_to;
  for (const std::size_t i : order) {
    if (!std::isfinite(result.value[i])) {
      continue;
    }
    const double x = sx(denominators[i]);
    const double y = sy(result.value[i] * m);
    const auto flag = result.flag[i];
    const std::string tip = labels[i] + ": " + detail::label_number(result.value[i] * m, 3) +
                            " (n " + detail::label_number(denominators[i], 4) + ", z " +
                            detail::label_number(result.z[i], 2) + ")";
    if (flag == compass::funnel_flag::none) {
      svg.open("circle", {{"class", "unit"},
                          {"cx", num(x)},
                          {"cy", num(y)},
                          {"r", "3.5"},
                          {"fill", std::string(palette::dark_grey)},
                          {"fill-opacity", "0.8"}});
      svg.open("title", {});
      svg.raw(detail::escape(tip));
      svg.close("title");
      svg.close("circle");
    } else {
      const double s = 6;
      svg.open(
          "path",
          {{"class", flag == compass::funnel_flag::high ? "unit flagged high" : "unit flagged low"},
           {"d", "M" + num(x) + " " + num(y - s) + " L" + num(x + s) + " " + num(y) + " L" +
                     num(x) + " " + num(y + s) + " L" + num(x - s) + " " + num(y) + " Z"},
           {"fill", std::string(palette::outside_limits)},
           {"stroke", std::string(palette::ink)},
           {"stroke-width", "0.6"}});
      svg.open("title", {});
      svg.raw(detail::escape(tip));
      svg.close("title");
      svg.close("path");
    }
    if (!label_all && flag == compass::funnel_flag::none) {
      continue;
    }
    const double w = text_width(labels[i], label_size);
    const std::array<box, 4> tries{
        box{x + 7, y - 5, x + 7 + w, y + 5}, box{x - 7 - w, y - 5, x - 7, y + 5},
        box{x - w / 2, y - 17, x + w / 2, y - 7}, box{x - w / 2, y + 7, x + w / 2, y + 17}};
    for (const auto& b : tries) {
      const bool inside = b.x0 >= left && b.x1 <= left + pw && b.y0 >= top && b.y1 <= top + ph;
      const bool free =
          std::none_of(taken.begin(), taken.end(), [&](const box& t) { return t.overlaps(b); });
      if (inside && free) {
        svg.text(b.x0, b.y1 - 1, labels[i], label_size, "start", palette::ink, "unit-label");
        taken.push_back(b);
        break;
      }
    }
  }

  // Legend.
  double ly = H - legend_h + tick_size;
  double lx = 8;
  const auto key_line = [&](std::string_view text, std::string_view dash) {
    svg.line(lx, ly - 4, lx + 20, ly - 4, dash.empty() ? palette::ink : palette::grey, 1.5, dash);
    svg.text(lx + 24, ly, text, tick_size, "start", palette::ink, "legend");
    lx += 24 + text_width(text, tick_size) + 16;
  };
  key_line("Target " + detail::label_number(result.target * m, 3), "");
  key_line("95% limits", "3 3");
  key_line("99.8% limits", "7 4");
  ly += tick_size + 7;
  lx = 8;
  svg.element("circle", {{"cx", num(lx + 8)},
                         {"cy", num(ly - 4)},
                         {"r", "3.5"},
                         {"fill", std::string(palette::dark_grey)}});
  svg.text(lx + 18, ly, "Unit", tick_size, "start", palette::ink, "legend");
  lx += 18 + text_width("Unit", tick_size) + 16;
  svg.element("path", {{"d", "M" + num(lx + 8) + " " + num(ly - 10) + " L" + num(lx + 14) + " " +
                                 num(ly - 4) + " L" + num(lx + 8) + " " + num(ly + 2) + " L" +
                                 num(lx + 2) + " " + num(ly - 4) + " Z"},
                       {"fill", std::string(palette::outside_limits)}});
  svg.text(lx + 18, ly, "Outside the 99.8% limits", tick_size, "start", palette::ink, "legend");
  if (!style.note.empty()) {
    ly += tick_size + 7;
    svg.text(8, ly, detail::fit_text(style.note, tick_size, W - 16), tick_size, "start",
             palette::dark_grey, "note");
  }
  return svg.finish();
}

}  // namespace cmx::render
