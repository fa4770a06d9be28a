#include "io/json_teardown.hpp"

namespace cmx::io::detail {

namespace {

bool filled_container(const nlohmann::json& j) noexcept {
  return (j.is_array() || j.is_object()) && !j.empty();
}

// Deeper than any document cmx reads; deeper nesting is left to nlohmann (see the header).
constexpr int max_depth = 256;

}  // namespace

void teardown(nlohmann::json& j) noexcept {
  try {
    while (filled_container(j)) {
      // Walk down the last children to a container whose last child is a leaf (a scalar or an
      // empty container), and erase that leaf: erasing frees without allocating.
      nlohmann::json* parent = &j;
      for (int depth = 0;; ++depth) {
        nlohmann::json& last = parent->back();
        if (!filled_container(last)) {
          break;
        }
        if (depth == max_depth) {
          return;
        }
        parent = &last;
      }
      auto end = parent->end();
      --end;
      parent->erase(end);
    }
  } catch (...) {  // erase and back() only throw on a type mismatch, excluded above
  }
}

json_teardown::~json_teardown() {
  if (one_ != nullptr) {
    teardown(*one_);
  }
  if (many_ != nullptr) {
    for (auto& j : *many_) {
      teardown(j);
    }
  }
}

}  // namespace cmx::io::detail
