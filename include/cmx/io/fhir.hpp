// FHIR R4 in and out: MeasureReport (or a Bundle of them) to population counts and compass
// observations, observations back to MeasureReports, and Organization / OrganizationAffiliation to
// plain unit and membership records for the system graph.
//
// Reference: HL7 FHIR R4 (4.0.1), https://hl7.org/fhir/R4/measurereport.html,
// organization.html, organizationaffiliation.html; population codes from the code system
// http://terminology.hl7.org/CodeSystem/measure-population.
//
// Every error on invalid FHIR is cmx::error (parse) whose location field is the JSON pointer of
// the offending element, e.g. "/entry/3/resource/group/0/population/1/count".
#ifndef CMX_IO_FHIR_HPP
#define CMX_IO_FHIR_HPP

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cmx/compass/observation.hpp"
#include "cmx/system/model.hpp"

namespace cmx::io {

// The six population counts of a proportion measure group (absent: not reported).
struct fhir_population_counts {
  std::optional<double> initial_population;
  std::optional<double> numerator;
  std::optional<double> numerator_exclusion;
  std::optional<double> denominator;
  std::optional<double> denominator_exclusion;
  std::optional<double> denominator_exception;
};

// One group of one MeasureReport.
struct fhir_measure_group {
  std::string report_id;     // MeasureReport.id
  std::string group_id;      // group.id, or its code's first coding code, or "" if neither
  std::string measure;       // MeasureReport.measure (canonical)
  std::string subject;       // subject.reference, reporter.reference if no subject, else ""
  std::string status;        // complete | pending | error
  std::string type;          // individual | subject-list | summary | data-collection
  std::string period_start;  // period.start
  std::string period_end;    // period.end
  fhir_population_counts counts;
  std::optional<double> measure_score;  // group.measureScore.value as reported
  // (N - NX) / (D - DX - DEX) when N and D are reported (absent exclusions count 0) and the net
  // denominator is > 0; else measure_score.
  std::optional<double> score;
  std::string path;  // JSON pointer of the group, for messages
};

// Reads a MeasureReport or a Bundle (entries that are not MeasureReports are skipped).
// source names the input in errors.
[[nodiscard]] std::vector<fhir_measure_group> read_measure_reports(std::string_view text,
                                                                   const std::string& source);
[[nodiscard]] std::vector<fhir_measure_group> read_measure_reports_file(const std::string& path);

// Proportion score per HL7 (Measure scoring, proportion): (N - NX) / (D - DX - DEX). nullopt when
// N or D is absent or the net denominator is 0.
[[nodiscard]] std::optional<double> fhir_proportion_score(const fhir_population_counts& counts);

// Observations: numerator N - NX, denominator D - DX - DEX, value = score, unit = subject with a
// "Organization/" prefix removed, measure = the canonical's last path segment (without version),
// period = period_start, provenance = source and MeasureReport id.
[[nodiscard]] std::vector<compass::observation> to_observations(
    std::span<const fhir_measure_group> groups, const std::string& source);

// MeasureReports (status complete, type summary) for observations: one report per observation,
// in a Bundle of type "collection" when there is more than one (or always, if bundle is true).
// Observations need a measure, a unit and period_start and period_end (ISO dates), else
// cmx::error (bad_input) naming the observation. Counts go out as numerator and denominator
// populations, value as measureScore.
[[nodiscard]] std::string write_measure_reports(std::span<const compass::observation> observations,
                                                bool bundle = false);
// The same for groups read earlier: every population count is written back.
[[nodiscard]] std::string write_measure_reports(std::span<const fhir_measure_group> groups,
                                                bool bundle = false);

// Organization -> a unit record; partOf is the parent in the system graph.
struct fhir_organization {
  std::string id;
  std::string name;
  std::string part_of;  // id of the parent Organization ("Organization/" removed), "" if none
  bool active = true;
  std::string type;  // type[0].coding[0].code, "" if none
};

// OrganizationAffiliation -> a membership record (participating organisation affiliated with
// organization, in role code).
struct fhir_affiliation {
  std::string id;
  std::string organization;                // the organisation affiliated with (id)
  std::string participating_organization;  // the member (id)
  std::string role;                        // code[0].coding[0].code, "" if none
  std::string period_start;
  std::string period_end;
  bool active = true;
};

struct fhir_organizations {
  std::vector<fhir_organization> organizations;
  std::vector<fhir_affiliation> affiliations;
};

// Reads an Organization, an OrganizationAffiliation or a Bundle of them (other entries skipped).
[[nodiscard]] fhir_organizations read_organizations(std::string_view text,
                                                    const std::string& source);

// The organisations as a system definition for system_graph::build (which checks it: unknown ids,
// part_of cycles and level inversions are errors naming the element). Each Organization is a
// unit (its type code as kind, "active": "false" as an attribute when inactive) whose level is
// its type code when that names a level ("mesosystem", ...), else follows its place in the
// partOf tree: a root with members is a macrosystem, an organisation with both a parent and
// members a mesosystem, any other a clinical microsystem. partOf is a part_of membership of
// weight 1. An active OrganizationAffiliation is an `affiliated` membership from the
// participating organisation to the organisation, valid over its period (an end date includes
// that day); inactive ones are left out. A period date that is not ISO 8601 is cmx::error
// (bad_input) naming the affiliation and the field.
[[nodiscard]] system::system_definition to_system_definition(const fhir_organizations& orgs,
                                                             const std::string& source);

}  // namespace cmx::io

#endif  // CMX_IO_FHIR_HPP
