// Medians: of a subgroup's few values (reordered in place) and of a whole phase of a run chart
// (left unchanged), both as R's median() (private to src/spc).
#ifndef CMX_SRC_SPC_MEDIAN_HPP
#define CMX_SRC_SPC_MEDIAN_HPP

#include <cstddef>
#include <span>
#include <vector>

namespace cmx::spc::detail {

// The k-th smallest of values[0..count) (0-based) and, when want_lower, the (k-1)-th too; values
// is reordered.
void select_ranks(double* values, std::size_t count, std::size_t k, bool want_lower, double& kth,
                  double& lower);

// R's median of the non-missing values of buffer (reordered in place); NaN if none.
double median_in_place(std::vector<double>& buffer);

// R's median of the non-missing values of `values`, which stay unchanged; scratch is working
// memory (its capacity is kept for the next call). A long series is counted on up to `threads`
// threads (0: one per hardware thread; split_work.hpp), with the same result on any number.
double median_of(std::span<const double> values, std::vector<double>& scratch,
                 unsigned threads = 1);

}  // namespace cmx::spc::detail

#endif  // CMX_SRC_SPC_MEDIAN_HPP
