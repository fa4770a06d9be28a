// The HTML data wall: self-contained (no network reference), escaped, printable, self-checking.
#include <catch2/catch.hpp>
#include <string>

#include "cmx/render/data_wall.hpp"
#include "cmx/render/mdc_icons.hpp"

TEST_CASE("data_wall_html: a self-contained page", "[render][wall]") {
  cmx::render::wall page;
  page.title = "Wall <of> data & more";
  cmx::render::wall_board board;
  board.id = "b1";
  board.title = "Board";
  cmx::render::wall_section section;
  section.id = "b1-s";
  section.heading = "Charts";
  section.figures.push_back({"caption \"quoted\"",
                             "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                             "width=\"10\" height=\"10\"></svg>"});
  cmx::render::summary_row row;
  row.unit = "Ward 7";
  row.measure = "Falls";
  row.variation = cmx::spc::mdc::point_type::special_cause_concern;
  row.direction = cmx::spc::mdc::improvement::decrease;
  row.assurance = cmx::spc::mdc::assurance::inconsistent;
  row.anchor = "b1-s-1";
  section.summary.push_back(row);
  board.sections.push_back(section);
  page.boards.push_back(board);
  page.notes = {"Source: <somewhere>"};
  const std::string html = cmx::render::data_wall_html(page);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<title>Wall &lt;of&gt; data &amp; more</title>") != std::string::npos);
  CHECK(html.find("caption &quot;quoted&quot;") != std::string::npos);
  CHECK(html.find("Source: &lt;somewhere&gt;") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("id=\"cmx-check\"") != std::string::npos);
  CHECK(html.find("href=\"#b1-s-1\"") != std::string::npos);
  CHECK(html.find(cmx::render::variation_text(row.variation, row.direction)) != std::string::npos);
  // Nothing is fetched: no src= or link, and the only URL is the SVG namespace.
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  std::size_t urls = 0;
  for (std::size_t at = html.find("http"); at != std::string::npos;
       at = html.find("http", at + 1)) {
    CHECK(html.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
    ++urls;
  }
  CHECK(urls > 0);
}
