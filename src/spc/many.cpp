// Many series at once, split over threads by value count.
#include "cmx/spc/many.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <string>
#include <thread>

#include "cmx/error.hpp"
#include "cmx/spc/monitor.hpp"
#include "spc/rule_engine.hpp"

namespace cmx::spc {

namespace {

// Below this many values per thread, a thread costs more than it saves.
constexpr std::size_t min_values_per_thread = 1U << 16U;

void check_offsets(std::span<const double> values, std::span<const std::size_t> offsets) {
  if (offsets.size() < 2) {
    throw error(status::bad_input, "no series (offsets need at least 2 entries)",
                location{"offsets", 0, 0, "offsets"});
  }
  if (offsets.front() != 0) {
    throw error(status::invalid_argument, "offsets must start at 0",
                location{"offsets", 1, 0, "offsets"});
  }
  for (std::size_t s = 1; s < offsets.size(); ++s) {
    if (offsets[s] > values.size()) {
      throw error(status::out_of_range,
                  "offset " + std::to_string(offsets[s]) + " is past the end of " +
                      std::to_string(values.size()) + " values",
                  location{"offsets", static_cast<std::int64_t>(s + 1), 0, "offsets"});
    }
    if (offsets[s] < offsets[s - 1] + 2) {
      throw error(status::invalid_argument,
                  "offsets must increase by at least 2 (series " + std::to_string(s) +
                      " needs 2 values for a moving range)",
                  location{"offsets", static_cast<std::int64_t>(s + 1), 0, "offsets"});
    }
  }
}

// Series first..last (exclusive): their limits into result's per-series arrays, their flags into
// all_flags (unless it is empty; zeroed here first, by the thread that writes them), their
// signals appended to `signals` and each series' signal count into counts[s - first]. An
// exception is kept in `failure` for the caller's thread to rethrow.
void run_chunk(std::span<const double> values, std::span<const std::size_t> offsets,
               std::size_t first, std::size_t last, const many_options& options,
               many_result& result, std::span<std::uint32_t> all_flags,
               std::vector<signal>& signals, std::span<std::size_t> counts,
               std::exception_ptr& failure) noexcept {
  try {
    const bool flagging = !all_flags.empty();
    if (flagging) {
      std::fill(all_flags.begin() + static_cast<std::ptrdiff_t>(offsets[first]),
                all_flags.begin() + static_cast<std::ptrdiff_t>(offsets[last]), 0U);
    }
    detail::rule_engine engine(options.rules);
    std::array<std::size_t, 2 * max_rules> open{};
    for (std::size_t s = first; s < last; ++s) {
      const std::size_t a = offsets[s];
      const std::size_t b = offsets[s + 1];
      const std::span<const double> y = values.subspan(a, b - a);
      for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i])) {
          throw error(status::bad_input,
                      "series " + std::to_string(s + 1) + ", point " + std::to_string(i + 1) +
                          ": the value must be a finite number",
                      location{"values", static_cast<std::int64_t>(a + i + 1), 0, "values"});
        }
      }
      const monitor_limits l = individuals_limits(y, options.screen_mr);
      result.cl[s] = l.cl;
      result.sigma[s] = l.sigma;
      result.lcl[s] = l.lcl;
      result.ucl[s] = l.ucl;
      engine.reset();
      const std::size_t before = signals.size();
      auto emit = [&](std::size_t slot, const signal& sig, bool extends) {
        if (extends) {
          signals[open[slot]].last = sig.last;
        } else {
          open[slot] = signals.size();
          signals.push_back(sig);
        }
      };
      for (std::size_t i = 0; i < y.size(); ++i) {
        engine.step(i, y[i], l.cl, l.sigma, l.lcl, l.ucl, true, emit);
      }
      engine.finish_phase(emit);
      counts[s - first] = signals.size() - before;
      if (signals.size() == before || !flagging) {
        continue;
      }
      // Flags: the series' constant limits as one-value spans are not enough for rule_input,
      // so judge each signal's points directly against the series limits.
      const std::span<std::uint32_t> flags = all_flags.subspan(a, b - a);
      for (std::size_t k = before; k < signals.size(); ++k) {
        const signal& sig = signals[k];
        for (std::size_t r = 0; r < engine.size(); ++r) {
          if (engine.at(r).id != sig.rule) {
            continue;
          }
          detail::flag_constant(engine.at(r), 1U << r, y, l.cl, l.sigma, l.lcl, l.ucl, sig, flags);
          break;
        }
      }
    }
  } catch (...) {
    failure = std::current_exception();
  }
}

// chart_many_into with the flags into `flags` (offsets.back() entries, or empty: none), which
// may be out.flags itself; the checks are done.
void chart_many_checked(std::span<const double> values, std::span<const std::size_t> offsets,
                        const many_options& options, many_result& out,
                        std::span<std::uint32_t> flags) {
  const std::size_t m = offsets.size() - 1;
  const std::size_t total = offsets.back();
  out.cl.resize(m);
  out.sigma.resize(m);
  out.lcl.resize(m);
  out.ucl.resize(m);
  out.signals.clear();
  // Each series' signal count goes to signal_offsets[s + 1]; a prefix sum makes them offsets.
  out.signal_offsets.resize(m + 1);
  out.signal_offsets[0] = 0;

  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1U, threads);
  threads = static_cast<unsigned>(
      std::min<std::size_t>(threads, std::max<std::size_t>(1, total / min_values_per_thread)));
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, m));

  // Chunk boundaries: equal shares of values, on series boundaries.
  std::vector<std::size_t> bounds{0};
  for (unsigned t = 1; t < threads; ++t) {
    const std::size_t target = total * t / threads;
    const auto it = std::lower_bound(offsets.begin(), offsets.end() - 1, target);
    bounds.push_back(std::max(bounds.back(), static_cast<std::size_t>(it - offsets.begin())));
  }
  bounds.push_back(m);
  // The caller's thread appends to out.signals directly; the others to scratch kept in out.
  if (out.chunk_signals.size() < threads) {
    out.chunk_signals.resize(threads);
  }
  std::vector<std::exception_ptr> failures(threads);
  const auto chunk = [&](unsigned t) {
    std::vector<signal>& signals = t == 0 ? out.signals : out.chunk_signals[t];
    signals.clear();
    const std::span<std::size_t> counts(out.signal_offsets.data() + bounds[t] + 1,
                                        bounds[t + 1] - bounds[t]);
    run_chunk(values, offsets, bounds[t], bounds[t + 1], options, out, flags, signals, counts,
              failures[t]);
  };
  {
    std::vector<std::jthread> workers;
    workers.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) {
      workers.emplace_back(chunk, t);
    }
    chunk(0);
  }
  for (const auto& failure : failures) {
    if (failure) {
      std::rethrow_exception(failure);
    }
  }
  for (unsigned t = 1; t < threads; ++t) {
    out.signals.insert(out.signals.end(), out.chunk_signals[t].begin(), out.chunk_signals[t].end());
  }
  for (std::size_t s = 1; s <= m; ++s) {
    out.signal_offsets[s] += out.signal_offsets[s - 1];
  }
}

}  // namespace

void chart_many_into(std::span<const double> values, std::span<const std::size_t> offsets,
                     const many_options& options, many_result& out) {
  validate(options.rules);
  check_offsets(values, offsets);
  out.flags.resize(offsets.back());  // zeroed chunk by chunk on the threads that write them
  chart_many_checked(values, offsets, options, out, out.flags);
}

void chart_many_into(std::span<const double> values, std::span<const std::size_t> offsets,
                     const many_options& options, many_result& out,
                     std::span<std::uint32_t> flags) {
  validate(options.rules);
  check_offsets(values, offsets);
  if (!flags.empty() && flags.size() != offsets.back()) {
    throw error(status::invalid_argument,
                "the flags hold " + std::to_string(flags.size()) + " entries but the series have " +
                    std::to_string(offsets.back()) + " values",
                location{"flags", 0, 0, "flags"});
  }
  out.flags.clear();
  chart_many_checked(values, offsets, options, out, flags);
}

many_result chart_many(std::span<const double> values, std::span<const std::size_t> offsets,
                       const many_options& options) {
  many_result result;
  chart_many_into(values, offsets, options, result);
  return result;
}

}  // namespace cmx::spc
