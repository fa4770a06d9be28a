// FHIR Organizations and OrganizationAffiliations become a system graph: levels by place in the
// partOf tree, part_of and affiliated memberships, and the graph's own checks on the result.
#include <catch2/catch.hpp>
#include <string>

#include "cmx/error.hpp"
#include "cmx/io/fhir.hpp"
#include "cmx/system/system_graph.hpp"

namespace {

const char* const bundle = R"({"resourceType": "Bundle", "type": "collection", "entry": [
  {"resource": {"resourceType": "Organization", "id": "trust", "name": "Trust"}},
  {"resource": {"resourceType": "Organization", "id": "medicine",
                "partOf": {"reference": "Organization/trust"}}},
  {"resource": {"resourceType": "Organization", "id": "ward-7",
                "partOf": {"reference": "Organization/medicine"}}},
  {"resource": {"resourceType": "Organization", "id": "pharmacy",
                "type": [{"coding": [{"code": "support_microsystem"}]}],
                "partOf": {"reference": "Organization/trust"}}},
  {"resource": {"resourceType": "OrganizationAffiliation", "id": "aff", "active": true,
                "period": {"start": "2024-01-01", "end": "2024-12-31"},
                "organization": {"reference": "Organization/ward-7"},
                "participatingOrganization": {"reference": "Organization/pharmacy"}}},
  {"resource": {"resourceType": "OrganizationAffiliation", "id": "old", "active": false,
                "organization": {"reference": "Organization/ward-7"},
                "participatingOrganization": {"reference": "Organization/trust"}}}
]})";

}  // namespace

TEST_CASE("fhir: Organizations and affiliations build a system graph", "[io][fhir]") {
  using cmx::system::level;
  const auto orgs = cmx::io::read_organizations(bundle, "orgs.json");
  const auto g = cmx::system::system_graph::build(cmx::io::to_system_definition(orgs, "orgs.json"));
  REQUIRE(g.unit_count() == 4);
  CHECK(g.units()[g.index_of("trust")].lvl == level::macrosystem);
  CHECK(g.units()[g.index_of("medicine")].lvl == level::mesosystem);
  CHECK(g.units()[g.index_of("ward-7")].lvl == level::clinical_microsystem);
  CHECK(g.units()[g.index_of("pharmacy")].lvl == level::support_microsystem);  // its type code
  CHECK(g.ancestors("ward-7") == std::vector<std::string>{"medicine", "trust"});
  CHECK(g.mesosystems_of("ward-7") == std::vector<std::string>{"medicine"});
  // One affiliated membership (the inactive one is left out), valid through 31 December.
  std::size_t affiliated = 0;
  for (const auto& m : g.memberships()) {
    if (m.type == cmx::system::membership_type::affiliated) {
      ++affiliated;
      CHECK(m.from == "pharmacy");
      CHECK(m.to == "ward-7");
      CHECK(m.active_at(cmx::system::parse_instant("2024-12-31T23:00:00Z")));
      CHECK_FALSE(m.active_at(cmx::system::parse_instant("2025-01-01")));
      CHECK_FALSE(m.active_at(cmx::system::parse_instant("2023-12-31")));
    }
  }
  CHECK(affiliated == 1);
}

TEST_CASE("fhir: a partOf cycle or a bad affiliation date is an error naming it", "[io][fhir]") {
  const char* cycle = R"({"resourceType": "Bundle", "type": "collection", "entry": [
    {"resource": {"resourceType": "Organization", "id": "a", "partOf": {"reference": "Organization/b"}}},
    {"resource": {"resourceType": "Organization", "id": "b", "partOf": {"reference": "Organization/a"}}}
  ]})";
  const auto orgs = cmx::io::read_organizations(cycle, "cycle.json");
  CHECK_THROWS_WITH(
      cmx::system::system_graph::build(cmx::io::to_system_definition(orgs, "cycle.json")),
      Catch::Contains("cycle"));

  cmx::io::fhir_organizations bad;
  bad.organizations.push_back({"x", "", "", true, ""});
  bad.affiliations.push_back({"aff-1", "x", "x", "", "last spring", "", true});
  try {
    (void)cmx::io::to_system_definition(bad, "bad.json");
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::bad_input);
    CHECK(e.where().field == "period.start");
    CHECK(std::string(e.what()).find("aff-1") != std::string::npos);
  }
}
