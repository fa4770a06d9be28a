// Tearing a JSON document down without allocating. nlohmann_json 3.11's ~basic_json flattens a
// non-empty array or object into a heap-allocated stack (nlohmann/json#4653, #5135): when that
// allocation fails, std::bad_alloc leaves a noexcept destructor and the process terminates,
// which would turn an out-of-memory condition inside a C API call into an abort. teardown()
// empties a document bottom-up, one leaf at a time, so the destructor has nothing to flatten.
#ifndef CMX_IO_JSON_TEARDOWN_HPP
#define CMX_IO_JSON_TEARDOWN_HPP

#include <nlohmann/json.hpp>
#include <vector>

namespace cmx::io::detail {

// Empties j (leaves it an empty array or object) without allocating. Nesting deeper than a
// limit is left to nlohmann's destructor, so a pathological document costs O(size x limit).
void teardown(nlohmann::json& j) noexcept;

// Tears a document (or each of a vector of them) down when the scope ends, also on exceptions.
class json_teardown {
 public:
  explicit json_teardown(nlohmann::json& j) noexcept : one_(&j) {}
  explicit json_teardown(std::vector<nlohmann::json>& many) noexcept : many_(&many) {}
  ~json_teardown();
  json_teardown(const json_teardown&) = delete;
  json_teardown& operator=(const json_teardown&) = delete;
  json_teardown(json_teardown&&) = delete;
  json_teardown& operator=(json_teardown&&) = delete;

 private:
  nlohmann::json* one_ = nullptr;
  std::vector<nlohmann::json>* many_ = nullptr;
};

}  // namespace cmx::io::detail

#endif  // CMX_IO_JSON_TEARDOWN_HPP
