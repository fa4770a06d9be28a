// The tiny SVG writer every picture uses: XML escaping, compact numbers, an estimate of text
// extents (so margins can be computed from labels), nice axis ticks and element helpers.
#ifndef CMX_RENDER_SVG_WRITER_HPP
#define CMX_RENDER_SVG_WRITER_HPP

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cmx::render::detail {

// Text with &, <, >, " and ' escaped, valid in XML content and attribute values. Control
// characters other than tab and newline (not allowed in XML 1.0) become U+FFFD.
[[nodiscard]] std::string escape(std::string_view text);

// A coordinate or value with at most `decimals` decimals, trailing zeros dropped ("12.5", "3").
[[nodiscard]] std::string num(double v, int decimals = 2);

// The width of text in px at a font size for a Helvetica/Arial-like sans-serif: per-character
// advance widths rounded up from Helvetica's AFM metrics (narrow, digit, lower, upper, wide
// classes), so labels are never narrower than estimated.
[[nodiscard]] double text_width(std::string_view text, double font_size);

// Text cut with an ellipsis to fit max_width px.
[[nodiscard]] std::string fit_text(std::string_view text, double font_size, double max_width);

// Ticks for an axis from lo to hi: steps of 1, 2 or 5 x 10^k giving about `count` ticks
// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990), within [lo, hi].
struct ticks {
  std::vector<double> values;
  int decimals = 0;  // decimals needed to label them
};
[[nodiscard]] ticks nice_ticks(double lo, double hi, int count);
// The range widened to the nearest nice step outside it.
[[nodiscard]] std::pair<double, double> nice_range(double lo, double hi, int count);

// A number for a label with `significant` significant digits, thousands separated by a thin
// comma ("12,345", "0.0123").
[[nodiscard]] std::string label_number(double v, int significant = 3);

using attributes = std::initializer_list<std::pair<std::string_view, std::string>>;

class svg_writer {
 public:
  // width x height px; title is the picture's accessible name (<title>).
  svg_writer(double width, double height, std::string_view title, std::string_view css_class);

  void open(std::string_view tag, attributes attrs);
  void close(std::string_view tag);
  void element(std::string_view tag, attributes attrs);  // self-closing
  void text(double x, double y, std::string_view content, double size,
            std::string_view anchor = "start", std::string_view fill = "#222222",
            std::string_view extra_class = "", bool bold = false);
  void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
            std::string_view dash = "", std::string_view css_class = "");
  void raw(std::string_view markup);  // trusted markup (another picture)
  [[nodiscard]] std::string finish();

 private:
  void attrs_out(attributes attrs);
  std::string out_;
};

}  // namespace cmx::render::detail

#endif  // CMX_RENDER_SVG_WRITER_HPP
