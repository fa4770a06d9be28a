#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "cmx/system/io.hpp"
#include "cmx/system/system_graph.hpp"
#include "unit/system/system_test_util.hpp"

using cmx::status;
using namespace cmx::system;
using cmx::test::thrown;
using strings = std::vector<std::string>;

namespace {

system_graph small() {
  return read_system_json(cmx::test::small_system_json(), "small.json");
}

membership tie(const std::string& from, const std::string& to,
               membership_type type = membership_type::part_of, double weight = 1.0) {
  membership m;
  m.from = from;
  m.to = to;
  m.type = type;
  m.weight = weight;
  return m;
}

system_definition def_of(std::vector<unit> units, std::vector<membership> memberships) {
  system_definition d;
  d.source = "def.json";
  d.units = std::move(units);
  d.memberships = std::move(memberships);
  return d;
}

}  // namespace

TEST_CASE("system: JSON is read into units, memberships, populations, pathways") {
  const auto g = small();
  REQUIRE(g.unit_count() == 7);
  CHECK(g.units()[3].kind == "ED");
  REQUIRE(g.units()[3].attributes.size() == 1);
  CHECK(g.units()[3].attributes[0].second == "12");
  CHECK(g.units()[6].lvl == level::support_microsystem);
  CHECK(g.memberships()[3].weight == 0.6);
  CHECK(g.memberships()[7].type == membership_type::serves);
  // "2024-12-31" as the end of a validity period includes that day.
  CHECK(*g.memberships()[4].valid_until == *parse_instant("2025-01-01"));
  CHECK(g.populations()[0].units == strings{"x", "y"});
  REQUIRE(g.pathway_by_id("p").steps.size() == 3);
  CHECK(g.pathway_by_id("p").steps[1].optional);
}

TEST_CASE("system: hierarchy queries") {
  const auto g = small();
  CHECK(g.parents("y") == strings{"a", "b"});
  CHECK(g.children("a") == strings{"x", "y"});
  CHECK(g.children("m") == strings{"a", "b", "s"});
  CHECK(g.ancestors("y") == strings{"a", "b", "m"});
  CHECK(g.descendants("m") == strings{"a", "b", "s", "x", "y", "z"});
  CHECK(g.descendants("m", {level::clinical_microsystem, {}}) == strings{"x", "y", "z"});
  CHECK(g.mesosystems_of("y") == strings{"a", "b"});
  CHECK(g.mesosystems_of("x") == strings{"a"});
  CHECK(g.microsystems_of("a") == strings{"x", "y", "s"});
  CHECK(g.microsystems_of("b") == strings{"y", "z"});
  CHECK(g.paths_to_macrosystem("y") == std::vector<strings>{{"y", "a", "m"}, {"y", "b", "m"}});
  CHECK(g.paths_to_macrosystem("m") == std::vector<strings>{{"m"}});
  CHECK(g.paths_to_macrosystem("s") == std::vector<strings>{{"s", "m"}});
}

TEST_CASE("system: queries at a date honour validity periods") {
  const auto g = small();
  const auto before = parse_instant("2023-06-01");
  const auto during = parse_instant("2024-12-31T23:00:00Z");
  const auto after = parse_instant("2025-01-01");
  CHECK(g.parents("y", {std::nullopt, before}) == strings{"a"});
  CHECK(g.parents("y", {std::nullopt, during}) == strings{"a", "b"});
  CHECK(g.parents("y", {std::nullopt, after}) == strings{"a"});
  CHECK(g.microsystems_of("b", after) == strings{"z"});
  CHECK(g.paths_to_macrosystem("y", after) == std::vector<strings>{{"y", "a", "m"}});
}

TEST_CASE("system: an unknown unit in a query is not_found") {
  const auto e = thrown([] { (void)small().parents("nope"); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().field == "unit");
}

TEST_CASE("system: a part_of cycle is an error naming the cycle") {
  const auto e = thrown([] {
    (void)system_graph::build(def_of({{"a", "", level::mesosystem, "", {}},
                                      {"b", "", level::mesosystem, "", {}},
                                      {"c", "", level::mesosystem, "", {}}},
                                     {tie("a", "b"), tie("b", "c"), tie("c", "a")}));
  });
  CHECK(e.code() == status::inconsistent);
  CHECK(std::string(e.what()).find("a -> b -> c -> a") != std::string::npos);
  CHECK(e.where().source == "def.json");
  CHECK(e.where().field == "/memberships/2");

  const auto two = thrown([] {
    (void)system_graph::build(
        def_of({{"a", "", level::mesosystem, "", {}}, {"b", "", level::mesosystem, "", {}}},
               {tie("a", "b"), tie("b", "a")}));
  });
  CHECK(std::string(two.what()).find("a -> b -> a") != std::string::npos);
}

TEST_CASE("system: level inversion, weights, unknown and duplicate ids are precise errors") {
  const unit macro{"big", "", level::macrosystem, "", {}};
  const unit micro{"ed", "", level::clinical_microsystem, "", {}};
  auto e = thrown([&] { (void)system_graph::build(def_of({macro, micro}, {tie("big", "ed")})); });
  CHECK(e.code() == status::inconsistent);
  CHECK(e.message().find("level inversion") != std::string::npos);
  CHECK(e.where().field == "/memberships/0");

  membership heavy = tie("ed", "big");
  heavy.weight = 1.5;
  e = thrown([&] { (void)system_graph::build(def_of({macro, micro}, {heavy})); });
  CHECK(e.code() == status::out_of_range);
  CHECK(e.where().field == "/memberships/0/weight");

  heavy.weight = -0.1;
  e = thrown([&] { (void)system_graph::build(def_of({macro, micro}, {heavy})); });
  CHECK(e.where().field == "/memberships/0/weight");

  e = thrown([&] { (void)system_graph::build(def_of({macro, micro}, {tie("ed", "nowhere")})); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().field == "/memberships/0/to");

  e = thrown([&] { (void)system_graph::build(def_of({macro, micro, macro}, {})); });
  CHECK(e.code() == status::bad_input);
  CHECK(e.where().field == "/units/2/id");

  const membership serve = tie("ed", "big", membership_type::serves);
  e = thrown([&] { (void)system_graph::build(def_of({macro, micro}, {serve})); });
  CHECK(e.code() == status::inconsistent);
  CHECK(e.where().field == "/memberships/0/from");
}

TEST_CASE("system: malformed JSON names line and column; bad members name their pointer") {
  auto e = thrown([] { (void)parse_system_json("{\n  \"units\": [\n  }", "bad.json"); });
  CHECK(e.code() == status::parse);
  CHECK(e.where().source == "bad.json");
  CHECK(e.where().line == 3);

  e = thrown([] {
    (void)parse_system_json(R"({"units": [{"id": "a", "level": "galaxy"}]})", "lvl.json");
  });
  CHECK(e.code() == status::parse);
  CHECK(e.where().field == "/units/0/level");

  e = thrown([] {
    (void)parse_system_json(
        R"({"units": [{"id": "a", "level": "mesosystem"}], "memberships": [{"from": "a", "to": "a", "weight": "x"}]})");
  });
  CHECK(e.where().field == "/memberships/0/weight");

  e = thrown([] { (void)parse_system_json(R"({"units": [], "unit": []})"); });
  CHECK(e.where().field == "/unit");

  e = thrown([] {
    (void)read_system_json(
        R"({"units": [{"id": "a", "level": "mesosystem"}], "pathways": [{"id": "p", "steps": ["q"]}]})");
  });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().field == "/pathways/0/steps/0/units/0");

  e = thrown([] {
    (void)parse_system_json(
        R"({"units": [], "memberships": [{"from": "a", "to": "b", "valid_from": "2024-13-01"}]})");
  });
  CHECK(e.where().field == "/memberships/0/valid_from");
}

TEST_CASE("system: ISO 8601 instants") {
  CHECK(parse_instant("1970-01-01") == 0);
  CHECK(parse_instant("1970-01-02T00:00:01Z") == 86401);
  CHECK(parse_instant("2024-02-29T12:30") ==
        *parse_instant("2024-02-29") + std::int64_t{12} * 3600 + 1800);
  CHECK(parse_instant("2024-01-01T02:00:00+02:00") == parse_instant("2024-01-01"));
  CHECK(parse_instant("2024-01-01 00:00:00.250") == parse_instant("2024-01-01"));
  CHECK_FALSE(parse_instant("2023-02-29"));
  CHECK_FALSE(parse_instant("2024-01-01T25:00"));
  CHECK_FALSE(parse_instant("01/02/2024"));
  CHECK_FALSE(parse_instant("2024-01-01Tx"));
  CHECK(format_instant(86401) == "1970-01-02T00:00:01Z");
  CHECK(is_date_only("2024-05-06"));
  CHECK_FALSE(is_date_only("2024-05-06T00:00"));
}

TEST_CASE("system json: a number beyond the range of double is a parse error, not a crash") {
  // Found by the system_json fuzzer: nlohmann throws out_of_range (406), not parse_error.
  auto e = thrown([] { (void)parse_system_json(R"({"units": 5555555555555e655})", "big.json"); });
  CHECK(e.code() == cmx::status::parse);
  CHECK(e.where().source == "big.json");
}
