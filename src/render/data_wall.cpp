// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "cmx/render/data_wall.hpp"

#include "cmx/render/mdc_icons.hpp"
#include "render/svg_writer.hpp"

namespace cmx::render {

using detail::escape;

namespace {

// Fonts are the reader's own sans-serif (no web fonts: the page works offline).
constexpr const char* css = R"css(
:root { --ink: #222; --muted: #555; --line: #ddd; --card: #fff; --bg: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.45 Helvetica, Arial, sans-serif; }
header.wall { background: #1f3b57; color: #fff; padding: 18px 28px 14px; }
header.wall h1 { margin: 0 0 4px; font-size: 26px; }
header.wall p { margin: 0; color: #dbe6f0; }
nav { padding: 6px 28px; line-height: 1.9; background: #fff; border-bottom: 1px solid var(--line);
  position: sticky; top: 0; z-index: 2; font-size: 14px; }
nav a { color: #0b5a91; margin-right: 14px; text-decoration: none; white-space: nowrap; }
nav a:hover { text-decoration: underline; }
main { padding: 12px 28px 28px; max-width: 1600px; }
section.board { margin: 18px 0 34px; }
section.board > h2 { font-size: 22px; margin: 8px 0 4px; border-bottom: 3px solid #1f3b57;
  padding-bottom: 4px; }
.intro { color: var(--muted); margin: 4px 0 12px; max-width: 80em; }
h3 { font-size: 18px; margin: 22px 0 6px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr));
  gap: 14px; margin-top: 10px; }
.figures.wide { grid-template-columns: minmax(0, 1fr); }
figure { margin: 0; min-width: 0; background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
table.summary { border-collapse: collapse; background: var(--card); width: 100%;
  font-size: 14px; border: 1px solid var(--line); }
table.summary th, table.summary td { padding: 5px 8px; border-bottom: 1px solid var(--line);
  text-align: left; vertical-align: middle; }
table.summary th { background: #eef1f4; position: sticky; top: 37px; }
table.summary td.num, table.summary td.period { text-align: right; white-space: nowrap; }
table.summary td.icon { width: 44px; text-align: center; }
table.summary td.icon svg { display: inline-block; vertical-align: middle; }
table.summary tr.level-mesosystem td, table.summary tr.level-macrosystem td
  { font-weight: bold; background: #fafbfc; }
.signal { color: #9a3c00; }
.key { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 8px 0;
  font-size: 13px; color: var(--muted); }
.key span { display: inline-flex; align-items: center; gap: 6px; }
footer { padding: 10px 28px 30px; color: var(--muted); font-size: 13px; }
footer li { margin: 3px 0; }
@media (max-width: 900px) { .figures { grid-template-columns: minmax(0, 1fr); }
  main { padding: 8px; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { background: #fff; font-size: 11pt; }
  nav, #cmx-check { display: none; }
  header.wall { background: #fff; color: #000; border-bottom: 2px solid #000; }
  header.wall p { color: #333; }
  section.board { break-before: page; }
  section.board:first-of-type { break-before: auto; }
  h3 { break-after: avoid; }
  figure { border-color: #999; }
  .figures { grid-template-columns: repeat(2, 1fr); }
  .figures.wide { grid-template-columns: minmax(0, 1fr); }
  table.summary th { position: static; }
}
)css";

// Checks every picture has a size once the page has laid out, and says so in the page (the
// browser test reads it; readers see "Self-check: N pictures drawn").
constexpr const char* script = R"js(
(function () {
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });
  function check() {
    var all = document.querySelectorAll('svg'), svgs = [];
    for (var k = 0; k < all.length; k++) {
      if (!all[k].parentElement.closest('svg')) { svgs.push(all[k]); }
    }
    var empty = 0;
    for (var i = 0; i < svgs.length; i++) {
      var r = svgs[i].getBoundingClientRect();
      if (!(r.width > 0 && r.height > 0)) { empty++; }
    }
    var status = errors.length ? 'error ' + errors.join('; ')
      : empty ? 'empty ' + empty + ' of ' + svgs.length : 'ok ' + svgs.length;
    document.body.setAttribute('data-cmx-check', status);
    var p = document.getElementById('cmx-check');
    if (p) {
      p.textContent = status.indexOf('ok') === 0
        ? 'Self-check: all ' + svgs.length + ' pictures drawn.' : 'Self-check: ' + status;
    }
  }
  if (document.readyState === 'complete') { check(); } else { window.addEventListener('load', check); }
})();
)js";

// The meaning of the icons, once per board.
void icon_key(std::string& out) {
  out +=
      "<div class=\"key\"><span>" +
      variation_icon_svg(spc::mdc::point_type::common_cause, spc::mdc::improvement::increase, 22) +
      "common cause</span><span>" +
      variation_icon_svg(spc::mdc::point_type::special_cause_improvement,
                         spc::mdc::improvement::increase, 22) +
      "special cause: improvement</span><span>" +
      variation_icon_svg(spc::mdc::point_type::special_cause_concern,
                         spc::mdc::improvement::increase, 22) +
      "special cause: concern</span><span>" +
      assurance_icon_svg(spc::mdc::assurance::consistent_pass, 22) +
      "target consistently met</span><span>" +
      assurance_icon_svg(spc::mdc::assurance::consistent_fail, 22) +
      "target consistently missed</span><span>" +
      assurance_icon_svg(spc::mdc::assurance::inconsistent, 22) + "hit and miss</span></div>\n";
}

void summary_table(std::string& out, const std::vector<summary_row>& rows) {
  out +=
      "<table class=\"summary\"><thead><tr><th>Unit</th><th>Measure</th><th>Latest</th>"
      "<th>Period</th><th title=\"Making Data Count variation\">Variation</th>"
      "<th title=\"Making Data Count assurance against the target\">Assurance</th>"
      "<th>Signals (SPC rules)</th><th>Change, time 1 to time 2</th></tr></thead><tbody>\n";
  for (const auto& row : rows) {
    out += "<tr class=\"level-" + escape(row.level) + "\"><td>" + escape(row.unit) + "</td><td>";
    if (row.anchor.empty()) {
      out += escape(row.measure);
    } else {
      out += "<a href=\"#" + escape(row.anchor) + "\">" + escape(row.measure) + "</a>";
    }
    out += "</td><td class=\"num\">" + escape(row.latest) + "</td><td class=\"period\">" +
           escape(row.period) + R"(</td><td class="icon" title=")" +
           escape(variation_text(row.variation, row.direction)) + "\">" +
           variation_icon_svg(row.variation, row.direction, 30) +
           R"(</td><td class="icon" title=")" + escape(assurance_text(row.assurance)) + R"(">)" +
           assurance_icon_svg(row.assurance, 30) + "</td><td" +
           (row.signals.empty() ? std::string(">") : std::string(" class=\"signal\">")) +
           escape(row.signals) + "</td><td>" + escape(row.change) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string data_wall_html(const wall& page) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(page.title) + "</title>\n<style>" + css + "</style></head>\n<body>\n";
  out += "<header class=\"wall\"><h1>" + escape(page.title) + "</h1><p>" + escape(page.subtitle) +
         "</p></header>\n<nav>";
  for (const auto& board : page.boards) {
    out += "<a href=\"#" + escape(board.id) + "\"><b>" + escape(board.title) + "</b></a>\n";
    for (const auto& section : board.sections) {
      out += "<a href=\"#" + escape(section.id) + "\">" + escape(section.heading) + "</a>\n";
    }
  }
  out += "</nav>\n<main>\n";
  for (const auto& board : page.boards) {
    out += R"(<section class="board" id=")" + escape(board.id) + R"("><h2>)" + escape(board.title) +
           "</h2>\n";
    if (!board.intro.empty()) {
      out += "<p class=\"intro\">" + escape(board.intro) + "</p>\n";
    }
    bool keyed = false;
    if (!board.summary.empty()) {
      icon_key(out);
      keyed = true;
      summary_table(out, board.summary);
    }
    for (const auto& section : board.sections) {
      out += R"(<section class="part"><h3 id=")" + escape(section.id) + R"(">)" +
             escape(section.heading) + "</h3>\n";
      if (!section.intro.empty()) {
        out += "<p class=\"intro\">" + escape(section.intro) + "</p>\n";
      }
      if (!section.summary.empty()) {
        if (!keyed) {
          icon_key(out);
          keyed = true;
        }
        summary_table(out, section.summary);
      }
      out += section.wide ? "<div class=\"figures wide\">\n" : "<div class=\"figures\">\n";
      for (std::size_t k = 0; k < section.figures.size(); ++k) {
        const auto& f = section.figures[k];
        out += "<figure id=\"" + escape(section.id) + "-" + std::to_string(k + 1) + "\">" + f.svg;
        if (!f.caption.empty()) {
          out += "<figcaption>" + escape(f.caption) + "</figcaption>";
        }
        out += "</figure>\n";
      }
      out += "</div></section>\n";
    }
    out += "</section>\n";
  }
  out += "</main>\n<footer><p id=\"cmx-check\">Self-check not run (scripts are off).</p>";
  if (!page.notes.empty()) {
    out += "<ul>";
    for (const auto& note : page.notes) {
      out += "<li>" + escape(note) + "</li>";
    }
    out += "</ul>";
  }
  out += "</footer>\n<script>" + std::string(script) + "</script>\n</body></html>\n";
  return out;
}

}  // namespace cmx::render
