// Funnel plots as SVG (Spiegelhalter, Stat Med 24 (2005) 1185-1202): the target line, the 95%
// and 99.8% limits as curves over the denominator, and the units as labelled points, flagged
// units in the signal colour and shape. Drawn from a compass::funnel_result and limit curves the
// caller computed (compass::funnel_limits_at); no statistics here.
#ifndef CMX_RENDER_FUNNEL_SVG_HPP
#define CMX_RENDER_FUNNEL_SVG_HPP

#include <span>
#include <string>
#include <vector>

#include "cmx/compass/funnel.hpp"

namespace cmx::render {

// The limits at one denominator (unscaled, as funnel_limits_at returns them).
struct funnel_curve_point {
  double n = 0;
  double lower95 = 0;
  double upper95 = 0;
  double lower998 = 0;
  double upper998 = 0;
};

struct funnel_style {
  std::string title;
  std::string x_label = "Denominator";
  std::string y_label;
  double multiply = 1;  // scales values, target and limits for display (e.g. 100 for %)
  double width = 560;
  double height = 380;
  // Label every unit when there are at most this many; otherwise only flagged units.
  std::size_t label_all_up_to = 20;
  std::string note;  // a line under the legend (e.g. the overdispersion adjustment)
};

// Classes: "plot-area", "target", "limit95", "limit998" (paths), "unit" (markers, plus "flagged"
// and "high" or "low"). Throws cmx::error (invalid_argument) when denominators or labels differ
// in length from the result's units, or the curve has fewer than two points.
[[nodiscard]] std::string funnel_svg(const compass::funnel_result& result,
                                     std::span<const double> denominators,
                                     std::span<const std::string> labels,
                                     std::span<const funnel_curve_point> curve,
                                     const funnel_style& style = {});

}  // namespace cmx::render

#endif  // CMX_RENDER_FUNNEL_SVG_HPP
