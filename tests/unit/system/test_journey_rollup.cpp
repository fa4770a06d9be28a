// Journeys from CSV with located errors, and roll-ups against hand-worked pooled counts.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/system/io.hpp"
#include "cmx/system/rollup.hpp"
#include "unit/system/system_test_util.hpp"

using namespace cmx::system;
using Approx = Catch::Detail::Approx;
using cmx::status;
using cmx::test::thrown;
using cmx::test::write_temp;

TEST_CASE("journeys: stays CSV is read, grouped by episode and ordered by start") {
  const auto path = write_temp("stays_ok.csv",
                               "episode,unit,start,end\n"
                               "e1,y,2024-01-02,2024-01-03\n"
                               "e2,x,2024-01-01T08:00,2024-01-01T09:00Z\n"
                               "e1,x,2024-01-01,2024-01-02\n");
  const auto system = read_system_json(cmx::test::small_system_json());
  const auto j = read_stays_file(path, &system);
  CHECK(j.episode_ids == std::vector<std::string>{"e1", "e2"});
  CHECK(j.episode_offset == std::vector<std::uint32_t>{0, 2, 3});
  CHECK(j.unit_ids[j.stay_unit[0]] == "x");  // e1's stays reordered by start
  CHECK(j.unit_ids[j.stay_unit[1]] == "y");
}

TEST_CASE("journeys: bad stays are errors naming file, line, column and field") {
  const auto system = read_system_json(cmx::test::small_system_json());
  auto path = write_temp("stays_backwards.csv",
                         "episode,unit,start,end\n"
                         "e1,x,2024-01-01,2024-01-02\n"
                         "e1,y,2024-01-05,2024-01-04\n");
  auto e = thrown([&] { (void)read_stays_file(path, &system); });
  CHECK(e.code() == status::bad_input);
  CHECK(e.where().source == path);
  CHECK(e.where().line == 3);
  CHECK(e.where().column == 4);
  CHECK(e.where().field == "end");

  path = write_temp("stays_overlap.csv",
                    "episode,unit,start,end\n"
                    "e1,x,2024-01-01,2024-01-03\n"
                    "e2,x,2024-01-01,2024-01-03\n"
                    "e1,y,2024-01-02,2024-01-04\n");
  e = thrown([&] { (void)read_stays_file(path, &system); });
  CHECK(e.code() == status::bad_input);
  CHECK(e.where().line == 4);
  CHECK(e.where().field == "start");
  CHECK(e.message().find("line 2") != std::string::npos);

  path =
      write_temp("stays_unknown.csv", "episode,unit,start,end\ne1,nowhere,2024-01-01,2024-01-03\n");
  e = thrown([&] { (void)read_stays_file(path, &system); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().line == 2);
  CHECK(e.where().column == 2);
  CHECK(e.where().field == "unit");
  // Without a system any unit id is accepted.
  CHECK(read_stays_file(path).stay_count() == 1);

  path = write_temp("stays_date.csv", "episode,unit,start,end\ne1,x,2024-31-01,2024-01-03\n");
  e = thrown([&] { (void)read_stays_file(path); });
  CHECK(e.code() == status::parse);
  CHECK(e.where().field == "start");
  CHECK(e.where().column == 3);

  path = write_temp("stays_header.csv", "episode,ward,start,end\ne1,x,2024-01-01,2024-01-03\n");
  e = thrown([&] { (void)read_stays_file(path); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().field == "unit");
}

TEST_CASE("journeys: handoffs CSV, typed, with located errors") {
  const auto system = read_system_json(cmx::test::small_system_json());
  auto path = write_temp("handoffs_ok.csv",
                         "episode,from,to,time,type,delay_hours,flags\n"
                         "e1,x,y,2024-01-01T10:00,information,0.5,incomplete\n"
                         "e1,s,x,2024-01-01T11:00,service,,\n");
  const auto h = read_handoffs_file(path, &system);
  REQUIRE(h.size() == 2);
  CHECK(h[0].type == handoff_type::information);
  CHECK(h[0].delay_hours == 0.5);
  CHECK(h[0].flags == "incomplete");
  CHECK(h[1].type == handoff_type::service);

  path = write_temp("handoffs_type.csv", "episode,from,to,time,type\ne1,x,y,2024-01-01,fax\n");
  auto e = thrown([&] { (void)read_handoffs_file(path, &system); });
  CHECK(e.code() == status::parse);
  CHECK(e.where().field == "type");
  CHECK(e.where().line == 2);

  path = write_temp("handoffs_unit.csv", "episode,from,to,time,type\ne1,x,q,2024-01-01,patient\n");
  e = thrown([&] { (void)read_handoffs_file(path, &system); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().field == "to");

  path = write_temp("handoffs_delay.csv",
                    "episode,from,to,time,type,delay_hours\ne1,x,y,2024-01-01,patient,-2\n");
  e = thrown([&] { (void)read_handoffs_file(path, &system); });
  CHECK(e.code() == status::bad_input);
  CHECK(e.where().field == "delay_hours");
}

namespace {

const rollup_row* row(const rollup_result& r, const std::string& unit, const std::string& p) {
  for (const auto& x : r.rows) {
    if (x.unit == unit && x.period == p) {
      return &x;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("rollup: counts are pooled with allocation weights, never rates averaged") {
  const auto system = read_system_json(cmx::test::small_system_json());
  // x 2/10 in a; y 5/20 shared 0.6 a / 0.4 b; z 1/10 in b.
  const std::vector<observation> data{{"x", "2024-Q1", 2, 10},
                                      {"y", "2024-Q1", 5, 20},
                                      {"z", "2024-Q1", 1, 10},
                                      {"x", "2024-Q2", 3, 6}};
  rollup_options options;
  options.at = parse_instant("2024-06-01");
  const auto r = rollup(system, data, options);
  const auto* a = row(r, "a", "2024-Q1");
  REQUIRE(a != nullptr);
  CHECK(a->numerator == Approx(5.0));  // 2 + 0.6 * 5
  CHECK(a->denominator == Approx(22.0));
  CHECK(a->observations == 2);
  const auto* b = row(r, "b", "2024-Q1");
  REQUIRE(b != nullptr);
  CHECK(b->numerator == Approx(3.0));  // 0.4 * 5 + 1
  CHECK(b->denominator == Approx(18.0));
  const auto* m = row(r, "m", "2024-Q1");
  REQUIRE(m != nullptr);
  CHECK(m->numerator == Approx(8.0));
  CHECK(m->denominator == Approx(40.0));
  CHECK(m->rate == Approx(0.2));  // the mean of the rates would be 0.1833...
  CHECK(m->lvl == level::macrosystem);
  const auto* q2 = row(r, "m", "2024-Q2");
  REQUIRE(q2 != nullptr);
  CHECK(q2->rate == Approx(0.5));
  CHECK(row(r, "b", "2024-Q2") == nullptr);
  REQUIRE(r.shared_units.size() == 1);
  CHECK(r.shared_units[0].unit == "y");
  CHECK(r.shared_units[0].weight_sum == Approx(1.0));

  // Counted fully: y adds all of 5/20 to both a and b, and once to m.
  options.policy = shared_unit_policy::count_fully;
  const auto full = rollup(system, data, options);
  CHECK(row(full, "a", "2024-Q1")->numerator == Approx(7.0));
  CHECK(row(full, "b", "2024-Q1")->denominator == Approx(30.0));
  CHECK(row(full, "m", "2024-Q1")->numerator == Approx(8.0));

  // After y's tie to b has expired, y rolls up through a only.
  options.policy = shared_unit_policy::allocate;
  options.at = parse_instant("2025-06-01");
  const auto later = rollup(system, data, options);
  CHECK(row(later, "b", "2024-Q1")->numerator == Approx(1.0));
  CHECK(later.shared_units.empty());
}

TEST_CASE("rollup: bad observations are precise errors") {
  const auto system = read_system_json(cmx::test::small_system_json());
  std::vector<observation> data{{"x", "p", 1, 2}, {"q", "p", 1, 2}};
  auto e = thrown([&] { (void)rollup(system, data); });
  CHECK(e.code() == status::not_found);
  CHECK(e.where().line == 2);
  CHECK(e.where().field == "unit");
  data = {{"x", "p", 3, 2}};
  e = thrown([&] { (void)rollup(system, data); });
  CHECK(e.code() == status::bad_input);
  CHECK(e.where().field == "numerator");
  rollup_options ratio;
  ratio.proportions = false;  // observed above expected is fine
  CHECK(rollup(system, data, ratio).rows.size() == 3);
  data = {{"x", "p", 1, std::nan("")}};
  e = thrown([&] { (void)rollup(system, data); });
  CHECK(e.where().field == "denominator");
  data = {{"x", "p", 0, 0}};
  CHECK(std::isnan(rollup(system, data).rows[0].rate));

  const auto path = write_temp("observations.csv", "unit,period,numerator,denominator\nx,p,4,3\n");
  e = thrown([&] { (void)read_observations_file(path); });
  CHECK(e.where().line == 2);
  CHECK(e.where().field == "numerator");
}
