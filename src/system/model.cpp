#include "cmx/system/model.hpp"

#include <array>

namespace cmx::system {
namespace {

constexpr std::array<const char*, 5> level_names{
    "patient_family", "clinical_microsystem", "support_microsystem", "mesosystem", "macrosystem"};
constexpr std::array<const char*, 3> membership_names{"part_of", "serves", "affiliated"};

}  // namespace

int level_rank(level l) noexcept {
  switch (l) {
    case level::patient_family:
      return 0;
    case level::clinical_microsystem:
    case level::support_microsystem:
      return 1;
    case level::mesosystem:
      return 2;
    case level::macrosystem:
      return 3;
  }
  return 0;
}

const char* to_string(level l) noexcept {
  const auto i = static_cast<std::size_t>(l);
  return i < level_names.size() ? level_names[i] : "unknown";
}

std::optional<level> parse_level(std::string_view text) noexcept {
  for (std::size_t i = 0; i < level_names.size(); ++i) {
    if (text == level_names[i]) {
      return static_cast<level>(i);
    }
  }
  return std::nullopt;
}

const char* to_string(membership_type t) noexcept {
  const auto i = static_cast<std::size_t>(t);
  return i < membership_names.size() ? membership_names[i] : "unknown";
}

std::optional<membership_type> parse_membership_type(std::string_view text) noexcept {
  for (std::size_t i = 0; i < membership_names.size(); ++i) {
    if (text == membership_names[i]) {
      return static_cast<membership_type>(i);
    }
  }
  return std::nullopt;
}

}  // namespace cmx::system
