// The Clinical Value Compass rose as SVG (Nelson, Mohr, Batalden, Plume, Jt Comm J Qual Improv
// 22 (1996) 243-258): four points (North functional health status, East satisfaction against
// need, South costs, West clinical outcomes) with the point scores of time 1 and time 2 as two
// polygons and every measure's score as a numbered marker in its point's sector, an arrow from
// time 1 to time 2, listed with its name and scores under the rose. Drawn from scores computed by
// cmx::compass (no scoring here).
#ifndef CMX_RENDER_COMPASS_SVG_HPP
#define CMX_RENDER_COMPASS_SVG_HPP

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/compass/measure.hpp"

namespace cmx::render {

struct compass_mark {
  std::string label;  // the measure's name
  compass::compass_point point = compass::compass_point::west;
  double t1 = NAN;  // its score at time 1 and time 2 (NaN: not observed)
  double t2 = NAN;
};

struct compass_picture {
  std::string title;
  std::string t1_label = "Time 1";
  std::string t2_label = "Time 2";
  std::array<double, 4> t1{NAN, NAN, NAN, NAN};  // West, North, East, South point scores
  std::array<double, 4> t2{NAN, NAN, NAN, NAN};
  std::vector<compass_mark> measures;
  double scale_min = 0;  // the score at the centre and at the outer ring (goalpost: 0 and 1)
  double scale_max = 1;
  std::string scale_label = "Score: 0 = floor, 1 = target";
  double width = 440;
  bool measure_list = true;  // the numbered list of measures under the rose
};

// The rose as a standalone <svg>; its height follows from the width and the measure list.
// Classes: "rose-ring", "axis", "t1-polygon", "t2-polygon", "measure-mark".
[[nodiscard]] std::string compass_svg(const compass_picture& picture);

}  // namespace cmx::render

#endif  // CMX_RENDER_COMPASS_SVG_HPP
