// The colours of every cmx picture: the Okabe-Ito palette, distinguishable by readers with the
// common colour-vision deficiencies (M. Okabe, K. Ito, "Color Universal Design (CUD): how to make
// figures and presentations that are friendly to colorblind people", J*Fly, 2008), plus greys.
// Signals never rely on colour alone: flagged points also change shape and size.
#ifndef CMX_RENDER_PALETTE_HPP
#define CMX_RENDER_PALETTE_HPP

#include <string_view>

namespace cmx::render::palette {

inline constexpr std::string_view black = "#000000";
inline constexpr std::string_view orange = "#E69F00";
inline constexpr std::string_view sky_blue = "#56B4E9";
inline constexpr std::string_view bluish_green = "#009E73";
inline constexpr std::string_view yellow = "#F0E442";
inline constexpr std::string_view blue = "#0072B2";
inline constexpr std::string_view vermillion = "#D55E00";
inline constexpr std::string_view reddish_purple = "#CC79A7";

inline constexpr std::string_view ink = "#222222";         // text, centre lines
inline constexpr std::string_view dark_grey = "#555555";   // ordinary points, axes
inline constexpr std::string_view grey = "#8A8A8A";        // limits, data line
inline constexpr std::string_view light_grey = "#CCCCCC";  // grid, 1- and 2-sigma lines

// Roles.
inline constexpr std::string_view outside_limits = vermillion;  // a point beyond the limits
inline constexpr std::string_view shift = orange;               // a long run on one side
inline constexpr std::string_view trend = reddish_purple;       // points steadily up or down
inline constexpr std::string_view zone = blue;                  // 2 of 3 / 4 of 5 near a limit
inline constexpr std::string_view other_rule = bluish_green;    // any other pattern rule
inline constexpr std::string_view target = bluish_green;
inline constexpr std::string_view improvement = blue;  // NHS Making Data Count: improvement
inline constexpr std::string_view concern = orange;    // NHS Making Data Count: concern
inline constexpr std::string_view time1 = sky_blue;    // compass: time 1
inline constexpr std::string_view time2 = blue;        // compass: time 2

}  // namespace cmx::render::palette

#endif  // CMX_RENDER_PALETTE_HPP
