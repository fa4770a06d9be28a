// Stays, handoffs and observations from CSV, with errors at file:line:column and the column.
#include <limits>

#include "cmx/io/csv.hpp"
#include "cmx/system/io.hpp"
#include "system/journey_detail.hpp"

namespace cmx::system {
namespace {

instant read_instant(const io::csv_table& t, std::size_t row, std::size_t column) {
  const std::string_view text = t.cell(row, column);
  const auto value = parse_instant(text);
  if (!value) {
    throw error(status::parse,
                "expected an ISO 8601 date or date-time, found '" + std::string(text) + "'",
                t.where(row, column));
  }
  return *value;
}

}  // namespace

journey_set read_stays_file(const std::string& path, const system_graph* system) {
  const io::csv_table t = io::read_csv_file(path);
  const std::size_t c_episode = t.column("episode");
  const std::size_t c_unit = t.column("unit");
  const std::size_t c_start = t.column("start");
  const std::size_t c_end = t.column("end");
  std::vector<stay> stays(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    stays[r].episode = t.cell(r, c_episode);
    stays[r].unit = t.cell(r, c_unit);
    stays[r].start = read_instant(t, r, c_start);
    stays[r].end = read_instant(t, r, c_end);
  }
  return detail::build_journeys(stays, system, [&](std::size_t i, detail::stay_field f) {
    switch (f) {
      case detail::stay_field::episode:
        return t.where(i, c_episode);
      case detail::stay_field::unit:
        return t.where(i, c_unit);
      case detail::stay_field::start:
        return t.where(i, c_start);
      case detail::stay_field::end:
        return t.where(i, c_end);
    }
    return t.where(i, c_start);
  });
}

std::vector<handoff> read_handoffs_file(const std::string& path, const system_graph* system) {
  const io::csv_table t = io::read_csv_file(path);
  const std::size_t c_episode = t.column("episode");
  const std::size_t c_from = t.column("from");
  const std::size_t c_to = t.column("to");
  const std::size_t c_time = t.column("time");
  const std::size_t c_type = t.column("type");
  const auto c_delay = t.find_column("delay_hours");
  const auto c_flags = t.find_column("flags");
  std::vector<handoff> out(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    handoff& h = out[r];
    h.episode = t.cell(r, c_episode);
    h.from = t.cell(r, c_from);
    h.to = t.cell(r, c_to);
    h.time = read_instant(t, r, c_time);
    const auto type = parse_handoff_type(t.cell(r, c_type));
    if (!type) {
      throw error(status::parse,
                  "unknown handoff type '" + std::string(t.cell(r, c_type)) +
                      "' (patient, information, service)",
                  t.where(r, c_type));
    }
    h.type = *type;
    if (c_delay) {
      h.delay_hours = t.number(r, *c_delay).value_or(0.0);
    }
    if (c_flags) {
      h.flags = t.cell(r, *c_flags);
    }
  }
  const std::size_t delay_column = c_delay.value_or(c_time);
  detail::validate_handoffs(out, system, [&](std::size_t i, detail::handoff_field f) {
    switch (f) {
      case detail::handoff_field::episode:
        return t.where(i, c_episode);
      case detail::handoff_field::from:
        return t.where(i, c_from);
      case detail::handoff_field::to:
        return t.where(i, c_to);
      case detail::handoff_field::time:
        return t.where(i, c_time);
      case detail::handoff_field::type:
        return t.where(i, c_type);
      case detail::handoff_field::delay_hours:
        return t.where(i, delay_column);
    }
    return t.where(i, c_time);
  });
  return out;
}

std::vector<observation> read_observations_file(const std::string& path) {
  const io::csv_table t = io::read_csv_file(path);
  const std::size_t c_unit = t.column("unit");
  const std::size_t c_period = t.column("period");
  const bool ratio = !t.find_column("numerator") && t.find_column("observed");
  const std::size_t c_num = t.column(ratio ? "observed" : "numerator");
  const std::size_t c_den = t.column(ratio ? "expected" : "denominator");
  std::vector<observation> out(t.row_count());
  for (std::size_t r = 0; r < t.row_count(); ++r) {
    out[r].unit = t.cell(r, c_unit);
    out[r].period = t.cell(r, c_period);
    out[r].numerator = t.required_number(r, c_num);
    out[r].denominator = t.required_number(r, c_den);
    if (out[r].numerator < 0) {
      throw error(status::bad_input, "a count cannot be negative", t.where(r, c_num));
    }
    if (out[r].denominator < 0) {
      throw error(status::bad_input, "a count cannot be negative", t.where(r, c_den));
    }
    if (!ratio && out[r].numerator > out[r].denominator) {
      throw error(status::bad_input, "the numerator exceeds the denominator", t.where(r, c_num));
    }
    if (out[r].unit.empty()) {
      throw error(status::bad_input, "empty unit id", t.where(r, c_unit));
    }
  }
  return out;
}

}  // namespace cmx::system
