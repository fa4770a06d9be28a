// cmx_oracle_check DIR...: checks every reference case found under the given directories.
// Prints "PASS <case>" or "FAIL <case>: <first difference>" per case and "N passed, M failed"
// last; exits 0 only when nothing failed. A case no adapter can interpret is a FAIL.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "oracle/oracle_case.hpp"

namespace {

namespace fs = std::filesystem;

// Case folders: a directory holding expected.json, itself or anywhere below.
std::vector<fs::path> find_cases(const fs::path& root) {
  std::vector<fs::path> cases;
  if (fs::exists(root / "expected.json")) {
    cases.push_back(root);
    return cases;
  }
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename() == "expected.json") {
      cases.push_back(entry.path().parent_path());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

// Returns "" when the case agrees, else the first difference.
std::string check_case(const fs::path& dir) {
  using namespace cmx::oracle;
  try {
    std::ifstream json_file(dir / "expected.json");
    if (!json_file) {
      return "cannot read expected.json";
    }
    auto expected = nlohmann::json::parse(json_file);
    auto input = cmx::io::read_csv_file((dir / "input.csv").string());
    const auto package = expected.at("package").get<std::string>();
    const auto chart = expected.at("chart").get<std::string>();
    const adapter* run = find_adapter(package, chart);
    if (run == nullptr) {
      return "no adapter for " + package + " chart '" + chart + "'";
    }
    (*run)(oracle_case{dir.filename().string(), dir, std::move(expected), std::move(input)});
    return "";
  } catch (const mismatch& e) {
    return e.what();
  } catch (const uninterpretable& e) {
    return std::string("cannot interpret: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: cmx_oracle_check DIR...\n";
    return 2;
  }
  std::size_t passed = 0;
  std::size_t failed = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path root(argv[i]);
    if (!fs::is_directory(root)) {
      std::cout << "FAIL " << root.string() << ": not a directory\n";
      ++failed;
      continue;
    }
    for (const auto& dir : find_cases(root)) {
      const std::string difference = check_case(dir);
      if (difference.empty()) {
        std::cout << "PASS " << dir.filename().string() << '\n';
        ++passed;
      } else {
        std::cout << "FAIL " << dir.filename().string() << ": " << difference << '\n';
        ++failed;
      }
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
