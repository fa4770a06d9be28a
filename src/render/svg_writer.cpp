// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "render/svg_writer.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>

namespace cmx::render::detail {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string num(double v, int decimals) {
  if (!std::isfinite(v)) {
    return "0";
  }
  std::string s = cmx::detail::fixed_text(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') {
      s.pop_back();
    }
    if (s.back() == '.') {
      s.pop_back();
    }
  }
  if (s == "-0") {
    s = "0";
  }
  return s;
}

double text_width(std::string_view text, double font_size) {
  // Advance widths in em from Helvetica's AFM (e.g. i 0.222, l 0.222, digits 0.556, a 0.556,
  // m 0.833, W 0.944, capitals 0.667-0.778), each class rounded up to its widest member.
  double em = 0;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if ((c & 0xC0) == 0x80) {
      continue;  // UTF-8 continuation byte: counted with its lead byte
    }
    if (c >= 0x80) {
      em += 0.72;
    } else if (std::string_view("iljI.,:;'|!` ").find(static_cast<char>(c)) !=
               std::string_view::npos) {
      em += 0.30;
    } else if (std::string_view("ftr()[]-/\"").find(static_cast<char>(c)) !=
               std::string_view::npos) {
      em += 0.40;
    } else if (std::string_view("mwMW%@").find(static_cast<char>(c)) != std::string_view::npos) {
      em += 0.95;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.75;
    } else {
      em += 0.58;
    }
  }
  return em * font_size;
}

std::string fit_text(std::string_view text, double font_size, double max_width) {
  if (text_width(text, font_size) <= max_width) {
    return std::string(text);
  }
  std::string cut(text);
  while (!cut.empty() && text_width(cut + "\xE2\x80\xA6", font_size) > max_width) {
    cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) {
      cut.pop_back();  // never split a UTF-8 sequence
    }
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) {
      cut.pop_back();
    }
  }
  return cut + "\xE2\x80\xA6";
}

namespace {

double nice_step(double range, int count) {
  const double raw = range / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  return nice * magnitude;
}

}  // namespace

std::pair<double, double> nice_range(double lo, double hi, int count) {
  if (!(hi > lo)) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double step = nice_step(hi - lo, count);
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

ticks nice_ticks(double lo, double hi, int count) {
  ticks t;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
    t.values.push_back(lo);
    return t;
  }
  const double step = nice_step(hi - lo, count);
  t.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  const double first = std::ceil(lo / step - 1e-9) * step;
  // Each tick from its index (an integer counter: a sum of steps would drift).
  for (int k = 0;; ++k) {
    const double v = first + k * step;
    if (v > hi + step * 1e-9) {
      break;
    }
    t.values.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return t;
}

std::string label_number(double v, int significant) {
  if (!std::isfinite(v)) {
    return "\xE2\x80\x93";  // an en dash for a missing value
  }
  const double a = std::abs(v);
  int decimals = 0;
  if (a > 0) {
    decimals = std::max(0, significant - 1 - static_cast<int>(std::floor(std::log10(a))));
  }
  decimals = std::min(decimals, 6);
  std::string s = num(v, decimals);
  // Thousands separators in the integer part.
  const std::size_t start = s[0] == '-' ? 1 : 0;
  std::size_t end = s.find('.');
  if (end == std::string::npos) {
    end = s.size();
  }
  for (std::size_t pos = end; pos > start + 3; pos -= 3) {
    s.insert(pos - 3, ",");
  }
  return s;
}

svg_writer::svg_writer(double width, double height, std::string_view title,
                       std::string_view css_class) {
  out_ = R"(<svg xmlns="http://www.w3.org/2000/svg" class=")" + escape(css_class) + R"(" width=")" +
         num(width) + R"(" height=")" + num(height) + R"(" viewBox="0 0 )" + num(width) + " " +
         num(height) + R"(" role="img" font-family="Helvetica, Arial, sans-serif">)";
  out_ += "<title>" + escape(title) + "</title>";
}

void svg_writer::attrs_out(attributes attrs) {
  for (const auto& [name, value] : attrs) {
    if (value.empty()) {
      continue;
    }
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape(value);
    out_ += '"';
  }
}

void svg_writer::open(std::string_view tag, attributes attrs) {
  out_ += '<';
  out_ += tag;
  attrs_out(attrs);
  out_ += '>';
}

void svg_writer::close(std::string_view tag) {
  out_ += "</";
  out_ += tag;
  out_ += '>';
}

void svg_writer::element(std::string_view tag, attributes attrs) {
  out_ += '<';
  out_ += tag;
  attrs_out(attrs);
  out_ += "/>";
}

void svg_writer::text(double x, double y, std::string_view content, double size,
                      std::string_view anchor, std::string_view fill, std::string_view extra_class,
                      bool bold) {
  open("text", {{"x", num(x)},
                {"y", num(y)},
                {"font-size", num(size)},
                {"text-anchor", std::string(anchor)},
                {"fill", std::string(fill)},
                {"font-weight", bold ? "bold" : ""},
                {"class", std::string(extra_class)}});
  out_ += escape(content);
  close("text");
}

void svg_writer::line(double x1, double y1, double x2, double y2, std::string_view stroke,
                      double width, std::string_view dash, std::string_view css_class) {
  element("line", {{"x1", num(x1)},
                   {"y1", num(y1)},
                   {"x2", num(x2)},
                   {"y2", num(y2)},
                   {"stroke", std::string(stroke)},
                   {"stroke-width", num(width)},
                   {"stroke-dasharray", std::string(dash)},
                   {"class", std::string(css_class)}});
}

void svg_writer::raw(std::string_view markup) {
  out_ += markup;
}

std::string svg_writer::finish() {
  out_ += "</svg>";
  return std::move(out_);
}

}  // namespace cmx::render::detail
