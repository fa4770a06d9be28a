// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/small_multiples.hpp"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/render/palette.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

namespace {

// The value of a numeric attribute of the root <svg ...> tag.
double root_attribute(std::string_view svg, std::string_view name, std::size_t panel) {
  const std::size_t end = svg.find('>');
  const std::string_view tag = svg.substr(0, end);
  const std::string key = " " + std::string(name) + "=\"";
  const std::size_t at = tag.find(key);
  if (!svg.starts_with("<svg ") || end == std::string_view::npos || at == std::string_view::npos) {
    throw error(
        status::invalid_argument,
        "small_multiples_svg: panel " + std::to_string(panel + 1) + " is not an <svg> with a " +
            std::string(name),
        location{"small_multiples_svg", static_cast<long>(panel + 1), 0, std::string(name)});
  }
  return std::strtod(std::string(tag.substr(at + key.size())).c_str(), nullptr);
}

}  // namespace

std::string small_multiples_svg(std::span<const std::string> panels,
                                const small_multiples_style& style) {
  if (style.columns == 0) {
    throw error(status::invalid_argument, "small_multiples_svg: columns must be at least 1",
                location{"small_multiples_style", 0, 0, "columns"});
  }
  double cell_w = 0;
  double cell_h = 0;
  for (std::size_t k = 0; k < panels.size(); ++k) {
    cell_w = std::max(cell_w, root_attribute(panels[k], "width", k));
    cell_h = std::max(cell_h, root_attribute(panels[k], "height", k));
  }
  const std::size_t columns = std::max<std::size_t>(1, std::min(style.columns, panels.size()));
  const std::size_t rows = (panels.size() + columns - 1) / columns;
  const double title_h = style.title.empty() ? 0 : 26;
  const double W = static_cast<double>(columns) * (cell_w + style.gap) + style.gap;
  const double H = title_h + static_cast<double>(rows) * (cell_h + style.gap) + style.gap;
  detail::svg_writer svg(W, H, style.title.empty() ? "Small multiples" : style.title,
                         "cmx-small-multiples");
  if (!style.title.empty()) {
    svg.text(style.gap, 20, detail::fit_text(style.title, 15, W - 2 * style.gap), 15, "start",
             palette::ink, "title", true);
  }
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const std::size_t column = k % columns;
    const std::size_t row = k / columns;
    const double x = style.gap + static_cast<double>(column) * (cell_w + style.gap);
    const double y = title_h + style.gap + static_cast<double>(row) * (cell_h + style.gap);
    svg.raw("<svg x=\"" + detail::num(x) + "\" y=\"" + detail::num(y) + "\" ");
    svg.raw(std::string_view(panels[k]).substr(5));
  }
  return svg.finish();
}

}  // namespace cmx::render
