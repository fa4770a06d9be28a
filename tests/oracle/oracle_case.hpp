// The reference cases of ../shared/oracle and the tools adapters use to compare with them.
// An adapter maps one package's recorded call onto cmx options, runs cmx and compares every
// number and flag; the first difference is thrown as a mismatch. The engine knows nothing of R.
#ifndef CMX_TESTS_ORACLE_CASE_HPP
#define CMX_TESTS_ORACLE_CASE_HPP

#include <cstddef>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "cmx/io/csv.hpp"

namespace cmx::oracle {

struct oracle_case {
  std::string name;
  std::filesystem::path dir;
  nlohmann::json expected;  // expected.json
  io::csv_table input;      // input.csv
};

// The first difference found; its what() is printed after "FAIL <case>: ".
class mismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A case the adapters cannot interpret (unknown chart, argument or option): also a FAIL.
class uninterpretable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// |got - expected| <= 1e-9 * max(1, |expected|) (oracle/README.md); null expected = NaN got.
bool numbers_agree(double got, double expected) noexcept;

// Comparisons that throw mismatch naming `what` (e.g. "points[3].ucl").
void expect_number(const std::string& what, double got, const nlohmann::json& expected);
void expect_flag(const std::string& what, bool got, const nlohmann::json& expected);
void expect_integer(const std::string& what, long long got, const nlohmann::json& expected);
void expect_string(const std::string& what, const std::string& got, const nlohmann::json& expected);
void expect_indices(const std::string& what, const std::vector<long long>& got,
                    const nlohmann::json& expected);

// Refuses any key of `args` not in `known` (so an argument no adapter maps is a FAIL).
void require_known_args(const nlohmann::json& args, std::initializer_list<const char*> known);

// A column of input.csv as doubles (empty cells are NaN), or nullopt when absent.
std::optional<std::vector<double>> numeric_column(const io::csv_table& table, const char* name);

using adapter = std::function<void(const oracle_case&)>;

// Adapters register themselves for a package ("qicharts2", "qcc", "NHSRplotthedots") and the
// case's chart ("i", "xbar.one", "cusum", "xmr", ...), from a static object in their own file.
struct registrar {
  registrar(const char* package, const char* chart, adapter run);
};

// The adapter for a case, or nullptr.
const adapter* find_adapter(const std::string& package, const std::string& chart);

}  // namespace cmx::oracle

#endif  // CMX_TESTS_ORACLE_CASE_HPP
