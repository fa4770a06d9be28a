// FHIR R4 MeasureReport, Organization and OrganizationAffiliation (https://hl7.org/fhir/R4/).
#include "cmx/io/fhir.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>

#include "cmx/error.hpp"
#include "io/fhir_json.hpp"
#include "io/json_teardown.hpp"
#include "io/read_all.hpp"

namespace cmx::io {
namespace {

using detail::fhir_reader;
using nlohmann::json;

constexpr const char* population_system =
    "http://terminology.hl7.org/CodeSystem/measure-population";

bool one_of(const std::string& value, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return value == a; });
}

std::optional<double>* count_slot(fhir_population_counts& c, const std::string& code) {
  if (code == "initial-population") {
    return &c.initial_population;
  }
  if (code == "numerator") {
    return &c.numerator;
  }
  if (code == "numerator-exclusion") {
    return &c.numerator_exclusion;
  }
  if (code == "denominator") {
    return &c.denominator;
  }
  if (code == "denominator-exclusion") {
    return &c.denominator_exclusion;
  }
  if (code == "denominator-exception") {
    return &c.denominator_exception;
  }
  return nullptr;  // measure-population, measure-observation...: not part of a proportion
}

void read_group(const fhir_reader& r, const json& group, const std::string& path,
                fhir_measure_group& out) {
  if (!group.is_object()) {
    r.fail(path, "a group must be an object");
  }
  out.path = path;
  out.group_id = r.opt_string(group, path, "id").value_or("");
  if (out.group_id.empty()) {
    out.group_id = r.first_code(group, path, "code");
  }
  if (const auto* pops = r.opt_array(group, path, "population")) {
    for (std::size_t i = 0; i < pops->size(); ++i) {
      const auto pop_path = path + "/population/" + std::to_string(i);
      const auto& pop = (*pops)[i];
      if (!pop.is_object()) {
        r.fail(pop_path, "a population must be an object");
      }
      const auto code = r.first_code(pop, pop_path, "code");
      if (code.empty()) {
        r.fail(pop_path + "/code", "a population needs a code (measure-population code system)");
      }
      const auto count = r.opt_count(pop, pop_path, "count");
      auto* slot = count_slot(out.counts, code);
      if (slot == nullptr) {
        continue;
      }
      if (slot->has_value()) {
        r.fail(pop_path + "/code", "population '" + code + "' appears twice in the group");
      }
      *slot = count;
    }
  }
  if (const auto* score = r.opt_object(group, path, "measureScore")) {
    out.measure_score = r.opt_decimal(*score, path + "/measureScore", "value");
  }
  const auto& c = out.counts;
  if (c.numerator && c.numerator_exclusion && *c.numerator_exclusion > *c.numerator) {
    r.fail(path + "/population", "numerator-exclusion exceeds the numerator");
  }
  if (c.denominator && c.denominator.value() - c.denominator_exclusion.value_or(0) -
                               c.denominator_exception.value_or(0) <
                           0) {
    r.fail(path + "/population", "denominator exclusions and exceptions exceed the denominator");
  }
  if (c.numerator && c.denominator &&
      *c.numerator - c.numerator_exclusion.value_or(0) > *c.denominator -
                                                             c.denominator_exclusion.value_or(0) -
                                                             c.denominator_exception.value_or(0)) {
    r.fail(path + "/population", "the net numerator exceeds the net denominator");
  }
  out.score = fhir_proportion_score(c);
  if (!out.score) {
    out.score = out.measure_score;
  }
}

void read_report(const fhir_reader& r, const json& report, const std::string& path,
                 std::vector<fhir_measure_group>& out) {
  fhir_measure_group base;
  base.report_id = r.opt_string(report, path, "id").value_or("");
  base.status = r.string(report, path, "status");
  if (!one_of(base.status, {"complete", "pending", "error"})) {
    r.fail(path + "/status", "status '" + base.status + "' is not complete, pending or error");
  }
  base.type = r.string(report, path, "type");
  if (!one_of(base.type, {"individual", "subject-list", "summary", "data-collection"})) {
    r.fail(path + "/type",
           "type '" + base.type + "' is not individual, subject-list, summary or data-collection");
  }
  base.measure = r.string(report, path, "measure");
  const auto& period = r.object(report, path, "period");
  base.period_start = r.opt_string(period, path + "/period", "start").value_or("");
  base.period_end = r.opt_string(period, path + "/period", "end").value_or("");
  if (const auto* subject = r.opt_object(report, path, "subject")) {
    base.subject = r.opt_string(*subject, path + "/subject", "reference").value_or("");
  }
  if (base.subject.empty()) {
    if (const auto* reporter = r.opt_object(report, path, "reporter")) {
      base.subject = r.opt_string(*reporter, path + "/reporter", "reference").value_or("");
    }
  }
  const auto* groups = r.opt_array(report, path, "group");
  if (groups == nullptr) {
    return;
  }
  for (std::size_t i = 0; i < groups->size(); ++i) {
    fhir_measure_group g = base;
    read_group(r, (*groups)[i], path + "/group/" + std::to_string(i), g);
    out.push_back(std::move(g));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(status::io, "cannot open the file", location{path, 0, 0, ""});
  }
  return detail::read_all(in);
}

// The canonical's id: last path segment, without a "|version".
std::string canonical_id(std::string canonical) {
  if (const auto bar = canonical.find('|'); bar != std::string::npos) {
    canonical.erase(bar);
  }
  if (const auto slash = canonical.rfind('/'); slash != std::string::npos) {
    canonical.erase(0, slash + 1);
  }
  return canonical;
}

// {key: value}. The writers build documents from such parts rather than from initializer lists,
// whose temporaries would be destroyed non-empty (an allocation: see io/json_teardown.hpp).
json object_of(const char* key, json value) {
  json o = json::object();
  o[key] = std::move(value);
  return o;
}

json count_json(const char* code, double count, const std::string& where) {
  if (!(count >= 0) || count != std::floor(count) || count > 2147483647.0) {
    throw error(
        status::bad_input,
        std::string("population '") + code + "' must be a whole number >= 0 to be written as FHIR",
        location{where, 0, 0, code});
  }
  json p = json::object();
  json coding = object_of("system", population_system);
  coding["code"] = code;
  json codings = json::array();
  codings.push_back(std::move(coding));
  p["code"] = object_of("coding", std::move(codings));
  p["count"] = static_cast<std::uint64_t>(count);
  return p;
}

json report_json(const fhir_measure_group& g, const std::string& where) {
  if (g.measure.empty() || g.period_start.empty() || g.period_end.empty()) {
    throw error(status::bad_input,
                "a MeasureReport needs a measure, a period start and a period end",
                location{where, 0, 0, g.measure.empty() ? "measure" : "period"});
  }
  json report = json::object();
  report["resourceType"] = "MeasureReport";
  if (!g.report_id.empty()) {
    report["id"] = g.report_id;
  }
  report["status"] = g.status.empty() ? "complete" : g.status;
  report["type"] = g.type.empty() ? "summary" : g.type;
  report["measure"] = g.measure;
  if (!g.subject.empty()) {
    report["subject"] = object_of("reference", g.subject);
  }
  json period = object_of("start", g.period_start);
  period["end"] = g.period_end;
  report["period"] = std::move(period);
  json group = json::object();
  if (!g.group_id.empty()) {
    group["id"] = g.group_id;
  }
  json pops = json::array();
  const auto& c = g.counts;
  const std::array<std::pair<const char*, const std::optional<double>*>, 6> all{{
      {"initial-population", &c.initial_population},
      {"numerator", &c.numerator},
      {"numerator-exclusion", &c.numerator_exclusion},
      {"denominator", &c.denominator},
      {"denominator-exclusion", &c.denominator_exclusion},
      {"denominator-exception", &c.denominator_exception},
  }};
  for (const auto& [code, value] : all) {
    if (value->has_value()) {
      pops.push_back(count_json(code, **value, where));
    }
  }
  if (!pops.empty()) {
    group["population"] = std::move(pops);
  }
  const auto score = g.score ? g.score : g.measure_score;
  if (score) {
    if (!std::isfinite(*score)) {
      throw error(status::bad_input, "the score must be finite", location{where, 0, 0, "score"});
    }
    group["measureScore"] = object_of("value", *score);
  }
  json groups = json::array();
  groups.push_back(std::move(group));
  report["group"] = std::move(groups);
  return report;
}

std::string write_reports(const std::vector<json>& reports, bool bundle) {
  if (reports.size() == 1 && !bundle) {
    return reports.front().dump(2);
  }
  json b = json::object();
  const detail::json_teardown bundle_teardown(b);
  b["resourceType"] = "Bundle";
  b["type"] = "collection";
  json entries = json::array();
  for (const auto& r : reports) {
    entries.push_back(object_of("resource", r));
  }
  b["entry"] = std::move(entries);
  return b.dump(2);
}

}  // namespace

std::optional<double> fhir_proportion_score(const fhir_population_counts& c) {
  if (!c.numerator || !c.denominator) {
    return std::nullopt;
  }
  // HL7 FHIR R4 Measure, proportion scoring: (N - NX) / (D - DX - DEX).
  const double num = *c.numerator - c.numerator_exclusion.value_or(0);
  const double den =
      *c.denominator - c.denominator_exclusion.value_or(0) - c.denominator_exception.value_or(0);
  if (!(den > 0)) {
    return std::nullopt;
  }
  return num / den;
}

std::vector<fhir_measure_group> read_measure_reports(std::string_view text,
                                                     const std::string& source) {
  const fhir_reader r(source);
  auto root = r.parse(text);
  const detail::json_teardown root_teardown(root);  // no allocation when it is destroyed
  std::vector<fhir_measure_group> out;
  bool any = false;
  r.for_each_resource(root, [&](const json& res, const std::string& type, const std::string& path) {
    if (type == "MeasureReport") {
      any = true;
      read_report(r, res, path, out);
    }
  });
  if (!any) {
    r.fail("/resourceType", "neither a MeasureReport nor a Bundle holding one");
  }
  return out;
}

std::vector<fhir_measure_group> read_measure_reports_file(const std::string& path) {
  return read_measure_reports(read_file(path), path);
}

std::vector<compass::observation> to_observations(std::span<const fhir_measure_group> groups,
                                                  const std::string& source) {
  std::vector<compass::observation> out;
  out.reserve(groups.size());
  for (const auto& g : groups) {
    compass::observation o;
    o.measure = canonical_id(g.measure);
    o.unit = g.subject;
    if (o.unit.rfind("Organization/", 0) == 0) {
      o.unit.erase(0, 13);
    }
    o.period = g.period_start;
    o.period_start = g.period_start;
    o.period_end = g.period_end;
    const auto& c = g.counts;
    if (c.numerator) {
      o.numerator = *c.numerator - c.numerator_exclusion.value_or(0);
    }
    if (c.denominator) {
      o.denominator = *c.denominator - c.denominator_exclusion.value_or(0) -
                      c.denominator_exception.value_or(0);
    }
    o.value = g.score;
    o.origin.source = source;
    o.origin.report_id = g.report_id;
    out.push_back(std::move(o));
  }
  return out;
}

std::string write_measure_reports(std::span<const fhir_measure_group> groups, bool bundle) {
  std::vector<json> reports;
  const detail::json_teardown reports_teardown(reports);
  for (std::size_t i = 0; i < groups.size(); ++i) {
    reports.push_back(report_json(groups[i], "group " + std::to_string(i + 1)));
  }
  return write_reports(reports, bundle);
}

std::string write_measure_reports(std::span<const compass::observation> observations, bool bundle) {
  std::vector<json> reports;
  const detail::json_teardown reports_teardown(reports);
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const auto& o = observations[i];
    const auto where = "observation " + std::to_string(i + 1);
    if (o.unit.empty()) {
      throw error(status::bad_input, "a MeasureReport needs a unit (its subject)",
                  location{where, 0, 0, "unit"});
    }
    fhir_measure_group g;
    g.report_id = o.origin.report_id;
    // A bare measure id becomes a relative canonical "Measure/<id>"; URLs are kept.
    g.measure = o.measure.find(':') != std::string::npos || o.measure.find('/') != std::string::npos
                    ? o.measure
                    : "Measure/" + o.measure;
    if (o.measure.empty()) {
      g.measure.clear();
    }
    g.subject = o.unit.find('/') != std::string::npos ? o.unit : "Organization/" + o.unit;
    g.period_start = o.period_start;
    g.period_end = o.period_end;
    g.counts.numerator = o.numerator;
    g.counts.denominator = o.denominator;
    g.score = o.value;
    if (!g.score && o.numerator && o.denominator && *o.denominator > 0) {
      g.score = *o.numerator / *o.denominator;
    }
    reports.push_back(report_json(g, where));
  }
  return write_reports(reports, bundle);
}

fhir_organizations read_organizations(std::string_view text, const std::string& source) {
  const fhir_reader r(source);
  auto root = r.parse(text);
  const detail::json_teardown root_teardown(root);  // no allocation when it is destroyed
  fhir_organizations out;
  bool any = false;
  r.for_each_resource(root, [&](const json& res, const std::string& type, const std::string& path) {
    if (type == "Organization") {
      any = true;
      fhir_organization o;
      o.id = r.string(res, path, "id");
      o.name = r.opt_string(res, path, "name").value_or("");
      o.active = r.opt_bool(res, path, "active").value_or(true);
      o.part_of = r.reference_id(res, path, "partOf", "Organization");
      if (const auto* types = r.opt_array(res, path, "type"); types != nullptr && !types->empty()) {
        o.type = r.code_of((*types)[0], path + "/type/0");
      }
      if (o.part_of == o.id) {
        r.fail(path + "/partOf", "an Organization cannot be part of itself");
      }
      out.organizations.push_back(std::move(o));
    } else if (type == "OrganizationAffiliation") {
      any = true;
      fhir_affiliation a;
      a.id = r.opt_string(res, path, "id").value_or("");
      a.active = r.opt_bool(res, path, "active").value_or(true);
      a.organization = r.reference_id(res, path, "organization", "Organization");
      a.participating_organization =
          r.reference_id(res, path, "participatingOrganization", "Organization");
      if (a.organization.empty()) {
        r.fail(path + "/organization", "an affiliation needs organization.reference");
      }
      if (a.participating_organization.empty()) {
        r.fail(path + "/participatingOrganization",
               "an affiliation needs participatingOrganization.reference");
      }
      if (const auto* codes = r.opt_array(res, path, "code"); codes != nullptr && !codes->empty()) {
        a.role = r.code_of((*codes)[0], path + "/code/0");
      }
      if (const auto* period = r.opt_object(res, path, "period")) {
        a.period_start = r.opt_string(*period, path + "/period", "start").value_or("");
        a.period_end = r.opt_string(*period, path + "/period", "end").value_or("");
      }
      out.affiliations.push_back(std::move(a));
    }
  });
  if (!any) {
    r.fail("/resourceType", "no Organization or OrganizationAffiliation found");
  }
  return out;
}

}  // namespace cmx::io
