// cmx fhir read: FHIR R4 MeasureReports (or a Bundle) to CSV or JSON rows, one per group.
// cmx fhir write: compass observations (CSV) to MeasureReports (JSON).
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cmx/io/compass_io.hpp"
#include "cmx/io/fhir.hpp"
#include "core/text.hpp"

namespace cmx::cli {
namespace {

std::string number_text(const std::optional<double>& v) {
  if (!v) {
    return {};
  }
  if (*v == std::floor(*v) && std::abs(*v) < 1e15) {
    return cmx::detail::fixed_text(*v, 0);
  }
  return cmx::detail::general_text(*v, 17);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    return s;
  }
  std::string q = "\"";
  for (const char c : s) {
    q += c;
    if (c == '"') {
      q += '"';
    }
  }
  return q + '"';
}

nlohmann::ordered_json number_json(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

void read_command(const std::string& file, const std::string& format, const std::string& path) {
  const auto groups = io::read_measure_reports_file(file);
  output out(path);
  auto& s = out.stream();
  if (format == "json") {
    auto rows = nlohmann::ordered_json::array();
    for (const auto& g : groups) {
      const auto& c = g.counts;
      rows.push_back({{"report", g.report_id},
                      {"group", g.group_id},
                      {"measure", g.measure},
                      {"subject", g.subject},
                      {"period_start", g.period_start},
                      {"period_end", g.period_end},
                      {"initial_population", number_json(c.initial_population)},
                      {"numerator", number_json(c.numerator)},
                      {"numerator_exclusion", number_json(c.numerator_exclusion)},
                      {"denominator", number_json(c.denominator)},
                      {"denominator_exclusion", number_json(c.denominator_exclusion)},
                      {"denominator_exception", number_json(c.denominator_exception)},
                      {"score", number_json(g.score)}});
    }
    s << rows.dump(2) << '\n';
  } else {
    s << "report,group,measure,subject,period_start,period_end,initial_population,numerator,"
         "numerator_exclusion,denominator,denominator_exclusion,denominator_exception,score\n";
    for (const auto& g : groups) {
      const auto& c = g.counts;
      s << csv_field(g.report_id) << ',' << csv_field(g.group_id) << ',' << csv_field(g.measure)
        << ',' << csv_field(g.subject) << ',' << csv_field(g.period_start) << ','
        << csv_field(g.period_end) << ',' << number_text(c.initial_population) << ','
        << number_text(c.numerator) << ',' << number_text(c.numerator_exclusion) << ','
        << number_text(c.denominator) << ',' << number_text(c.denominator_exclusion) << ','
        << number_text(c.denominator_exception) << ',' << number_text(g.score) << '\n';
    }
  }
  out.finish();
}

void write_command(const std::string& observations, bool bundle, const std::string& path) {
  const auto obs = io::read_observations_file(observations);
  output out(path);
  out.stream() << io::write_measure_reports(obs, bundle) << '\n';
  out.finish();
}

struct fhir_args {
  std::string file;
  std::string format = "csv";
  std::string observations;
  bool bundle = false;
  std::string output;
};

}  // namespace

void add_fhir_command(CLI::App& app) {
  auto args = std::make_shared<fhir_args>();
  auto* fhir = app.add_subcommand("fhir", "FHIR R4 MeasureReport in and out.");
  fhir->require_subcommand(1);
  auto* read = fhir->add_subcommand(
      "read", "MeasureReport or Bundle -> one row per group with every population count.");
  read->add_option("file", args->file, "FHIR JSON file")->required();
  read->add_option("--format", args->format, "csv (default) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  read->add_option("--output", args->output, "write here instead of standard output");
  read->callback([args] { read_command(args->file, args->format, args->output); });
  auto* write =
      fhir->add_subcommand("write",
                           "Observations CSV (measure,unit,period,period_start,period_end,...) -> "
                           "MeasureReports (a Bundle when more than one).");
  write->add_option("--observations", args->observations, "observations CSV")->required();
  write->add_flag("--bundle", args->bundle, "always write a Bundle");
  write->add_option("--output", args->output, "write here instead of standard output");
  write->callback([args] { write_command(args->observations, args->bundle, args->output); });
}

}  // namespace cmx::cli
