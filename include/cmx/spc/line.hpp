// The lines of a chart (centre, sigma, the 1-, 2- and 3-sigma limits): one value per point, held
// in whichever of two forms is smaller.
//
// On most charts a line is one number per phase: the centre, sigma and limits of run, i, mr, c,
// g and t charts do not depend on the point. Holding such a line per point would make eight of
// a chart's ten per-point columns copies of a few numbers: at 10^7 points, 640 MB written and
// kept for nothing, most of the time and memory of the whole chart. So a line is either
//  - piecewise constant: a list of pieces, each a first point and the value from there on; or
//  - per point: one value per point (p, u, xbar, s, r... with unequal denominators or sizes).
// Readers index it as an array (operator[]), walk it in order (line_cursor, O(1) per step), or
// copy it out (copy_to); writers are the chart engine and callers building rule inputs.
#ifndef CMX_SPC_LINE_HPP
#define CMX_SPC_LINE_HPP

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <limits>
#include <span>
#include <vector>

namespace cmx::spc {

// From point `first` on (until the next piece), the line has `value`.
struct line_piece {
  std::size_t first = 0;
  double value = 0.0;
};

namespace detail {
// The value at point i of a piecewise constant line (pieces sorted by first, the first starting
// at point 0): O(log pieces). A line of no pieces has no points, and no value (NaN) to give.
[[nodiscard]] inline double value_of_pieces(std::span<const line_piece> pieces,
                                            std::size_t i) noexcept {
  if (pieces.size() <= 1) {
    return pieces.empty() ? std::numeric_limits<double>::quiet_NaN() : pieces.front().value;
  }
  const auto after = std::upper_bound(
      pieces.begin(), pieces.end(), i,
      [](std::size_t point, const line_piece& piece) { return point < piece.first; });
  return (after - 1)->value;
}
}  // namespace detail

// A non-owning view of a line of `size` points, per point or piecewise constant (pieces sorted
// by first, the first piece starting at point 0). An empty view has no points.
class line_view {
 public:
  line_view() = default;
  // Per point (implicit, so arrays and vectors of values can be passed where a line is read).
  line_view(std::span<const double> points) noexcept  // NOLINT(google-explicit-constructor)
      : points_(points), size_(points.size()) {}
  line_view(const std::vector<double>& points) noexcept  // NOLINT(google-explicit-constructor)
      : line_view(std::span<const double>(points)) {}
  // Piecewise constant.
  line_view(std::span<const line_piece> pieces, std::size_t size) noexcept
      : pieces_(pieces), size_(size) {}

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool per_point() const noexcept { return pieces_.empty(); }
  [[nodiscard]] std::span<const double> points() const noexcept { return points_; }
  [[nodiscard]] std::span<const line_piece> pieces() const noexcept { return pieces_; }

  // The value at point i < size(): O(1) per point, O(log pieces) piecewise.
  [[nodiscard]] double operator[](std::size_t i) const noexcept {
    // A view with points to index is per point (a piecewise view holds none). Tested this way
    // round, the point is read only where there are points: GCC 12 at -O2 otherwise follows the
    // per-point branch of a piecewise view into its empty span (null data) and warns of a null
    // dereference (-Wnull-dereference).
    return points_.empty() ? detail::value_of_pieces(pieces_, i) : points_[i];
  }

  // Walking the values in order (for range-for and the algorithms).
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = double;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = double;
    iterator() = default;
    iterator(const line_view* line, std::size_t i) noexcept : line_(line), i_(i) {}
    double operator*() const noexcept { return (*line_)[i_]; }
    iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    // NOLINTNEXTLINE(cert-dcl21-cpp): iterators return a modifiable copy, as the standard's do
    iterator operator++(int) noexcept {
      iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const iterator& other) const noexcept { return i_ == other.i_; }

   private:
    const line_view* line_ = nullptr;
    std::size_t i_ = 0;
  };
  [[nodiscard]] iterator begin() const noexcept { return {this, 0}; }
  [[nodiscard]] iterator end() const noexcept { return {this, size_}; }

  // Writes the size() values into out[0..size()).
  void copy_to(std::span<double> out) const noexcept {
    if (pieces_.empty()) {
      std::copy(points_.begin(), points_.end(), out.begin());
      return;
    }
    for (std::size_t k = 0; k < pieces_.size(); ++k) {
      const std::size_t end = k + 1 < pieces_.size() ? pieces_[k + 1].first : size_;
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(pieces_[k].first),
                out.begin() + static_cast<std::ptrdiff_t>(end), pieces_[k].value);
    }
  }

 private:
  std::span<const double> points_;
  std::span<const line_piece> pieces_;
  std::size_t size_ = 0;
};

// Reads a line point after point (i never decreasing) in O(1) amortized per point.
class line_cursor {
 public:
  explicit line_cursor(const line_view& line) noexcept : line_(line) {
    next_ = line_.pieces().size() > 1 ? line_.pieces()[1].first : line_.size();
    value_ = line_.pieces().empty() ? 0.0 : line_.pieces().front().value;
  }
  [[nodiscard]] double at(std::size_t i) noexcept {
    if (line_.per_point()) {
      return line_.points()[i];
    }
    while (i >= next_) {
      ++piece_;
      value_ = line_.pieces()[piece_].value;
      next_ = piece_ + 1 < line_.pieces().size() ? line_.pieces()[piece_ + 1].first : line_.size();
    }
    return value_;
  }

 private:
  line_view line_;
  std::size_t piece_ = 0;
  std::size_t next_ = 0;
  double value_ = 0.0;
};

// An owning line: the form a chart_result holds.
class chart_line {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] bool per_point() const noexcept { return pieces_.empty(); }
  [[nodiscard]] line_view view() const noexcept {
    return per_point() ? line_view(std::span<const double>(points_))
                       : line_view(std::span<const line_piece>(pieces_), size_);
  }
  operator line_view() const noexcept { return view(); }  // NOLINT(google-explicit-constructor)
  // As line_view's, on the line's own vectors (a piecewise line holds no points).
  [[nodiscard]] double operator[](std::size_t i) const noexcept {
    return points_.empty() ? detail::value_of_pieces(pieces_, i) : points_[i];
  }
  void copy_to(std::span<double> out) const noexcept { view().copy_to(out); }
  [[nodiscard]] std::vector<double> to_vector() const {
    std::vector<double> out(size_);
    copy_to(out);
    return out;
  }

  // Bytes of memory the line holds (its capacity).
  [[nodiscard]] std::size_t held_bytes() const noexcept {
    return points_.capacity() * sizeof(double) + pieces_.capacity() * sizeof(line_piece);
  }

  // Writing (capacity is kept across calls, so recomputing into the same line allocates
  // nothing once it is large enough).
  // Per point: size values, writable through point_data() (unspecified until written; a long
  // line's memory, newly allocated, is marked for huge pages: src/spc/columns.hpp).
  void assign_points(std::size_t size);
  [[nodiscard]] double* point_data() noexcept { return points_.data(); }
  // Piecewise constant: no pieces yet; add_piece in increasing `first`, the first at 0.
  void assign_pieces(std::size_t size) {
    pieces_.clear();
    points_.clear();
    size_ = size;
  }
  void add_piece(std::size_t first, double value) { pieces_.push_back(line_piece{first, value}); }
  // Multiplies every value.
  void scale(double factor) noexcept {
    for (double& v : points_) {
      v *= factor;
    }
    for (line_piece& piece : pieces_) {
      piece.value *= factor;
    }
  }

 private:
  std::vector<double> points_;
  std::vector<line_piece> pieces_;
  std::size_t size_ = 0;
};

}  // namespace cmx::spc

#endif  // CMX_SPC_LINE_HPP
