// Control charts and run charts as SVG, drawn from a computed spc::chart_result and its signals
// (no SPC logic here): the data line and points, per phase its centre line, 3-sigma limits and
// optionally the 1- and 2-sigma lines (as steps where limits vary with the denominator), a
// target line, points flagged by the rule that flags them (colour and shape) with a legend,
// annotations tied to points, and tick labels thinned so they never collide.
//
// Layout: every margin is computed from the extents of the text placed in it (title, tick
// labels, the end labels of the lines, legend, annotations), so no text overlaps the plot area.
#ifndef CMX_RENDER_CHART_SVG_HPP
#define CMX_RENDER_CHART_SVG_HPP

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cmx/spc/chart.hpp"
#include "cmx/spc/signal.hpp"

namespace cmx::render {

// A note tied to one point (0-based, plot order), drawn above the plot with a leader line.
struct annotation {
  std::size_t point = 0;
  std::string text;
};

struct chart_style {
  std::string title;
  std::string y_label;  // e.g. "per 10,000 risk days"
  // One label per point (e.g. "2024-03"). Empty: chart.x as numbers, or as dates if x_dates.
  std::vector<std::string> x_labels;
  bool x_dates = false;      // chart.x are days since 1970-01-01 (as cmx spc reads ISO dates)
  bool sigma_lines = false;  // draw the 1- and 2-sigma lines
  std::optional<double> target;
  std::vector<annotation> annotations;
  std::optional<double> y_min;  // the y axis range; default: the data, limits and target, widened
  std::optional<double> y_max;  //   to nice numbers
  double width = 640;
  double height = 320;
  bool legend = true;
  bool line_labels = true;  // the last phase's CL, LCL and UCL values at the right edge
};

// The class of a rule in the picture: its colour, marker and legend text.
enum class signal_class : unsigned char { outside_limits, zone, shift, trend, other, phase };
[[nodiscard]] signal_class classify(spc::rule_id rule) noexcept;
[[nodiscard]] const char* legend_text(signal_class c) noexcept;

// The chart as a standalone <svg> element (UTF-8). Classes for tests and CSS: "plot-area" (rect),
// "cl", "ucl", "lcl", "ucl2", "lcl2", "ucl1", "lcl1", "target" (paths), "point" (markers, plus
// "signal" and the signal class name when flagged). Throws cmx::error (invalid_argument) when
// x_labels is given with a length other than the chart's or an annotation names no point.
[[nodiscard]] std::string chart_svg(const spc::chart_result& chart,
                                    std::span<const spc::signal> signals,
                                    const chart_style& style = {});

}  // namespace cmx::render

#endif  // CMX_RENDER_CHART_SVG_HPP
