// Flow analytics against hand-worked graphs and properties.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "cmx/system/flow.hpp"
#include "cmx/system/io.hpp"
#include "unit/system/system_test_util.hpp"

using namespace cmx::system;
using Approx = Catch::Detail::Approx;
using strings = std::vector<std::string>;

namespace {

// A -> B (2), B -> C (1), A -> C (1), C -> A (1), C -> D (1). With edge length 1/count the
// shortest paths through another unit are A->C->D, B->C->A, B->C->D (via C) and C->A->B (via A):
// raw betweenness A 1, C 3; normalised by (n-1)(n-2) = 6.
flow_graph four() {
  const std::vector<std::uint32_t> from{0, 1, 0, 2, 2};
  const std::vector<std::uint32_t> to{1, 2, 2, 0, 3};
  const std::vector<std::uint64_t> count{2, 1, 1, 1, 1};
  return make_flow_graph({"A", "B", "C", "D"}, from, to, count);
}

// Two triangles joined by one edge (every count 1).
flow_graph two_triangles() {
  const std::vector<std::uint32_t> from{0, 1, 0, 3, 4, 3, 2};
  const std::vector<std::uint32_t> to{1, 2, 2, 4, 5, 5, 3};
  const std::vector<std::uint64_t> count(7, 1);
  return make_flow_graph({"a", "b", "c", "d", "e", "f"}, from, to, count);
}

// The PageRank fixed point solved directly (Gaussian elimination on the dense system
// x = alpha (W^T x + dangling(x)/n) + (1 - alpha)/n, with sum x = 1): an independent check of
// the power iteration.
std::vector<double> pagerank_direct(const flow_graph& g, double alpha) {
  const std::size_t n = g.unit_count();
  std::vector<double> out_strength(n, 0.0);
  for (const auto& e : g.edges) {
    out_strength[e.from] += static_cast<double>(e.count);
  }
  // M[i][j] = coefficient of x_j in the equation for x_i.
  std::vector<std::vector<double>> m(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    m[i][i] = 1.0;
    m[i][n] = (1.0 - alpha) / static_cast<double>(n);
    for (std::size_t j = 0; j < n; ++j) {
      if (out_strength[j] == 0.0) {
        m[i][j] -= alpha / static_cast<double>(n);
      }
    }
  }
  for (const auto& e : g.edges) {
    m[e.to][e.from] -= alpha * static_cast<double>(e.count) / out_strength[e.from];
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(m[r][c]) > std::fabs(m[pivot][c])) {
        pivot = r;
      }
    }
    std::swap(m[c], m[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r != c) {
        const double f = m[r][c] / m[c][c];
        for (std::size_t k = c; k <= n; ++k) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = m[i][n] / m[i][i];
  }
  return x;
}

}  // namespace

TEST_CASE("flow: degrees, strengths and density of a hand-worked graph") {
  const auto g = four();
  const auto d = degrees(g);
  CHECK(d.out_degree == std::vector<std::uint32_t>{2, 1, 2, 0});
  CHECK(d.in_degree == std::vector<std::uint32_t>{1, 1, 2, 1});
  CHECK(d.out_strength == std::vector<double>{3, 1, 2, 0});
  CHECK(d.in_strength == std::vector<double>{1, 2, 2, 1});
  CHECK(density(g) == Approx(5.0 / 12.0).epsilon(1e-15));
}

TEST_CASE("flow: betweenness with edge length 1/count, normalised as networkx") {
  const auto b = betweenness(four());
  REQUIRE(b.size() == 4);
  CHECK(b[0] == Approx(1.0 / 6.0).epsilon(1e-12));
  CHECK(b[1] == Approx(0.0).margin(1e-15));
  CHECK(b[2] == Approx(0.5).epsilon(1e-12));
  CHECK(b[3] == Approx(0.0).margin(1e-15));
}

TEST_CASE("flow: betweenness splits over equally short paths") {
  // 0 -> 1 -> 3 and 0 -> 2 -> 3, every count 1: units 1 and 2 each carry half of the pair
  // (0, 3): raw 0.5, normalised by (3)(2) = 6.
  const std::vector<std::uint32_t> from{0, 1, 0, 2};
  const std::vector<std::uint32_t> to{1, 3, 2, 3};
  const std::vector<std::uint64_t> count(4, 1);
  const auto b = betweenness(make_flow_graph({"s", "p", "q", "t"}, from, to, count));
  CHECK(b[1] == Approx(0.5 / 6.0).epsilon(1e-12));
  CHECK(b[2] == Approx(0.5 / 6.0).epsilon(1e-12));
  CHECK(b[0] == 0.0);
}

TEST_CASE("flow: PageRank equals the directly solved fixed point and sums to 1") {
  for (const auto& g : {four(), two_triangles()}) {
    const auto x = pagerank(g);
    const auto direct = pagerank_direct(g, 0.85);
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      CHECK(x[i] == Approx(direct[i]).epsilon(1e-10));
      sum += x[i];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-12));
  }
  // A symmetric cycle: every unit 1/n.
  const std::vector<std::uint32_t> from{0, 1, 2};
  const std::vector<std::uint32_t> to{1, 2, 0};
  const std::vector<std::uint64_t> count{5, 5, 5};
  for (const double v : pagerank(make_flow_graph({"a", "b", "c"}, from, to, count))) {
    CHECK(v == Approx(1.0 / 3.0).epsilon(1e-12));
  }
}

TEST_CASE("flow: modularity and Louvain on two triangles") {
  const auto g = two_triangles();
  // m = 7; each triangle L_c = 3, d_c = 7: Q = 2 (3/7 - 1/4) = 5/14.
  const std::vector<std::uint32_t> split{0, 0, 0, 1, 1, 1};
  CHECK(modularity(g, split) == Approx(5.0 / 14.0).epsilon(1e-14));
  // Labels are names, not positions: any values give the same partition.
  const std::vector<std::uint32_t> named{7, 7, 7, 4000000000U, 4000000000U, 4000000000U};
  CHECK(modularity(g, named) == Approx(5.0 / 14.0).epsilon(1e-14));
  const std::vector<std::uint32_t> one(6, 0);
  CHECK(modularity(g, one) == Approx(0.0).margin(1e-15));
  const auto c = louvain(g);
  CHECK(c.count == 2);
  CHECK(c.community == split);
  CHECK(c.modularity == Approx(5.0 / 14.0).epsilon(1e-14));
}

TEST_CASE("flow: both directions add up in the undirected weight") {
  // a <-> b with 3 + 1 handoffs, c <-> d with 2: communities {a, b}, {c, d}; m = 6,
  // Q = (4/6 - (8/12)^2) + (2/6 - (4/12)^2) = 4/9.
  const std::vector<std::uint32_t> from{0, 1, 2};
  const std::vector<std::uint32_t> to{1, 0, 3};
  const std::vector<std::uint64_t> count{3, 1, 2};
  const auto g = make_flow_graph({"a", "b", "c", "d"}, from, to, count);
  const auto c = louvain(g);
  CHECK(c.community == std::vector<std::uint32_t>{0, 0, 1, 1});
  CHECK(c.modularity == Approx(4.0 / 9.0).epsilon(1e-14));
}

TEST_CASE("flow: edges, delays and episodes from journeys") {
  const auto t = [](const char* text) { return *parse_instant(text); };
  // Episode 1: x -> y (2 h gap) -> z; episode 2: x -> y (4 h), y -> x (0 h), x -> y (6 h);
  // episode 3: x -> y (10 h).
  const std::vector<stay> stays{
      {"e1", "x", t("2024-01-01T00:00"), t("2024-01-01T10:00")},
      {"e1", "z", t("2024-01-03T00:00"), t("2024-01-04T00:00")},
      {"e1", "y", t("2024-01-01T12:00"), t("2024-01-02T00:00")},
      {"e2", "x", t("2024-02-01T00:00"), t("2024-02-01T01:00")},
      {"e2", "y", t("2024-02-01T05:00"), t("2024-02-01T06:00")},
      {"e2", "x", t("2024-02-01T06:00"), t("2024-02-01T07:00")},
      {"e2", "y", t("2024-02-01T13:00"), t("2024-02-01T14:00")},
      {"e3", "x", t("2024-03-01T00:00"), t("2024-03-01T01:00")},
      {"e3", "y", t("2024-03-01T11:00"), t("2024-03-01T12:00")},
  };
  const auto j = build_journeys(stays);
  CHECK(j.unit_ids == strings{"x", "z", "y"});
  const auto g = flow_edges(j);
  REQUIRE(g.edges.size() == 3);
  CHECK(g.handoffs == 6);
  // x -> y: delays 2, 4, 6, 10 hours in 3 episodes; median 5; p90 (type 7) 6 + 0.7 * 4 = 8.8.
  const auto& xy = g.edges[0];
  CHECK(g.unit_ids[xy.from] == "x");
  CHECK(g.unit_ids[xy.to] == "y");
  CHECK(xy.count == 4);
  CHECK(xy.episodes == 3);
  CHECK(xy.median_delay_hours == Approx(5.0));
  CHECK(xy.p90_delay_hours == Approx(8.8));
  // Sorted by (from, to) index (x=0, z=1, y=2): x->y, then y->x, then y->z.
  CHECK(g.unit_ids[g.edges[1].to] == "x");
  CHECK(g.unit_ids[g.edges[2].to] == "z");
  CHECK(g.edges[2].median_delay_hours == Approx(24.0));

  // A period keeps the handoffs whose time (the next start) falls in [from, until).
  const auto feb = flow_edges(j, period{t("2024-02-01"), t("2024-03-01")});
  CHECK(feb.handoffs == 3);

  const auto paths = top_paths(j, 2);
  REQUIRE(paths.size() == 2);
  CHECK(paths[0].count == 1);
  CHECK(paths[0].coverage == Approx(1.0 / 3.0));
  CHECK(paths[0].units == strings{"x", "y"});  // ties ordered by the sequence

  const auto tr = second_order_transitions(j);
  // Triples: (x,y,z) from e1; (x,y,x), (y,x,y) from e2: P(z | x, y) = 1/2.
  REQUIRE(tr.size() == 3);
  CHECK(tr[0].previous == "x");
  CHECK(tr[0].probability == Approx(0.5));
  CHECK(tr[2].previous == "y");
  CHECK(tr[2].probability == Approx(1.0));

  const auto handoffs = derive_handoffs(j);
  REQUIRE(handoffs.size() == 6);
  CHECK(handoffs[0].delay_hours == Approx(2.0));
  CHECK(handoffs[0].type == handoff_type::patient);
}

TEST_CASE("flow: conformance to a pathway template") {
  const auto t = [](int h) { return static_cast<instant>(h) * 3600; };
  const std::vector<stay> stays{
      {"ok1", "x", t(0), t(1)},  {"ok1", "y", t(1), t(2)},  {"ok1", "z", t(2), t(3)},
      {"ok2", "x", t(0), t(1)},  {"ok2", "z", t(1), t(2)},   // optional y skipped
      {"bad1", "x", t(0), t(1)}, {"bad1", "w", t(1), t(2)},  // leaves at step 1 with w
      {"bad2", "x", t(0), t(1)}, {"bad2", "y", t(1), t(2)},  // ends early
      {"bad3", "y", t(0), t(1)},                             // wrong start
  };
  const auto j = build_journeys(stays);
  pathway p;
  p.id = "p";
  p.steps = {{{"x"}, false}, {{"y"}, true}, {{"z"}, false}};
  const auto r = conformance(j, p);
  CHECK(r.episodes == 5);
  CHECK(r.conforming == 2);
  CHECK(r.share == Approx(0.4));
  REQUIRE(r.deviations.size() == 3);
  const auto has = [&](std::size_t step, const std::string& unit) {
    return std::any_of(r.deviations.begin(), r.deviations.end(), [&](const deviation& d) {
      return d.step == step && d.observed == unit && d.count == 1;
    });
  };
  CHECK(has(1, "w"));
  CHECK(has(2, ""));
  CHECK(has(0, "y"));
}

TEST_CASE("flow: archipelagos split a mesosystem's microsystems by handoff reachability") {
  const auto system = read_system_json(cmx::test::small_system_json());
  // Mesosystem a has x, y and the serving support unit s; only x -> y has flow.
  const std::vector<std::uint32_t> from{0};
  const std::vector<std::uint32_t> to{1};
  const std::vector<std::uint64_t> count{4};
  const auto g = make_flow_graph({"x", "y", "z"}, from, to, count);
  const auto a = archipelagos(system, g);
  REQUIRE(a.size() == 2);
  CHECK(a[0].mesosystem == "a");
  CHECK(a[0].islands == std::vector<strings>{{"s"}, {"x", "y"}});
  CHECK(a[1].mesosystem == "b");
  CHECK(a[1].islands == std::vector<strings>{{"y"}, {"z"}});
}

TEST_CASE("flow: bad edge lists are refused") {
  const std::vector<std::uint32_t> from{0};
  const std::vector<std::uint32_t> to{5};
  const std::vector<std::uint64_t> count{1};
  const auto e = cmx::test::thrown([&] { (void)make_flow_graph({"a"}, from, to, count); });
  CHECK(e.code() == cmx::status::out_of_range);
  CHECK(e.where().field == "to");
}

TEST_CASE("flow: edges of explicit handoffs, by type") {
  std::vector<handoff> h(4);
  h[0] = {"e1", "ward", "gp", 100, 2.0, handoff_type::information, ""};
  h[1] = {"e2", "ward", "gp", 200, 6.0, handoff_type::information, "late"};
  h[2] = {"e2", "ward", "gp", 300, 4.0, handoff_type::information, ""};
  h[3] = {"e3", "pharmacy", "ward", 150, 1.0, handoff_type::service, ""};
  const auto info = flow_edges(h, handoff_type::information);
  REQUIRE(info.edges.size() == 1);
  CHECK(info.unit_ids == strings{"ward", "gp"});
  CHECK(info.edges[0].count == 3);
  CHECK(info.edges[0].episodes == 2);
  CHECK(info.edges[0].median_delay_hours == Approx(4.0));
  CHECK(info.edges[0].p90_delay_hours == Approx(5.6));  // 4 + 0.8 * (6 - 4)
  const auto all = flow_edges(h);
  CHECK(all.edges.size() == 2);
  CHECK(all.handoffs == 4);
  CHECK(flow_edges(h, std::nullopt, period{150, 250}).handoffs == 2);
}
