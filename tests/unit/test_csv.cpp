#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "cmx/io/csv.hpp"

namespace {
cmx::io::csv_table parse(const std::string& text) {
  std::istringstream in(text);
  return cmx::io::read_csv(in, "t.csv");
}
}  // namespace

TEST_CASE("csv: header, rows, quoting and CRLF", "[io][csv]") {
  const auto t = parse("x,y,name\r\n1,2.5,\"a, b\"\r\n\n3,,\"say \"\"hi\"\"\"\n");
  REQUIRE(t.row_count() == 2);
  CHECK(t.column("name") == 2);
  CHECK(t.cell(0, 2) == "a, b");
  CHECK(t.cell(1, 2) == "say \"hi\"");
  CHECK(t.line(1) == 4);
  CHECK(t.number(0, 1) == Approx(2.5));
  CHECK_FALSE(t.number(1, 1).has_value());
}

TEST_CASE("csv: errors name the place", "[io][csv]") {
  const auto t = parse("x,y\n1,abc\n2,nan\n");
  try {
    (void)t.number(0, 1);
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::parse);
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 2);
    CHECK(e.where().field == "y");
  }
  CHECK_THROWS_AS(t.number(1, 1), cmx::error);
  CHECK(t.required_number(0, 0) == 1.0);
  CHECK_THROWS_AS((void)t.column("n"), cmx::error);
  CHECK_THROWS_WITH(parse("a,b\n1,2,3\n"), "t.csv:2: expected 2 fields, found 3");
  CHECK_THROWS_WITH(parse("a,b\n1,\"2\n"), "t.csv:2:3: quoted field 2 is never closed");
  CHECK_THROWS_WITH(parse(""), "t.csv:1: empty input: a header line is required");
  CHECK_THROWS_WITH(parse("a,a\n"), "t.csv:1: field 'a': column 'a' appears twice in the header");
}
