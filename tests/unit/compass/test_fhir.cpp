// FHIR R4 reading and writing against the HL7 proportion example and invalid inputs.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cmx/error.hpp"
#include "cmx/io/fhir.hpp"

namespace {

const std::string data_dir = std::string(CMX_SOURCE_DIR) + "/tests/data/compass/";

std::string error_path(const std::string& text) {
  try {
    (void)cmx::io::read_measure_reports(text, "t.json");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::parse);
    CHECK(e.where().source == "t.json");
    return e.where().field;
  }
  FAIL("no error for " << text);
  return {};
}

std::string pop(const char* code, const char* count) {
  return std::string(R"({"code":{"coding":[{"code":")") + code + R"("}]},"count":)" + count + "}";
}

std::string report(const std::string& pops, const std::string& extra = "") {
  return R"({"resourceType":"MeasureReport","id":"r1","status":"complete","type":"summary",)"
         R"("measure":"http://x/Measure/m1","period":{"start":"2024-01-01","end":"2024-01-31"})" +
         extra + R"(,"group":[{"population":[)" + pops + "]}]}";
}

}  // namespace

TEST_CASE("fhir: the HL7 proportion example, (3 - 1) / (6 - 1 - 1) = 0.5", "[io][fhir]") {
  const auto groups =
      cmx::io::read_measure_reports_file(data_dir + "measurereport_proportion.json");
  REQUIRE(groups.size() == 1);
  const auto& g = groups[0];
  CHECK(g.report_id == "measurereport-proportion-example");
  CHECK(g.group_id == "group-1");
  CHECK(g.subject == "Organization/ward-7");
  CHECK(g.period_start == "2024-01-01");
  CHECK(g.period_end == "2024-03-31");
  CHECK(g.counts.initial_population == 6);
  CHECK(g.counts.numerator == 3);
  CHECK(g.counts.numerator_exclusion == 1);
  CHECK(g.counts.denominator == 6);
  CHECK(g.counts.denominator_exclusion == 1);
  CHECK(g.counts.denominator_exception == 1);
  CHECK(g.score == 0.5);
  CHECK(g.measure_score == 0.5);

  const auto obs = cmx::io::to_observations(groups, "file.json");
  REQUIRE(obs.size() == 1);
  CHECK(obs[0].measure == "diabetes-hba1c");
  CHECK(obs[0].unit == "ward-7");
  CHECK(obs[0].numerator == 2);
  CHECK(obs[0].denominator == 4);
  CHECK(obs[0].value == 0.5);
  CHECK(obs[0].origin.report_id == "measurereport-proportion-example");
}

TEST_CASE("fhir: written MeasureReports are valid and keep every count", "[io][fhir]") {
  const auto groups =
      cmx::io::read_measure_reports_file(data_dir + "measurereport_proportion.json");
  const auto text = cmx::io::write_measure_reports(groups);
  const auto j = nlohmann::json::parse(text);
  CHECK(j["resourceType"] == "MeasureReport");
  CHECK(j["status"] == "complete");  // required 1..1 in R4
  CHECK(j["type"] == "summary");     // required 1..1
  CHECK(j["period"]["start"] == "2024-01-01");
  CHECK(j["group"][0]["population"].size() == 6);
  const auto again = cmx::io::read_measure_reports(text, "round-trip");
  REQUIRE(again.size() == 1);
  CHECK(again[0].counts.numerator_exclusion == 1);
  CHECK(again[0].counts.denominator_exception == 1);
  CHECK(again[0].score == 0.5);

  // Observations out as a Bundle, then back.
  cmx::compass::observation a;
  a.measure = "readmission";
  a.unit = "ward-1";
  a.period_start = "2024-02-01";
  a.period_end = "2024-02-29";
  a.numerator = 3;
  a.denominator = 40;
  auto b = a;
  b.unit = "ward-2";
  b.numerator = 5;
  const std::vector<cmx::compass::observation> obs{a, b};
  const auto bundle = cmx::io::write_measure_reports(obs);
  const auto jb = nlohmann::json::parse(bundle);
  CHECK(jb["resourceType"] == "Bundle");
  CHECK(jb["type"] == "collection");
  const auto back = cmx::io::to_observations(cmx::io::read_measure_reports(bundle, "b"), "b");
  REQUIRE(back.size() == 2);
  CHECK(back[1].unit == "ward-2");
  CHECK(back[1].measure == "readmission");
  CHECK(back[1].numerator == 5);
  CHECK(back[1].value == Approx(5.0 / 40.0));
  a.period_end.clear();
  const std::vector<cmx::compass::observation> bad{a};
  CHECK_THROWS_AS(cmx::io::write_measure_reports(bad), cmx::error);
  a.period_end = "2024-02-29";
  a.numerator = 2.5;
  const std::vector<cmx::compass::observation> fractional{a};
  CHECK_THROWS_WITH(cmx::io::write_measure_reports(fractional),
                    Catch::Contains("must be a whole number"));
}

TEST_CASE("fhir: invalid FHIR names the JSON path", "[io][fhir]") {
  const std::string ok = pop("numerator", "3") + "," + pop("denominator", "6");
  CHECK(cmx::io::read_measure_reports(report(ok), "t.json").at(0).score == 0.5);
  CHECK(error_path(report(pop("numerator", "3") + "," + pop("denominator", "-6"))) ==
        "/group/0/population/1/count");
  CHECK(error_path(report(pop("numerator", "3") + "," + pop("denominator", "6.5"))) ==
        "/group/0/population/1/count");
  CHECK(error_path(report(pop("numerator", "\"3\""))) == "/group/0/population/0/count");
  CHECK(error_path(report(ok + "," + pop("numerator", "1"))) == "/group/0/population/2/code");
  CHECK(error_path(report(pop("numerator", "7") + "," + pop("denominator", "6"))) ==
        "/group/0/population");
  CHECK(error_path(R"({"resourceType":"MeasureReport","type":"summary"})") == "/status");
  CHECK(error_path(R"({"resourceType":"MeasureReport","status":"done","type":"summary"})") ==
        "/status");
  CHECK(error_path(R"({"resourceType":"Patient"})") == "/resourceType");
  CHECK(error_path(R"({"status":"complete"})") == "/resourceType");
  // A Bundle: the fourth entry's group has a bad count.
  std::string bundle = R"({"resourceType":"Bundle","type":"collection","entry":[)";
  for (int i = 0; i < 3; ++i) {
    bundle += R"({"resource":)" + report(ok) + "},";
  }
  bundle +=
      R"({"resource":)" + report(pop("numerator", "3") + "," + pop("denominator", "1e400")) + "}]}";
  CHECK_THROWS_WITH(cmx::io::read_measure_reports(bundle, "t.json"),
                    Catch::Contains("malformed JSON") && Catch::Contains("1e400"));
  bundle.replace(bundle.find("1e400"), 5, "-1");
  CHECK(error_path(bundle) == "/entry/3/resource/group/0/population/1/count");
  // Malformed JSON: a line and column, no path.
  try {
    (void)cmx::io::read_measure_reports("{\n  \"resourceType\": \"MeasureReport\",\n  oops",
                                        "m.json");
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.code() == cmx::status::parse);
    CHECK(e.where().line == 3);
  }
}

TEST_CASE("fhir: Organization partOf and OrganizationAffiliation", "[io][fhir]") {
  const std::string text = [] {
    // Through rdbuf(): GCC 12 warns falsely (-Wnull-dereference) inside istreambuf_iterator.
    std::ifstream in(data_dir + "organizations_bundle.json", std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return contents.str();
  }();
  const auto orgs = cmx::io::read_organizations(text, "orgs.json");
  REQUIRE(orgs.organizations.size() == 3);
  CHECK(orgs.organizations[0].id == "trust");
  CHECK(orgs.organizations[0].part_of.empty());
  CHECK(orgs.organizations[0].type == "prov");
  CHECK(orgs.organizations[1].part_of == "trust");
  CHECK(orgs.organizations[2].part_of == "medicine");
  REQUIRE(orgs.affiliations.size() == 1);
  CHECK(orgs.affiliations[0].organization == "ward-7");
  CHECK(orgs.affiliations[0].participating_organization == "pharmacy");
  CHECK(orgs.affiliations[0].role == "provider");
  CHECK(orgs.affiliations[0].period_end == "2024-12-31");
  try {
    (void)cmx::io::read_organizations(
        R"({"resourceType":"Bundle","entry":[{"resource":{"resourceType":"OrganizationAffiliation","organization":{"reference":"Organization/a"}}}]})",
        "o.json");
    FAIL("no error");
  } catch (const cmx::error& e) {
    CHECK(e.where().field == "/entry/0/resource/participatingOrganization");
  }
}
