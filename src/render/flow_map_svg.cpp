// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/flow_map_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>

#include "cmx/error.hpp"
#include "cmx/render/palette.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::num;
using detail::text_width;

namespace {

constexpr double title_size = 14;
constexpr double node_size = 11;
constexpr std::array<std::string_view, 4> group_fill{"#D6E9F5", "#FBE3BD", "#CDEDE2", "#F3D9E8"};
constexpr std::array<std::string_view, 4> group_stroke{
    palette::blue, palette::orange, palette::bluish_green, palette::reddish_purple};

struct layout {
  std::vector<std::size_t> column;
  std::vector<std::size_t> row;
  std::size_t columns = 0;
  std::size_t rows = 0;
};

layout place(const system::flow_graph& g) {
  const std::size_t n = g.unit_count();
  layout out;
  out.column.assign(n, 0);
  out.row.assign(n, 0);
  if (n == 0) {
    return out;
  }
  // Eades, Lin and Smyth (1993), weighted by handoff counts: repeatedly take a sink (to the
  // tail) or a source (to the head) among the units left, else the unit with the largest
  // out-minus-in weight to the head; ties by id. Self-loops count for nothing.
  std::vector<double> out_w(n, 0);
  std::vector<double> in_w(n, 0);
  for (const auto& e : g.edges) {
    if (e.from != e.to) {
      out_w[e.from] += static_cast<double>(e.count);
      in_w[e.to] += static_cast<double>(e.count);
    }
  }
  std::vector<bool> left(n, true);
  std::vector<std::size_t> head;
  std::vector<std::size_t> tail;
  const auto remove = [&](std::size_t v) {
    left[v] = false;
    for (const auto& e : g.edges) {
      if (e.from == e.to) {
        continue;
      }
      if (e.from == v && left[e.to]) {
        in_w[e.to] -= static_cast<double>(e.count);
      }
      if (e.to == v && left[e.from]) {
        out_w[e.from] -= static_cast<double>(e.count);
      }
    }
  };
  const auto by_id = [&](std::size_t a, std::size_t b) { return g.unit_ids[a] < g.unit_ids[b]; };
  for (std::size_t taken = 0; taken < n; ++taken) {
    std::optional<std::size_t> sink;
    std::optional<std::size_t> source;
    std::optional<std::size_t> best;
    for (std::size_t v = 0; v < n; ++v) {
      if (!left[v]) {
        continue;
      }
      if (in_w[v] <= 0 && (!source || by_id(v, *source))) {
        source = v;
      }
      if (out_w[v] <= 0 && in_w[v] > 0 && (!sink || by_id(v, *sink))) {
        sink = v;
      }
      const double delta = out_w[v] - in_w[v];
      if (!best || delta > out_w[*best] - in_w[*best] ||
          (delta == out_w[*best] - in_w[*best] && by_id(v, *best))) {
        best = v;
      }
    }
    if (source) {
      head.push_back(*source);
      remove(*source);
    } else if (sink) {
      tail.push_back(*sink);
      remove(*sink);
    } else {
      head.push_back(*best);
      remove(*best);
    }
  }
  std::vector<std::size_t> order = head;
  order.insert(order.end(), tail.rbegin(), tail.rend());
  std::vector<std::size_t> pos(n);
  for (std::size_t k = 0; k < n; ++k) {
    pos[order[k]] = k;
  }
  // Longest path over forward edges, visiting units in the linear order.
  std::vector<std::vector<std::size_t>> preds(n);
  for (const auto& e : g.edges) {
    if (pos[e.from] < pos[e.to]) {
      preds[e.to].push_back(e.from);
    }
  }
  for (const std::size_t v : order) {
    for (const std::size_t u : preds[v]) {
      out.column[v] = std::max(out.column[v], out.column[u] + 1);
    }
  }
  out.columns = *std::max_element(out.column.begin(), out.column.end()) + 1;
  // Rows: column by column, by the barycentre of the predecessors' rows, ties by id.
  std::vector<double> key(n, 0);
  for (std::size_t c = 0; c < out.columns; ++c) {
    std::vector<std::size_t> members;
    for (std::size_t v = 0; v < n; ++v) {
      if (out.column[v] == c) {
        members.push_back(v);
        double sum = 0;
        double weight = 0;
        for (const auto& e : g.edges) {
          if (e.to == v && out.column[e.from] < c) {
            sum += static_cast<double>(out.row[e.from]) * static_cast<double>(e.count);
            weight += static_cast<double>(e.count);
          }
        }
        key[v] = weight > 0 ? sum / weight : 0;
      }
    }
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      if (key[a] != key[b]) {
        return key[a] < key[b];
      }
      return g.unit_ids[a] < g.unit_ids[b];
    });
    for (std::size_t r = 0; r < members.size(); ++r) {
      out.row[members[r]] = r;
    }
    out.rows = std::max(out.rows, members.size());
  }
  return out;
}

}  // namespace

std::vector<std::size_t> flow_map_columns(const system::flow_graph& graph) {
  return place(graph).column;
}

std::string flow_map_svg(const system::flow_graph& g, const flow_map_style& style) {
  const std::size_t n = g.unit_count();
  if ((!style.labels.empty() && style.labels.size() != n) ||
      (!style.groups.empty() && style.groups.size() != n)) {
    throw error(
        status::invalid_argument,
        "flow_map_svg: labels and groups need one entry per unit (" + std::to_string(n) + ")",
        location{"flow_map_style", 0, 0, style.labels.size() != n ? "labels" : "groups"});
  }
  const layout lay = place(g);
  std::vector<std::string> group_names;
  std::vector<std::size_t> group_of(n, 0);
  for (std::size_t v = 0; v < n && !style.groups.empty(); ++v) {
    const auto it = std::find(group_names.begin(), group_names.end(), style.groups[v]);
    group_of[v] = static_cast<std::size_t>(it - group_names.begin());
    if (it == group_names.end()) {
      group_names.push_back(style.groups[v]);
    }
  }

  const double W = style.width;
  const double title_h = style.title.empty() ? 0 : title_size + 12;
  const double pad = 12;
  const double colw = (W - 2 * pad) / static_cast<double>(std::max<std::size_t>(1, lay.columns));
  const double node_w = std::min(160.0, colw * 0.8);
  const double node_h = 34;
  const double row_h = 62;
  const double arcs_top_h = 54;  // room for the arcs of edges skipping columns, above the nodes
  const double top = 8 + title_h + 8 + arcs_top_h;
  const double arcs_h = 40;  // room for the arcs of backward edges under the nodes
  const double key_h = 40;
  const double H = top + static_cast<double>(lay.rows) * row_h + arcs_h + key_h;
  const auto nx = [&](std::size_t v) {
    return pad + (static_cast<double>(lay.column[v]) + 0.5) * colw;
  };
  const auto ny = [&](std::size_t v) {
    // Columns with fewer units are centred vertically.
    std::size_t in_column = 0;
    for (std::size_t u = 0; u < n; ++u) {
      in_column += lay.column[u] == lay.column[v] ? 1U : 0U;
    }
    const double offset =
        (static_cast<double>(lay.rows) - static_cast<double>(in_column)) * row_h / 2;
    return top + offset + (static_cast<double>(lay.row[v]) + 0.5) * row_h;
  };

  detail::svg_writer svg(W, H, style.title.empty() ? "Flow map" : style.title, "cmx-flow-map");
  svg.element("rect",
              {{"x", "0"}, {"y", "0"}, {"width", num(W)}, {"height", num(H)}, {"fill", "#FFFFFF"}});
  if (!style.title.empty()) {
    svg.text(8, 8 + title_size, detail::fit_text(style.title, title_size, W - 16), title_size,
             "start", palette::ink, "title", true);
  }
  std::uint64_t max_count = 0;
  for (const auto& e : g.edges) {
    if (e.from != e.to) {
      max_count = std::max(max_count, e.count);
    }
  }
  // The largest edges get count labels.
  std::vector<std::size_t> by_size(g.edges.size());
  std::iota(by_size.begin(), by_size.end(), std::size_t{0});
  std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) {
    return g.edges[a].count > g.edges[b].count;
  });
  std::vector<bool> labelled(g.edges.size(), false);
  std::size_t hidden = 0;
  for (std::size_t k = 0, shown = 0; k < by_size.size(); ++k) {
    const auto& e = g.edges[by_size[k]];
    if (e.from == e.to) {
      continue;
    }
    if (static_cast<double>(e.count) < style.min_share * static_cast<double>(max_count)) {
      ++hidden;
      continue;
    }
    if (shown < style.labelled_edges) {
      labelled[by_size[k]] = true;
      ++shown;
    }
  }
  struct label_at {
    double x, y;
    std::string text;
  };
  std::vector<label_at> edge_labels;
  // Widest first, so narrow edges stay visible on top.
  for (const auto edge : by_size) {
    const auto& e = g.edges[edge];
    if (e.from == e.to ||
        static_cast<double>(e.count) < style.min_share * static_cast<double>(max_count)) {
      continue;
    }
    const double w = 1 + 13 * static_cast<double>(e.count) / static_cast<double>(max_count);
    // Forward to the next column: an S-curve between the nodes' sides. Forward over several
    // columns: an arc above the nodes (never through the units between). Backward: an arc below.
    const bool forward = lay.column[e.from] + 1 == lay.column[e.to];
    const bool skip = lay.column[e.from] + 1 < lay.column[e.to];
    std::string d;
    double mx = 0;
    double my = 0;
    double ex = 0;
    double ey = 0;
    if (forward) {
      const double x1 = nx(e.from) + node_w / 2;
      const double y1 = ny(e.from);
      ex = nx(e.to) - node_w / 2 - 6;
      ey = ny(e.to);
      const double c = (ex - x1) / 2;
      d = "M" + num(x1) + " " + num(y1) + " C" + num(x1 + c) + " " + num(y1) + " " + num(ex - c) +
          " " + num(ey) + " " + num(ex) + " " + num(ey);
      mx = (x1 + ex) / 2;
      my = (y1 + ey) / 2;
    } else if (skip) {
      const auto span = static_cast<double>(lay.column[e.to] - lay.column[e.from]);
      const double x1 = nx(e.from) + node_w * 0.3;
      const double y1 = ny(e.from) - node_h / 2;
      ex = nx(e.to) - node_w * 0.3;
      ey = ny(e.to) - node_h / 2 - 6;
      const double height =
          std::max(top - arcs_top_h + 6, std::min(y1, ey) - 14 - 9 * std::min(span, 4.0));
      d = "M" + num(x1) + " " + num(y1) + " C" + num(x1) + " " + num(height) + " " + num(ex) + " " +
          num(height) + " " + num(ex) + " " + num(ey);
      mx = (x1 + ex) / 2;
      my = (y1 + ey) / 2 * 0.25 + height * 0.75;
    } else {
      // Backward or within a column: an arc under the nodes, from the bottom of one to the other.
      const double x1 = nx(e.from) + 10;
      const double y1 = ny(e.from) + node_h / 2;
      ex = nx(e.to) - 10;
      ey = ny(e.to) + node_h / 2 + 6;
      const double depth = top + static_cast<double>(lay.rows) * row_h + arcs_h * 0.7;
      d = "M" + num(x1) + " " + num(y1) + " C" + num(x1) + " " + num(depth) + " " + num(ex) + " " +
          num(depth) + " " + num(ex) + " " + num(ey);
      mx = (x1 + ex) / 2;
      my = (y1 + ey) / 2 * 0.25 + depth * 0.75;
    }
    const std::string from_label = style.labels.empty() ? g.unit_ids[e.from] : style.labels[e.from];
    const std::string to_label = style.labels.empty() ? g.unit_ids[e.to] : style.labels[e.to];
    svg.open("path", {{"class", "edge"},
                      {"d", d},
                      {"fill", "none"},
                      {"stroke", std::string(palette::grey)},
                      {"stroke-opacity", "0.55"},
                      {"stroke-width", num(w)},
                      {"data-count", std::to_string(e.count)}});
    svg.open("title", {});
    std::string title = from_label;
    title += " \xE2\x86\x92 ";  // a rightwards arrow
    title += to_label;
    title += ": " + std::to_string(e.count) + " handoffs";
    svg.raw(detail::escape(title));
    svg.close("title");
    svg.close("path");
    // Arrowhead at the target end.
    const double s = std::max(5.0, w * 0.6);
    if (forward) {
      svg.element("path",
                  {{"d", "M" + num(ex + 6) + " " + num(ey) + " L" + num(ex - s + 2) + " " +
                             num(ey - s) + " L" + num(ex - s + 2) + " " + num(ey + s) + " Z"},
                   {"fill", std::string(palette::dark_grey)}});
    } else if (skip) {
      svg.element("path",
                  {{"d", "M" + num(ex) + " " + num(ey + 6) + " L" + num(ex - s) + " " +
                             num(ey - s + 2) + " L" + num(ex + s) + " " + num(ey - s + 2) + " Z"},
                   {"fill", std::string(palette::dark_grey)}});
    } else {
      svg.element("path",
                  {{"d", "M" + num(ex) + " " + num(ey - 6) + " L" + num(ex - s) + " " +
                             num(ey + s - 2) + " L" + num(ex + s) + " " + num(ey + s - 2) + " Z"},
                   {"fill", std::string(palette::dark_grey)}});
    }
    if (labelled[edge]) {
      edge_labels.push_back({mx, my, detail::label_number(static_cast<double>(e.count), 4)});
    }
  }
  for (const auto& l : edge_labels) {
    const double w = text_width(l.text, 10) + 6;
    svg.element("rect", {{"x", num(l.x - w / 2)},
                         {"y", num(l.y - 7)},
                         {"width", num(w)},
                         {"height", "14"},
                         {"rx", "3"},
                         {"fill", "#FFFFFF"},
                         {"fill-opacity", "0.9"}});
    svg.text(l.x, l.y + 3.5, l.text, 10, "middle", palette::ink, "edge-label");
  }
  // Nodes on top.
  for (std::size_t v = 0; v < n; ++v) {
    const std::string label = style.labels.empty() ? g.unit_ids[v] : style.labels[v];
    const std::size_t grp = group_of[v] % group_fill.size();
    svg.open("g", {{"class", "node"}, {"data-unit", g.unit_ids[v]}});
    svg.open("title", {});
    svg.raw(detail::escape(label));
    svg.close("title");
    svg.element("rect", {{"x", num(nx(v) - node_w / 2)},
                         {"y", num(ny(v) - node_h / 2)},
                         {"width", num(node_w)},
                         {"height", num(node_h)},
                         {"rx", "6"},
                         {"fill", std::string(group_fill[grp])},
                         {"stroke", std::string(group_stroke[grp])},
                         {"stroke-width", "1.5"}});
    // One or two lines: split at the space nearest the middle when one line does not fit.
    if (text_width(label, node_size) <= node_w - 8) {
      svg.text(nx(v), ny(v) + 4, label, node_size, "middle", palette::ink);
    } else {
      std::size_t best = std::string::npos;
      for (std::size_t k = label.find(' '); k != std::string::npos; k = label.find(' ', k + 1)) {
        if (best == std::string::npos ||
            std::abs(static_cast<double>(k) - static_cast<double>(label.size()) / 2) <
                std::abs(static_cast<double>(best) - static_cast<double>(label.size()) / 2)) {
          best = k;
        }
      }
      if (best == std::string::npos) {
        svg.text(nx(v), ny(v) + 4, detail::fit_text(label, node_size, node_w - 8), node_size,
                 "middle", palette::ink);
      } else {
        svg.text(nx(v), ny(v) - 2, detail::fit_text(label.substr(0, best), node_size, node_w - 8),
                 node_size, "middle", palette::ink);
        svg.text(nx(v), ny(v) + 11, detail::fit_text(label.substr(best + 1), node_size, node_w - 8),
                 node_size, "middle", palette::ink);
      }
    }
    svg.close("g");
  }
  // Key.
  double kx = 8;
  const double ky = H - key_h / 2 + 4;
  for (std::size_t k = 0; k < group_names.size(); ++k) {
    const std::size_t grp = k % group_fill.size();
    svg.element("rect", {{"x", num(kx)},
                         {"y", num(ky - 10)},
                         {"width", "18"},
                         {"height", "12"},
                         {"rx", "3"},
                         {"fill", std::string(group_fill[grp])},
                         {"stroke", std::string(group_stroke[grp])}});
    svg.text(kx + 24, ky, group_names[k], 11, "start", palette::ink, "legend");
    kx += 24 + text_width(group_names[k], 11) + 18;
  }
  std::string note = "Arrow width: patient handoffs (largest " +
                     detail::label_number(static_cast<double>(max_count), 4) + ")";
  if (hidden > 0) {
    note += "; " + std::to_string(hidden) + " small flows under " +
            detail::num(style.min_share * 100, 1) + "% of the largest not drawn";
  }
  svg.text(kx, ky, detail::fit_text(note, 11, std::max(40.0, W - kx - 8)), 11, "start",
           palette::dark_grey, "legend");
  return svg.finish();
}

}  // namespace cmx::render
