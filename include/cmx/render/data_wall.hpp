// The data wall: one self-contained HTML page (inline SVG and CSS, a few lines of script, no
// network) that shows a macrosystem the way improvement teams pin charts to a wall: boards of
// sections, each with an optional summary table (Making Data Count icons) and pictures (charts
// with their signals, compass roses, funnel plots, flow maps). Readable on a laptop screen,
// printable
// (@media print: one section per page, no navigation).
//
// The page is assembled from pictures already drawn (chart_svg, compass_svg, ...) and from
// summary rows computed by the caller: no statistics here.
#ifndef CMX_RENDER_DATA_WALL_HPP
#define CMX_RENDER_DATA_WALL_HPP

#include <string>
#include <vector>

#include "cmx/spc/mdc.hpp"

namespace cmx::render {

struct figure {
  std::string caption;
  std::string svg;  // a standalone <svg> element from one of the *_svg functions
};

struct summary_row {
  std::string unit;
  std::string level;  // e.g. "mesosystem"
  std::string measure;
  std::string latest;  // the latest value as text, with its unit
  std::string period;  // of the latest value
  spc::mdc::point_type variation = spc::mdc::point_type::common_cause;
  spc::mdc::improvement direction = spc::mdc::improvement::neutral;
  spc::mdc::assurance assurance = spc::mdc::assurance::none;
  std::string signals;  // the signals of the latest phase in words, empty if none
  std::string change;   // time 1 -> time 2 (e.g. "improved"), empty if not computed
  std::string anchor;   // id of the figure with the chart, for a link; empty: none
};

struct wall_section {
  std::string id;  // anchor (letters, digits, '-' and '_')
  std::string heading;
  std::string intro;
  std::vector<summary_row> summary;  // a table before the figures (may be empty)
  std::vector<figure> figures;
  bool wide = false;  // one figure per row (flow maps, small multiples)
};

struct wall_board {
  std::string id;
  std::string title;
  std::string intro;
  std::vector<summary_row> summary;  // a table for the whole board, first (may be empty)
  std::vector<wall_section> sections;
};

struct wall {
  std::string title;
  std::string subtitle;
  std::vector<wall_board> boards;
  std::vector<std::string> notes;  // sources, licences, methods (footer)
};

// The page (UTF-8). Every text is escaped; figures are inserted as they are. A small script
// checks on load that every picture has a non-zero size and writes the result into
// <p id="cmx-check"> and <body data-cmx-check="..."> ("ok N" or "empty K of N").
[[nodiscard]] std::string data_wall_html(const wall& page);

}  // namespace cmx::render

#endif  // CMX_RENDER_DATA_WALL_HPP
