// cmx report: the data wall of a system (one self-contained HTML page) from the system
// definition, measures, observations (CSV or FHIR MeasureReport JSON) and optionally journeys.
// GCC 12 misreports -Wrestrict on std::string concatenation inlined at -O2/-O3 (GCC PR 105329,
// PR 105651); the pictures are built by concatenating many short strings.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
// ... and -Wnull-dereference inside std::vector's element construction at -O3 (a false positive
// of the same inlining, seen in the Release build of this file).
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/report_wall.hpp"
#include "cmx/error.hpp"
#include "cmx/io/compass_io.hpp"
#include "cmx/io/csv.hpp"
#include "cmx/io/fhir.hpp"
#include "cmx/render/data_wall.hpp"
#include "cmx/system/io.hpp"

namespace cmx::cli {
namespace {

// Progress is shown for inputs above this many rows when standard error is a terminal.
constexpr std::size_t progress_rows = 1000000;

struct report_args {
  std::string system;
  std::vector<std::string> measures;
  std::vector<std::string> observations;
  std::string stays;
  std::string events;
  std::string t1;
  std::string t2;
  std::string macrosystem;
  std::string title;
  std::vector<std::string> notes;
  std::string output;
};

// Lines of a file (a cheap pass before parsing, to decide whether to show progress).
std::size_t count_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::size_t lines = 0;
  std::vector<char> buffer(std::size_t{1} << 16U);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    for (std::streamsize k = 0; k < in.gcount(); ++k) {
      lines += buffer[static_cast<std::size_t>(k)] == '\n' ? 1U : 0U;
    }
  }
  return lines;
}

// FHIR when the file's first non-blank character opens a JSON object or array.
bool is_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c)) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      return c == '{' || c == '[';
    }
  }
  return false;
}

std::vector<report_event> read_events(const std::string& path) {
  const auto table = io::read_csv_file(path);
  const std::size_t measure = table.column("measure");
  const std::size_t unit = table.column("unit");
  const std::size_t period = table.column("period");
  const std::size_t text = table.column("text");
  const auto phase = table.find_column("new_phase");
  std::vector<report_event> events;
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    report_event e;
    e.measure = table.cell(row, measure);
    e.unit = table.cell(row, unit);
    e.period = table.cell(row, period);
    e.text = table.cell(row, text);
    e.where = table.where(row, period);
    if (phase) {
      const std::string_view flag = table.cell(row, *phase);
      if (flag == "1" || flag == "true") {
        e.new_phase = true;
      } else if (!(flag.empty() || flag == "0" || flag == "false")) {
        throw error(status::parse, "new_phase must be 1, 0, true, false or empty",
                    table.where(row, *phase));
      }
    }
    events.push_back(std::move(e));
  }
  return events;
}

void run(const report_args& a) {
  std::size_t rows = 0;
  for (const auto& file : a.observations) {
    rows += count_lines(file);
  }
  if (!a.stays.empty()) {
    rows += count_lines(a.stays);
  }
  const bool show = rows > progress_rows && isatty(fileno(stderr)) != 0;
  const auto progress = [show](std::string_view text) {
    if (show) {
      std::cerr << "cmx report: " << text << std::endl;
    }
  };

  progress("reading the system " + a.system);
  const auto system = system::read_system_file(a.system);
  report_inputs in;
  for (const auto& file : a.measures) {
    auto more = io::read_measures_file(file);
    in.measures.insert(in.measures.end(), more.begin(), more.end());
  }
  for (const auto& file : a.observations) {
    progress("reading observations " + file);
    auto more = is_json(file) ? io::to_observations(io::read_measure_reports_file(file), file)
                              : io::read_observations_file(file);
    in.observations.insert(in.observations.end(), std::make_move_iterator(more.begin()),
                           std::make_move_iterator(more.end()));
  }
  if (in.observations.empty()) {
    throw error(status::bad_input, "no observations", location{"--observations", 0, 0, ""});
  }
  if (!a.stays.empty()) {
    progress("reading journeys " + a.stays);
    in.journeys = system::read_stays_file(a.stays, &system);
  }
  if (!a.events.empty()) {
    in.events = read_events(a.events);
  }
  in.t1 = a.t1;
  in.t2 = a.t2;
  in.macrosystem = a.macrosystem;
  in.title = a.title;
  in.notes = a.notes;
  in.progress = progress;
  const auto wall = build_wall(system, in);
  output out(a.output);
  out.stream() << render::data_wall_html(wall);
  out.finish();
  progress("wrote " + (a.output.empty() ? std::string("standard output") : a.output));
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto a = std::make_shared<report_args>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "The data wall of a system: one self-contained HTML page with SPC charts and their "
      "signals, Making Data Count icons, value compass, funnel plots and flow maps");
  cmd->add_option("--system", a->system, "system definition (JSON, as cmx system reads it)")
      ->required();
  cmd->add_option("--measures", a->measures, "measures JSON (repeatable)")->required();
  cmd->add_option("--observations", a->observations,
                  "observations: CSV (measure,unit,period,...) or FHIR MeasureReport JSON "
                  "(repeatable)")
      ->required();
  cmd->add_option("--stays", a->stays, "journeys (stays CSV) for the flow maps");
  cmd->add_option("--events", a->events,
                  "events CSV (measure,unit,period,text[,new_phase]): annotations and new phases");
  cmd->add_option("--t1", a->t1, "compass time 1 (default: each board's first scored period)");
  cmd->add_option("--t2", a->t2, "compass time 2 (default: each board's last scored period)");
  cmd->add_option("--macrosystem", a->macrosystem, "only this macrosystem (default: all)");
  cmd->add_option("--title", a->title, "page title");
  cmd->add_option("--note", a->notes, "a line for the page's notes (sources, licences)");
  cmd->add_option("--output", a->output, "HTML file (default standard output)");
  cmd->callback([a] { run(*a); });
}

}  // namespace cmx::cli
