// Control and run charts as SVG (see include/cmx/render/chart_svg.hpp). The conventions follow
// qicharts2's plots (Anhøj): centre line solid, dashed when the phase has a runs signal; limits
// as steps per point and phase; signal points coloured.
// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/chart_svg.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string_view>

#include "cmx/error.hpp"
#include "cmx/render/palette.hpp"
#include "core/text.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::num;
using detail::text_width;

signal_class classify(spc::rule_id rule) noexcept {
  using spc::rule_id;
  switch (rule) {
    case rule_id::beyond_limits:
    case rule_id::ihi_astronomical:
    case rule_id::western_electric_1:
    case rule_id::nelson_1:
    case rule_id::mdc_outside_limits:
      return signal_class::outside_limits;
    case rule_id::western_electric_2:
    case rule_id::western_electric_3:
    case rule_id::nelson_5:
    case rule_id::nelson_6:
    case rule_id::mdc_two_of_three:
      return signal_class::zone;
    case rule_id::anhoej_longest_run:
    case rule_id::ihi_shift:
    case rule_id::western_electric_4:
    case rule_id::nelson_2:
    case rule_id::mdc_shift:
    case rule_id::qcc_run:
      return signal_class::shift;
    case rule_id::ihi_trend:
    case rule_id::nelson_3:
    case rule_id::mdc_trend:
      return signal_class::trend;
    case rule_id::anhoej_crossings:
    case rule_id::ihi_too_few_runs:
    case rule_id::ihi_too_many_runs:
      return signal_class::phase;
    default:
      return signal_class::other;
  }
}

const char* legend_text(signal_class c) noexcept {
  switch (c) {
    case signal_class::outside_limits:
      return "Outside the limits";
    case signal_class::zone:
      return "Near a limit (2 of 3, 4 of 5)";
    case signal_class::shift:
      return "Shift (long run on one side)";
    case signal_class::trend:
      return "Trend";
    case signal_class::phase:
      return "Too few crossings or runs (dashed centre line)";
    case signal_class::other:
      return "Other rule";
  }
  return "";
}

namespace {

constexpr double title_size = 14;
constexpr double tick_size = 11;
constexpr double legend_size = 11;
constexpr double small_size = 10;

std::string_view class_colour(signal_class c) {
  switch (c) {
    case signal_class::outside_limits:
      return palette::outside_limits;
    case signal_class::zone:
      return palette::zone;
    case signal_class::shift:
      return palette::shift;
    case signal_class::trend:
      return palette::trend;
    case signal_class::phase:
      return palette::shift;
    case signal_class::other:
      return palette::other_rule;
  }
  return palette::dark_grey;
}

const char* class_name(signal_class c) {
  switch (c) {
    case signal_class::outside_limits:
      return "outside-limits";
    case signal_class::zone:
      return "zone";
    case signal_class::shift:
      return "shift";
    case signal_class::trend:
      return "trend";
    case signal_class::phase:
      return "phase";
    case signal_class::other:
      return "other";
  }
  return "";
}

// Lower is drawn on top: the most serious class names the point.
int priority(signal_class c) {
  switch (c) {
    case signal_class::outside_limits:
      return 0;
    case signal_class::zone:
      return 1;
    case signal_class::shift:
      return 2;
    case signal_class::trend:
      return 3;
    case signal_class::other:
      return 4;
    case signal_class::phase:
      return 5;
  }
  return 6;
}

std::string date_label(double days, bool month_only) {
  const std::chrono::sys_days day{std::chrono::days{static_cast<long>(std::floor(days))}};
  const std::chrono::year_month_day date{day};
  return month_only ? cmx::detail::year_month_text(date) : cmx::detail::date_text(date);
}

std::vector<std::string> point_labels(const spc::chart_result& chart, const chart_style& style) {
  if (!style.x_labels.empty()) {
    if (style.x_labels.size() != chart.size()) {
      throw error(status::invalid_argument,
                  "chart_style.x_labels has " + std::to_string(style.x_labels.size()) +
                      " labels for " + std::to_string(chart.size()) + " points",
                  location{"chart_style", 0, 0, "x_labels"});
    }
    return style.x_labels;
  }
  std::vector<std::string> labels;
  labels.reserve(chart.size());
  if (style.x_dates) {
    bool firsts = true;
    for (const double d : chart.x) {
      const std::chrono::year_month_day date{
          std::chrono::sys_days{std::chrono::days{static_cast<long>(std::floor(d))}}};
      firsts = firsts && static_cast<unsigned>(date.day()) == 1;
    }
    for (const double d : chart.x) {
      labels.push_back(date_label(d, firsts));
    }
  } else {
    for (const double v : chart.x) {
      labels.push_back(detail::label_number(v, 6));
    }
  }
  return labels;
}

struct legend_item {
  std::string text;
  std::string kind;  // "point", "line", "dash", "dot", "target", or a signal class name
  std::string_view colour;
};

}  // namespace

std::string chart_svg(const spc::chart_result& chart, std::span<const spc::signal> signals,
                      const chart_style& style) {
  const std::size_t n = chart.size();
  const std::vector<std::string> labels = point_labels(chart, style);
  for (const auto& a : style.annotations) {
    if (a.point >= n) {
      throw error(
          status::invalid_argument,
          "annotation for point " + std::to_string(a.point + 1) + " of " + std::to_string(n),
          location{"chart_style", 0, 0, "annotations"});
    }
  }
  const bool run = chart.type == spc::chart_type::run;

  // Per point: the most serious signal class flagging it; per phase: a phase-wide signal.
  std::vector<int> point_class(n, -1);
  std::vector<bool> phase_signal(chart.parts.size() + 1, false);
  std::vector<bool> class_seen(6, false);
  for (const auto& s : signals) {
    const signal_class c = classify(s.rule);
    class_seen[static_cast<std::size_t>(c)] = true;
    if (c == signal_class::phase) {
      if (s.first < n) {
        const auto part = static_cast<std::size_t>(std::max(1, chart.part_of(s.first)));
        if (part < phase_signal.size()) {
          phase_signal[part] = true;
        }
      }
      continue;
    }
    for (std::size_t i = s.flag_first; i <= s.last && i < n; ++i) {
      if (std::isnan(chart.y[i]) || (!chart.is_included(i) && c != signal_class::outside_limits)) {
        continue;
      }
      if (point_class[i] < 0 || priority(c) < priority(static_cast<signal_class>(point_class[i]))) {
        point_class[i] = static_cast<int>(c);
      }
    }
  }

  // ---- y range ----
  double lo = INFINITY;
  double hi = -std::numeric_limits<double>::infinity();
  const auto take = [&](const spc::line_view& v) {
    for (const double d : v) {
      if (std::isfinite(d)) {
        lo = std::min(lo, d);
        hi = std::max(hi, d);
      }
    }
  };
  take(chart.y);
  take(chart.cl);
  if (!run) {
    take(chart.lcl);
    take(chart.ucl);
  }
  if (style.target && std::isfinite(*style.target)) {
    lo = std::min(lo, *style.target);
    hi = std::max(hi, *style.target);
  }
  if (!std::isfinite(lo)) {
    lo = 0;
    hi = 1;
  }
  // Plain variables, not a structured binding: lambdas below capture them (Clang 14).
  const auto y_range = detail::nice_range(lo, hi, 5);
  double y0 = y_range.first;
  double y1 = y_range.second;
  if (style.y_min) {
    y0 = *style.y_min;
  }
  if (style.y_max) {
    y1 = *style.y_max;
  }
  if (!(y1 > y0)) {
    y1 = y0 + 1;
  }
  const detail::ticks yt = detail::nice_ticks(y0, y1, 5);
  std::vector<std::string> ytext;
  double ytick_w = 0;
  for (const double v : yt.values) {
    ytext.push_back(detail::label_number(v, std::max(3, yt.decimals + 2)));
    ytick_w = std::max(ytick_w, text_width(ytext.back(), tick_size));
  }

  // ---- end-of-line labels (last phase) ----
  struct end_label {
    double value;
    std::string text;
    std::string_view colour;
  };
  std::vector<end_label> end_labels;
  if (style.line_labels && n > 0) {
    std::size_t last = n;
    for (std::size_t i = n; i-- > 0;) {
      if (std::isfinite(chart.cl[i])) {
        last = i;
        break;
      }
    }
    if (last < n) {
      end_labels.push_back({chart.cl[last],
                            (run ? "Median " : "CL ") + detail::label_number(chart.cl[last]),
                            palette::ink});
      if (!run && std::isfinite(chart.ucl[last])) {
        end_labels.push_back(
            {chart.ucl[last], "UCL " + detail::label_number(chart.ucl[last]), palette::dark_grey});
      }
      if (!run && std::isfinite(chart.lcl[last])) {
        end_labels.push_back(
            {chart.lcl[last], "LCL " + detail::label_number(chart.lcl[last]), palette::dark_grey});
      }
    }
    if (style.target) {
      end_labels.push_back(
          {*style.target, "Target " + detail::label_number(*style.target), palette::target});
    }
  }
  double end_w = 0;
  for (const auto& e : end_labels) {
    end_w = std::max(end_w, text_width(e.text, small_size));
  }

  // ---- legend ----
  std::vector<legend_item> legend;
  if (style.legend) {
    legend.push_back({"Value", "point", palette::dark_grey});
    legend.push_back({run ? "Median" : "Centre line", "line", palette::ink});
    if (!run) {
      legend.push_back({"3\xCF\x83 limits", "dash", palette::grey});
      if (style.sigma_lines) {
        legend.push_back({"1\xCF\x83, 2\xCF\x83", "dot", palette::light_grey});
      }
    }
    if (style.target) {
      legend.push_back({"Target", "target", palette::target});
    }
    for (int c = 0; c < 6; ++c) {
      if (class_seen[static_cast<std::size_t>(c)]) {
        const auto sc = static_cast<signal_class>(c);
        legend.push_back({legend_text(sc), class_name(sc), class_colour(sc)});
      }
    }
  }
  const double W = style.width;
  const double H = style.height;
  // Legend rows: items flow left to right and wrap.
  std::vector<std::vector<std::size_t>> legend_rows;
  {
    double x = 0;
    for (std::size_t k = 0; k < legend.size(); ++k) {
      const double w = 22 + text_width(legend[k].text, legend_size) + 14;
      if (legend_rows.empty() || (x + w > W - 16 && x > 0)) {
        legend_rows.emplace_back();
        x = 0;
      }
      legend_rows.back().push_back(k);
      x += w;
    }
  }

  // ---- annotation rows (above the plot) ----
  struct placed_note {
    std::size_t point;
    std::string text;
    std::size_t row;
    double width;
  };
  std::vector<placed_note> notes;
  for (const auto& a : style.annotations) {
    notes.push_back({a.point, a.text, 0, text_width(a.text, small_size)});
  }
  std::sort(notes.begin(), notes.end(),
            [](const placed_note& a, const placed_note& b) { return a.point < b.point; });

  // ---- margins from text extents ----
  const double title_h = style.title.empty() ? 0 : title_size + 8;
  const double label0_w = labels.empty() ? 0 : text_width(labels.front(), tick_size);
  const double labeln_w = labels.empty() ? 0 : text_width(labels.back(), tick_size);
  const double left =
      std::max(8 + (style.y_label.empty() ? 0 : tick_size + 8) + ytick_w + 6, label0_w / 2 + 4);
  const double right = std::max(end_w > 0 ? end_w + 10 : 12.0, labeln_w / 2 + 4);
  const double plot_w = std::max(10.0, W - left - right);
  const double dx = n > 0 ? plot_w / static_cast<double>(n) : plot_w;
  const auto px = [&](std::size_t i) { return left + (static_cast<double>(i) + 0.5) * dx; };
  // Annotation rows need the x positions: greedy first-fit by row.
  std::size_t note_rows = 0;
  {
    std::vector<double> row_end;
    for (auto& note : notes) {
      const double cx = std::clamp(px(note.point), left + note.width / 2, W - 4 - note.width / 2);
      std::size_t r = 0;
      while (r < row_end.size() && row_end[r] > cx - note.width / 2 - 6) {
        ++r;
      }
      if (r == row_end.size()) {
        row_end.push_back(0);
      }
      row_end[r] = cx + note.width / 2;
      note.row = r;
    }
    note_rows = row_end.size();
  }
  const double notes_h = static_cast<double>(note_rows) * (small_size + 4);
  const double top = 8 + title_h + notes_h + 6;
  const double legend_h = static_cast<double>(legend_rows.size()) * (legend_size + 7);
  const double bottom = 6 + tick_size + 8 + (legend_h > 0 ? legend_h + 4 : 0);
  const double plot_h = std::max(10.0, H - top - bottom);
  const auto py = [&](double v) { return top + (y1 - v) / (y1 - y0) * plot_h; };

  detail::svg_writer svg(W, H, style.title.empty() ? "Control chart" : style.title,
                         run ? "cmx-chart cmx-run-chart" : "cmx-chart cmx-control-chart");
  svg.element("rect",
              {{"x", "0"}, {"y", "0"}, {"width", num(W)}, {"height", num(H)}, {"fill", "#FFFFFF"}});
  if (!style.title.empty()) {
    svg.text(8, 8 + title_size, detail::fit_text(style.title, title_size, W - 16), title_size,
             "start", palette::ink, "title", true);
  }
  svg.element("rect", {{"class", "plot-area"},
                       {"x", num(left)},
                       {"y", num(top)},
                       {"width", num(plot_w)},
                       {"height", num(plot_h)},
                       {"fill", "#FFFFFF"},
                       {"stroke", std::string(palette::light_grey)},
                       {"data-y-min", num(y0, 9)},
                       {"data-y-max", num(y1, 9)}});

  // Grid and y ticks.
  for (std::size_t k = 0; k < yt.values.size(); ++k) {
    const double y = py(yt.values[k]);
    svg.line(left, y, left + plot_w, y, "#EEEEEE", 1, "", "grid");
    svg.text(left - 6, y + 4, ytext[k], tick_size, "end", palette::dark_grey, "tick");
  }
  if (!style.y_label.empty()) {
    const double cx = 8 + tick_size / 2 + 2;
    const double cy = top + plot_h / 2;
    svg.open("text", {{"x", num(cx)},
                      {"y", num(cy)},
                      {"font-size", num(tick_size)},
                      {"text-anchor", "middle"},
                      {"fill", std::string(palette::dark_grey)},
                      {"transform", "rotate(-90 " + num(cx) + " " + num(cy) + ")"}});
    svg.raw(detail::escape(detail::fit_text(style.y_label, tick_size, plot_h)));
    svg.close("text");
  }

  // X ticks: every k-th label so that labels never touch.
  double label_w = 0;
  for (const auto& l : labels) {
    label_w = std::max(label_w, text_width(l, tick_size));
  }
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((label_w + 8) / dx)));
  for (std::size_t i = 0; i < n; i += every) {
    svg.line(px(i), top + plot_h, px(i), top + plot_h + 4, palette::dark_grey, 1);
    svg.text(px(i), top + plot_h + 6 + tick_size, labels[i], tick_size, "middle",
             palette::dark_grey, "tick");
  }

  // Phase boundaries.
  for (std::size_t i = 1; i < n; ++i) {
    if (chart.part_of(i) != chart.part_of(i - 1)) {
      const double x = left + static_cast<double>(i) * dx;
      svg.line(x, top, x, top + plot_h, palette::grey, 1, "2 3", "phase-boundary");
    }
  }

  // Step lines per phase; NaN breaks the line.
  const auto steps = [&](const spc::line_view& v, std::string_view cls, std::string_view colour,
                         double width, std::string_view dash) {
    if (v.size() != n) {
      return;
    }
    std::string d;
    bool down = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(v[i])) {
        down = false;
        continue;
      }
      const double xl = left + static_cast<double>(i) * dx;
      const std::string y = num(py(v[i]));
      if (down && chart.part_of(i) == chart.part_of(i - 1)) {
        d += " L" + num(xl) + " " + y;
      } else {
        d += (d.empty() ? "M" : " M") + num(xl) + " " + y;
      }
      d += " L" + num(xl + dx) + " " + y;
      down = true;
    }
    if (!d.empty()) {
      svg.element("path", {{"class", std::string(cls)},
                           {"d", d},
                           {"fill", "none"},
                           {"stroke", std::string(colour)},
                           {"stroke-width", num(width)},
                           {"stroke-dasharray", std::string(dash)}});
    }
  };
  if (!run) {
    if (style.sigma_lines) {
      steps(chart.ucl1, "ucl1", palette::light_grey, 1, "2 3");
      steps(chart.lcl1, "lcl1", palette::light_grey, 1, "2 3");
      steps(chart.ucl2, "ucl2", palette::light_grey, 1, "2 3");
      steps(chart.lcl2, "lcl2", palette::light_grey, 1, "2 3");
    }
    steps(chart.ucl, "ucl", palette::grey, 1.5, "6 4");
    steps(chart.lcl, "lcl", palette::grey, 1.5, "6 4");
  }
  // Centre line per phase: dashed in the shift colour when the phase has a phase-wide signal.
  for (const auto& part : chart.parts) {
    std::vector<double> cl(n, NAN);
    for (std::size_t i = part.first; i <= part.last && i < n; ++i) {
      cl[i] = chart.cl[i];
    }
    const auto p = static_cast<std::size_t>(std::max(1, part.part));
    const bool flagged = p < phase_signal.size() && phase_signal[p];
    steps(cl, flagged ? "cl cl-signal" : "cl", flagged ? palette::shift : palette::ink,
          flagged ? 2 : 1.5, flagged ? "8 4" : "");
  }
  if (style.target) {
    const double y = py(*style.target);
    svg.element("path",
                {{"class", "target"},
                 {"d", "M" + num(left) + " " + num(y) + " L" + num(left + plot_w) + " " + num(y)},
                 {"fill", "none"},
                 {"stroke", std::string(palette::target)},
                 {"stroke-width", "1.5"},
                 {"stroke-dasharray", "3 3"}});
  }

  // The data line, then the points.
  {
    std::string d;
    bool down = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(chart.y[i])) {
        down = false;
        continue;
      }
      d += (down ? " L" : (d.empty() ? "M" : " M")) + num(px(i)) + " " + num(py(chart.y[i]));
      down = true;
    }
    if (!d.empty()) {
      svg.element("path", {{"class", "data-line"},
                           {"d", d},
                           {"fill", "none"},
                           {"stroke", std::string(palette::grey)},
                           {"stroke-width", "1.5"}});
    }
  }
  const double r = std::clamp(dx * 0.22, 2.0, 3.5);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(chart.y[i])) {
      continue;
    }
    const double x = px(i);
    const double y = py(chart.y[i]);
    const std::string tip = labels[i] + ": " + detail::label_number(chart.y[i], 4);
    if (point_class[i] < 0) {
      const bool excluded = !chart.is_included(i);
      svg.open("circle", {{"class", excluded ? "point excluded" : "point"},
                          {"cx", num(x)},
                          {"cy", num(y)},
                          {"r", num(r)},
                          {"fill", excluded ? "#FFFFFF" : std::string(palette::dark_grey)},
                          {"stroke", std::string(palette::dark_grey)}});
    } else {
      const auto c = static_cast<signal_class>(point_class[i]);
      const std::string colour(class_colour(c));
      const std::string cls = std::string("point signal ") + class_name(c);
      if (c == signal_class::outside_limits) {
        const double s = r * 1.9;
        svg.open("path",
                 {{"class", cls},
                  {"d", "M" + num(x) + " " + num(y - s) + " L" + num(x + s) + " " + num(y) + " L" +
                            num(x) + " " + num(y + s) + " L" + num(x - s) + " " + num(y) + " Z"},
                  {"fill", colour},
                  {"stroke", std::string(palette::ink)},
                  {"stroke-width", "0.6"},
                  {"data-cx", num(x)},
                  {"data-cy", num(y)}});
        svg.open("title", {});
        svg.raw(detail::escape(tip + " (" + legend_text(c) + ")"));
        svg.close("title");
        svg.close("path");
        continue;
      }
      svg.open("circle", {{"class", cls},
                          {"cx", num(x)},
                          {"cy", num(y)},
                          {"r", num(r * 1.4)},
                          {"fill", colour},
                          {"stroke", std::string(palette::ink)},
                          {"stroke-width", "0.6"}});
      svg.open("title", {});
      svg.raw(detail::escape(tip + " (" + legend_text(c) + ")"));
      svg.close("title");
      svg.close("circle");
      continue;
    }
    svg.open("title", {});
    svg.raw(detail::escape(tip));
    svg.close("title");
    svg.close("circle");
  }

  // Annotations above the plot, each with a leader line to its point.
  for (const auto& note : notes) {
    const double cx = std::clamp(px(note.point), left + note.width / 2, W - 4 - note.width / 2);
    const double ty = 8 + title_h + static_cast<double>(note.row + 1) * (small_size + 4) - 3;
    svg.text(cx, ty, note.text, small_size, "middle", palette::ink, "annotation");
    const double target_y =
        std::isfinite(chart.y[note.point]) ? py(chart.y[note.point]) - r - 2 : top;
    svg.line(px(note.point), ty + 3, px(note.point), target_y, palette::dark_grey, 0.8, "1 2",
             "annotation-leader");
  }

  // End labels in the right margin, nudged apart so they never overlap each other.
  std::sort(end_labels.begin(), end_labels.end(),
            [](const end_label& a, const end_label& b) { return a.value > b.value; });
  double prev = -std::numeric_limits<double>::infinity();
  for (const auto& e : end_labels) {
    double y = std::clamp(py(e.value) + 3.5, top + 4, top + plot_h + 3.5);
    y = std::max(y, prev + small_size + 1);
    prev = y;
    svg.text(left + plot_w + 5, y, e.text, small_size, "start", e.colour, "line-label");
  }

  // Legend rows below the tick labels.
  double ly = top + plot_h + 6 + tick_size + 8 + legend_size + 2;
  for (const auto& row : legend_rows) {
    double x = 8;
    for (const std::size_t k : row) {
      const auto& item = legend[k];
      const double cy = ly - 4;
      const std::string colour(item.colour);
      if (item.kind == "line" || item.kind == "dash" || item.kind == "dot" ||
          item.kind == "target") {
        const std::string dash = item.kind == "dash"     ? "6 4"
                                 : item.kind == "dot"    ? "2 3"
                                 : item.kind == "target" ? "3 3"
                                                         : "";
        svg.line(x, cy, x + 18, cy, colour, 1.5, dash);
      } else if (item.kind == "outside-limits") {
        svg.element("path", {{"d", "M" + num(x + 9) + " " + num(cy - 5) + " L" + num(x + 14) + " " +
                                       num(cy) + " L" + num(x + 9) + " " + num(cy + 5) + " L" +
                                       num(x + 4) + " " + num(cy) + " Z"},
                             {"fill", colour}});
      } else if (item.kind == "phase") {
        svg.line(x, cy, x + 18, cy, colour, 2, "8 4");
      } else {
        svg.element("circle", {{"cx", num(x + 9)},
                               {"cy", num(cy)},
                               {"r", item.kind == "point" ? "3" : "4.5"},
                               {"fill", colour}});
      }
      svg.text(x + 22, ly, item.text, legend_size, "start", palette::ink, "legend");
      x += 22 + text_width(item.text, legend_size) + 14;
    }
    ly += legend_size + 7;
  }
  return svg.finish();
}

}  // namespace cmx::render
