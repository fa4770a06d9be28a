// Names of chart types, aggregations and sigma estimators (as the CLI and C API spell them).
#include <array>
#include <string_view>
#include <utility>

#include "cmx/spc/chart.hpp"

namespace cmx::spc {

namespace {

constexpr std::array<std::pair<std::string_view, chart_type>, 15> chart_names = {{
    {"run", chart_type::run},
    {"i", chart_type::i},
    {"mr", chart_type::mr},
    {"xbar", chart_type::xbar},
    {"r", chart_type::r},
    {"s", chart_type::s},
    {"p", chart_type::p},
    {"np", chart_type::np},
    {"c", chart_type::c},
    {"u", chart_type::u},
    {"pp", chart_type::pp},
    {"up", chart_type::up},
    {"g", chart_type::g},
    {"t", chart_type::t},
    {"ip", chart_type::ip},
}};

constexpr std::array<std::pair<std::string_view, aggregation>, 4> aggregation_names = {{
    {"mean", aggregation::mean},
    {"median", aggregation::median},
    {"sum", aggregation::sum},
    {"sd", aggregation::sd},
}};

constexpr std::array<std::pair<std::string_view, sigma_method>, 9> sigma_names = {{
    {"qicharts2", sigma_method::qicharts2},
    {"qcc", sigma_method::qcc},
    {"mean-s", sigma_method::mean_s},
    {"pooled-sd", sigma_method::pooled_sd},
    {"uwave-r", sigma_method::uwave_r},
    {"uwave-sd", sigma_method::uwave_sd},
    {"rmsdf", sigma_method::rmsdf},
    {"mvlue-r", sigma_method::mvlue_r},
    {"mvlue-sd", sigma_method::mvlue_sd},
}};

template <class Table, class Value>
const char* name_of(const Table& table, Value value) noexcept {
  for (const auto& [name, v] : table) {
    if (v == value) {
      return name.data();
    }
  }
  return "unknown";
}

template <class Table>
auto value_of(const Table& table, std::string_view name) noexcept
    -> std::optional<typename Table::value_type::second_type> {
  for (const auto& [n, v] : table) {
    if (n == name) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<chart_type> parse_chart_type(std::string_view name) noexcept {
  return value_of(chart_names, name);
}
const char* to_string(chart_type type) noexcept {
  return name_of(chart_names, type);
}
std::optional<aggregation> parse_aggregation(std::string_view name) noexcept {
  return value_of(aggregation_names, name);
}
const char* to_string(aggregation agg) noexcept {
  return name_of(aggregation_names, agg);
}
std::optional<sigma_method> parse_sigma_method(std::string_view name) noexcept {
  return value_of(sigma_names, name);
}
const char* to_string(sigma_method method) noexcept {
  return name_of(sigma_names, method);
}

}  // namespace cmx::spc
