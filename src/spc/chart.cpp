// The chart engine: subgroups, phases, centre and sigma per phase, limits per point, run
// analysis. Formulas follow qicharts2 0.8.1 (R/helper.functions.R, qic.* functions) unless a
// comment names another source; the qcc 2.7 variants are those of R/qcc.R (sd.xbar, limits.*).
#include "cmx/spc/chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <string>
#include <type_traits>

#include "anhoej.hpp"
#include "cmx/error.hpp"
#include "cmx/spc/constants.hpp"
#include "columns.hpp"
#include "core/text.hpp"
#include "median.hpp"
#include "moving_range.hpp"
#include "rows_avx512.hpp"
#include "split_sums.hpp"
#include "split_work.hpp"
#include "stream_copy.hpp"
#include "sums.hpp"

namespace cmx::spc {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// qicharts2's I' chart screens its s_i at 3.2665 (D4 to four decimals).
constexpr double ip_screen_factor = 3.2665;
// t chart: Nelson's transformation of exponential times to near normality (y^(1/3.6)).
constexpr double t_power = 3.6;

bool uses_denominator(chart_type t) noexcept {
  return t == chart_type::p || t == chart_type::np || t == chart_type::u || t == chart_type::pp ||
         t == chart_type::up || t == chart_type::ip;
}

bool counts_only(chart_type t) noexcept {
  return t == chart_type::p || t == chart_type::np || t == chart_type::c || t == chart_type::u ||
         t == chart_type::pp || t == chart_type::up || t == chart_type::g;
}

bool within_subgroup(chart_type t) noexcept {
  return t == chart_type::xbar || t == chart_type::r || t == chart_type::s;
}

// Whether a point is its rows' values over their denominators when denominators are given (as
// aggregate() plots it: every chart but the c chart, which counts, and the xbar, r and s
// charts, whose n is the subgroup size): then a row with a value needs its denominator.
bool divides_by_n(chart_type t) noexcept {
  return uses_denominator(t) || !(t == chart_type::c || within_subgroup(t));
}

bool screened_by_default(chart_type t) noexcept {
  return t == chart_type::i || t == chart_type::t || t == chart_type::pp || t == chart_type::up ||
         t == chart_type::ip;
}

bool accepts_known_sigma(chart_type t) noexcept {
  return t == chart_type::i || t == chart_type::t || within_subgroup(t) || t == chart_type::pp ||
         t == chart_type::up || t == chart_type::ip;
}

[[noreturn]] void bad_row(std::size_t row, const char* field, const std::string& message) {
  throw error(status::bad_input, message,
              location{"series", static_cast<std::int64_t>(row + 1), 0, field});
}

// An option outside its domain is the caller's argument, not data (cmx.h: invalid_argument);
// positions past the subgroups stay out_of_range.
[[noreturn]] void bad_option(const char* field, const std::string& message) {
  throw error(status::invalid_argument, message, location{"options", 0, 0, field});
}

// The checks of one row, naming the row and field of the first fault.
void check_row(std::span<const double> x, std::span<const double> y, std::span<const double> n,
               chart_type type, std::size_t row, bool& any_value) {
  if (!std::isfinite(x[row])) {
    bad_row(row, "x", "the subgroup label is missing or not finite");
  }
  const double v = y[row];
  if (std::isinf(v)) {
    bad_row(row, "y", "the value is infinite");
  }
  if (!std::isnan(v)) {
    any_value = true;
    if (counts_only(type) && v < 0) {
      bad_row(row, "y",
              std::string("a negative count (") + std::to_string(v) + ") on a " + to_string(type) +
                  " chart");
    }
    if (type == chart_type::t && !(v > 0)) {
      bad_row(row, "y", "a t chart needs times between events greater than zero");
    }
  }
  if (!n.empty()) {
    const double d = n[row];
    if (std::isinf(d)) {
      bad_row(row, "n", "the denominator is infinite");
    }
    if (std::isnan(d)) {
      if (divides_by_n(type) && !std::isnan(v)) {
        bad_row(row, "n", "the denominator is missing");
      }
      return;
    }
    if (!(d > 0)) {
      bad_row(row, "n", "the denominator is zero or negative (" + std::to_string(d) + ")");
    }
    if ((type == chart_type::p || type == chart_type::np || type == chart_type::pp) &&
        !std::isnan(v) && v > d) {
      bad_row(row, "y",
              "the numerator (" + std::to_string(v) + ") is above the denominator (" +
                  std::to_string(d) + ")");
    }
  }
}

// Whether x increases strictly: blocks compared without a branch, stopping at the first block
// that does not.
bool strictly_ascending(std::span<const double> x) {
  constexpr std::size_t compared_together = 4096;
  for (std::size_t begin = 1; begin < x.size(); begin += compared_together) {
    const std::size_t end = std::min(x.size(), begin + compared_together);
    unsigned ascending = 1;
    for (std::size_t i = begin; i < end; ++i) {
      ascending &= static_cast<unsigned>(x[i] > x[i - 1]);
    }
    if (ascending == 0) {
      return false;
    }
  }
  return true;
}

// What a branch-free screen of rows [begin, end) finds: clean when none of them breaks a
// check of check_row (so no row needs naming), whether any has a value, and whether x rises
// strictly over the rows (from the row before `begin`).
struct row_screen {
  bool clean = true;
  bool any_value = false;
  bool ascending = true;
};

// The checks of check_row as bit operations: NaN fails every comparison, so a missing value or
// denominator passes every test that check_row applies only to present ones.
template <bool Counts, bool Times, bool Denominators>
row_screen screen_rows_of(std::span<const double> x, std::span<const double> y,
                          std::span<const double> n, chart_type type, std::size_t begin,
                          std::size_t end) {
  constexpr double largest = std::numeric_limits<double>::max();
  const auto needs_n = static_cast<unsigned>(divides_by_n(type));
  const auto at_most_n = static_cast<unsigned>(type == chart_type::p || type == chart_type::np ||
                                               type == chart_type::pp);
  const auto bad_row = [&](double v, std::size_t i) {
    auto bad = static_cast<unsigned>(std::abs(v) > largest);
    if constexpr (Counts) {
      bad |= static_cast<unsigned>(v < 0);
    }
    if constexpr (Times) {
      bad |= static_cast<unsigned>(v <= 0);
    }
    if constexpr (Denominators) {
      const double d = n[i];
      const auto present = static_cast<unsigned>(!std::isnan(v));
      bad |= static_cast<unsigned>(std::abs(d) > largest);
      bad |= static_cast<unsigned>(std::isnan(d)) & needs_n & present;
      bad |= static_cast<unsigned>(d <= 0);
      bad |= static_cast<unsigned>(v > d) & at_most_n;
    }
    return bad;
  };
  // Row 0 has no row before it; every other row is compared with the one before, in the same
  // pass that tests its value.
  unsigned bad = 0;
  unsigned any = 0;
  if (begin == 0) {
    bad = bad_row(y[0], 0);
    any = static_cast<unsigned>(!std::isnan(y[0]));
  }
  unsigned ascending = 1;
  std::size_t row = std::max<std::size_t>(begin, 1);
  if constexpr (!Counts && !Times && !Denominators) {
    // Plain rows: the same checks eight at a time where the CPU can (rows_avx512.hpp).
    if (row < end && detail::cpu_has_avx512f()) {
      const detail::plain_rows_screen wide =
          detail::screen_plain_rows_avx512(x.data(), y.data(), row, end);
      bad |= static_cast<unsigned>(wide.infinite);
      any |= static_cast<unsigned>(wide.any_value);
      ascending = static_cast<unsigned>(wide.ascending);
      row = end;
    }
  }
  for (; row < end; ++row) {
    const double v = y[row];
    bad |= bad_row(v, row);
    any |= static_cast<unsigned>(!std::isnan(v));
    ascending &= static_cast<unsigned>(x[row] > x[row - 1]);
  }
  // A strictly rising x between finite ends is finite throughout (NaN fails every comparison);
  // otherwise each label is tested.
  bool x_finite = ascending != 0 && std::isfinite(x[begin]) && std::isfinite(x[end - 1]);
  if (!x_finite) {
    unsigned bad_x = 0;
    for (std::size_t i = begin; i < end; ++i) {
      bad_x |= static_cast<unsigned>(!(std::abs(x[i]) <= largest));
    }
    x_finite = bad_x == 0;
  }
  return row_screen{bad == 0 && x_finite, any != 0, ascending != 0};
}

template <bool Denominators>
row_screen screen_rows_with(std::span<const double> x, std::span<const double> y,
                            std::span<const double> n, chart_type type, std::size_t begin,
                            std::size_t end) {
  if (counts_only(type)) {
    return screen_rows_of<true, false, Denominators>(x, y, n, type, begin, end);
  }
  if (type == chart_type::t) {
    return screen_rows_of<false, true, Denominators>(x, y, n, type, begin, end);
  }
  return screen_rows_of<false, false, Denominators>(x, y, n, type, begin, end);
}

row_screen screen_rows(std::span<const double> x, std::span<const double> y,
                       std::span<const double> n, std::size_t begin, std::size_t end,
                       chart_type type) {
  return n.empty() ? screen_rows_with<false>(x, y, n, type, begin, end)
                   : screen_rows_with<true>(x, y, n, type, begin, end);
}

// A point of one row plots the row's value as it is (a median of one value), or 0 + the value
// (a mean or sum of one value: -0 becomes +0, as in R).
bool plotted_as_is(const chart_options& options) noexcept {
  return options.agg == aggregation::median && options.type != chart_type::c;
}

// What the pass over the rows learnt besides their validity.
struct rows_checked {
  bool ascending = false;  // x rises strictly, row after row
  bool copied = false;     // x and y were copied into the given result columns, row by row
  // With copied and when asked for: sum_values_and_ranges of the copied y, summed from the rows
  // as they were copied (while in cache), so that an i chart of one phase need not read y again
  // for it.
  std::optional<detail::values_and_ranges> copied_y_sums;
};

// Rows are screened in blocks of this many: a block the screen rejects is checked row by row, to
// name the row.
constexpr std::size_t rows_screened_together = 4096;

// Where screened rows are copied: the result's x and y, when every row may be its own point.
struct copy_target {
  std::span<double> x;
  std::span<double> y;
  bool copy = false;
  bool as_is = false;   // else 0 + the value (plotted_as_is)
  bool stream = false;  // past the cache (stream_copy.hpp): the columns are that long
};

// What the screen of a stretch of rows found.
struct rows_screened {
  bool any_value = false;
  bool ascending = true;  // x rises strictly, from the row before the stretch on
  bool every_block_screened = true;
};

// Screens rows [begin, end) (begin a multiple of rows_screened_together) block by block; copies
// each clean block while it is in cache and, while the rows ascend, calls copied(block end)
// (which reads the rows, not the copy: a streamed copy is not in the cache).
// Rows are screened without a branch; a block the screen rejects is checked row by row
// (check_row throws at the first bad row).
template <class Copied>
rows_screened screen_and_copy_rows(std::span<const double> x, std::span<const double> y,
                                   std::span<const double> n, chart_type type, std::size_t begin,
                                   std::size_t end, const copy_target& target, Copied&& copied) {
  rows_screened out;
  for (std::size_t block = begin; block < end; block += rows_screened_together) {
    const std::size_t block_end = std::min(end, block + rows_screened_together);
    const row_screen screen = screen_rows(x, y, n, block, block_end, type);
    if (screen.clean) {
      out.any_value = out.any_value || screen.any_value;
      out.ascending = out.ascending && screen.ascending;
      if (target.copy && target.stream) {
        const std::size_t count = block_end - block;
        detail::copy_streaming(x.data() + block, target.x.data() + block, count, false);
        detail::copy_streaming(y.data() + block, target.y.data() + block, count, !target.as_is);
      } else if (target.copy) {
        for (std::size_t i = block; i < block_end; ++i) {
          target.x[i] = x[i];
          target.y[i] = target.as_is ? y[i] : 0.0 + y[i];  // NaN stays NaN (a missing point)
        }
      }
      if (target.copy && out.ascending) {  // unsorted rows are grouped, then summed afresh
        copied(block_end);
      }
      continue;
    }
    out.every_block_screened = false;
    for (std::size_t row = block; row < block_end; ++row) {
      check_row(x, y, n, type, row, out.any_value);
    }
  }
  if (target.stream) {
    detail::finish_streaming();
  }
  return out;
}

// Checks the rows and the options. Rows are screened in blocks, and each clean block of rows
// without denominators is copied into copy_x and copy_y (when given, sized as y) while it is in
// cache: where every row is its own subgroup, those are the result's columns.
rows_checked validate_rows(std::span<const double> x, std::span<const double> y,
                           std::span<const double> n, const chart_options& options,
                           std::span<double> copy_x, std::span<double> copy_y, bool sum_copied_y) {
  const chart_type type = options.type;
  // Every switch over the type below assumes one of the 15: a value cast from elsewhere is
  // refused here, before it can reach one.
  if (static_cast<unsigned>(type) > static_cast<unsigned>(chart_type::ip)) {
    bad_option("type", "chart type " + std::to_string(static_cast<unsigned>(type)) +
                           " is not one of the 15 chart types (0 run .. 14 ip)");
  }
  if (x.size() != y.size()) {
    throw error(status::invalid_argument, "x has " + std::to_string(x.size()) +
                                              " values but y has " + std::to_string(y.size()));
  }
  if (!n.empty() && n.size() != y.size()) {
    throw error(status::invalid_argument, "n has " + std::to_string(n.size()) +
                                              " values but y has " + std::to_string(y.size()));
  }
  if (y.empty()) {
    throw error(status::bad_input, "the series is empty: a chart needs at least one point",
                location{"series", 0, 0, "y"});
  }
  if (uses_denominator(type) && n.empty()) {
    throw error(status::bad_input,
                std::string("a ") + to_string(type) + " chart needs denominators (n)",
                location{"series", 0, 0, "n"});
  }
  const bool copy = copy_x.size() == y.size() && copy_y.size() == y.size();
  const bool as_is = plotted_as_is(options);
  const std::size_t rows = y.size();
  const copy_target target{copy_x, copy_y, copy, as_is, copy && rows >= detail::streamed_points};
  // Rows without denominators, copied and summed, go in parts on threads (the sums keep the bits
  // of one thread: values_and_ranges_in_order::of_blocks); other rows in one pass.
  const std::size_t parts = n.empty() && copy ? detail::part_count(rows, options.threads) : 1;
  rows_screened screened;
  std::optional<detail::values_and_ranges> sums;
  if (parts == 1) {
    detail::values_and_ranges_in_order copied_sums;
    screened = screen_and_copy_rows(x, y, n, type, 0, rows, target, [&](std::size_t end) {
      if (sum_copied_y) {
        copied_sums.advance(y, end);
      }
    });
    if (sum_copied_y && copy && screened.every_block_screened && screened.ascending) {
      sums = copied_sums.finish(y);
    }
  } else {
    // Part p screens rows [begin(p), begin(p + 1)), whole blocks of rows_screened_together, and
    // sums the blocks of sum_values_and_ranges whose values (and the one before) it copied; a
    // block across two parts is summed after both.
    const auto begin = [&](std::size_t p) {
      return p == parts ? rows
                        : detail::part_begin(rows / rows_screened_together, parts, p) *
                              rows_screened_together;
    };
    std::vector<detail::block_partials> blocks(sum_copied_y ? detail::sum_blocks_of(rows) : 0);
    std::vector<rows_screened> found(parts);
    detail::run_parts(parts, [&](std::size_t p) {
      std::size_t next = begin(p) / detail::sum_block;  // blocks whose value before is in the part
      found[p] =
          screen_and_copy_rows(x, y, n, type, begin(p), begin(p + 1), target, [&](std::size_t end) {
            for (; next < blocks.size(); ++next) {
              const std::size_t first = detail::sum_block_begin(next);
              const std::size_t last = std::min(rows, first + detail::sum_block);
              if (last > end) {
                break;
              }
              blocks[next] = detail::partials_of_block(y.data(), first, last);
            }
          });
    });
    for (const rows_screened& part : found) {
      screened.any_value = screened.any_value || part.any_value;
      screened.ascending = screened.ascending && part.ascending;
      screened.every_block_screened = screened.every_block_screened && part.every_block_screened;
    }
    if (sum_copied_y && screened.every_block_screened && screened.ascending) {
      for (std::size_t p = 1; p < parts; ++p) {
        const std::size_t k = begin(p) / detail::sum_block - 1;  // ends past the part's first row
        const std::size_t first = detail::sum_block_begin(k);
        blocks[k] =
            detail::partials_of_block(y.data(), first, std::min(rows, first + detail::sum_block));
      }
      sums = detail::values_and_ranges_in_order::of_blocks(y[0], blocks);
    }
  }
  // The sums were taken of the rows, which differ from their copy only where the copy turned -0
  // into +0 (plotted_as_is). Sums of values equal but for the signs of zeros are equal but for
  // the sign of a zero result, and these sums start at +0, so they never hold -0: the rows' sums
  // are the copy's, bit for bit. The ranges are magnitudes, the same either way.
  const bool any_value = screened.any_value;
  const bool ascending = screened.ascending;
  const bool every_block_screened = screened.every_block_screened;
  if (!any_value) {
    throw error(status::bad_input, "every value of the series is missing",
                location{"series", 0, 0, "y"});
  }
  if (!(std::isfinite(options.multiply) && options.multiply > 0)) {
    bad_option("multiply", "multiply must be a finite number above zero");
  }
  if (!std::isnan(options.sigma) && !accepts_known_sigma(type)) {
    bad_option("sigma",
               std::string("a known sigma is not defined for a ") + to_string(type) + " chart");
  }
  if (!std::isnan(options.sigma) && !(std::isfinite(options.sigma) && options.sigma > 0)) {
    bad_option("sigma", "a known sigma must be finite and above zero");
  }
  if (std::isinf(options.centre)) {
    bad_option("centre", "a known centre must be finite");
  }
  if (!every_block_screened) {
    return rows_checked{strictly_ascending(x), false, std::nullopt};
  }
  return rows_checked{ascending, copy, sums};
}

// Rows grouped into subgroups by equal x, in ascending x. Strictly ascending input (the usual
// case) needs no index at all. The indices live in the caller's arrays (a chart_result's
// workspaces: charting again allocates nothing).
struct grouping {
  bool identity = true;
  std::span<const std::size_t> order;   // row indices sorted by x (stable)
  std::span<const std::size_t> starts;  // group g = order[starts[g] .. starts[g+1])
  [[nodiscard]] std::size_t groups(std::size_t rows) const noexcept {
    return identity ? rows : starts.size() - 1;
  }
};

grouping group_rows(std::span<const double> x, bool ascending, std::vector<std::size_t>& order,
                    std::vector<std::size_t>& starts) {
  grouping g;
  g.identity = ascending;
  if (g.identity) {
    return g;
  }
  order.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    order[i] = i;
  }
  // A stable sort by x without std::stable_sort's buffer: ties in x keep their row order.
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); });
  starts.clear();
  starts.push_back(0);
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (x[order[k]] != x[order[k - 1]]) {
      starts.push_back(k);
    }
  }
  starts.push_back(order.size());
  g.order = order;
  g.starts = starts;
  return g;
}

// The subgroup statistics the charts need, filled into the result and scratch arrays.
struct subgroup_values {
  std::vector<double> count;  // non-missing y per subgroup
  std::vector<double> sd;     // within-subgroup SD (xbar, s, r estimators)
  std::vector<double> range;  // within-subgroup range
  std::vector<double> sum;    // sum of y
};

// Returns whether the points are the rows as validate_rows copied them.
bool aggregate(std::span<const double> x, std::span<const double> y, std::span<const double> n,
               const grouping& groups, const chart_options& options, chart_result& out,
               subgroup_values& values, bool rows_copied) {
  const chart_type type = options.type;
  const std::size_t rows = y.size();
  const std::size_t count = groups.groups(rows);
  const bool has_n = !n.empty();
  const bool need_spread = within_subgroup(type) || options.keep_subgroup_summaries;
  // Every point of these is written below (or was, by the copy of the rows).
  detail::resize_column(out.x, count);
  detail::resize_column(out.y, count);
  detail::resize_column(out.n, has_n || within_subgroup(type) ? count : 0);
  // Numerator sums and value counts are kept only where a chart (or the caller) needs them.
  const bool keep_sum =
      uses_denominator(type) || type == chart_type::xbar || options.keep_subgroup_summaries;
  const bool keep_count = within_subgroup(type) || options.keep_subgroup_summaries;
  // One row per subgroup with a denominator, and no spread (p, np, u, pp, up, ip charts, or any
  // chart given n, of ungrouped data): the point is the row's value over its denominator (np
  // and c: the value), and the sums are filled as they are found (resize would first write
  // every element once more).
  const bool one_ratio_points = groups.identity && has_n && !need_spread && !keep_count;
  if (one_ratio_points) {
    values.sum.clear();
    values.sum.reserve(keep_sum ? count : 0);
  } else {
    values.sum.resize(keep_sum ? count : 0);
  }
  values.count.resize(keep_count ? count : 0);
  values.sd.resize(need_spread ? count : 0);
  values.range.resize(need_spread ? count : 0);
  std::vector<double> buffer;

  // One row per subgroup, no denominators and nothing kept per subgroup (run, i, c, g, t
  // charts of ungrouped data): the point is the row's value. The general loop below computes
  // the same (a mean or sum of one value v is 0 + v, a median of one is v, an sd NaN).
  const bool one_value_points = groups.identity && !has_n && !need_spread && !keep_sum &&
                                !keep_count && options.agg != aggregation::sd &&
                                type != chart_type::np;
  if (one_value_points) {
    if (!rows_copied) {
      std::copy(x.begin(), x.end(), out.x.begin());
      const bool as_is = plotted_as_is(options);
      for (std::size_t g = 0; g < count; ++g) {
        out.y[g] = as_is ? y[g] : 0.0 + y[g];  // NaN stays NaN (a missing point)
      }
    }
    return rows_copied;
  }

  // The general loop below computes the same for one row: a sum of one value v is 0 + v, and
  // the denominators' sum is d, or 0 where d or v is missing.
  if (one_ratio_points) {
    const bool value_is_count = type == chart_type::np || type == chart_type::c;
    std::copy(x.begin(), x.end(), out.x.begin());
    double* point_y = out.y.data();
    double* point_n = out.n.data();
    for (std::size_t g = 0; g < count; ++g) {
      const double v = y[g];
      // A row without a value adds no denominator either (its count is unknown).
      const double denominator = std::isnan(n[g]) || std::isnan(v) ? 0.0 : n[g];
      const double sum = std::isnan(v) ? 0.0 : 0.0 + v;
      if (keep_sum) {
        values.sum.push_back(sum);
      }
      point_y[g] = std::isnan(v) ? nan : (value_is_count ? sum : sum / denominator);
      point_n[g] = denominator;
    }
    return false;
  }

  const auto row_of = [&](std::size_t k) { return groups.identity ? k : groups.order[k]; };
  for (std::size_t g = 0; g < count; ++g) {
    const std::size_t begin = groups.identity ? g : groups.starts[g];
    const std::size_t end = groups.identity ? g + 1 : groups.starts[g + 1];
    double sum = 0;
    double n_sum = 0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    std::size_t k_count = 0;
    for (std::size_t k = begin; k < end; ++k) {
      const std::size_t row = row_of(k);
      const double v = y[row];
      if (std::isnan(v)) {
        continue;
      }
      if (has_n && !std::isnan(n[row])) {
        n_sum += n[row];
      }
      sum += v;
      ++k_count;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    const auto c = static_cast<double>(k_count);
    out.x[g] = x[row_of(begin)];
    if (keep_sum) {
      values.sum[g] = sum;
    }
    if (keep_count) {
      values.count[g] = c;
    }
    double mean = k_count > 0 ? sum / c : nan;
    if (std::isinf(sum)) {  // finite values whose double sum overflows: R's long double mean
      long double wide = 0;
      for (std::size_t k = begin; k < end; ++k) {
        const double v = y[row_of(k)];
        wide += std::isnan(v) ? 0.0L : static_cast<long double>(v);
      }
      mean = static_cast<double>(wide / static_cast<long double>(c));
    }
    double sd = nan;
    if (need_spread || options.agg == aggregation::sd) {
      // R's sd(): two passes, denominator n - 1, the squares summed in long double as R does
      // (in double, values of 1e-200 square to 0 and values of 1e200 to infinity).
      if (k_count > 1) {
        long double squares = 0;
        for (std::size_t k = begin; k < end; ++k) {
          const double v = y[row_of(k)];
          if (!std::isnan(v)) {
            const long double d = static_cast<long double>(v) - mean;
            squares += d * d;
          }
        }
        sd = static_cast<double>(std::sqrt(squares / static_cast<long double>(c - 1)));
      }
      if (need_spread) {
        values.sd[g] = sd;
        values.range[g] = k_count > 0 ? hi - lo : nan;
      }
    }
    double value = nan;
    if (k_count > 0) {
      if (type == chart_type::np || type == chart_type::c) {
        value = sum;
      } else if (has_n && !within_subgroup(type)) {
        value = sum / n_sum;
      } else if (type == chart_type::xbar) {
        value = mean;
      } else if (type == chart_type::s) {
        value = sd;
      } else if (type == chart_type::r) {
        value = hi - lo;
      } else {
        switch (options.agg) {
          case aggregation::mean:
            value = mean;
            break;
          case aggregation::sum:
            value = sum;
            break;
          case aggregation::sd:
            value = sd;
            break;
          case aggregation::median:
            if (end - begin == 1) {
              value = y[row_of(begin)];
            } else {
              buffer.clear();
              for (std::size_t k = begin; k < end; ++k) {
                buffer.push_back(y[row_of(k)]);
              }
              value = detail::median_in_place(buffer);
            }
            break;
        }
      }
    }
    out.y[g] = value;
    if (within_subgroup(type)) {
      out.n[g] = c;
    } else if (has_n) {
      out.n[g] = n_sum;
    }
  }
  return false;
}

// The eight lines of a chart, in the order of point_lines::values.
constexpr std::size_t line_count = 8;
constexpr std::size_t line_cl = 0;
constexpr std::size_t line_sigma = 1;
constexpr std::size_t line_lower(int k) {  // k = 1, 2, 3 sigma
  return 2 + 2 * static_cast<std::size_t>(k - 1);
}
constexpr std::size_t line_upper(int k) {
  return 3 + 2 * static_cast<std::size_t>(k - 1);
}
constexpr chart_line chart_result::*line_members[line_count] = {
    &chart_result::cl,   &chart_result::sigma, &chart_result::lcl1, &chart_result::ucl1,
    &chart_result::lcl2, &chart_result::ucl2,  &chart_result::lcl,  &chart_result::ucl};

struct point_lines {
  double values[line_count] = {};
};

// Calls f with the chart type as a compile-time constant (std::integral_constant), so that a
// loop over the points of a phase is compiled once per type without a branch on it.
template <class F>
decltype(auto) with_chart_type(chart_type type, F&& f) {
  const auto as = [&f]<chart_type Type>() { return f(std::integral_constant<chart_type, Type>{}); };
  switch (type) {
    case chart_type::run:
      return as.template operator()<chart_type::run>();
    case chart_type::i:
      return as.template operator()<chart_type::i>();
    case chart_type::mr:
      return as.template operator()<chart_type::mr>();
    case chart_type::xbar:
      return as.template operator()<chart_type::xbar>();
    case chart_type::r:
      return as.template operator()<chart_type::r>();
    case chart_type::s:
      return as.template operator()<chart_type::s>();
    case chart_type::p:
      return as.template operator()<chart_type::p>();
    case chart_type::np:
      return as.template operator()<chart_type::np>();
    case chart_type::c:
      return as.template operator()<chart_type::c>();
    case chart_type::u:
      return as.template operator()<chart_type::u>();
    case chart_type::pp:
      return as.template operator()<chart_type::pp>();
    case chart_type::up:
      return as.template operator()<chart_type::up>();
    case chart_type::g:
      return as.template operator()<chart_type::g>();
    case chart_type::t:
      return as.template operator()<chart_type::t>();
    case chart_type::ip:
      return as.template operator()<chart_type::ip>();
  }
  bad_option("type", "chart type " + std::to_string(static_cast<unsigned>(type)) +
                         " is not one of the 15 chart types (0 run .. 14 ip)");
}

// Whether a line depends on the point (its denominator or subgroup size), not only on the phase.
constexpr bool lines_per_point(chart_type t) noexcept {
  return !(t == chart_type::run || t == chart_type::i || t == chart_type::mr ||
           t == chart_type::c || t == chart_type::g || t == chart_type::t);
}

// Line k of a chart held per point: where the lines depend on the point, except the centre line,
// which is the phase's one number on every chart but np (n times p-bar). A centre held once per
// phase also lets the Anhøj count take its 64-point blocks.
constexpr bool line_per_point(chart_type t, std::size_t k) noexcept {
  return lines_per_point(t) && (k != line_cl || t == chart_type::np);
}

// Parameters of one phase: centre of the limits, centre line shown, sigma.
struct phase_fit {
  double cl = nan;        // centre line shown (and used for runs)
  double limit_cl = nan;  // centre the limits are built around (g: mean, others: = cl)
  double sigma = nan;     // the chart's sigma parameter
  bool screened = false;
};

double mean_of(std::span<const double> values) {
  long double sum = 0;
  std::size_t count = 0;
  for (const double v : values) {
    if (!std::isnan(v)) {
      sum += v;
      ++count;
    }
  }
  return count == 0 ? nan : static_cast<double>(sum / static_cast<long double>(count));
}

sigma_method effective_method(const chart_options& options) {
  if (options.sigma_estimator) {
    if (options.type == chart_type::r && *options.sigma_estimator == sigma_method::qicharts2) {
      return sigma_method::qcc;  // qicharts2 has no R chart
    }
    return *options.sigma_estimator;
  }
  return options.type == chart_type::r ? sigma_method::qcc : sigma_method::qicharts2;
}

// The within-subgroup sigma of xbar, R and S charts by one of qcc's estimators (qcc 2.7
// sd.xbar), over the baseline subgroups of at least two values.
template <class Each>
double within_sigma(sigma_method method, chart_type type, const Each& each,
                    const subgroup_values& values) {
  if (method == sigma_method::qcc) {
    if (type == chart_type::s) {
      method = sigma_method::uwave_sd;
    } else {
      bool large = false;
      each([&](std::size_t g) { large = large || values.count[g] > 25; });
      method = (type == chart_type::xbar && large) ? sigma_method::rmsdf : sigma_method::uwave_r;
    }
  }
  long double num = 0;
  long double den = 0;
  std::size_t used = 0;
  each([&](std::size_t g) {
    const double size = values.count[g];
    if (size < 2) {
      return;
    }
    const auto ni = static_cast<std::size_t>(size);
    const double r = values.range[g];
    const double s = values.sd[g];
    ++used;
    switch (method) {
      case sigma_method::uwave_r: {
        const double d = ni <= 25 ? d2_table(ni) : d2(ni);
        num += r / d;
        den += 1;
        break;
      }
      case sigma_method::mean_s:
      case sigma_method::uwave_sd:
        num += s / c4(size);
        den += 1;
        break;
      case sigma_method::pooled_sd:
      case sigma_method::rmsdf:
        num += s * s * (size - 1);
        den += size - 1;
        break;
      case sigma_method::mvlue_r: {
        const double d = ni <= 25 ? d2_table(ni) : d2(ni);
        const double w = (d / d3_table(ni)) * (d / d3_table(ni));
        num += r / d * w;
        den += w;
        break;
      }
      case sigma_method::mvlue_sd: {
        const double c = c4(size);
        const double w = c * c / (1 - c * c);
        num += s / c * w;
        den += w;
        break;
      }
      case sigma_method::qicharts2:
      case sigma_method::qcc:
        break;
    }
  });
  if (used == 0) {
    return nan;
  }
  const auto ratio = static_cast<double>(num / den);
  if (method == sigma_method::pooled_sd) {
    return std::sqrt(ratio);
  }
  if (method == sigma_method::rmsdf) {
    return std::sqrt(ratio) / c4(static_cast<double>(den) + 1);
  }
  return ratio;
}

struct engine {
  const chart_options& options;
  chart_result& out;
  const subgroup_values& values;
  sigma_method method = sigma_method::qicharts2;
  bool screen = true;
  // The baseline-and-included points of the current phase: the whole range [base_first,
  // base_last] when nothing is excluded or frozen out (no index array), else the indices.
  bool contiguous = true;
  std::size_t base_first = 0;
  std::size_t base_last = 0;
  std::vector<std::size_t>& base;
  std::vector<double>& scratch;
  // sum_values_and_ranges of every point's y, when validate_rows summed it while copying.
  const detail::values_and_ranges* series_sums = nullptr;
  // Where the series' screening pass may also find the sides and outside candidates of its one
  // phase (moving_range.hpp); nullptr: nowhere.
  detail::screen_extras* series_extras = nullptr;

  template <class F>
  void each_base(F&& f) const {
    if (contiguous) {
      for (std::size_t g = base_first; g <= base_last; ++g) {
        f(g);
      }
    } else {
      for (const std::size_t g : base) {
        f(g);
      }
    }
  }
  [[nodiscard]] std::size_t base_size() const noexcept {
    return contiguous ? base_last - base_first + 1 : base.size();
  }
  // The baseline values as one span: a view of y when contiguous, else gathered.
  std::span<const double> base_y() {
    if (contiguous) {
      return std::span<const double>(out.y).subspan(base_first, base_last - base_first + 1);
    }
    gather_base_y();
    return scratch;
  }

  // qicharts2 xbar/s: pooled SD (Montgomery 2009, eq. 6.31) when the sizes in the phase differ,
  // else the mean SD. A subgroup whose every value is missing has no size here: qicharts2 counts
  // it with n - 1 = -1 degrees of freedom, which shrinks the pooled denominator (to zero or below
  // when the phase has little else, giving infinite or blank limits without an error); it takes
  // no part in the choice or the sums. No subgroup of two or more values: NaN (the phase is too
  // short for limits).
  double qicharts2_sbar(std::size_t first, std::size_t last) {
    double size = 0;  // the first nonzero subgroup size of the phase
    bool varying = false;
    for (std::size_t i = first; i <= last && !varying; ++i) {
      const double count = values.count[i];
      varying = count != 0 && size != 0 && count != size;
      size = size == 0 ? count : size;
    }
    long double num = 0;
    long double den = 0;
    std::size_t used = 0;
    each_base([&](std::size_t g) {
      const double s = values.sd[g];
      if (std::isnan(s)) {  // fewer than two values: no spread to pool (n - 1 = 0 in R)
        return;
      }
      ++used;
      num += varying ? (values.count[g] - 1) * s * s : s;
      den += varying ? values.count[g] - 1 : 1;
    });
    if (used == 0) {
      return nan;
    }
    const auto ratio = static_cast<double>(num / den);
    return varying ? std::sqrt(ratio) : ratio;
  }

  [[nodiscard]] double base_ratio()
      const {  // sum of numerators / sum of denominators over the base
    long double num = 0;
    long double den = 0;
    each_base([&](std::size_t g) {
      if (!std::isnan(out.y[g])) {
        num += values.sum[g];
        den += out.n[g];
      }
    });
    return static_cast<double>(num / den);
  }

  void gather_base_y() {
    scratch.clear();
    each_base([&](std::size_t g) { scratch.push_back(out.y[g]); });
  }

  // Centre and sigma of the phase [first, last] from its baseline points.
  phase_fit fit(std::size_t first, std::size_t last) {
    phase_fit f;
    const chart_type type = options.type;
    switch (type) {
      case chart_type::run:
        if (contiguous) {
          f.cl = detail::median_of(base_y(), scratch, options.threads);
        } else {
          gather_base_y();
          f.cl = detail::median_in_place(scratch);
        }
        break;
      case chart_type::i:
      case chart_type::t: {
        std::span<const double> values_y;
        if (type == chart_type::t) {
          gather_base_y();
          for (double& v : scratch) {
            v = std::pow(v, 1.0 / t_power);
          }
          values_y = scratch;
        } else {
          values_y = base_y();
        }
        // A phase of every point, none left out: the sums made while copying are its sums.
        const bool whole_series =
            type == chart_type::i && contiguous && first == 0 && last + 1 == out.y.size();
        double amr = nan;
        if (whole_series && series_extras != nullptr) {
          // Candidates for points outside the limits: beyond 0.85 of the 3-sigma reach that the
          // ranges give before screening. Screening drops the largest ranges, so it narrows the
          // limits, by a few per cent in a stable process; the limits are checked against these
          // bounds before the candidates are used (else the points are all compared again).
          series_extras->reach_per_range = 0.85 * 3.0 / d2_of_two;
        }
        detail::mean_and_moving_range(values_y, screen, mr_screen_factor, f.cl, amr,
                                      whole_series ? series_sums : nullptr, options.threads,
                                      whole_series ? series_extras : nullptr);
        f.sigma = amr / d2_of_two;
        f.screened = screen;
        break;
      }
      case chart_type::mr:
        f.cl = mean_of(base_y());  // y already holds the moving ranges
        f.sigma = f.cl * (mr_screen_factor - 1.0) / 3.0;
        break;
      case chart_type::xbar:
      case chart_type::s:
      case chart_type::r: {
        if (method == sigma_method::qicharts2) {
          f.sigma = qicharts2_sbar(first, last);
          if (type == chart_type::xbar) {
            long double num = 0;
            long double den = 0;
            each_base([&](std::size_t g) {
              // A subgroup sum that overflowed a double: its mean times its size, wide.
              num += std::isinf(values.sum[g])
                         ? static_cast<long double>(out.y[g]) * values.count[g]
                         : static_cast<long double>(values.sum[g]);
              den += values.count[g];
            });
            f.cl = static_cast<double>(num / den);
          } else {
            f.cl = f.sigma;  // the s chart's centre is s-bar itself
          }
        } else {
          f.sigma = within_sigma(
              method, type, [&](auto&& f2) { each_base(f2); }, values);
          // qcc: the size-weighted mean of the subgroup statistic (stats.xbar/R/S).
          long double num = 0;
          long double den = 0;
          each_base([&](std::size_t g) {
            if (!std::isnan(out.y[g])) {
              num += values.count[g] * out.y[g];
              den += values.count[g];
            }
          });
          f.cl = static_cast<double>(num / den);
        }
        break;
      }
      case chart_type::p:
      case chart_type::np:
      case chart_type::pp:
        f.cl = base_ratio();
        f.sigma = std::sqrt(f.cl * (1 - f.cl));
        break;
      case chart_type::u:
      case chart_type::up:
        f.cl = base_ratio();
        f.sigma = std::sqrt(f.cl);
        break;
      case chart_type::c:
        f.cl = mean_of(base_y());
        f.sigma = std::sqrt(f.cl);
        break;
      case chart_type::g:
        gather_base_y();
        f.limit_cl = mean_of(scratch);
        f.sigma = std::sqrt(f.limit_cl * (f.limit_cl + 1));
        f.cl = detail::median_in_place(scratch);
        break;
      case chart_type::ip:
        f.cl = base_ratio();
        break;
    }
    if (!std::isnan(options.centre)) {
      f.cl = options.centre;
      f.limit_cl = options.centre;
    }
    if (type != chart_type::g || !std::isnan(options.centre)) {
      f.limit_cl = f.cl;
    }
    // Laney's sigma_z (pp, up) and the I' s-bar (ip) come from the points, after the centre.
    if (type == chart_type::pp || type == chart_type::up) {
      scratch.clear();
      each_base([&](std::size_t g) {
        const double unit = type == chart_type::pp ? std::sqrt(f.cl * (1 - f.cl) / out.n[g])
                                                   : std::sqrt(f.cl / out.n[g]);
        scratch.push_back((out.y[g] - f.cl) / unit);
      });
      // Laney (2002): sigma_z = mean moving range of the z-scores / 1.128.
      f.sigma =
          detail::mean_moving_range(scratch, screen, mr_screen_factor, options.threads) / d2_of_two;
      f.screened = screen;
    }
    if (type == chart_type::ip) {
      f.sigma = ip_sbar(first, last);
      f.screened = screen;
    }
    if (type == chart_type::mr && !std::isnan(options.centre)) {
      f.sigma = f.cl * (mr_screen_factor - 1.0) / 3.0;
    }
    if (!std::isnan(options.sigma)) {
      f.sigma = options.sigma;
    }
    return f;
  }

  // I' chart: s_i = sqrt(pi/2) |y_i - y_(i-1)| / sqrt(1/n_(i-1) + 1/n_i) over all consecutive
  // points of the phase, screened at 3.2665 x their mean (qicharts2 0.8.1 qic.ip; Taylor 2017).
  [[nodiscard]] double ip_sbar(std::size_t first, std::size_t last) const {
    const double root_half_pi = std::sqrt(std::numbers::pi / 2.0);
    const auto s_at = [&](std::size_t i) {
      return root_half_pi * std::abs(out.y[i] - out.y[i - 1]) /
             std::sqrt(1.0 / out.n[i - 1] + 1.0 / out.n[i]);
    };
    long double sum = 0;
    std::size_t count = 0;
    for (std::size_t i = first + 1; i <= last; ++i) {
      const double s = s_at(i);
      if (!std::isnan(s)) {
        sum += s;
        ++count;
      }
    }
    if (count == 0) {
      return nan;
    }
    const auto mean = static_cast<double>(sum / static_cast<long double>(count));
    if (!screen || mean == 0) {
      return mean;
    }
    const double limit = ip_screen_factor * mean;
    sum = 0;
    count = 0;
    for (std::size_t i = first + 1; i <= last; ++i) {
      const double s = s_at(i);
      if (s < limit) {
        sum += s;
        ++count;
      }
    }
    return count == 0 ? nan : static_cast<double>(sum / static_cast<long double>(count));
  }

  // One sigma of the plotted statistic at point i of a chart of type Type.
  template <chart_type Type>
  [[nodiscard]] double point_sigma(const phase_fit& f, std::size_t i) const {
    const double ni = out.n.empty() ? nan : out.n[i];
    switch (Type) {
      case chart_type::run:
        return nan;
      case chart_type::i:
      case chart_type::mr:
      case chart_type::c:
      case chart_type::g:
      case chart_type::t:
        return f.sigma;
      case chart_type::xbar:
        if (method == sigma_method::qicharts2 && std::isnan(options.sigma)) {
          return f.sigma / (c4(ni) * std::sqrt(ni));  // A3 / 3 (Montgomery 6.29, 6.31)
        }
        return ni >= 2 ? f.sigma / std::sqrt(ni) : nan;
      case chart_type::s:
        if (method == sigma_method::qicharts2 && std::isnan(options.sigma)) {
          return f.cl * c5(ni) / c4(ni);  // (B4 - 1) / 3
        }
        return f.sigma * c5(ni);  // qcc limits.S
      case chart_type::r: {
        const auto size = static_cast<std::size_t>(ni);
        return ni >= 2 ? d3_table(size) * f.sigma : nan;  // qcc limits.R
      }
      case chart_type::p:
      case chart_type::u:
      case chart_type::ip:
        return f.sigma / std::sqrt(ni);
      case chart_type::np:
        return f.sigma * std::sqrt(ni);
      case chart_type::pp:
        return std::sqrt(f.cl * (1 - f.cl) / ni) * f.sigma;
      case chart_type::up:
        return std::sqrt(f.cl / ni) * f.sigma;
    }
    return nan;
  }

  // The lines of every point of a phase: one piece each where no line depends on the point
  // (charts whose centre and sigma are one number per phase), else point by point.
  void set_phase_lines(const phase_fit& f, std::size_t first, std::size_t last) {
    if (!lines_per_point(options.type)) {
      const point_lines l = lines_at(f, first);
      for (std::size_t k = 0; k < line_count; ++k) {
        (out.*line_members[k]).add_piece(first, l.values[k]);
      }
      return;
    }
    // A line held once per phase (the centre) takes its value at the phase's first point.
    std::array<double*, line_count> columns{};
    for (std::size_t k = 0; k < line_count; ++k) {
      chart_line& line = out.*line_members[k];
      if (line_per_point(options.type, k)) {
        columns[k] = line.point_data();
      } else {
        line.add_piece(first, lines_at(f, first).values[k]);
      }
    }
    // Every line but the centre is held per point, and the centre too on an np chart: the
    // loop over the points stores without testing which (the type a constant in it).
    with_chart_type(options.type, [&](auto type) {
      if constexpr (lines_per_point(type())) {
        constexpr std::size_t first_column = line_per_point(type(), line_cl) ? 0 : 1;
        // Each point's lines depend on that point alone: a long phase is filled in parts.
        const std::size_t size = last - first + 1;
        const std::size_t parts = detail::part_count(size, options.threads);
        detail::run_parts(parts, [&](std::size_t p) {
          const std::size_t end = first + detail::part_begin(size, parts, p + 1);
          for (std::size_t i = first + detail::part_begin(size, parts, p); i < end; ++i) {
            const point_lines l = lines_of<type()>(f, i);
            for (std::size_t k = first_column; k < line_count; ++k) {
              columns[k][i] = l.values[k];
            }
          }
        });
      }
    });
  }

  // Lines at k sigma (k = 1, 2, 3) around the centre of point i, clipped as the chart requires.
  [[nodiscard]] point_lines lines_at(const phase_fit& f, std::size_t i) const {
    return with_chart_type(options.type, [&](auto type) { return lines_of<type()>(f, i); });
  }

  // lines_at for a chart of type Type.
  template <chart_type Type>
  [[nodiscard]] point_lines lines_of(const phase_fit& f, std::size_t i) const {
    constexpr chart_type type = Type;
    double cl = f.cl;
    double centre = f.limit_cl;
    if (type == chart_type::np) {
      cl = f.cl * out.n[i];
      centre = cl;
    }
    point_lines l;
    const double sd = point_sigma<Type>(f, i);
    l.values[line_cl] = cl;
    l.values[line_sigma] = std::isfinite(sd) ? sd : nan;
    for (int k = 1; k <= 3; ++k) {
      double lo = centre - k * sd;
      double hi = centre + k * sd;
      switch (type) {
        case chart_type::run:
          lo = nan;
          hi = nan;
          break;
        case chart_type::mr:
          // qicharts2: lcl = 0, ucl = 3.267 mean MR; its 2-sigma line is 2/3 of the ucl.
          lo = 0;
          hi = k * mr_screen_factor / 3.0 * cl;  // cl last: cl near the largest double fits
          break;
        case chart_type::t: {
          // Back-transformed from the y^(1/3.6) scale; a negative lower line becomes 0.
          lo = lo < 0 ? 0 : std::pow(lo, t_power);
          hi = std::pow(hi, t_power);
          break;
        }
        case chart_type::p:
        case chart_type::pp:
          lo = std::max(lo, 0.0);
          hi = std::min(hi, 1.0);
          break;
        case chart_type::np:
          lo = std::max(lo, 0.0);
          hi = std::min(hi, out.n[i]);
          break;
        case chart_type::u:
        case chart_type::up:
        case chart_type::c:
        case chart_type::g:
        case chart_type::r:
        case chart_type::s:
          lo = std::max(lo, 0.0);
          break;
        case chart_type::i:
        case chart_type::xbar:
        case chart_type::ip:
          break;
      }
      // No finite sigma (none estimated, or a point without a denominator, whose sigma is
      // infinite): no lines, rather than infinite ones clipped to [0, 1] (qicharts2 clips only
      // finite limits, and has NA here).
      if (!std::isfinite(sd) && type != chart_type::mr) {
        lo = nan;
        hi = nan;
      }
      l.values[line_lower(k)] = lo;
      l.values[line_upper(k)] = hi;
    }
    if (type == chart_type::t) {
      l.values[line_cl] = std::pow(cl, t_power);
      l.values[line_sigma] = nan;  // not symmetric on the original scale
    }
    if (type == chart_type::g) {
      l.values[line_sigma] = nan;  // the lines are around the mean, the centre line is the median
    }
    return l;
  }
};

void check_positions(const std::vector<std::size_t>& positions, std::size_t points,
                     const char* field, std::size_t low) {
  for (const std::size_t k : positions) {
    if (k < low || k > points) {
      throw error(status::out_of_range,
                  std::string(field) + " position " + std::to_string(k) + " is outside 1.." +
                      std::to_string(points) + " (the chart has " + std::to_string(points) +
                      " subgroups)",
                  location{"options", static_cast<std::int64_t>(k), 0, field});
    }
  }
}

// Marks the points first..last strictly outside their 3-sigma limits (limits_at(i) -> {lcl,
// ucl}) without a branch; returns how many there are.
template <class LimitsAt>
std::size_t count_outside(chart_result& out, std::size_t first, std::size_t last,
                          LimitsAt&& limits_at) {
  // Through locals: the byte column could alias y and the phase for all the compiler knows, and
  // the loop vectorizes only once nothing it reads can change under it.
  const double* y = out.y.data();
  std::uint8_t* outside = out.sigma_signal.data();
  std::size_t outside_count = 0;
  for (std::size_t i = first; i <= last; ++i) {
    const auto [lo, hi] = limits_at(i);
    const unsigned beyond = static_cast<unsigned>(y[i] > hi) | static_cast<unsigned>(y[i] < lo);
    outside[i] = static_cast<std::uint8_t>(beyond);
    outside_count += beyond;
  }
  return outside_count;
}

// The points first..last outside their limits (limits_at(i) -> {lcl, ucl}; marked and counted,
// as count_outside) and the sides of each whole 64-point block from first about the centre
// (sides_of_block), in one pass on threads: each part takes whole blocks, 64 at a time, while
// they are in cache.
template <class LimitsAt>
std::size_t sides_and_outside(chart_result& out, std::size_t first, std::size_t last, double centre,
                              const LimitsAt& limits_at, std::vector<detail::side_bits>& sides,
                              unsigned threads) {
  constexpr std::size_t blocks_together = 64;
  const std::size_t blocks = (last - first + 1) / detail::block_points;
  sides.resize(blocks);
  const std::size_t parts = detail::part_count(last - first + 1, threads);
  std::vector<std::size_t> counts(parts);
  detail::run_parts(parts, [&](std::size_t p) {
    const std::size_t end_block = detail::part_begin(blocks, parts, p + 1);
    for (std::size_t b = detail::part_begin(blocks, parts, p); b < end_block;
         b += blocks_together) {
      const std::size_t stop = std::min(end_block, b + blocks_together);
      for (std::size_t k = b; k < stop; ++k) {
        sides[k] = detail::sides_of_block(out.y.data() + first + k * detail::block_points, centre);
      }
      // The points after the last whole block go with the last part.
      const std::size_t to =
          p + 1 == parts && stop == end_block ? last : first + stop * detail::block_points - 1;
      counts[p] += count_outside(out, first + b * detail::block_points, to, limits_at);
    }
  });
  return std::accumulate(counts.begin(), counts.end(), std::size_t{0});
}

// Marks the points first..last strictly outside lcl..ucl, every one of which is among
// `candidates` (ascending); returns how many there are. On the calling thread (the chart runs it
// beside the Anhøj count).
std::size_t outside_among(chart_result& out, std::size_t first, std::size_t last,
                          std::span<const std::size_t> candidates, double lcl, double ucl) {
  detail::fill_split(std::span<std::uint8_t>(out.sigma_signal).subspan(first, last - first + 1),
                     std::uint8_t{0}, 1);
  std::size_t outside_count = 0;
  // The candidates lie about a hundred points apart in a column past the cache: each read is a
  // miss the hardware prefetcher cannot foresee, so the loop asks for the lines ahead itself.
  constexpr std::size_t ahead = 16;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (k + ahead < candidates.size()) {
      __builtin_prefetch(&out.y[candidates[k + ahead]]);
    }
    const std::size_t i = candidates[k];
    const double v = out.y[i];
    const bool outside = v > ucl || v < lcl;
    out.sigma_signal[i] = static_cast<std::uint8_t>(outside);
    outside_count += outside ? 1U : 0U;
  }
  return outside_count;
}

}  // namespace

rule_input chart_result::rules_input() const noexcept {
  // One phase and nothing excluded (the usual chart) hold neither column: the rules then read
  // only y.
  return rule_input{y, cl, sigma, lcl, ucl, part_column, included_column};
}

chart_result compute_chart(std::span<const double> x, std::span<const double> y,
                           std::span<const double> n, const chart_options& options) {
  chart_result out;
  compute_chart_into(x, y, n, options, out);
  return out;
}

void compute_chart_into(std::span<const double> x, std::span<const double> y,
                        std::span<const double> n, const chart_options& options,
                        chart_result& out) {
  // Rows without denominators are copied into x and y as they are screened; aggregate then
  // keeps them where every row is its own subgroup, and overwrites them otherwise.
  if (n.empty()) {
    detail::resize_column(out.x, y.size());
    detail::resize_column(out.y, y.size());
  }
  const rows_checked rows = validate_rows(
      x, y, n, options, n.empty() ? out.x : std::span<double>(),
      n.empty() ? out.y : std::span<double>(),
      options.type == chart_type::i && options.parts.empty() && options.exclude.empty());
  const chart_type type = options.type;
  out.type = type;
  out.screened_mr = false;
  out.multiply = options.multiply;
  // The grouping's indices borrow the workspaces that the phases use after aggregate.
  const grouping groups = group_rows(x, rows.ascending, out.index_workspace, out.cut_workspace);
  // The subgroup scratch lives in out.subgroups between calls (emptied, capacity kept) unless the
  // caller keeps the summaries there: charting into the same result again allocates nothing.
  subgroup_values values;
  const bool borrow_scratch = !options.keep_subgroup_summaries;
  if (borrow_scratch) {
    values.count.swap(out.subgroups.count);
    values.sum.swap(out.subgroups.sum);
    values.sd.swap(out.subgroups.sd);
    values.range.swap(out.subgroups.mean);
  }
  const bool points_are_copied_rows = aggregate(x, y, n, groups, options, out, values, rows.copied);
  const std::size_t points = out.y.size();

  // Options that name subgroups.
  check_positions(options.exclude, points, "exclude", 1);
  if (options.freeze > points) {
    throw error(status::out_of_range,
                "freeze " + std::to_string(options.freeze) + " is beyond the " +
                    std::to_string(points) + " subgroups",
                location{"options", static_cast<std::int64_t>(options.freeze), 0, "freeze"});
  }
  std::vector<std::size_t>& cuts = out.cut_workspace;
  cuts.assign(options.parts.begin(), options.parts.end());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (const std::size_t k : cuts) {
    if (k < 1 || k >= points) {
      throw error(status::out_of_range,
                  "part " + std::to_string(k) + " must be in 1.." + std::to_string(points - 1) +
                      " (a new phase after subgroup k of " + std::to_string(points) + ")",
                  location{"options", static_cast<std::int64_t>(k), 0, "part"});
    }
  }
  // qcc's table of d3 (the SD of the range of n normal values) stops at 50, and qcc refuses
  // larger subgroups for R-based limits; so does cmx, rather than print missing limits.
  const bool needs_d3 =
      type == chart_type::r || (within_subgroup(type) && options.sigma_estimator &&
                                *options.sigma_estimator == sigma_method::mvlue_r);
  for (std::size_t g = 0; needs_d3 && g < points; ++g) {
    if (values.count[g] > 50) {
      throw error(status::bad_input,
                  "subgroup " + std::to_string(g + 1) + " has " +
                      std::to_string(static_cast<std::size_t>(values.count[g])) +
                      " values: range-based limits need d3, tabulated for 2 to 50 values (as qcc)",
                  location{"subgroups", static_cast<std::int64_t>(g + 1), 0, "y"});
    }
  }
  if (within_subgroup(type)) {
    bool any = false;
    for (std::size_t g = 0; g < points && !any; ++g) {
      any = values.count[g] >= 2;
    }
    if (!any) {
      throw error(status::bad_input,
                  "each of the " + std::to_string(points) +
                      " subgroups has fewer than two values: a " + to_string(type) +
                      " chart needs a within-subgroup sigma",
                  location{"subgroups", 1, 0, "y"});
    }
  }

  // The phase and exclusion columns only where they vary (chart_result::part_of, is_included):
  // writing a phase number and two flags for every point took about an eighth of a 10^7-point
  // i chart's time on two threads (18.7 against 16.4 ms, December 2026).
  // Columns of 10^7 points are filled on threads (detail::fill_split).
  detail::resize_column(out.part_column, cuts.empty() ? 0 : points);
  detail::resize_column(out.included_column, options.exclude.empty() ? 0 : points);
  detail::fill_split(std::span<std::uint8_t>(out.included_column), std::uint8_t{1},
                     options.threads);
  out.excluded = 0;
  for (const std::size_t k : options.exclude) {
    out.excluded += out.included_column[k - 1];  // a position listed twice is excluded once
    out.included_column[k - 1] = 0;
  }
  out.baseline_points = options.freeze == 0 ? points : std::min(options.freeze, points);

  // The mr chart plots the moving ranges within each phase.
  if (type == chart_type::mr) {
    std::size_t cut = 0;
    double previous = nan;
    for (std::size_t i = 0; i < points; ++i) {
      const bool starts = i == 0 || (cut < cuts.size() && i == cuts[cut]);
      if (starts && i != 0) {
        ++cut;
      }
      const double v = out.y[i];
      out.y[i] = starts ? nan : std::abs(v - previous);
      previous = v;
    }
  }

  for (std::size_t k = 0; k < line_count; ++k) {
    if (line_per_point(type, k)) {
      (out.*line_members[k]).assign_points(points);
    } else {
      (out.*line_members[k]).assign_pieces(points);
    }
  }
  detail::resize_column(out.sigma_signal, points);  // every point is written after the limits

  const sigma_method method = effective_method(options);
  out.estimator = method;
  const bool screen = options.screen_mr.value_or(screened_by_default(type));
  engine eng{options, out, values, method, screen, true, 0, 0, out.index_workspace, out.workspace};
  detail::screen_extras screen_extras;
  if (points_are_copied_rows && rows.copied_y_sums) {
    eng.series_sums = &*rows.copied_y_sums;
    if (options.multiply == 1.0 && options.exclude.empty()) {
      eng.series_extras = &screen_extras;  // as in_one_pass asks below
    }
  }
  phase_fit previous_fit;
  bool have_previous = false;
  const std::size_t phases = cuts.size() + 1;
  std::vector<detail::side_bits> phase_sides;
  // A long phase of one centre line, with nothing excluded and plotted as computed (multiply 1):
  // its points outside the limits (one pair, or a pair per point) and the sides of its Anhøj
  // count are found in one pass, on threads (sides_and_outside).
  const auto in_one_pass = [&](std::size_t first, std::size_t last) {
    const bool any_excluded =
        std::any_of(options.exclude.begin(), options.exclude.end(),
                    [&](std::size_t k) { return k - 1 >= first && k - 1 <= last; });
    return options.multiply == 1.0 && !any_excluded && !out.cl.per_point() &&
           detail::part_count(last - first + 1, options.threads) > 1;
  };
  out.parts.resize(phases);
  for (std::size_t ph = 0; ph < phases; ++ph) {
    const std::size_t first = ph == 0 ? 0 : cuts[ph - 1];
    const std::size_t last = ph + 1 < phases ? cuts[ph] - 1 : points - 1;
    part_summary& summary = out.parts[ph];
    summary = part_summary{};
    summary.part = static_cast<std::int32_t>(ph + 1);
    summary.first = first;
    summary.last = last;
    eng.base.clear();
    eng.contiguous = true;
    eng.base_first = first;
    eng.base_last = last;
    if (!out.part_column.empty()) {
      detail::fill_split(std::span<std::int32_t>(out.part_column).subspan(first, last - first + 1),
                         summary.part, options.threads);
    }
    // Every point of the phase is a baseline point unless the freeze ends inside it or a point
    // of it is excluded (known from the options, without a pass over the points).
    eng.contiguous = options.freeze == 0 || options.freeze > last;
    for (const std::size_t k : options.exclude) {
      eng.contiguous = eng.contiguous && !(k - 1 >= first && k - 1 <= last);
    }
    if (!eng.contiguous) {
      for (std::size_t i = first; i <= last; ++i) {
        if (out.in_baseline(i) && out.is_included(i)) {
          eng.base.push_back(i);
        }
      }
    }
    phase_fit fit;
    bool usable = false;
    if (eng.contiguous) {  // stop at the first value
      for (std::size_t g = first; g <= last && !usable; ++g) {
        usable = !std::isnan(out.y[g]);
      }
    } else {
      eng.each_base([&](std::size_t g) { usable = usable || !std::isnan(out.y[g]); });
    }
    // The option that left the phase short, for the error's field: a freeze ending inside it,
    // else exclusions in it, else the phase's own bounds.
    const auto short_phase_field = [&]() -> const char* {
      if (options.freeze != 0 && options.freeze <= last) {
        return "freeze";
      }
      const bool excluded_in_phase =
          std::any_of(options.exclude.begin(), options.exclude.end(),
                      [&](std::size_t k) { return k - 1 >= first && k - 1 <= last; });
      return excluded_in_phase ? "exclude" : options.parts.empty() ? "y" : "part";
    };
    // Built only for an error: a steady-state call allocates nothing.
    const auto phase_name = [&] {
      return "phase " + std::to_string(ph + 1) + " (subgroups " + std::to_string(first + 1) + ".." +
             std::to_string(last + 1) + ")";
    };
    const bool after_freeze = options.freeze != 0 && options.freeze <= first;
    if (usable) {
      fit = eng.fit(first, last);
    } else if (have_previous && after_freeze) {
      fit = previous_fit;  // phase II: judged against the phase before
      summary.limits_from_earlier = true;
    } else {
      // A phase of excluded or missing points only gets no limits of another phase unasked.
      throw error(
          status::bad_input,
          phase_name() +
              " has no baseline point with a value to compute its centre from (every "
              "point is excluded, missing or after the freeze)",
          location{"subgroups", static_cast<std::int64_t>(first + 1), 0, short_phase_field()});
    }
    const bool needs_sigma = type != chart_type::run && type != chart_type::mr;
    if (needs_sigma && std::isnan(fit.sigma) && !summary.limits_from_earlier) {
      // Laney's charts scale the z-scores of p or u around p-bar (u-bar): none when every count
      // is 0 (or every proportion 1), however many points there are.
      const bool no_spread = (type == chart_type::pp || type == chart_type::up) &&
                             (fit.limit_cl == 0 || (type == chart_type::pp && fit.limit_cl == 1));
      std::size_t with_value = 0;  // missing points are no evidence for a sigma
      eng.each_base([&](std::size_t g) { with_value += std::isnan(out.y[g]) ? 0U : 1U; });
      throw error(
          status::bad_input,
          no_spread
              ? phase_name() + " has a centre of " + cmx::detail::general_text(fit.limit_cl, 6) +
                    ": the z-scores of its points have no sigma to estimate"
              : phase_name() + " is too short for limits: its sigma cannot be estimated from " +
                    std::to_string(with_value) + " baseline point(s) with a value",
          location{"subgroups", static_cast<std::int64_t>(first + 1), 0, short_phase_field()});
    }
    out.screened_mr = out.screened_mr || fit.screened;
    previous_fit = fit;
    have_previous = true;
    summary.cl = fit.cl;
    summary.sigma = fit.sigma;
    eng.set_phase_lines(fit, first, last);
    if (type == chart_type::t) {
      summary.cl = std::pow(fit.cl, t_power);
    }
    // Without exclusions in the phase, the run count need not read `included`.
    const bool any_excluded =
        std::any_of(options.exclude.begin(), options.exclude.end(),
                    [&](std::size_t k) { return k - 1 >= first && k - 1 <= last; });
    if (in_one_pass(first, last)) {
      const double centre = out.cl[first];
      const auto count_runs = [&] {
        summary.runs = detail::anhoej_runs_of_sides(out.y, centre, first, last, phase_sides);
      };
      if (lines_per_point(type)) {
        const double* lower = out.lcl.point_data();
        const double* upper = out.ucl.point_data();
        summary.sigma_signals = sides_and_outside(
            out, first, last, centre,
            [lower, upper](std::size_t i) {
              return std::pair{lower[i], upper[i]};
            },
            phase_sides, options.threads);
        count_runs();
      } else if (screen_extras.found && first == 0 && last + 1 == points &&
                 screen_extras.centre == centre && screen_extras.low >= out.lcl[first] &&
                 screen_extras.high <= out.ucl[first]) {
        // The screening pass found the sides, and every point outside the limits among its
        // candidates (the limits lie beyond its bounds; NaN limits fail the test). Marking
        // those points and counting the runs of the sides read different columns: they go
        // side by side, one thread each (in_one_pass: the phase is long enough for two).
        phase_sides.swap(screen_extras.sides);
        detail::run_parts(2, [&](std::size_t task) {
          if (task == 0) {
            summary.sigma_signals = outside_among(out, first, last, screen_extras.beyond,
                                                  out.lcl[first], out.ucl[first]);
          } else {
            count_runs();
          }
        });
      } else {
        const std::pair limits{out.lcl[first], out.ucl[first]};
        summary.sigma_signals = sides_and_outside(
            out, first, last, centre, [limits](std::size_t) { return limits; }, phase_sides,
            options.threads);
        count_runs();
      }
    } else {
      summary.runs =
          detail::anhoej_runs(out.y, out.cl,
                              any_excluded ? std::span<const std::uint8_t>(out.included_column)
                                           : std::span<const std::uint8_t>(),
                              first, last);
    }
    if (type == chart_type::mr) {
      summary.runs.runs_signal = false;  // qicharts2 ignores runs on an mr chart
    }
  }

  // multiply scales what is plotted, after all computation (qicharts2 qic.agg).
  const double m = options.multiply;
  if (m != 1.0) {
    for (double& v : out.y) {
      v *= m;
    }
    for (const auto member : line_members) {
      (out.*member).scale(m);
    }
    for (auto& summary : out.parts) {
      summary.cl *= m;
    }
  }
  // Phases are contiguous: count each one's points outside its limits without a branch. A
  // phase without limits (a run chart) has none outside.
  line_cursor lower(out.lcl);
  line_cursor upper(out.ucl);
  for (std::size_t ph = 0; ph < phases; ++ph) {
    part_summary& summary = out.parts[ph];
    if (in_one_pass(summary.first, summary.last)) {
      continue;  // counted with the sides
    }
    if (lines_per_point(type)) {
      summary.sigma_signals = count_outside(out, summary.first, summary.last, [&](std::size_t i) {
        return std::pair{lower.at(i), upper.at(i)};
      });
      continue;
    }
    const std::pair limits{out.lcl[summary.first], out.ucl[summary.first]};
    if (std::isnan(limits.first) && std::isnan(limits.second)) {
      std::fill(out.sigma_signal.begin() + static_cast<std::ptrdiff_t>(summary.first),
                out.sigma_signal.begin() + static_cast<std::ptrdiff_t>(summary.last) + 1,
                std::uint8_t{0});
      summary.sigma_signals = 0;
      continue;
    }
    // One pair of limits over the phase: its parts are counted on threads of their own.
    const std::size_t size = summary.last - summary.first + 1;
    const std::size_t parts = detail::part_count(size, options.threads);
    if (parts == 1) {
      summary.sigma_signals =
          count_outside(out, summary.first, summary.last, [limits](std::size_t) { return limits; });
      continue;
    }
    std::vector<std::size_t> counts(parts);
    detail::run_parts(parts, [&](std::size_t p) {
      const std::size_t begin = summary.first + detail::part_begin(size, parts, p);
      const std::size_t end = summary.first + detail::part_begin(size, parts, p + 1);
      counts[p] = count_outside(out, begin, end - 1, [limits](std::size_t) { return limits; });
    });
    summary.sigma_signals = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
  }
  if (borrow_scratch) {
    for (auto* scratch : {&values.count, &values.sum, &values.sd, &values.range}) {
      scratch->clear();
    }
    out.subgroups.count.swap(values.count);
    out.subgroups.sum.swap(values.sum);
    out.subgroups.sd.swap(values.sd);
    out.subgroups.mean.swap(values.range);
  } else {
    out.subgroups.count = values.count;
    out.subgroups.sum.resize(points);
    out.subgroups.mean.resize(points);
    for (std::size_t g = 0; g < points; ++g) {
      const bool any = values.count[g] > 0;  // an all-missing subgroup has no sum (NA)
      out.subgroups.sum[g] = any ? values.sum[g] : nan;
      out.subgroups.mean[g] = any ? values.sum[g] / values.count[g] : nan;
    }
    out.subgroups.sd = values.sd;
  }
}

std::vector<signal> anhoej_signals(const chart_result& chart) {
  std::vector<signal> signals;
  if (chart.type == chart_type::mr) {
    return signals;
  }
  for (const auto& part : chart.parts) {
    const auto& r = part.runs;
    if (!r.defined) {
      continue;
    }
    if (r.longest_run > r.longest_run_max) {
      signals.push_back(signal{rule_id::anhoej_longest_run, r.longest_first, r.longest_last,
                               r.longest_first, r.longest_dir, flag_mode::whole_pattern});
    }
    if (r.crossings < r.crossings_min) {
      signals.push_back(signal{rule_id::anhoej_crossings, part.first, part.last, part.first,
                               direction::none, flag_mode::whole_pattern});
    }
  }
  return signals;
}

bool chart_signal_flags(const chart_result& chart, const signal& sig, std::size_t i) noexcept {
  if (i < sig.flag_first || i > sig.last || i >= chart.size() || std::isnan(chart.y[i])) {
    return false;
  }
  if (sig.rule == rule_id::beyond_limits) {
    return true;
  }
  if (!chart.is_included(i)) {
    return false;
  }
  if (sig.rule == rule_id::anhoej_longest_run) {
    const double from_centre = chart.y[i] - chart.cl[i];
    return sig.dir == direction::up ? from_centre > 0 : from_centre < 0;
  }
  return true;
}

std::vector<signal> beyond_limits_signals(const chart_result& chart) {
  std::vector<signal> signals;
  for (std::size_t i = 0; i < chart.size(); ++i) {
    if (chart.sigma_signal[i] != 0) {
      const direction dir = chart.y[i] > chart.ucl[i] ? direction::up : direction::down;
      signals.push_back(signal{rule_id::beyond_limits, i, i, i, dir, flag_mode::whole_pattern});
    }
  }
  return signals;
}

}  // namespace cmx::spc
