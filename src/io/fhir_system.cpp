// FHIR Organization / OrganizationAffiliation to a system definition: see fhir.hpp.
#include <string>
#include <unordered_map>

#include "cmx/error.hpp"
#include "cmx/io/fhir.hpp"
#include "cmx/system/time.hpp"

namespace cmx::io {
namespace {

std::optional<system::instant> period_instant(const fhir_affiliation& a, const std::string& text,
                                              const std::string& source, const char* field) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto t = system::parse_instant(text);
  if (!t) {
    throw error(status::bad_input,
                "OrganizationAffiliation '" + a.id + "': '" + text + "' is not an ISO 8601 date",
                location{source, 0, 0, field});
  }
  // FHIR periods are inclusive: a date alone as the end covers that whole day.
  const bool end = std::string(field) == "period.end";
  return end && system::is_date_only(text) ? *t + system::seconds_per_day : *t;
}

}  // namespace

system::system_definition to_system_definition(const fhir_organizations& orgs,
                                               const std::string& source) {
  std::unordered_map<std::string, std::size_t> members;  // children per organisation
  for (const auto& o : orgs.organizations) {
    if (!o.part_of.empty()) {
      ++members[o.part_of];
    }
  }
  system::system_definition def;
  def.source = source;
  for (const auto& o : orgs.organizations) {
    system::unit u;
    u.id = o.id;
    u.name = o.name;
    u.kind = o.type;
    const bool has_members = members.contains(o.id);
    if (const auto explicit_level = system::parse_level(o.type)) {
      u.lvl = *explicit_level;
    } else if (has_members) {
      u.lvl = o.part_of.empty() ? system::level::macrosystem : system::level::mesosystem;
    } else {
      u.lvl = system::level::clinical_microsystem;
    }
    if (!o.active) {
      u.attributes.emplace_back("active", "false");
    }
    def.units.push_back(std::move(u));
    if (!o.part_of.empty()) {
      def.memberships.push_back({o.id, o.part_of, system::membership_type::part_of, 1.0, {}, {}});
    }
  }
  for (const auto& a : orgs.affiliations) {
    if (!a.active) {
      continue;
    }
    def.memberships.push_back({a.participating_organization, a.organization,
                               system::membership_type::affiliated, 1.0,
                               period_instant(a, a.period_start, source, "period.start"),
                               period_instant(a, a.period_end, source, "period.end")});
  }
  return def;
}

}  // namespace cmx::io
