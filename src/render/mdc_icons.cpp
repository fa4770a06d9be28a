// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/mdc_icons.hpp"

#include <array>

#include "cmx/render/palette.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::num;
using spc::mdc::assurance;
using spc::mdc::improvement;
using spc::mdc::point_type;

namespace {

// 'H' for a high special cause, 'L' for low, 0 for none.
char high_or_low(point_type variation, improvement direction) {
  switch (variation) {
    case point_type::special_cause_neutral_high:
      return 'H';
    case point_type::special_cause_neutral_low:
      return 'L';
    case point_type::special_cause_improvement:
      return direction == improvement::decrease ? 'L' : 'H';
    case point_type::special_cause_concern:
      return direction == improvement::decrease ? 'H' : 'L';
    case point_type::common_cause:
      return 0;
  }
  return 0;
}

std::string_view variation_colour(point_type variation) {
  switch (variation) {
    case point_type::special_cause_improvement:
      return palette::improvement;
    case point_type::special_cause_concern:
      return palette::concern;
    case point_type::special_cause_neutral_high:
    case point_type::special_cause_neutral_low:
      return palette::reddish_purple;
    case point_type::common_cause:
      return palette::grey;
  }
  return palette::grey;
}

}  // namespace

std::string variation_text(point_type variation, improvement direction) {
  const char hl = high_or_low(variation, direction);
  const std::string side = hl == 'H' ? " (high)" : " (low)";
  switch (variation) {
    case point_type::common_cause:
      return "Common cause variation";
    case point_type::special_cause_improvement:
      return "Special cause variation: improvement" + side;
    case point_type::special_cause_concern:
      return "Special cause variation: concern" + side;
    case point_type::special_cause_neutral_high:
    case point_type::special_cause_neutral_low:
      return "Special cause variation: neither improvement nor concern" + side;
  }
  return "";
}

std::string assurance_text(assurance value) {
  switch (value) {
    case assurance::consistent_pass:
      return "The process will consistently pass the target";
    case assurance::consistent_fail:
      return "The process will consistently fail the target";
    case assurance::inconsistent:
      return "Hit and miss: the target lies within the limits";
    case assurance::none:
      return "No target";
  }
  return "";
}

std::string variation_icon_svg(point_type variation, improvement direction, double size) {
  const std::string colour(variation_colour(variation));
  const char hl = high_or_low(variation, direction);
  detail::svg_writer svg(size, size, variation_text(variation, direction),
                         std::string("mdc-icon mdc-variation ") + spc::mdc::to_string(variation));
  const double c = size / 2;
  const double r = size / 2 - 2;
  svg.element("circle", {{"cx", num(c)},
                         {"cy", num(c)},
                         {"r", num(r)},
                         {"fill", "#FFFFFF"},
                         {"stroke", colour},
                         {"stroke-width", num(size / 14)}});
  // Seven dots: a zigzag around the middle, the last ones high or low for a special cause.
  static constexpr std::array<double, 7> common{0.1, -0.15, 0.05, -0.1, 0.15, -0.05, 0.1};
  static constexpr std::array<double, 7> high{0.1, -0.15, 0.05, -0.1, 0.3, 0.35, 0.4};
  const auto& shape = hl == 0 ? common : high;
  const double sign = hl == 'L' ? -1 : 1;
  const double y_mid = hl == 0 ? c : c + size * 0.12;
  std::string d;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const double x = c - r * 0.62 + static_cast<double>(k) * r * 1.24 / 6;
    const double y = y_mid - sign * shape[k] * r * (hl == 0 ? 1.0 : 1.2);
    d += (k == 0 ? "M" : " L") + num(x) + " " + num(y);
  }
  svg.element("path", {{"d", d},
                       {"fill", "none"},
                       {"stroke", std::string(palette::grey)},
                       {"stroke-width", num(size / 36)}});
  for (std::size_t k = 0; k < shape.size(); ++k) {
    const double x = c - r * 0.62 + static_cast<double>(k) * r * 1.24 / 6;
    const double y = y_mid - sign * shape[k] * r * (hl == 0 ? 1.0 : 1.2);
    const bool special = hl != 0 && k >= 4;
    svg.element("circle", {{"cx", num(x)},
                           {"cy", num(y)},
                           {"r", num(size / 22)},
                           {"fill", special ? colour : std::string(palette::grey)}});
  }
  if (hl != 0) {
    svg.text(c, hl == 'H' ? c + r * 0.72 : c - r * 0.32, std::string(1, hl), size * 0.3, "middle",
             colour, "mdc-letter", true);
  }
  return svg.finish();
}

std::string assurance_icon_svg(assurance value, double size) {
  if (value == assurance::none) {
    return "";
  }
  const std::string_view colour = value == assurance::consistent_pass   ? palette::improvement
                                  : value == assurance::consistent_fail ? palette::concern
                                                                        : palette::grey;
  const std::string_view letter = value == assurance::consistent_pass   ? std::string_view("P")
                                  : value == assurance::consistent_fail ? std::string_view("F")
                                                                        : std::string_view("?");
  detail::svg_writer svg(size, size, assurance_text(value),
                         std::string("mdc-icon mdc-assurance ") + spc::mdc::to_string(value));
  const double c = size / 2;
  const double r = size / 2 - 2;
  svg.element("circle", {{"cx", num(c)},
                         {"cy", num(c)},
                         {"r", num(r)},
                         {"fill", "#FFFFFF"},
                         {"stroke", std::string(colour)},
                         {"stroke-width", num(size / 14)}});
  // The target as a line across the circle; the letter above (pass) or below (fail) it.
  const double ty = value == assurance::consistent_pass   ? c + r * 0.35
                    : value == assurance::consistent_fail ? c - r * 0.35
                                                          : c + r * 0.1;
  svg.line(c - r * 0.75, ty, c + r * 0.75, ty, palette::ink, size / 30, "", "target-line");
  svg.text(c, value == assurance::consistent_fail ? c + r * 0.55 : c + r * 0.05, letter,
           size * 0.42, "middle", colour, "mdc-letter", true);
  return svg.finish();
}

}  // namespace cmx::render
