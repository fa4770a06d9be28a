// Helpers shared by the system graph tests.
#ifndef CMX_TESTS_UNIT_SYSTEM_TEST_UTIL_HPP
#define CMX_TESTS_UNIT_SYSTEM_TEST_UTIL_HPP

#include <filesystem>
#include <fstream>
#include <string>

#include "cmx/error.hpp"

namespace cmx::test {

// Writes text to a fresh file under the temporary directory and returns its path.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "cmx_system_tests";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Runs f, which must throw cmx::error; returns it.
template <class F>
cmx::error thrown(F&& f) {
  try {
    f();
  } catch (const cmx::error& e) {
    return e;
  }
  throw std::logic_error("expected a cmx::error");
}

// A small system: macrosystem m; mesosystems a and b; x in a, y shared 0.6 / 0.4, z in b;
// support microsystem s serving a.
inline const char* small_system_json() {
  return R"({
  "units": [
    {"id": "m", "level": "macrosystem"},
    {"id": "a", "level": "mesosystem"},
    {"id": "b", "level": "mesosystem"},
    {"id": "x", "level": "clinical_microsystem", "kind": "ED", "attributes": {"beds": 12}},
    {"id": "y", "level": "clinical_microsystem"},
    {"id": "z", "level": "clinical_microsystem"},
    {"id": "s", "level": "support_microsystem", "kind": "pharmacy"}
  ],
  "memberships": [
    {"from": "a", "to": "m"},
    {"from": "b", "to": "m"},
    {"from": "x", "to": "a"},
    {"from": "y", "to": "a", "weight": 0.6},
    {"from": "y", "to": "b", "weight": 0.4, "valid_from": "2024-01-01", "valid_until": "2024-12-31"},
    {"from": "z", "to": "b"},
    {"from": "s", "to": "m"},
    {"from": "s", "to": "a", "type": "serves"}
  ],
  "populations": [{"id": "ami", "name": "Acute MI", "units": ["x", "y"]}],
  "pathways": [{"id": "p", "steps": ["x", {"units": ["y"], "optional": true}, "z"]}]
})";
}

}  // namespace cmx::test

#endif  // CMX_TESTS_UNIT_SYSTEM_TEST_UTIL_HPP
