#include "oracle/oracle_case.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <utility>

namespace cmx::oracle {

namespace {

std::map<std::pair<std::string, std::string>, adapter>& registry() {
  static std::map<std::pair<std::string, std::string>, adapter> adapters;
  return adapters;
}

std::string show(double value) {
  std::ostringstream text;
  text.precision(17);
  text << value;
  return text.str();
}

}  // namespace

registrar::registrar(const char* package, const char* chart, adapter run) {
  registry()[{package, chart}] = std::move(run);
}

const adapter* find_adapter(const std::string& package, const std::string& chart) {
  const auto found = registry().find({package, chart});
  return found == registry().end() ? nullptr : &found->second;
}

bool numbers_agree(double got, double expected) noexcept {
  if (std::isnan(expected)) {
    return std::isnan(got);
  }
  return std::abs(got - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

void expect_number(const std::string& what, double got, const nlohmann::json& expected) {
  if (expected.is_null()) {
    if (!std::isnan(got)) {
      throw mismatch(what + ": expected null, got " + show(got));
    }
    return;
  }
  if (!expected.is_number()) {
    throw uninterpretable(what + ": expected value is not a number: " + expected.dump());
  }
  const double want = expected.get<double>();
  if (!numbers_agree(got, want)) {
    throw mismatch(what + ": expected " + show(want) + ", got " + show(got));
  }
}

void expect_flag(const std::string& what, bool got, const nlohmann::json& expected) {
  if (!expected.is_boolean()) {
    throw uninterpretable(what + ": expected value is not a boolean: " + expected.dump());
  }
  if (got != expected.get<bool>()) {
    throw mismatch(what + ": expected " + expected.dump() + ", got " + (got ? "true" : "false"));
  }
}

void expect_integer(const std::string& what, long long got, const nlohmann::json& expected) {
  if (!expected.is_number_integer()) {
    throw uninterpretable(what + ": expected value is not an integer: " + expected.dump());
  }
  if (got != expected.get<long long>()) {
    throw mismatch(what + ": expected " + expected.dump() + ", got " + std::to_string(got));
  }
}

void expect_string(const std::string& what, const std::string& got,
                   const nlohmann::json& expected) {
  if (!expected.is_string()) {
    throw uninterpretable(what + ": expected value is not a string: " + expected.dump());
  }
  if (got != expected.get<std::string>()) {
    throw mismatch(what + ": expected " + expected.dump() + ", got \"" + got + "\"");
  }
}

void expect_indices(const std::string& what, const std::vector<long long>& got,
                    const nlohmann::json& expected) {
  if (!expected.is_array()) {
    throw uninterpretable(what + ": expected value is not a list: " + expected.dump());
  }
  const auto want = expected.get<std::vector<long long>>();
  if (got != want) {
    nlohmann::json shown = got;
    throw mismatch(what + ": expected " + expected.dump() + ", got " + shown.dump());
  }
}

void require_known_args(const nlohmann::json& args, std::initializer_list<const char*> known) {
  for (const auto& item : args.items()) {
    const std::string& key = item.key();
    if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
      throw uninterpretable("argument '" + key + "' (" + item.value().dump() + ") is not mapped");
    }
  }
}

std::optional<std::vector<double>> numeric_column(const io::csv_table& table, const char* name) {
  const auto column = table.find_column(name);
  if (!column) {
    return std::nullopt;
  }
  std::vector<double> values(table.row_count());
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    values[row] = table.number(row, *column).value_or(std::nan(""));
  }
  return values;
}

}  // namespace cmx::oracle
