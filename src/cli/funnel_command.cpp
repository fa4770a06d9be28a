// cmx funnel: a funnel plot's numbers (Spiegelhalter 2005) for units in a CSV file.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cmx/compass/funnel.hpp"
#include "cmx/error.hpp"
#include "cmx/io/csv.hpp"

namespace cmx::cli {
namespace {

struct funnel_args {
  std::string input;
  std::string unit;
  std::string numerator;
  std::string denominator;
  std::string type = "proportion";
  std::optional<double> target;
  std::string limits = "exact";
  std::string overdispersion = "none";
  std::string format = "json";
  std::string output;
};

const char* flag_name(compass::funnel_flag f) {
  return f == compass::funnel_flag::high ? "high" : f == compass::funnel_flag::low ? "low" : "none";
}

void run(const funnel_args& a) {
  const auto table = io::read_csv_file(a.input);
  const auto unit_col = table.column(a.unit);
  const auto num_col = table.column(a.numerator);
  const auto den_col = table.column(a.denominator);
  std::vector<std::string> ids;
  std::vector<double> num;
  std::vector<double> den;
  for (std::size_t i = 0; i < table.row_count(); ++i) {
    ids.emplace_back(table.cell(i, unit_col));
    num.push_back(table.required_number(i, num_col));
    den.push_back(table.required_number(i, den_col));
  }
  compass::funnel_options o;
  o.type = a.type == "ratio"  ? compass::funnel_type::ratio
           : a.type == "rate" ? compass::funnel_type::rate
                              : compass::funnel_type::proportion;
  o.limits = a.limits == "normal" ? compass::funnel_limits::normal : compass::funnel_limits::exact;
  o.overdispersion = a.overdispersion == "multiplicative"
                         ? compass::funnel_overdispersion::multiplicative
                     : a.overdispersion == "additive" ? compass::funnel_overdispersion::additive
                                                      : compass::funnel_overdispersion::none;
  o.target = a.target;
  compass::funnel_result r;
  try {
    r = compass::funnel(num, den, o);
  } catch (const error& e) {
    // Name the CSV line and column of the unit the engine refused.
    auto where = e.where();
    if (where.line > 0 && static_cast<std::size_t>(where.line) <= table.row_count()) {
      const auto row = static_cast<std::size_t>(where.line - 1);
      const auto col = where.field == "numerator" ? num_col : den_col;
      throw error(e.code(), e.message() + " (unit '" + ids[row] + "')", table.where(row, col));
    }
    throw;
  }
  output out(a.output);
  auto& s = out.stream();
  if (a.format == "csv") {
    s << "id,numerator,denominator,value,z,lower95,upper95,lower998,upper998,flag\n";
    s.precision(17);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      s << ids[i] << ',' << num[i] << ',' << den[i] << ',' << r.value[i] << ',' << r.z[i] << ','
        << r.lower95[i] << ',' << r.upper95[i] << ',' << r.lower998[i] << ',' << r.upper998[i]
        << ',' << flag_name(r.flag[i]) << '\n';
    }
  } else {
    nlohmann::ordered_json j;
    j["type"] = a.type;
    j["limits"] = r.adjusted ? "normal" : a.limits;
    j["overdispersion"] = a.overdispersion;
    j["target"] = r.target;
    j["phi"] = r.phi;
    j["tau2"] = r.tau2;
    j["chi2"] = r.chi2;
    j["p_value"] = r.p_value;
    j["adjusted"] = r.adjusted;
    auto units = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      units.push_back({{"id", ids[i]},
                       {"numerator", num[i]},
                       {"denominator", den[i]},
                       {"value", r.value[i]},
                       {"z", r.z[i]},
                       {"lower95", r.lower95[i]},
                       {"upper95", r.upper95[i]},
                       {"lower998", r.lower998[i]},
                       {"upper998", r.upper998[i]},
                       {"flag", flag_name(r.flag[i])}});
    }
    j["units"] = std::move(units);
    s << j.dump(2) << '\n';
  }
  out.finish();
}

}  // namespace

void add_funnel_command(CLI::App& app) {
  auto args = std::make_shared<funnel_args>();
  auto* cmd = app.add_subcommand(
      "funnel", "Funnel plot of units against a target (Spiegelhalter 2005): z, limits, flags.");
  cmd->add_option("--input", args->input, "CSV file, one row per unit")->required();
  cmd->add_option("--unit", args->unit, "column with the unit id")->required();
  cmd->add_option("--numerator", args->numerator, "column of events (observed for ratio)")
      ->required();
  cmd->add_option("--denominator", args->denominator,
                  "column of trials (expected for ratio, exposure for rate)")
      ->required();
  cmd->add_option("--type", args->type, "proportion (default), ratio (observed/expected) or rate")
      ->check(CLI::IsMember({"proportion", "ratio", "rate"}));
  cmd->add_option("--target", args->target,
                  "target (default: pooled proportion or rate; 1 for ratio)");
  cmd->add_option("--limits", args->limits, "exact (default) or normal")
      ->check(CLI::IsMember({"exact", "normal"}));
  cmd->add_option("--overdispersion", args->overdispersion,
                  "none (default), multiplicative or additive")
      ->check(CLI::IsMember({"none", "multiplicative", "additive"}));
  cmd->add_option("--format", args->format, "json (default) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  cmd->add_option("--output", args->output, "write here instead of standard output");
  cmd->callback([args] { run(*args); });
}

}  // namespace cmx::cli
