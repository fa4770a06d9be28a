// Private helpers for the FHIR readers: typed access to JSON members with errors naming the JSON
// pointer of the element.
#ifndef CMX_IO_FHIR_JSON_HPP
#define CMX_IO_FHIR_JSON_HPP

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace cmx::io::detail {

class fhir_reader {
 public:
  // what names the kind of document in messages ("FHIR", "measures JSON").
  explicit fhir_reader(std::string source, std::string what = "FHIR")
      : source_(std::move(source)), what_(std::move(what)) {}

  // Parses text; malformed JSON is cmx::error (parse) at the line and column of the fault.
  [[nodiscard]] nlohmann::json parse(std::string_view text) const;

  [[noreturn]] void fail(const std::string& path, const std::string& message) const;

  // An object member that must exist (and be of the checked type).
  [[nodiscard]] const nlohmann::json& object(const nlohmann::json& parent, const std::string& path,
                                             const char* key) const;
  [[nodiscard]] std::string string(const nlohmann::json& parent, const std::string& path,
                                   const char* key) const;
  [[nodiscard]] std::optional<std::string> opt_string(const nlohmann::json& parent,
                                                      const std::string& path,
                                                      const char* key) const;
  [[nodiscard]] std::optional<bool> opt_bool(const nlohmann::json& parent, const std::string& path,
                                             const char* key) const;
  // A member that must be an array if present; nullptr if absent.
  [[nodiscard]] const nlohmann::json* opt_array(const nlohmann::json& parent,
                                                const std::string& path, const char* key) const;
  [[nodiscard]] const nlohmann::json* opt_object(const nlohmann::json& parent,
                                                 const std::string& path, const char* key) const;
  // FHIR integer >= 0 (unsignedInt).
  [[nodiscard]] std::optional<double> opt_count(const nlohmann::json& parent,
                                                const std::string& path, const char* key) const;
  // FHIR decimal.
  [[nodiscard]] std::optional<double> opt_decimal(const nlohmann::json& parent,
                                                  const std::string& path, const char* key) const;
  // The first coding's code of a CodeableConcept member, "" if absent.
  [[nodiscard]] std::string first_code(const nlohmann::json& parent, const std::string& path,
                                       const char* key) const;
  // The first coding's code of a CodeableConcept at concept_path, "" if it has none.
  [[nodiscard]] std::string code_of(const nlohmann::json& concept_,
                                    const std::string& concept_path) const;
  // A Reference member's reference, with a leading "<type>/" (or any URL up to it) removed.
  [[nodiscard]] std::string reference_id(const nlohmann::json& parent, const std::string& path,
                                         const char* key, std::string_view type) const;

  // The resources of a resource or of a Bundle's entries, with their JSON pointers.
  template <class F>
  void for_each_resource(const nlohmann::json& root, F&& visit) const {
    if (!root.is_object()) {
      fail("", "a FHIR resource must be a JSON object");
    }
    const auto type = string(root, "", "resourceType");
    if (type != "Bundle") {
      visit(root, type, std::string());
      return;
    }
    const auto* entries = opt_array(root, "", "entry");
    if (entries == nullptr) {
      return;
    }
    for (std::size_t i = 0; i < entries->size(); ++i) {
      const auto entry_path = "/entry/" + std::to_string(i);
      const auto& entry = (*entries)[i];
      if (!entry.is_object()) {
        fail(entry_path, "a Bundle entry must be an object");
      }
      const auto& resource = object(entry, entry_path, "resource");
      const auto path = entry_path + "/resource";
      visit(resource, string(resource, path, "resourceType"), path);
    }
  }

 private:
  std::string source_;
  std::string what_;
};

}  // namespace cmx::io::detail

#endif  // CMX_IO_FHIR_JSON_HPP
