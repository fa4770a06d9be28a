// cmx system: validate a system definition, query its hierarchy, analyse patient flow, check
// conformance to a pathway and roll observations up the part_of hierarchy.
#include <algorithm>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cmx/error.hpp"
#include "cmx/system/flow.hpp"
#include "cmx/system/io.hpp"
#include "cmx/system/rollup.hpp"

namespace cmx::cli {
namespace {

using nlohmann::json;
namespace sys = cmx::system;

std::optional<sys::instant> instant_option(const std::string& text, const char* option,
                                           bool end_of_period) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto t = sys::parse_instant(text);
  if (!t) {
    throw error(status::invalid_argument,
                "expected an ISO 8601 date or date-time, found '" + text + "'",
                location{"", 0, 0, option});
  }
  // "--to 2024-12-31" includes that day: the period ends at the next midnight.
  return end_of_period && sys::is_date_only(text) ? *t + sys::seconds_per_day : *t;
}

void check_format(const std::string& format) {
  if (format != "json" && format != "text") {
    throw error(status::invalid_argument, "--format is json or text",
                location{"", 0, 0, "--format"});
  }
}

struct flow_args {
  std::string stays;
  std::string handoffs;
  std::string type = "all";
  std::string system;
  std::string from;
  std::string to;
  std::size_t top = 10;
  std::string format = "text";
  std::string output;
};

// The flow graph: of the explicit handoffs when given (of one type, or all), else of the patient
// handoffs derived from consecutive stays.
sys::flow_graph flow_graph_of(const sys::journey_set* journeys,
                              const std::vector<sys::handoff>* handoffs, const flow_args& a,
                              const sys::period& within) {
  if (handoffs != nullptr) {
    std::optional<sys::handoff_type> type;
    if (a.type != "all") {
      type = sys::parse_handoff_type(a.type);
      if (!type) {
        throw error(status::invalid_argument,
                    "--type is patient, information, service or all, not '" + a.type + "'",
                    location{"", 0, 0, "--type"});
      }
    }
    return sys::flow_edges(*handoffs, type, within);
  }
  if (journeys == nullptr) {
    throw error(status::invalid_argument, "a flow needs --stays or --handoffs",
                location{"", 0, 0, "--stays"});
  }
  return sys::flow_edges(*journeys, within);
}

json flow_json(const sys::journey_set* journeys, const std::vector<sys::handoff>* handoffs,
               const sys::system_graph* system, const flow_args& a) {
  const sys::period within{instant_option(a.from, "--from", false),
                           instant_option(a.to, "--to", true)};
  const auto g = flow_graph_of(journeys, handoffs, a, within);
  const auto d = sys::degrees(g);
  const auto b = sys::betweenness(g);
  const auto p = sys::pagerank(g);
  const auto c = sys::louvain(g);
  json out;
  out["units"] = json::array();
  for (std::size_t i = 0; i < g.unit_count(); ++i) {
    out["units"].push_back({{"id", g.unit_ids[i]},
                            {"in_degree", d.in_degree[i]},
                            {"out_degree", d.out_degree[i]},
                            {"in_strength", d.in_strength[i]},
                            {"out_strength", d.out_strength[i]},
                            {"betweenness", b[i]},
                            {"pagerank", p[i]},
                            {"community", c.community[i]}});
  }
  out["edges"] = json::array();
  for (const auto& e : g.edges) {
    out["edges"].push_back({{"from", g.unit_ids[e.from]},
                            {"to", g.unit_ids[e.to]},
                            {"count", e.count},
                            {"episodes", e.episodes},
                            {"median_delay_hours", e.median_delay_hours},
                            {"p90_delay_hours", e.p90_delay_hours}});
  }
  out["modularity"] = c.modularity;
  out["communities"] = c.count;
  out["density"] = sys::density(g);
  out["handoffs"] = g.handoffs;
  out["source"] = handoffs != nullptr ? "handoffs (" + a.type + ")" : "stays";
  out["paths"] = json::array();  // paths are of whole episodes: they need the stays
  if (journeys != nullptr) {
    for (const auto& path : sys::top_paths(*journeys, a.top, within)) {
      out["paths"].push_back(
          {{"units", path.units}, {"count", path.count}, {"coverage", path.coverage}});
    }
  }
  if (system != nullptr) {
    out["archipelagos"] = json::array();
    for (const auto& arch : sys::archipelagos(*system, g, within.from)) {
      out["archipelagos"].push_back({{"mesosystem", arch.mesosystem},
                                     {"islands", arch.islands},
                                     {"archipelago", arch.islands.size() > 1}});
    }
  }
  return out;
}

void write_flow_text(std::ostream& os, const json& r) {
  os << "units " << r["units"].size() << ", edges " << r["edges"].size() << ", handoffs "
     << r["handoffs"] << ", density " << r["density"].get<double>() << ", communities "
     << r["communities"] << ", modularity " << r["modularity"].get<double>() << "\n\n";
  os << "unit                  in  out  in_str out_str  betweenness  pagerank  community\n";
  for (const auto& u : r["units"]) {
    // json's operator<< reads the stream width as its indent: print plain values only.
    os << std::left << std::setw(20) << u["id"].get<std::string>() << std::right << std::setw(4)
       << u["in_degree"].get<unsigned>() << std::setw(5) << u["out_degree"].get<unsigned>()
       << std::setw(8) << u["in_strength"].get<double>() << std::setw(8)
       << u["out_strength"].get<double>() << std::setw(13) << std::fixed << std::setprecision(6)
       << u["betweenness"].get<double>() << std::setw(10) << u["pagerank"].get<double>()
       << std::setw(11) << u["community"].get<unsigned>() << "\n";
    os.unsetf(std::ios::fixed);
    os << std::setprecision(6);
  }
  os << "\nfrom -> to: count, episodes, median delay (h)\n";
  for (const auto& e : r["edges"]) {
    os << e["from"].get<std::string>() << " -> " << e["to"].get<std::string>() << ": " << e["count"]
       << ", " << e["episodes"] << ", " << e["median_delay_hours"].get<double>() << "\n";
  }
  os << "\ntop paths: count (coverage)\n";
  for (const auto& p : r["paths"]) {
    std::string seq;
    for (const auto& u : p["units"]) {
      seq += (seq.empty() ? "" : " > ") + u.get<std::string>();
    }
    os << p["count"] << " (" << p["coverage"].get<double>() << ") " << seq << "\n";
  }
}

void add_flow(CLI::App& parent) {
  auto a = std::make_shared<flow_args>();
  CLI::App* cmd = parent.add_subcommand(
      "flow",
      "Flow analytics of handoffs, derived from stays or given explicitly (units, edges, paths).");
  cmd->add_option("--stays", a->stays, "Stays CSV: episode,unit,start,end");
  auto* handoffs = cmd->add_option(
      "--handoffs", a->handoffs,
      "Handoffs CSV: episode,from,to,time,type[,delay_hours,flags]; the flow graph is theirs "
      "(paths still come from --stays)");
  cmd->add_option("--type", a->type, "Handoffs of one type: patient, information, service or all")
      ->capture_default_str()
      ->needs(handoffs);
  cmd->add_option("--system", a->system, "System definition JSON (checks unit ids; archipelagos)");
  cmd->add_option("--from", a->from, "First day (or instant) of the period");
  cmd->add_option("--to", a->to, "Last day of the period (a date-time: its exclusive end)");
  cmd->add_option("--top", a->top, "How many of the most frequent paths")->capture_default_str();
  cmd->add_option("--format", a->format, "json or text")->capture_default_str();
  cmd->add_option("--output,-o", a->output, "Write to FILE instead of standard output");
  cmd->callback([a] {
    check_format(a->format);
    std::optional<sys::system_graph> system;
    if (!a->system.empty()) {
      system = sys::read_system_file(a->system);
    }
    if (a->stays.empty() && a->handoffs.empty()) {
      throw error(status::invalid_argument, "flow needs --stays, --handoffs or both",
                  location{"", 0, 0, "--stays"});
    }
    std::optional<sys::journey_set> journeys;
    if (!a->stays.empty()) {
      journeys = sys::read_stays_file(a->stays, system ? &*system : nullptr);
    }
    std::optional<std::vector<sys::handoff>> explicit_handoffs;
    if (!a->handoffs.empty()) {
      explicit_handoffs = sys::read_handoffs_file(a->handoffs, system ? &*system : nullptr);
    }
    const json r = flow_json(journeys ? &*journeys : nullptr,
                             explicit_handoffs ? &*explicit_handoffs : nullptr,
                             system ? &*system : nullptr, *a);
    output out(a->output);
    if (a->format == "json") {
      out.stream() << r.dump(2) << "\n";
    } else {
      write_flow_text(out.stream(), r);
    }
    out.finish();
  });
}

void add_validate(CLI::App& parent) {
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = parent.add_subcommand("validate", "Check a system definition (JSON).");
  cmd->add_option("--system", *path, "System definition JSON")->required();
  cmd->add_option("--format", *format, "json or text")->capture_default_str();
  cmd->callback([path, format] {
    check_format(*format);
    const auto g = sys::read_system_file(*path);
    json r;
    r["valid"] = true;
    r["units"] = g.unit_count();
    r["memberships"] = g.memberships().size();
    json levels = json::object();
    for (const auto& u : g.units()) {
      levels[sys::to_string(u.lvl)] = levels.value(sys::to_string(u.lvl), 0) + 1;
    }
    r["levels"] = levels;
    r["shared_units"] = json::array();
    for (const auto& s : sys::shared_units(g)) {
      r["shared_units"].push_back({{"unit", s.unit},
                                   {"parents", s.parents},
                                   {"weights", s.weights},
                                   {"weight_sum", s.weight_sum}});
    }
    output out("");
    if (*format == "json") {
      out.stream() << r.dump(2) << "\n";
    } else {
      out.stream() << *path << ": valid, " << g.unit_count() << " units, " << g.memberships().size()
                   << " memberships\n";
      for (const auto& s : r["shared_units"]) {
        out.stream() << "shared unit " << s["unit"].get<std::string>() << " under "
                     << s["parents"].size() << " parents (weights sum to "
                     << s["weight_sum"].get<double>() << ")\n";
      }
    }
    out.finish();
  });
}

struct query_args {
  std::string system;
  std::string unit;
  std::string relation;
  std::string level;
  std::string at;
};

void add_query(CLI::App& parent) {
  auto a = std::make_shared<query_args>();
  CLI::App* cmd = parent.add_subcommand("query", "Hierarchy queries; one unit id per line.");
  cmd->add_option("--system", a->system, "System definition JSON")->required();
  cmd->add_option("--unit", a->unit, "The unit asked about")->required();
  cmd->add_option("--relation", a->relation,
                  "parents, children, ancestors, descendants, mesosystems, microsystems or paths")
      ->required()
      ->check(CLI::IsMember({"parents", "children", "ancestors", "descendants", "mesosystems",
                             "microsystems", "paths"}));
  cmd->add_option("--level", a->level, "Only units of this level");
  cmd->add_option("--at", a->at, "Only memberships valid at this date");
  cmd->callback([a] {
    const auto g = sys::read_system_file(a->system);
    sys::query_options q;
    q.at = instant_option(a->at, "--at", false);
    if (!a->level.empty()) {
      q.at_level = sys::parse_level(a->level);
      if (!q.at_level) {
        throw error(status::invalid_argument, "unknown level '" + a->level + "'",
                    location{"", 0, 0, "--level"});
      }
    }
    std::vector<std::string> lines;
    if (a->relation == "paths") {
      for (const auto& path : g.paths_to_macrosystem(a->unit, q.at)) {
        std::string line;
        for (const auto& u : path) {
          line += (line.empty() ? "" : " -> ") + u;
        }
        lines.push_back(line);
      }
    } else if (a->relation == "parents") {
      lines = g.parents(a->unit, q);
    } else if (a->relation == "children") {
      lines = g.children(a->unit, q);
    } else if (a->relation == "ancestors") {
      lines = g.ancestors(a->unit, q);
    } else if (a->relation == "descendants") {
      lines = g.descendants(a->unit, q);
    } else if (a->relation == "mesosystems") {
      lines = g.mesosystems_of(a->unit, q.at);
    } else {
      lines = g.microsystems_of(a->unit, q.at);
    }
    output out("");
    for (const auto& l : lines) {
      out.stream() << l << "\n";
    }
    out.finish();
  });
}

struct rollup_args {
  std::string system;
  std::string observations;
  std::string at;
  std::string policy = "allocate";
  std::string format = "text";
  std::string output;
};

void add_rollup(CLI::App& parent) {
  auto a = std::make_shared<rollup_args>();
  CLI::App* cmd = parent.add_subcommand(
      "rollup", "Pool observations up the part_of hierarchy per period (never averaging rates).");
  cmd->add_option("--system", a->system, "System definition JSON")->required();
  cmd->add_option("--observations", a->observations,
                  "CSV: unit,period,numerator,denominator (or observed,expected)")
      ->required();
  cmd->add_option("--at", a->at, "Only memberships valid at this date");
  cmd->add_option("--policy", a->policy, "allocate (weights) or full (double count)")
      ->check(CLI::IsMember({"allocate", "full"}))
      ->capture_default_str();
  cmd->add_option("--format", a->format, "json or text")->capture_default_str();
  cmd->add_option("--output,-o", a->output, "Write to FILE instead of standard output");
  cmd->callback([a] {
    check_format(a->format);
    const auto g = sys::read_system_file(a->system);
    const auto data = sys::read_observations_file(a->observations);
    sys::rollup_options o;
    o.at = instant_option(a->at, "--at", false);
    o.policy = a->policy == "full" ? sys::shared_unit_policy::count_fully
                                   : sys::shared_unit_policy::allocate;
    o.proportions = false;  // the reader already checked proportions against their columns
    const auto r = sys::rollup(g, data, o);
    output out(a->output);
    if (a->format == "json") {
      json j;
      j["rows"] = json::array();
      for (const auto& row : r.rows) {
        j["rows"].push_back({{"unit", row.unit},
                             {"level", sys::to_string(row.lvl)},
                             {"period", row.period},
                             {"numerator", row.numerator},
                             {"denominator", row.denominator},
                             {"rate", row.rate},
                             {"observations", row.observations}});
      }
      j["shared_units"] = json::array();
      for (const auto& s : r.shared_units) {
        j["shared_units"].push_back({{"unit", s.unit},
                                     {"parents", s.parents},
                                     {"weights", s.weights},
                                     {"weight_sum", s.weight_sum}});
      }
      out.stream() << j.dump(2) << "\n";
    } else {
      out.stream() << "period,unit,level,numerator,denominator,rate,observations\n";
      for (const auto& row : r.rows) {
        out.stream() << row.period << "," << row.unit << "," << sys::to_string(row.lvl) << ","
                     << row.numerator << "," << row.denominator << "," << row.rate << ","
                     << row.observations << "\n";
      }
      for (const auto& s : r.shared_units) {
        std::cerr << "cmx: note: " << s.unit << " is counted under " << s.parents.size()
                  << " parents (weights sum to " << s.weight_sum << ")\n";
      }
    }
    out.finish();
  });
}

struct conformance_args {
  std::string stays;
  std::string system;
  std::string pathway;
  std::string from;
  std::string to;
  std::string format = "text";
};

void add_conformance(CLI::App& parent) {
  auto a = std::make_shared<conformance_args>();
  CLI::App* cmd = parent.add_subcommand(
      "conformance",
      "Share of episodes following a pathway of the system, and where others leave it.");
  cmd->add_option("--stays", a->stays, "Stays CSV")->required();
  cmd->add_option("--system", a->system, "System definition JSON with pathways")->required();
  cmd->add_option("--pathway", a->pathway, "Pathway id")->required();
  cmd->add_option("--from", a->from, "First day of the period");
  cmd->add_option("--to", a->to, "Last day of the period");
  cmd->add_option("--format", a->format, "json or text")->capture_default_str();
  cmd->callback([a] {
    check_format(a->format);
    const auto g = sys::read_system_file(a->system);
    const auto& p = g.pathway_by_id(a->pathway);
    const auto journeys = sys::read_stays_file(a->stays, &g);
    const sys::period within{instant_option(a->from, "--from", false),
                             instant_option(a->to, "--to", true)};
    const auto r = sys::conformance(journeys, p, within);
    const auto transitions = sys::second_order_transitions(journeys, within);
    json j{{"pathway", r.pathway},
           {"episodes", r.episodes},
           {"conforming", r.conforming},
           {"share", r.share}};
    j["deviations"] = json::array();
    for (const auto& d : r.deviations) {
      j["deviations"].push_back({{"step", d.step}, {"observed", d.observed}, {"count", d.count}});
    }
    j["transitions"] = json::array();
    for (const auto& t : transitions) {
      j["transitions"].push_back({{"previous", t.previous},
                                  {"current", t.current},
                                  {"next", t.next},
                                  {"count", t.count},
                                  {"probability", t.probability}});
    }
    output out("");
    if (a->format == "json") {
      out.stream() << j.dump(2) << "\n";
    } else {
      out.stream() << r.pathway << ": " << r.conforming << " of " << r.episodes
                   << " episodes conform (" << r.share << ")\n";
      for (const auto& d : r.deviations) {
        out.stream() << "  " << d.count << " leave at step " << d.step << " with "
                     << (d.observed.empty() ? "(end of episode)" : d.observed) << "\n";
      }
    }
    out.finish();
  });
}

}  // namespace

void add_system_command(CLI::App& app) {
  CLI::App* system = app.add_subcommand(
      "system", "The micro/meso/macro system graph: validate, query, flow, conformance, rollup.");
  system->require_subcommand(1);
  add_validate(*system);
  add_query(*system);
  add_flow(*system);
  add_conformance(*system);
  add_rollup(*system);
}

}  // namespace cmx::cli
