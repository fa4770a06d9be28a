#include <catch2/catch.hpp>
#include <string>

#include "cmx/error.hpp"

TEST_CASE("an error's text names the place, then the message", "[core]") {
  const cmx::error e(cmx::status::parse, "expected a number, got 'abc'",
                     cmx::location{"data.csv", 7, 4, "n"});
  CHECK(std::string(e.what()) == "data.csv:7:4: field 'n': expected a number, got 'abc'");
  CHECK(e.message() == "expected a number, got 'abc'");
  CHECK(e.code() == cmx::status::parse);
  CHECK(e.where().line == 7);
}

TEST_CASE("unknown parts of a location are left out", "[core]") {
  CHECK(cmx::location{"", 0, 0, "lambda"}.to_string() == "field 'lambda'");
  CHECK(cmx::location{"", 5, 0, ""}.to_string() == "line 5");
  CHECK(cmx::location{"x.json", 0, 0, "/units/3/id"}.to_string() == "x.json: field '/units/3/id'");
  const cmx::error bare(cmx::status::bad_input, "empty series");
  CHECK(std::string(bare.what()) == "empty series");
}

TEST_CASE("every status has a description", "[core]") {
  for (int code = 0; code <= static_cast<int>(cmx::status::internal); ++code) {
    CHECK(std::string(cmx::to_string(static_cast<cmx::status>(code))) != "unknown status");
  }
}
