// The system definition in JSON (schema in README.md, "### cmx system"), read with
// nlohmann_json; every error names the JSON pointer of the element as field.
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cmx/system/io.hpp"
#include "io/json_teardown.hpp"
#include "io/read_all.hpp"

namespace cmx::system {
namespace {

using json = nlohmann::json;

struct reader {
  std::string source;

  [[noreturn]] void fail(status code, const std::string& message, const std::string& field) const {
    throw error(code, message, location{source, 0, 0, field.empty() ? "/" : field});
  }

  void only(const json& object, const std::string& path,
            std::initializer_list<const char*> allowed) const {
    if (!object.is_object()) {
      fail(status::parse, "expected an object", path);
    }
    for (const auto& item : object.items()) {
      bool known = false;
      for (const char* name : allowed) {
        known = known || item.key() == name;
      }
      if (!known) {
        fail(status::parse, "unknown member '" + item.key() + "'", path + "/" + item.key());
      }
    }
  }

  const json& array(const json& object, const char* name, const std::string& path,
                    bool required) const {
    static const json empty = json::array();
    const auto it = object.find(name);
    if (it == object.end()) {
      if (required) {
        fail(status::parse, std::string("missing member '") + name + "'", path + "/" + name);
      }
      return empty;
    }
    if (!it->is_array()) {
      fail(status::parse, "expected an array", path + "/" + name);
    }
    return *it;
  }

  std::string text(const json& object, const char* name, const std::string& path, bool required,
                   const std::string& fallback = {}) const {
    const auto it = object.find(name);
    if (it == object.end()) {
      if (required) {
        fail(status::parse, std::string("missing member '") + name + "'", path + "/" + name);
      }
      return fallback;
    }
    if (!it->is_string()) {
      fail(status::parse, "expected a string", path + "/" + name);
    }
    return it->get<std::string>();
  }

  std::optional<instant> when(const json& object, const char* name, const std::string& path,
                              bool until) const {
    if (object.find(name) == object.end()) {
      return std::nullopt;
    }
    const std::string value = text(object, name, path, true);
    const auto t = parse_instant(value);
    if (!t) {
      fail(status::parse, "expected an ISO 8601 date or date-time, found '" + value + "'",
           path + "/" + name);
    }
    // A date alone as the end of a validity period includes that whole day.
    return until && is_date_only(value) ? *t + seconds_per_day : *t;
  }

  [[nodiscard]] std::vector<std::string> ids(const json& list, const std::string& path) const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) {
        fail(status::parse, "expected a unit id (a string)", path + "/" + std::to_string(i));
      }
      out.push_back(list[i].get<std::string>());
    }
    return out;
  }

  [[nodiscard]] unit read_unit(const json& j, const std::string& path) const {
    only(j, path, {"id", "name", "level", "kind", "attributes"});
    unit u;
    u.id = text(j, "id", path, true);
    u.name = text(j, "name", path, false, u.id);
    const std::string lvl = text(j, "level", path, true);
    const auto parsed = parse_level(lvl);
    if (!parsed) {
      fail(status::parse,
           "unknown level '" + lvl +
               "' (patient_family, clinical_microsystem, support_microsystem, mesosystem, "
               "macrosystem)",
           path + "/level");
    }
    u.lvl = *parsed;
    u.kind = text(j, "kind", path, false);
    if (const auto it = j.find("attributes"); it != j.end()) {
      if (!it->is_object()) {
        fail(status::parse, "expected an object", path + "/attributes");
      }
      for (const auto& a : it->items()) {
        if (a.value().is_string()) {
          u.attributes.emplace_back(a.key(), a.value().get<std::string>());
        } else if (a.value().is_number() || a.value().is_boolean()) {
          u.attributes.emplace_back(a.key(), a.value().dump());
        } else {
          fail(status::parse, "an attribute is a string, number or boolean",
               path + "/attributes/" + a.key());
        }
      }
    }
    return u;
  }

  [[nodiscard]] membership read_membership(const json& j, const std::string& path) const {
    only(j, path, {"from", "to", "type", "weight", "valid_from", "valid_until"});
    membership m;
    m.from = text(j, "from", path, true);
    m.to = text(j, "to", path, true);
    const std::string type = text(j, "type", path, false, "part_of");
    const auto parsed = parse_membership_type(type);
    if (!parsed) {
      fail(status::parse, "unknown membership type '" + type + "' (part_of, serves, affiliated)",
           path + "/type");
    }
    m.type = *parsed;
    if (const auto it = j.find("weight"); it != j.end()) {
      if (!it->is_number()) {
        fail(status::parse, "expected a number", path + "/weight");
      }
      m.weight = it->get<double>();
    }
    m.valid_from = when(j, "valid_from", path, false);
    m.valid_until = when(j, "valid_until", path, true);
    return m;
  }

  [[nodiscard]] population read_population(const json& j, const std::string& path) const {
    only(j, path, {"id", "name", "units"});
    population p;
    p.id = text(j, "id", path, true);
    p.name = text(j, "name", path, false, p.id);
    p.units = ids(array(j, "units", path, true), path + "/units");
    return p;
  }

  [[nodiscard]] pathway read_pathway(const json& j, const std::string& path) const {
    only(j, path, {"id", "name", "steps"});
    pathway w;
    w.id = text(j, "id", path, true);
    w.name = text(j, "name", path, false, w.id);
    const json& steps = array(j, "steps", path, true);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::string step_path = path + "/steps/" + std::to_string(i);
      pathway_step s;
      if (steps[i].is_string()) {
        s.units.push_back(steps[i].get<std::string>());
      } else {
        only(steps[i], step_path, {"units", "optional"});
        s.units = ids(array(steps[i], "units", step_path, true), step_path + "/units");
        if (const auto it = steps[i].find("optional"); it != steps[i].end()) {
          if (!it->is_boolean()) {
            fail(status::parse, "expected true or false", step_path + "/optional");
          }
          s.optional = it->get<bool>();
        }
      }
      w.steps.push_back(std::move(s));
    }
    return w;
  }
};

// Line and column (1-based) of a byte offset, for nlohmann's parse errors.
location place(std::string_view text, std::size_t byte, const std::string& source) {
  std::int64_t line = 1;
  std::int64_t column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return location{source, line, column, ""};
}

}  // namespace

system_definition parse_system_json(std::string_view text, const std::string& source) {
  json root;
  const io::detail::json_teardown root_teardown(root);  // no allocation when it is destroyed
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw error(status::parse, std::string("malformed JSON: ") + e.what(),
                place(text, e.byte == 0 ? 0 : e.byte - 1, source));
  } catch (const json::exception& e) {
    // A number beyond the range of double (out_of_range 406) carries no position.
    throw error(status::parse, std::string("malformed JSON: ") + e.what(),
                location{source, 0, 0, ""});
  }
  const reader r{source};
  r.only(root, "", {"units", "memberships", "populations", "pathways", "name", "description"});
  system_definition def;
  def.source = source;
  const json& units = r.array(root, "units", "", true);
  for (std::size_t i = 0; i < units.size(); ++i) {
    def.units.push_back(r.read_unit(units[i], "/units/" + std::to_string(i)));
  }
  const json& memberships = r.array(root, "memberships", "", false);
  for (std::size_t i = 0; i < memberships.size(); ++i) {
    def.memberships.push_back(
        r.read_membership(memberships[i], "/memberships/" + std::to_string(i)));
  }
  const json& populations = r.array(root, "populations", "", false);
  for (std::size_t i = 0; i < populations.size(); ++i) {
    def.populations.push_back(
        r.read_population(populations[i], "/populations/" + std::to_string(i)));
  }
  const json& pathways = r.array(root, "pathways", "", false);
  for (std::size_t i = 0; i < pathways.size(); ++i) {
    def.pathways.push_back(r.read_pathway(pathways[i], "/pathways/" + std::to_string(i)));
  }
  return def;
}

system_graph read_system_json(std::string_view text, const std::string& source) {
  return system_graph::build(parse_system_json(text, source));
}

system_graph read_system_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(status::io, "cannot open the system file", location{path, 0, 0, ""});
  }
  return read_system_json(io::detail::read_all(in), path);
}

}  // namespace cmx::system
