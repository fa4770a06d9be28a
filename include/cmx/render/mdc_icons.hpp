// The NHS England "Making Data Count" icons, drawn from an spc::mdc result: the variation icon
// (common cause in grey; special cause of improvement in blue, of concern in orange, neutral in
// purple; H or L for a high or low special cause) and the assurance icon (P: the process
// consistently passes the target, F: consistently fails, ?: hit and miss). Colours and letters
// follow NHS England, "Making Data Count: getting started" (2019), with the Okabe-Ito blue and
// orange; the letter and shape carry the meaning without colour.
#ifndef CMX_RENDER_MDC_ICONS_HPP
#define CMX_RENDER_MDC_ICONS_HPP

#include <string>

#include "cmx/spc/mdc.hpp"

namespace cmx::render {

// A size x size <svg> (class "mdc-icon mdc-variation ..."). The direction decides whether an
// improvement is high or low.
[[nodiscard]] std::string variation_icon_svg(spc::mdc::point_type variation,
                                             spc::mdc::improvement direction, double size = 36);
// A size x size <svg>, or an empty string for assurance::none (no target).
[[nodiscard]] std::string assurance_icon_svg(spc::mdc::assurance value, double size = 36);

// Plain words for the icons ("Special cause variation: improvement (high)").
[[nodiscard]] std::string variation_text(spc::mdc::point_type variation,
                                         spc::mdc::improvement direction);
[[nodiscard]] std::string assurance_text(spc::mdc::assurance value);

}  // namespace cmx::render

#endif  // CMX_RENDER_MDC_ICONS_HPP
