// Typed JSON access for the FHIR readers; every error names the element's JSON pointer.
#include "io/fhir_json.hpp"

#include <cmath>

#include "cmx/error.hpp"

namespace cmx::io::detail {
namespace {

std::string member_path(const std::string& path, const char* key) {
  return path + "/" + key;
}

}  // namespace

nlohmann::json fhir_reader::parse(std::string_view text) const {
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // Locate the byte nlohmann reports as a line and column of the input.
    std::int64_t line = 1;
    std::int64_t column = 1;
    const std::size_t end = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw error(status::parse, std::string("malformed JSON: ") + e.what(),
                location{source_, line, column, ""});
  } catch (const nlohmann::json::exception& e) {
    throw error(status::parse, std::string("malformed JSON: ") + e.what(),
                location{source_, 0, 0, ""});
  }
}

void fhir_reader::fail(const std::string& path, const std::string& message) const {
  const std::string pointer = path.empty() ? "/" : path;
  throw error(status::parse, "invalid " + what_ + " at " + pointer + ": " + message,
              location{source_, 0, 0, pointer});
}

const nlohmann::json& fhir_reader::object(const nlohmann::json& parent, const std::string& path,
                                          const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    fail(member_path(path, key), std::string("required element '") + key + "' is missing");
  }
  if (!it->is_object()) {
    fail(member_path(path, key), std::string("'") + key + "' must be an object");
  }
  return *it;
}

std::string fhir_reader::string(const nlohmann::json& parent, const std::string& path,
                                const char* key) const {
  auto value = opt_string(parent, path, key);
  if (!value) {
    fail(member_path(path, key), std::string("required element '") + key + "' is missing");
  }
  return *value;
}

std::optional<std::string> fhir_reader::opt_string(const nlohmann::json& parent,
                                                   const std::string& path, const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    fail(member_path(path, key), std::string("'") + key + "' must be a string");
  }
  return it->get<std::string>();
}

std::optional<bool> fhir_reader::opt_bool(const nlohmann::json& parent, const std::string& path,
                                          const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    fail(member_path(path, key), std::string("'") + key + "' must be true or false");
  }
  return it->get<bool>();
}

const nlohmann::json* fhir_reader::opt_array(const nlohmann::json& parent, const std::string& path,
                                             const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return nullptr;
  }
  if (!it->is_array()) {
    fail(member_path(path, key), std::string("'") + key + "' must be an array");
  }
  return &*it;
}

const nlohmann::json* fhir_reader::opt_object(const nlohmann::json& parent, const std::string& path,
                                              const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return nullptr;
  }
  if (!it->is_object()) {
    fail(member_path(path, key), std::string("'") + key + "' must be an object");
  }
  return &*it;
}

std::optional<double> fhir_reader::opt_count(const nlohmann::json& parent, const std::string& path,
                                             const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return std::nullopt;
  }
  if (it->is_number_unsigned()) {
    return static_cast<double>(it->get<std::uint64_t>());
  }
  if (it->is_number_integer()) {
    fail(member_path(path, key), std::string("'") + key + "' must not be negative");
  }
  fail(member_path(path, key), std::string("'") + key + "' must be a whole number (FHIR integer)");
}

std::optional<double> fhir_reader::opt_decimal(const nlohmann::json& parent,
                                               const std::string& path, const char* key) const {
  const auto it = parent.find(key);
  if (it == parent.end()) {
    return std::nullopt;
  }
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    fail(member_path(path, key), std::string("'") + key + "' must be a number");
  }
  return it->get<double>();
}

std::string fhir_reader::first_code(const nlohmann::json& parent, const std::string& path,
                                    const char* key) const {
  const auto* concept_ = opt_object(parent, path, key);
  if (concept_ == nullptr) {
    return {};
  }
  return code_of(*concept_, member_path(path, key));
}

std::string fhir_reader::code_of(const nlohmann::json& concept_,
                                 const std::string& concept_path) const {
  if (!concept_.is_object()) {
    fail(concept_path, "a CodeableConcept must be an object");
  }
  const auto* codings = opt_array(concept_, concept_path, "coding");
  if (codings == nullptr || codings->empty()) {
    return {};
  }
  const auto coding_path = concept_path + "/coding/0";
  if (!(*codings)[0].is_object()) {
    fail(coding_path, "a coding must be an object");
  }
  return opt_string((*codings)[0], coding_path, "code").value_or("");
}

std::string fhir_reader::reference_id(const nlohmann::json& parent, const std::string& path,
                                      const char* key, std::string_view type) const {
  const auto* ref = opt_object(parent, path, key);
  if (ref == nullptr) {
    return {};
  }
  auto text = opt_string(*ref, member_path(path, key), "reference").value_or("");
  const auto prefix = std::string(type) + "/";
  const auto at = text.rfind(prefix);
  if (at != std::string::npos && (at == 0 || text[at - 1] == '/')) {
    text.erase(0, at + prefix.size());
  }
  return text;
}

}  // namespace cmx::io::detail
