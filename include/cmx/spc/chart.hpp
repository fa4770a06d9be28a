// Shewhart control charts and run charts: the chart engine of cmx::spc.
//
// A chart is computed from a series of rows (x label, y, optional n). Rows with equal x form one
// subgroup; subgroups are plotted in ascending x. Each subgroup becomes one point with its value,
// centre line, 1-, 2- and 3-sigma lines, and flags; each phase ("part") gets its own centre,
// sigma and Anhøj run analysis. The per-point numbers are exposed as a rule_input (signal.hpp)
// so any rule set can run over them.
//
// Reference behaviour: qicharts2 0.8.1 (Anhøj) for the defaults, qcc 2.7 (Scrucca) for the
// sigma estimators of xbar/R/S; see ../shared/oracle/README.md and DESIGN.md §5.
#ifndef CMX_SPC_CHART_HPP
#define CMX_SPC_CHART_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cmx/spc/line.hpp"
#include "cmx/spc/signal.hpp"

namespace cmx::spc {

enum class chart_type : std::uint8_t {
  run = 0,  // median centre line, no limits
  i = 1,    // individuals (XmR)
  mr = 2,   // moving ranges of the individuals
  xbar = 3,
  r = 4,
  s = 5,
  p = 6,
  np = 7,
  c = 8,
  u = 9,
  pp = 10,  // Laney p'
  up = 11,  // Laney u'
  g = 12,   // geometric: opportunities (or days) between rare events
  t = 13,   // time between events, on an i chart of y^(1/3.6)
  ip = 14,  // I' (I prime) chart of proportions or rates with unequal denominators
};

// "run", "i", ... "ip"; nullopt for an unknown name.
[[nodiscard]] std::optional<chart_type> parse_chart_type(std::string_view name) noexcept;
[[nodiscard]] const char* to_string(chart_type type) noexcept;

// How the y of the rows of one subgroup become the point (charts without a denominator n).
enum class aggregation : std::uint8_t { mean = 0, median = 1, sum = 2, sd = 3 };
[[nodiscard]] std::optional<aggregation> parse_aggregation(std::string_view name) noexcept;
[[nodiscard]] const char* to_string(aggregation agg) noexcept;

// The within-subgroup sigma of xbar, R and S charts.
enum class sigma_method : std::uint8_t {
  // qicharts2: the pooled SD when subgroup sizes differ, else the mean of the subgroup SDs;
  // limits from c4(n) per point (A3, B3, B4). The default for xbar and s.
  qicharts2 = 0,
  // qcc 2.7: UWAVE-R for xbar (RMSDF if a subgroup has more than 25 values) and R, UWAVE-SD
  // for S; centre of R and S charts = size-weighted mean of the statistic. The default for r.
  qcc = 1,
  mean_s = 2,     // mean of s_i / c4(n_i) (= UWAVE-SD)
  pooled_sd = 3,  // sqrt(sum (n_i-1) s_i^2 / sum (n_i-1)), no bias correction
  uwave_r = 4,    // mean of R_i / d2(n_i)
  uwave_sd = 5,   // mean of s_i / c4(n_i)
  rmsdf = 6,      // pooled SD / c4(sum(n_i - 1) + 1)
  mvlue_r = 7,    // R_i / d2 weighted by (d2/d3)^2
  mvlue_sd = 8,   // s_i / c4 weighted by c4^2 / (1 - c4^2)
};
[[nodiscard]] std::optional<sigma_method> parse_sigma_method(std::string_view name) noexcept;
[[nodiscard]] const char* to_string(sigma_method method) noexcept;

inline constexpr double not_given = std::numeric_limits<double>::quiet_NaN();

struct chart_options {
  chart_type type = chart_type::i;
  aggregation agg = aggregation::mean;  // run and i charts without n
  // 1-based subgroup positions after which a new phase starts (qicharts2's `part`).
  std::vector<std::size_t> parts;
  // Centre and limits from subgroups 1..freeze only (0: all). Within phases, each phase uses
  // its subgroups up to freeze; a phase wholly after freeze is judged against the limits of the
  // phase before it (phase II). Run analysis always covers every included point. Any other
  // phase without a baseline point with a value (every point excluded or missing) is an error.
  std::size_t freeze = 0;
  // 1-based subgroup positions kept out of centre, limits and run analysis (still plotted).
  std::vector<std::size_t> exclude;
  double multiply = 1.0;      // scales y, centre and limits after all computation
  double centre = not_given;  // a known centre line (in the unmultiplied scale)
  // A known sigma: of the individuals (i, t: of y^(1/3.6)), of one value (xbar, r, s), Laney's
  // sigma_z (pp, up) or s-bar (ip). Not allowed for the other charts.
  double sigma = not_given;
  // Moving-range screening (drop moving ranges >= 3.267 x their mean, once, then recompute the
  // mean). nullopt = the chart's default: on for i, t, pp, up and ip, as qicharts2.
  std::optional<bool> screen_mr;
  // xbar/r/s: nullopt = qicharts2 for xbar and s, qcc for r.
  std::optional<sigma_method> sigma_estimator;
  // Keep the per-subgroup row summaries (count, sum, mean, sd) in the result.
  bool keep_subgroup_summaries = false;
  // Threads for the passes over a long series (0: one per hardware thread; 1: the calling
  // thread only). Only series of at least 2^18 points are split, in parts of at least 2^17;
  // the result has the same bits on any number of threads.
  unsigned threads = 0;
};

// Anhøj run analysis of one phase (Anhøj & Olesen 2014, as qicharts2's runs.analysis).
struct run_statistics {
  std::size_t n_obs = 0;     // included points of the phase (missing values counted)
  std::size_t n_useful = 0;  // included points not on the centre line and not missing
  std::size_t longest_run = 0;
  std::size_t longest_run_max = 0;  // round(log2(n_useful)) + 3 (Schilling 2012)
  std::size_t crossings = 0;
  std::size_t crossings_min = 0;  // qbinom(0.05, n_useful - 1, 0.5) (Chen 2010)
  bool runs_signal = false;       // longest_run > max or crossings < min
  bool defined = false;           // false when n_useful is 0 (then the numbers are 0)
  // longest run: its first and last point (0-based, in plot order), and its direction
  std::size_t longest_first = 0;
  std::size_t longest_last = 0;
  direction longest_dir = direction::none;
};

struct part_summary {
  std::int32_t part = 1;  // 1-based phase number
  std::size_t first = 0;  // 0-based first and last point of the phase
  std::size_t last = 0;
  double cl = not_given;     // centre line (multiplied, as plotted; t: back-transformed)
  double sigma = not_given;  // the chart's sigma parameter, unmultiplied (see
                             // chart_options::sigma; for p, np, u, c: the sigma of one unit,
                             // sqrt(p(1-p)) or sqrt(rate); mr: (3.267 - 1) / 3 x mean MR).
                             // xbar and s under the qicharts2 estimator (their default): s-bar
                             // itself, the mean (pooled, if sizes vary) subgroup SD; the sigma
                             // of one value a subgroup of n implies is s-bar / c4(n), and that
                             // is what chart_options::sigma takes.
  bool limits_from_earlier = false;  // phase II: centre and sigma taken from the phase before
  std::size_t sigma_signals = 0;
  run_statistics runs;
};

// Per-subgroup row summaries (only with keep_subgroup_summaries): qicharts2's y.sum,
// y.length, y.mean and y.sd.
struct subgroup_summaries {
  std::vector<double> count;  // non-missing y in the subgroup
  std::vector<double> sum;
  std::vector<double> mean;
  std::vector<double> sd;
};

// The chart: struct of arrays, one entry per point (subgroup) in plot order. Missing values
// are NaN (no point, or no limit). The lines (centre, sigma, limits) are indexed like arrays
// but held once per phase where they are constant (line.hpp): every line of run, i, mr, c, g
// and t charts, and the centre line of every chart but np (n times p-bar).
struct chart_result {
  chart_type type = chart_type::i;
  bool screened_mr = false;                          // moving-range screening was applied
  sigma_method estimator = sigma_method::qicharts2;  // xbar/r/s only
  double multiply = 1.0;
  std::vector<double> x;  // subgroup label
  std::vector<double> y;  // plotted value (multiplied)
  std::vector<double> n;  // denominator or subgroup size (empty when the chart has none)
  chart_line cl;          // centre line (multiplied)
  chart_line sigma;       // one sigma of the plotted value (multiplied; NaN where none)
  chart_line lcl, ucl;    // 3-sigma limits, clipped where the chart requires
  chart_line lcl2, ucl2;  // 2-sigma lines
  chart_line lcl1, ucl1;  // 1-sigma lines
  std::vector<std::uint8_t> sigma_signal;  // strictly outside the 3-sigma limits
  // Phase, exclusion and baseline of each point: held per point only where they vary, as the
  // lines are held once per phase. The usual chart (one phase, nothing excluded) holds neither
  // column; read them through part_of, is_included and in_baseline.
  std::vector<std::int32_t> part_column;      // 1-based phase per point; empty: one phase
  std::vector<std::uint8_t> included_column;  // 0 = excluded; empty: no point is excluded
  std::size_t excluded = 0;                   // points excluded
  std::size_t baseline_points = 0;  // the first baseline_points points are the baseline (freeze)
  std::vector<part_summary> parts;
  subgroup_summaries subgroups;  // empty unless keep_subgroup_summaries
  // Scratch kept for reuse by compute_chart_into (no meaning): values, the phases' cuts, the
  // indices of a phase's baseline points.
  std::vector<double> workspace;
  std::vector<std::size_t> cut_workspace;
  std::vector<std::size_t> index_workspace;

  [[nodiscard]] std::size_t size() const noexcept { return y.size(); }
  // Point i's phase, exclusion and baseline; i < size(), as for the columns (not checked).
  // The 1-based phase of point i.
  [[nodiscard]] std::int32_t part_of(std::size_t i) const noexcept {
    return part_column.empty() ? 1 : part_column[i];
  }
  // Point i takes part in centre, limits and run analysis (not excluded).
  [[nodiscard]] bool is_included(std::size_t i) const noexcept {
    return included_column.empty() || included_column[i] != 0;
  }
  // Point i lies within the freeze: its phase's centre and limits may come from it.
  [[nodiscard]] bool in_baseline(std::size_t i) const noexcept { return i < baseline_points; }
  // The view rule sets read (spans into this result: valid while it lives unchanged). Its part
  // and included are the columns above, empty where they do not vary, as rule_input reads them.
  [[nodiscard]] rule_input rules_input() const noexcept;
};

// Computes a chart. x: subgroup labels (finite); y: values or numerators (NaN = missing);
// n: denominators or empty (required for p, np, u, pp, up, ip; where given, every chart but c,
// xbar, r and s plots the values over them, so a row with a value needs its denominator).
// Throws cmx::error naming the point (1-based row or subgroup) and field for bad input.
[[nodiscard]] chart_result compute_chart(std::span<const double> x, std::span<const double> y,
                                         std::span<const double> n, const chart_options& options);

// As compute_chart, into an existing result whose arrays are reused (their capacity is kept):
// charting again into the same result allocates nothing once the arrays are large enough (but
// for a series split over several threads, which allocates its threads and their scratch).
// x, y and n must not be out's own arrays. When it throws, out holds no meaningful chart (its
// arrays may be partly overwritten).
void compute_chart_into(std::span<const double> x, std::span<const double> y,
                        std::span<const double> n, const chart_options& options, chart_result& out);

// The signals of the Anhøj rules (one anhoej_longest_run signal covering the longest run, one
// anhoej_crossings signal covering the phase, per phase that breaks them; none for mr charts).
[[nodiscard]] std::vector<signal> anhoej_signals(const chart_result& chart);
// One beyond_limits signal per point strictly outside its 3-sigma limits.
[[nodiscard]] std::vector<signal> beyond_limits_signals(const chart_result& chart);
// Whether point i (in sig.flag_first..sig.last) takes part in a signal of anhoej_signals or
// beyond_limits_signals: the point itself beyond its limits (excluded or not); for the longest
// run, an included point on the run's side of the centre line (a point on the line, or missing,
// is no part of the run); for too few crossings, every included point that is not missing.
[[nodiscard]] bool chart_signal_flags(const chart_result& chart, const signal& sig,
                                      std::size_t i) noexcept;

}  // namespace cmx::spc

#endif  // CMX_SPC_CHART_HPP
