// cmx spc: a control chart or run chart of one series read from CSV, written as JSON or CSV.
#include <algorithm>
#include <bit>
#include <charconv>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cmx/error.hpp"
#include "cmx/io/csv.hpp"
#include "cmx/render/chart_svg.hpp"
#include "cmx/spc/chart.hpp"
#include "cmx/spc/rules.hpp"
#include "core/text.hpp"

namespace cmx::cli {

namespace {

struct spc_settings {
  std::string chart;
  std::string input;
  std::string x_column = "x";
  std::string y_column = "y";
  std::string n_column = "n";
  bool n_given = false;
  std::vector<std::size_t> parts;
  std::size_t freeze = 0;
  std::vector<std::size_t> exclude;
  double multiply = 1.0;
  std::string agg = "mean";
  std::string screen_mr;  // "", "on", "off"
  std::string rules = "anhoej,sigma";
  std::string format = "json";
  std::string output;
};

// Days since 1970-01-01 of "yyyy-mm-dd", or NaN.
double iso_days(std::string_view text) {
  // Exactly four, two and two digits with dashes between.
  const auto digits = [&](std::size_t at, std::size_t count, auto& value) {
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + count, value);
    return error == std::errc{} && end == first + count;
  };
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, y) ||
      !digits(5, 2, m) || !digits(8, 2, d)) {
    return std::nan("");
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) {
    return std::nan("");
  }
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string iso_text(double days) {
  const std::chrono::sys_days day{std::chrono::days{static_cast<long>(days)}};
  const std::chrono::year_month_day date{day};
  return cmx::detail::date_text(date);
}

// The rule sets asked for with --rules: the chart's own sigma and Anhøj signals, and any of the
// rule sets of cmx/spc/rules.hpp (evaluated over the chart's points in one pass).
struct rule_choice {
  bool anhoej = false;
  bool sigma = false;
  std::vector<std::string> names;  // as given, for the settings
  std::string library;             // comma-separated names for spc::rule_set_by_name
};

rule_choice parse_rules(const std::string& list) {
  rule_choice choice;
  std::stringstream stream(list);
  std::string name;
  const auto add_library = [&](const char* canonical) {
    choice.library += (choice.library.empty() ? "" : ",");
    choice.library += canonical;
  };
  while (std::getline(stream, name, ',')) {
    if (name == "none" || name.empty()) {
      continue;
    }
    if (name == "anhoej") {
      choice.anhoej = true;
    } else if (name == "sigma") {
      choice.sigma = true;
    } else if (name == "ihi") {
      add_library("ihi");
    } else if (name == "we" || name == "western_electric" || name == "western-electric") {
      add_library("western_electric");
    } else if (name == "nelson") {
      add_library("nelson");
    } else if (name == "mdc" || name == "nhs") {
      add_library("mdc");
    } else if (name == "mdc_pre2023" || name == "mdc-pre2023") {
      add_library("mdc_pre2023");
    } else if (name == "qcc") {
      add_library("qcc");
    } else {
      throw error(status::invalid_argument,
                  "unknown rule set '" + name +
                      "' (known: anhoej, sigma, ihi, we, nelson, mdc, mdc_pre2023, qcc, none)",
                  location{"--rules", 0, 0, name});
    }
    choice.names.push_back(name);
  }
  return choice;
}

// The signals of the chosen rules and, per point, the ids of the rules flagging it (each id
// once, in the order sigma, anhoej, then the rule sets' order).
struct flagged_points {
  std::vector<spc::signal> signals;
  std::vector<std::vector<spc::rule_id>> rules;  // per point
};

void add_flag(std::vector<spc::rule_id>& ids, spc::rule_id id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    ids.push_back(id);
  }
}

flagged_points flag_chart(const spc::chart_result& chart, const rule_choice& rules) {
  flagged_points out;
  if (rules.sigma) {
    out.signals = spc::beyond_limits_signals(chart);
  }
  if (rules.anhoej) {
    const auto more = spc::anhoej_signals(chart);
    out.signals.insert(out.signals.end(), more.begin(), more.end());
  }
  out.rules.resize(chart.size());
  for (const auto& sig : out.signals) {
    for (std::size_t i = sig.flag_first; i <= sig.last; ++i) {
      if (spc::chart_signal_flags(chart, sig, i)) {
        add_flag(out.rules[i], sig.rule);
      }
    }
  }
  if (!rules.library.empty()) {
    const spc::rule_set set = spc::rule_set_by_name(rules.library);
    spc::evaluation eval;
    spc::evaluate_into(set, chart.rules_input(), eval);
    for (std::size_t i = 0; i < chart.size(); ++i) {
      for (std::uint32_t bits = eval.flags[i]; bits != 0; bits &= bits - 1) {
        const auto r = static_cast<std::size_t>(std::countr_zero(bits));
        add_flag(out.rules[i], set.rules[r].id);
      }
    }
    out.signals.insert(out.signals.end(), eval.signals.begin(), eval.signals.end());
  }
  return out;
}

nlohmann::ordered_json number(double v) {
  return std::isnan(v) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
}

std::string csv_number(double v) {
  if (std::isnan(v)) {
    return "";
  }
  return cmx::detail::general_text(v, 17);
}

void run_spc(const spc_settings& s) {
  const auto type = spc::parse_chart_type(s.chart);
  if (!type) {
    throw error(status::invalid_argument, "unknown chart type '" + s.chart + "'",
                location{"--chart", 0, 0, s.chart});
  }
  const auto agg = spc::parse_aggregation(s.agg);
  if (!agg) {
    throw error(status::invalid_argument, "unknown aggregation '" + s.agg + "'",
                location{"--agg", 0, 0, s.agg});
  }
  const rule_choice rules = parse_rules(s.rules);

  const auto table = io::read_csv_file(s.input);
  const std::size_t x_col = table.column(s.x_column);
  const std::size_t y_col = table.column(s.y_column);
  // The n column is read when given, or by default for the charts that need denominators.
  std::optional<std::size_t> n_col;
  const bool wants_n = *type == spc::chart_type::p || *type == spc::chart_type::np ||
                       *type == spc::chart_type::u || *type == spc::chart_type::pp ||
                       *type == spc::chart_type::up || *type == spc::chart_type::ip;
  if (s.n_given || wants_n) {
    n_col = table.column(s.n_column);  // throws not_found naming the column
  }
  const std::size_t rows = table.row_count();
  std::vector<double> x(rows);
  std::vector<double> y(rows);
  std::vector<double> n(n_col ? rows : 0);
  bool dates = rows > 0;
  for (std::size_t row = 0; row < rows; ++row) {
    dates = dates && !std::isnan(iso_days(table.cell(row, x_col)));
  }
  for (std::size_t row = 0; row < rows; ++row) {
    x[row] = dates ? iso_days(table.cell(row, x_col)) : table.required_number(row, x_col);
    y[row] = table.number(row, y_col).value_or(std::nan(""));
  }
  if (n_col) {
    for (std::size_t row = 0; row < rows; ++row) {
      n[row] = table.number(row, *n_col).value_or(std::nan(""));
    }
  }

  spc::chart_options options;
  options.type = *type;
  options.agg = *agg;
  options.parts = s.parts;
  options.freeze = s.freeze;
  options.exclude = s.exclude;
  options.multiply = s.multiply;
  if (s.screen_mr == "on" || s.screen_mr == "off") {
    options.screen_mr = s.screen_mr == "on";
  }
  spc::chart_result chart;
  try {
    chart = spc::compute_chart(x, y, n, options);
  } catch (const error& e) {
    // Name the file and the CSV line of a bad row.
    location where = e.where();
    if (where.source == "series" && where.line > 0 && where.line <= static_cast<long>(rows)) {
      const auto row = static_cast<std::size_t>(where.line - 1);
      const std::size_t column = where.field == "n" && n_col ? *n_col
                                 : where.field == "x"        ? x_col
                                                             : y_col;
      where = table.where(row, column);
    } else if (where.source == "series") {
      where.source = table.source();
    }
    throw error(e.code(), e.message(), where);
  }

  const flagged_points flags = flag_chart(chart, rules);
  const auto& flagged = flags.rules;

  output out(s.output);
  const auto label = [&](std::size_t i) -> nlohmann::ordered_json {
    return dates ? nlohmann::ordered_json(iso_text(chart.x[i]))
                 : nlohmann::ordered_json(chart.x[i]);
  };
  if (s.format == "json") {
    nlohmann::ordered_json doc;
    doc["chart"] = spc::to_string(chart.type);
    nlohmann::ordered_json settings;
    settings["chart"] = spc::to_string(chart.type);
    settings["input"] = s.input;
    settings["x"] = s.x_column;
    settings["y"] = s.y_column;
    settings["n"] = n_col ? nlohmann::ordered_json(s.n_column) : nlohmann::ordered_json(nullptr);
    settings["part"] = s.parts;
    settings["freeze"] = s.freeze;
    settings["exclude"] = s.exclude;
    settings["multiply"] = s.multiply;
    settings["agg"] = spc::to_string(options.agg);
    settings["screen_mr"] = chart.screened_mr;
    settings["sigma_estimator"] =
        (chart.type == spc::chart_type::xbar || chart.type == spc::chart_type::r ||
         chart.type == spc::chart_type::s)
            ? nlohmann::ordered_json(spc::to_string(chart.estimator))
            : nlohmann::ordered_json(nullptr);
    settings["rules"] = rules.names;
    doc["settings"] = settings;
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < chart.size(); ++i) {
      nlohmann::ordered_json p;
      p["x"] = label(i);
      p["y"] = number(chart.y[i]);
      p["n"] = chart.n.empty() ? nlohmann::ordered_json(nullptr) : number(chart.n[i]);
      p["cl"] = number(chart.cl[i]);
      p["lcl"] = number(chart.lcl[i]);
      p["ucl"] = number(chart.ucl[i]);
      p["lcl2"] = number(chart.lcl2[i]);
      p["ucl2"] = number(chart.ucl2[i]);
      p["lcl1"] = number(chart.lcl1[i]);
      p["ucl1"] = number(chart.ucl1[i]);
      p["sigma_signal"] = chart.sigma_signal[i] != 0;
      p["signal"] = !flagged[i].empty();
      nlohmann::ordered_json ids = nlohmann::ordered_json::array();
      for (const auto id : flagged[i]) {
        ids.push_back(spc::to_string(id));
      }
      p["rules"] = ids;
      p["part"] = chart.part_of(i);
      p["included"] = chart.is_included(i);
      p["baseline"] = chart.in_baseline(i);
      points.push_back(std::move(p));
    }
    doc["points"] = std::move(points);
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& part : chart.parts) {
      const auto& r = part.runs;
      const auto runs_number = [&](std::size_t v) {
        return r.defined ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
      };
      nlohmann::ordered_json p;
      p["part"] = part.part;
      p["first"] = part.first + 1;
      p["last"] = part.last + 1;
      p["cl"] = number(part.cl);
      p["sigma"] = number(part.sigma);
      p["n_obs"] = r.n_obs;
      p["n_useful"] = r.n_useful;
      p["longest_run"] = runs_number(r.longest_run);
      p["longest_run_max"] = runs_number(r.longest_run_max);
      p["crossings"] = runs_number(r.crossings);
      p["crossings_min"] = runs_number(r.crossings_min);
      p["runs_signal"] = r.runs_signal;
      p["sigma_signals"] = part.sigma_signals;
      parts.push_back(std::move(p));
    }
    doc["parts"] = std::move(parts);
    nlohmann::ordered_json signal_list = nlohmann::ordered_json::array();
    for (const auto& sig : flags.signals) {
      nlohmann::ordered_json one;
      one["rule"] = spc::to_string(sig.rule);
      one["first"] = sig.first + 1;
      one["last"] = sig.last + 1;
      one["flag_first"] = sig.flag_first + 1;
      one["direction"] = static_cast<int>(sig.dir);
      signal_list.push_back(std::move(one));
    }
    doc["signals"] = std::move(signal_list);
    out.stream() << doc.dump(2) << '\n';
  } else if (s.format == "csv") {
    auto& o = out.stream();
    o << "x,y,n,cl,lcl,ucl,lcl2,ucl2,lcl1,ucl1,sigma_signal,signal,rules,part,included,"
         "baseline\n";
    for (std::size_t i = 0; i < chart.size(); ++i) {
      o << (dates ? iso_text(chart.x[i]) : csv_number(chart.x[i])) << ',' << csv_number(chart.y[i])
        << ',' << (chart.n.empty() ? "" : csv_number(chart.n[i])) << ',' << csv_number(chart.cl[i])
        << ',' << csv_number(chart.lcl[i]) << ',' << csv_number(chart.ucl[i]) << ','
        << csv_number(chart.lcl2[i]) << ',' << csv_number(chart.ucl2[i]) << ','
        << csv_number(chart.lcl1[i]) << ',' << csv_number(chart.ucl1[i]) << ','
        << (chart.sigma_signal[i] != 0 ? 1 : 0) << ',' << (flagged[i].empty() ? 0 : 1) << ',';
      for (std::size_t k = 0; k < flagged[i].size(); ++k) {
        o << (k > 0 ? ";" : "") << spc::to_string(flagged[i][k]);
      }
      o << ',' << chart.part_of(i) << ',' << static_cast<int>(chart.is_included(i)) << ','
        << static_cast<int>(chart.in_baseline(i)) << '\n';
    }
  } else if (s.format == "svg") {
    render::chart_style style;  // one chart as SVG (render/chart_svg.hpp)
    style.x_dates = dates;
    style.title = std::string(spc::to_string(chart.type)) + " chart of " + s.y_column +
                  (n_col ? " / " + s.n_column : "") + " (" +
                  s.input.substr(s.input.find_last_of('/') + 1) + ")";
    style.y_label = s.y_column;
    style.width = 800;
    style.height = 400;
    out.stream() << render::chart_svg(chart, flags.signals, style) << '\n';
  } else {
    throw error(status::invalid_argument, "unknown format '" + s.format + "'",
                location{"--format", 0, 0, s.format});
  }
  out.finish();
}

}  // namespace

void add_spc_command(CLI::App& app) {
  auto settings = std::make_shared<spc_settings>();
  CLI::App* cmd = app.add_subcommand(
      "spc", "Control chart or run chart of a series (defaults reproduce qicharts2's qic())");
  cmd->add_option("--chart", settings->chart,
                  "run, i, mr, xbar, r, s, p, np, c, u, pp, up, g, t or ip")
      ->required()
      ->check(CLI::IsMember(
          {"run", "i", "mr", "xbar", "r", "s", "p", "np", "c", "u", "pp", "up", "g", "t", "ip"}));
  cmd->add_option("--input", settings->input, "CSV file ('-' = standard input)")->required();
  cmd->add_option("--x", settings->x_column, "subgroup column (numbers or ISO dates)")
      ->capture_default_str();
  cmd->add_option("--y", settings->y_column, "value or numerator column")->capture_default_str();
  cmd->add_option_function<std::string>(
      "--n",
      [settings](const std::string& name) {
        settings->n_column = name;
        settings->n_given = true;
      },
      "denominator column (default n: read by p, np, u, pp, up and ip; the other charts read "
      "one only when --n names it)");
  // Positions are checked as text before CLI11 converts them: "-1" would wrap to 2^64 - 1.
  const auto whole_number = [](bool positive) {
    return CLI::Validator(
        [positive](const std::string& text) -> std::string {
          if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
            return "'" + text + "' is not a whole number";
          }
          if (positive && text.find_first_not_of('0') == std::string::npos) {
            return "subgroup positions start at 1";
          }
          return {};
        },
        positive ? "K >= 1" : "K >= 0");
  };
  cmd->add_option("--part", settings->parts, "new phase after subgroup K (1-based)")
      ->delimiter(',')
      ->check(whole_number(true));
  cmd->add_option("--freeze", settings->freeze, "centre and limits from subgroups 1..K")
      ->check(whole_number(false));
  cmd->add_option("--exclude", settings->exclude,
                  "1-based subgroups kept out of centre, limits and runs")
      ->delimiter(',')
      ->check(whole_number(true));
  cmd->add_option("--multiply", settings->multiply, "scale y, centre and limits")
      ->capture_default_str();
  cmd->add_option("--agg", settings->agg, "aggregation of rows with equal x (no n)")
      ->check(CLI::IsMember({"mean", "median", "sum", "sd"}))
      ->capture_default_str();
  cmd->add_option("--screen-mr", settings->screen_mr,
                  "moving-range screening (default: on for i, t, pp, up, ip)")
      ->check(CLI::IsMember({"on", "off"}));
  cmd->add_option(
         "--rules", settings->rules,
         "rule sets, comma-separated: anhoej, sigma, ihi, we, nelson, mdc, mdc_pre2023, qcc, none")
      ->capture_default_str();
  cmd->add_option("--format", settings->format, "json, csv or svg (the chart as a picture)")
      ->check(CLI::IsMember({"json", "csv", "svg"}))
      ->capture_default_str();
  cmd->add_option("--output", settings->output, "output file (default standard output)");
  cmd->callback([settings] { run_spc(*settings); });
}

}  // namespace cmx::cli
