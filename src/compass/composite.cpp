// Bundle composites (Reeves et al. 2007; Nolan and Berwick 2006): see composite.hpp.
#include "cmx/compass/composite.hpp"

#include <string>
#include <vector>

#include "cmx/error.hpp"

namespace cmx::compass {

composite_result composite(std::span<const bundle_cell> cells, std::size_t patients,
                           std::size_t items, composite_method method) {
  if (cells.size() != patients * items) {
    throw error(status::invalid_argument, "bundle matrix has " + std::to_string(cells.size()) +
                                              " cells, expected " + std::to_string(patients) +
                                              " x " + std::to_string(items));
  }
  std::vector<double> item_met(items, 0.0);
  std::vector<double> item_eligible(items, 0.0);
  composite_result r;
  for (std::size_t p = 0; p < patients; ++p) {
    double met = 0;
    double eligible = 0;
    for (std::size_t i = 0; i < items; ++i) {
      const auto c = cells[p * items + i];
      if (c != bundle_cell::not_eligible && c != bundle_cell::not_met && c != bundle_cell::met) {
        throw error(status::bad_input, "a bundle cell must be -1 (not eligible), 0 or 1",
                    location{"bundle", static_cast<std::int64_t>(p + 1),
                             static_cast<std::int64_t>(i + 1), "cell"});
      }
      if (c == bundle_cell::not_eligible) {
        continue;
      }
      eligible += 1;
      item_eligible[i] += 1;
      if (c == bundle_cell::met) {
        met += 1;
        item_met[i] += 1;
      }
    }
    if (eligible == 0) {
      continue;
    }
    switch (method) {
      case composite_method::all_or_none:
        r.numerator += met == eligible ? 1.0 : 0.0;
        r.denominator += 1;
        break;
      case composite_method::opportunity:
        r.numerator += met;
        r.denominator += eligible;
        break;
      case composite_method::patient_average:
        r.numerator += met / eligible;
        r.denominator += 1;
        break;
      case composite_method::indicator_average:
        break;
    }
  }
  if (method == composite_method::indicator_average) {
    for (std::size_t i = 0; i < items; ++i) {
      if (item_eligible[i] > 0) {
        r.numerator += item_met[i] / item_eligible[i];
        r.denominator += 1;
      }
    }
  }
  if (r.denominator == 0) {
    throw error(status::bad_input, "no patient is eligible for any item of the bundle",
                location{"bundle", 0, 0, "cell"});
  }
  r.score = r.numerator / r.denominator;
  return r;
}

}  // namespace cmx::compass
