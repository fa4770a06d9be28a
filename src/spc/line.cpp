// The out-of-line part of chart_line (include/cmx/spc/line.hpp): sizing a line held per point,
// as the chart's other long columns are sized (columns.hpp).
#include "cmx/spc/line.hpp"

#include "columns.hpp"

namespace cmx::spc {

void chart_line::assign_points(std::size_t size) {
  pieces_.clear();
  detail::resize_column(points_, size);  // every point is written before it is read
  size_ = size;
}

}  // namespace cmx::spc
