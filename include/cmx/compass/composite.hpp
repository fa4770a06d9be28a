// Composite scores for care bundles from patient-level data: which items of a bundle each patient
// was eligible for and which of those they received. The methods follow D. Reeves, S. M.
// Campbell, J. Adams, P. G. Shekelle, E. Kontopantelis, M. O. Roland, "Combining multiple
// indicators of clinical quality: an evaluation of different analytic approaches", Medical Care
// 45 (2007) 489-496, and T. Nolan, D. M. Berwick, "All-or-none measurement raises the bar on
// performance", JAMA 295 (2006) 1168-1170:
//
//   all_or_none        patients who received every item they were eligible for / patients
//                      eligible for at least one item
//   opportunity        items received / items eligible, over all patients ("overall percentage")
//   indicator_average  mean over items (with >= 1 eligible patient) of received / eligible
//   patient_average    mean over patients (with >= 1 eligible item) of received / eligible
#ifndef CMX_COMPASS_COMPOSITE_HPP
#define CMX_COMPASS_COMPOSITE_HPP

#include <cstddef>
#include <cstdint>
#include <span>

namespace cmx::compass {

enum class composite_method : std::uint8_t {
  all_or_none = 0,
  opportunity = 1,
  indicator_average = 2,
  patient_average = 3,
};

// One cell of the patient x item matrix.
enum class bundle_cell : std::int8_t { not_eligible = -1, not_met = 0, met = 1 };

struct composite_result {
  double score = 0;        // in [0, 1]
  double numerator = 0;    // all_or_none: patients with all met; opportunity: items met;
                           // averages: the sum of the averaged fractions
  double denominator = 0;  // eligible patients, eligible items, or the count averaged over
};

// cells is row-major, patients rows by items columns. Throws cmx::error (bad_input) if the size
// is not patients x items, a cell is not -1, 0 or 1 (naming patient and item), or nobody is
// eligible for anything.
[[nodiscard]] composite_result composite(std::span<const bundle_cell> cells, std::size_t patients,
                                         std::size_t items, composite_method method);

}  // namespace cmx::compass

#endif  // CMX_COMPASS_COMPOSITE_HPP
