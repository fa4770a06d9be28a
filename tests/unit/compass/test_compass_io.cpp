// Reading measures JSON, observations CSV and hierarchies, with errors naming the place.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"

namespace {

std::string measure_error(const std::string& json) {
  try {
    (void)cmx::io::read_measures_json(json, "m.json");
  } catch (const cmx::error& e) {
    CHECK(e.where().source == "m.json");
    return e.where().field;
  }
  FAIL("no error for " << json);
  return {};
}

const char* const good =
    R"({"id":"m","point":"west","scoring":"rate","multiplier":1000,"direction":"lower",)"
    R"("floor":10,"target":2,"mid":1,"weight":2})";

}  // namespace

TEST_CASE("compass io: measures JSON", "[compass][io]") {
  const auto ms = cmx::io::read_measures_json(std::string("{\"measures\":[") + good + "]}", "m");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].direction == cmx::compass::improvement::lower_is_better);
  CHECK(ms[0].scoring == cmx::compass::scoring_kind::rate);
  CHECK(ms[0].multiplier == 1000);
  CHECK(ms[0].weight == 2);
  CHECK(ms[0].target == 2);
  CHECK(measure_error(R"([{"id":"m","point":"west","scoring":"rate"}])") == "/0/direction");
  CHECK(measure_error(R"([{"id":"m","point":"up","scoring":"rate","direction":"lower"}])") ==
        "/0/point");
  CHECK(measure_error(std::string("[") + good + "," + good + "]") == "/1/id");
  CHECK(
      measure_error(
          R"({"measures":[{"id":"m","point":"west","scoring":"rate","direction":"lower","floor":2,"target":2}]})") ==
      "/measures/0/target");
  CHECK(measure_error(R"([{"id":"m","point":"west","scoring":"rate","direction":"sideways"}])") ==
        "/0/direction");
}

TEST_CASE("compass io: observations CSV keep their provenance", "[compass][io]") {
  std::istringstream in(
      "measure,unit,period,numerator,denominator,note\nm,A,2024-01,3,40,x\nm,B,2024-01,,,\n");
  const auto obs = cmx::io::read_observations(cmx::io::read_csv(in, "o.csv"));
  REQUIRE(obs.size() == 2);
  CHECK(obs[0].numerator == 3);
  CHECK(obs[0].origin.source == "o.csv");
  CHECK(obs[1].origin.row == 3);
  CHECK_FALSE(obs[1].numerator.has_value());
  std::istringstream missing("measure,unit\nm,A\n");
  CHECK_THROWS_WITH(cmx::io::read_observations(cmx::io::read_csv(missing, "o.csv")),
                    Catch::Contains("period"));
}

TEST_CASE("compass io: hierarchy JSON and FHIR Organizations", "[compass][io]") {
  const auto edges = cmx::io::read_hierarchy_json(
      R"({"edges":[{"child":"a","parent":"m","weight":0.5},{"child":"m","parent":"t"}]})", "h");
  REQUIRE(edges.size() == 2);
  CHECK(edges[0].weight == 0.5);
  CHECK(edges[1].weight == 1.0);
  const auto fhir = cmx::io::read_hierarchy_json(
      R"({"resourceType":"Organization","id":"w","partOf":{"reference":"Organization/d"}})", "o");
  REQUIRE(fhir.size() == 1);
  CHECK(fhir[0].child == "w");
  CHECK(fhir[0].parent == "d");
  try {
    (void)cmx::io::read_hierarchy_json(R"({"edges":[{"child":"a","parent":"m","weight":2}]})",
                                       "h.json");
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().field == "/edges/0/weight");
  }
}
