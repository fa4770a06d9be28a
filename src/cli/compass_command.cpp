// cmx compass: the Clinical Value Compass of units (optionally rolled up through a hierarchy),
// with each measure's score, SPC status and change from --t1 to --t2.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cmx/compass/change.hpp"
#include "cmx/compass/rollup.hpp"
#include "cmx/compass/scoring.hpp"
#include "cmx/compass/system_rollup.hpp"
#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"

namespace cmx::cli {
namespace {

using ojson = nlohmann::ordered_json;

struct compass_args {
  std::string measures;
  std::string observations;
  std::string system;
  std::string unit;
  std::string t1;
  std::string t2;
  std::string method = "goalpost";
  std::optional<double> reference_cost;
  bool full_weight = false;
  std::string format = "json";
  std::string output;
};

ojson spc_json(const compass::spc_status& s) {
  if (!s.computed) {
    return {{"computed", false},
            {"chart", s.chart},
            {"signal", nullptr},
            {"rule", nullptr},
            {"note", s.note}};
  }
  return {{"computed", true},
          {"chart", s.chart},
          {"signal", s.signal},
          {"rule", s.rule.empty() ? ojson(nullptr) : ojson(s.rule)}};
}

ojson change_json(const compass::measure_change& c) {
  return {{"t1", c.t1},
          {"t2", c.t2},
          {"difference", c.difference},
          {"improvement", c.improvement},
          {"effect_size", c.effect_size},
          {"improvement_ci_lower", c.ci.lower},
          {"improvement_ci_upper", c.ci.upper},
          {"ci_method", c.ci_method},
          {"classification", compass::to_string(c.classification)}};
}

void run(const compass_args& a) {
  const auto measures = io::read_measures_file(a.measures);
  auto observations = io::read_observations_file(a.observations);
  std::vector<std::string> warnings;
  if (!a.system.empty()) {
    const auto hierarchy = io::read_rollup_hierarchy_file(a.system);
    compass::rollup_options ro;
    ro.full_weight_for_shared = a.full_weight;
    if (hierarchy.system) {
      // Through the system graph: memberships as valid in each period, checked unit ids.
      auto pooled = compass::roll_up(measures, observations, *hierarchy.system, ro);
      warnings = std::move(pooled.warnings);
      observations = std::move(pooled.observations);
    } else {
      const auto pooled = compass::roll_up(measures, observations, hierarchy.edges, ro);
      warnings = pooled.warnings;
      observations = compass::with_rollups(observations, hierarchy.edges, pooled);
    }
  }
  const auto table = compass::make_observation_table(measures, observations);
  if (table.periods.empty()) {
    throw error(status::bad_input, "no observations", location{a.observations, 0, 0, ""});
  }
  compass::compass_options options;
  options.method = *compass::parse_score_method(a.method);
  options.reference_cost = a.reference_cost;
  const auto scores = compass::score_compass(measures, table, options);
  const std::string period = a.t2.empty() ? table.periods.back() : a.t2;

  // Observations by (unit, measure, period) for the change from t1 to t2.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> where;
  for (std::size_t i = 0; i < observations.size(); ++i) {
    where[{observations[i].unit, observations[i].measure, observations[i].period}] = i;
  }
  std::map<std::string, const compass::measure*> by_id;
  for (const auto& m : measures) {
    by_id[m.id] = &m;
  }

  std::vector<std::string> units;
  if (a.unit.empty()) {
    units = table.units;
  } else {
    units.push_back(a.unit);
  }
  ojson j;
  j["method"] = a.method;
  j["period"] = period;
  if (!a.t1.empty()) {
    j["t1"] = a.t1;
  }
  j["reference_cost"] = scores.reference_cost;
  j["warnings"] = warnings;
  auto list = ojson::array();
  for (const auto& unit : units) {
    const auto c = compass::compass_of(measures, table, scores, unit, period);
    ojson u;
    u["unit"] = unit;
    u["period"] = period;
    u["west"] = c.point[0];
    u["north"] = c.point[1];
    u["east"] = c.point[2];
    u["south"] = c.point[3];
    u["outcome_index"] = c.outcome_index;
    u["cost"] = c.cost;
    u["value_index"] = c.value_index;
    auto rows = ojson::array();
    for (const auto& row : c.measures) {
      ojson r;
      r["id"] = row.measure;
      r["point"] = compass::to_string(row.point);
      r["value"] = row.value;
      r["score"] = row.score;
      r["spc"] = spc_json(row.spc);
      if (!a.t1.empty()) {
        const auto* m = by_id.at(row.measure);
        const auto before = where.find({unit, row.measure, a.t1});
        const auto after = where.find({unit, row.measure, period});
        if (m->mid && before != where.end() && after != where.end()) {
          r["change"] = change_json(compass::change_between(*m, observations[before->second],
                                                            observations[after->second]));
        } else {
          r["change"] = nullptr;  // no MID, or not observed at t1
        }
      }
      rows.push_back(std::move(r));
    }
    u["measures"] = std::move(rows);
    list.push_back(std::move(u));
  }
  j["units"] = std::move(list);
  output out(a.output);
  out.stream() << j.dump(2) << '\n';
  out.finish();
}

}  // namespace

void add_compass_command(CLI::App& app) {
  auto args = std::make_shared<compass_args>();
  auto* cmd = app.add_subcommand(
      "compass",
      "Clinical Value Compass of units: scores per measure and point, outcome and value "
      "index, change from --t1 to --t2, roll-ups through --system.");
  cmd->add_option("--measures", args->measures, "measures JSON")->required();
  cmd->add_option("--observations", args->observations, "observations CSV")->required();
  cmd->add_option("--system", args->system,
                  "the system definition of `cmx system` (part_of memberships with weights and "
                  "validity periods), or {\"edges\": [{child, parent, weight}]}, or a FHIR "
                  "Bundle of Organizations with partOf: parents get pooled observations");
  cmd->add_option("--unit", args->unit, "only this unit (default: all)");
  auto* t1 = cmd->add_option("--t1", args->t1, "baseline period for the change");
  auto* t2 = cmd->add_option("--t2", args->t2, "period to score (default: the latest)");
  t1->needs(t2);
  cmd->add_option("--method", args->method,
                  "goalpost (default), percent_of_target, benchmark_z, "
                  "t_score")
      ->check(CLI::IsMember({"goalpost", "percent_of_target", "benchmark_z", "t_score"}));
  cmd->add_option("--reference-cost", args->reference_cost,
                  "reference cost of the value index (default: mean cost over units and periods)");
  cmd->add_flag("--full-weight", args->full_weight,
                "count shared units fully in every parent (warns of double counting)");
  cmd->add_option("--format", args->format, "json")->check(CLI::IsMember({"json"}));
  cmd->add_option("--output", args->output, "write here instead of standard output");
  cmd->callback([args] { run(*args); });
}

}  // namespace cmx::cli
