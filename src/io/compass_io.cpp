// Compass inputs: measures JSON, observations CSV, hierarchy JSON (see compass_io.hpp).
#include "cmx/io/compass_io.hpp"

#include <fstream>
#include <sstream>
#include <unordered_set>

#include "cmx/compass/system_rollup.hpp"
#include "cmx/error.hpp"
#include "cmx/io/fhir.hpp"
#include "cmx/system/io.hpp"
#include "io/fhir_json.hpp"
#include "io/json_teardown.hpp"
#include "io/read_all.hpp"

namespace cmx::io {
namespace {

using detail::fhir_reader;
using nlohmann::json;

template <class E>
E required_enum(const fhir_reader& r, const json& obj, const std::string& path, const char* key,
                std::optional<E> (*parse)(std::string_view) noexcept, const char* allowed) {
  const auto text = r.string(obj, path, key);
  const auto value = parse(text);
  if (!value) {
    r.fail(path + "/" + key, "'" + text + "' is not one of " + allowed);
  }
  return *value;
}

// A system definition (the JSON of `cmx system`) rather than a list of edges.
bool is_system_definition(const json& root) {
  return root.is_object() && root.contains("units") && !root.contains("edges");
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(status::io, "cannot open the file", location{path, 0, 0, ""});
  }
  return detail::read_all(in);
}

std::vector<compass::measure> read_measures_json(std::string_view text, const std::string& source) {
  const fhir_reader r(source, "measures JSON");
  auto root = r.parse(text);
  const detail::json_teardown root_teardown(root);  // no allocation when it is destroyed
  const json* list = &root;
  std::string base;
  if (root.is_object()) {
    list = r.opt_array(root, "", "measures");
    base = "/measures";
    if (list == nullptr) {
      r.fail("/measures", "required element 'measures' is missing");
    }
  } else if (!root.is_array()) {
    r.fail("", "measures must be an array or an object with a 'measures' array");
  }
  std::vector<compass::measure> out;
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto path = base + "/" + std::to_string(i);
    const auto& j = (*list)[i];
    if (!j.is_object()) {
      r.fail(path, "a measure must be an object");
    }
    compass::measure m;
    m.id = r.string(j, path, "id");
    if (m.id.empty() || !ids.insert(m.id).second) {
      r.fail(path + "/id", m.id.empty() ? "the id is empty" : "measure id '" + m.id + "' repeats");
    }
    m.name = r.opt_string(j, path, "name").value_or(m.id);
    m.point = required_enum<compass::compass_point>(
        r, j, path, "point", compass::parse_compass_point, "west, north, east, south");
    m.sub_dimension = r.opt_string(j, path, "sub_dimension").value_or("");
    if (j.contains("type")) {
      m.type = required_enum<compass::measure_type>(
          r, j, path, "type", compass::parse_measure_type,
          "outcome, process, structure, balancing, patient_reported, cost");
    }
    m.scoring = required_enum<compass::scoring_kind>(
        r, j, path, "scoring", compass::parse_scoring_kind,
        "proportion, rate, continuous, count, time_between, observed_expected");
    if (!j.contains("direction")) {
      r.fail(path + "/direction",
             R"(direction missing: say "higher_is_better" or "lower_is_better" (never assumed))");
    }
    m.direction = required_enum<compass::improvement>(
        r, j, path, "direction", compass::parse_improvement, "higher_is_better, lower_is_better");
    m.unit = r.opt_string(j, path, "unit").value_or("");
    m.multiplier = r.opt_decimal(j, path, "multiplier").value_or(1.0);
    m.target = r.opt_decimal(j, path, "target");
    m.benchmark_mean = r.opt_decimal(j, path, "benchmark_mean");
    m.benchmark_sd = r.opt_decimal(j, path, "benchmark_sd");
    m.floor = r.opt_decimal(j, path, "floor");
    m.mid = r.opt_decimal(j, path, "mid");
    m.weight = r.opt_decimal(j, path, "weight").value_or(1.0);
    if (m.weight < 0) {
      r.fail(path + "/weight", "weight must be >= 0");
    }
    if (m.mid && *m.mid <= 0) {
      r.fail(path + "/mid", "the minimally important difference must be > 0");
    }
    if (m.benchmark_sd && *m.benchmark_sd <= 0) {
      r.fail(path + "/benchmark_sd", "the benchmark SD must be > 0");
    }
    if (m.multiplier <= 0) {
      r.fail(path + "/multiplier", "the multiplier must be > 0");
    }
    if (m.target && m.floor && *m.target == *m.floor) {
      r.fail(path + "/target", "target equals floor: goalpost attainment would be undefined");
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<compass::measure> read_measures_file(const std::string& path) {
  return read_measures_json(read_text_file(path), path);
}

std::vector<compass::observation> read_observations(const csv_table& t) {
  const auto measure = t.column("measure");
  const auto unit = t.column("unit");
  const auto period = t.column("period");
  const auto opt = [&](const char* name) { return t.find_column(name); };
  const auto num = opt("numerator");
  const auto den = opt("denominator");
  const auto val = opt("value");
  const auto exp = opt("expected");
  const auto n = opt("n");
  const auto sd = opt("sd");
  const auto start = opt("period_start");
  const auto end = opt("period_end");
  std::vector<compass::observation> out;
  out.reserve(t.row_count());
  for (std::size_t i = 0; i < t.row_count(); ++i) {
    compass::observation o;
    o.measure = std::string(t.cell(i, measure));
    o.unit = std::string(t.cell(i, unit));
    o.period = std::string(t.cell(i, period));
    if (o.measure.empty() || o.unit.empty() || o.period.empty()) {
      const auto col = o.measure.empty() ? measure : o.unit.empty() ? unit : period;
      throw error(status::bad_input, "measure, unit and period are required", t.where(i, col));
    }
    const auto number = [&](std::optional<std::size_t> c) {
      return c ? t.number(i, *c) : std::nullopt;
    };
    o.numerator = number(num);
    o.denominator = number(den);
    o.value = number(val);
    o.expected = number(exp);
    o.n = number(n);
    o.sd = number(sd);
    if (start) {
      o.period_start = std::string(t.cell(i, *start));
    }
    if (end) {
      o.period_end = std::string(t.cell(i, *end));
    }
    o.origin.source = t.source();
    o.origin.row = t.line(i);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<compass::observation> read_observations_file(const std::string& path) {
  return read_observations(read_csv_file(path));
}

std::vector<compass::hierarchy_edge> read_hierarchy_json(std::string_view text,
                                                         const std::string& source) {
  const fhir_reader r(source, "hierarchy JSON");
  auto root = r.parse(text);
  const detail::json_teardown root_teardown(root);  // no allocation when it is destroyed
  std::vector<compass::hierarchy_edge> out;
  if (is_system_definition(root)) {
    return compass::hierarchy_edges(system::read_system_json(text, source));
  }
  if (root.is_object() && root.contains("resourceType")) {
    for (const auto& org : read_organizations(text, source).organizations) {
      if (!org.part_of.empty()) {
        out.push_back({org.id, org.part_of, 1.0});
      }
    }
    return out;
  }
  if (!root.is_object()) {
    r.fail("", "a hierarchy must be an object with an 'edges' array (or a FHIR Bundle)");
  }
  const auto* edges = r.opt_array(root, "", "edges");
  if (edges == nullptr) {
    r.fail("/edges", "required element 'edges' is missing");
  }
  for (std::size_t i = 0; i < edges->size(); ++i) {
    const auto path = "/edges/" + std::to_string(i);
    const auto& e = (*edges)[i];
    if (!e.is_object()) {
      r.fail(path, "an edge must be an object");
    }
    compass::hierarchy_edge edge{r.string(e, path, "child"), r.string(e, path, "parent"),
                                 r.opt_decimal(e, path, "weight").value_or(1.0)};
    if (!(edge.weight > 0 && edge.weight <= 1)) {
      r.fail(path + "/weight", "allocation weight must lie in (0, 1]");
    }
    out.push_back(std::move(edge));
  }
  return out;
}

std::vector<compass::hierarchy_edge> read_hierarchy_file(const std::string& path) {
  return read_hierarchy_json(read_text_file(path), path);
}

rollup_hierarchy read_rollup_hierarchy_file(const std::string& path) {
  const auto text = read_text_file(path);
  const fhir_reader r(path, "hierarchy JSON");
  if (is_system_definition(r.parse(text))) {
    return {system::read_system_json(text, path), {}};
  }
  return {std::nullopt, read_hierarchy_json(text, path)};
}

}  // namespace cmx::io
