// Small multiples: pictures of the same kind (charts of one measure in many units, roses of many
// units) laid out in a grid inside one SVG, so they are read with one scale of attention.
#ifndef CMX_RENDER_SMALL_MULTIPLES_HPP
#define CMX_RENDER_SMALL_MULTIPLES_HPP

#include <cstddef>
#include <span>
#include <string>

namespace cmx::render {

struct small_multiples_style {
  std::string title;
  std::size_t columns = 3;
  double gap = 10;
};

// panels: standalone <svg> elements as the *_svg functions return them (each with width and
// height attributes), placed row by row; cells are as large as the largest panel. Throws
// cmx::error (invalid_argument) for columns == 0 or a panel that is not an <svg> with a width
// and a height.
[[nodiscard]] std::string small_multiples_svg(std::span<const std::string> panels,
                                              const small_multiples_style& style = {});

}  // namespace cmx::render

#endif  // CMX_RENDER_SMALL_MULTIPLES_HPP
