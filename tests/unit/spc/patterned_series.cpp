#include "unit/spc/patterned_series.hpp"

#include <algorithm>
#include <limits>

namespace cmx_test {

namespace spc = cmx::spc;

std::vector<point> patterned_series(std::mt19937_64& rng, std::size_t n, bool gaps) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_int_distribution<int> kinds(0, 8);
  std::uniform_int_distribution<std::size_t> lengths(1, 90);
  std::vector<point> out;
  double cl = 10.0;
  double sigma = 2.0;
  bool new_phase = false;
  while (out.size() < n) {
    const int kind = kinds(rng);
    const std::size_t length = lengths(rng);
    const double side = unit(rng) < 0.5 ? -1.0 : 1.0;
    double level = cl + side * sigma * unit(rng) * 2.0;
    for (std::size_t k = 0; k < length && out.size() < n; ++k) {
      double z = 0.0;
      switch (kind) {
        case 0:  // noise
          z = normal(rng);
          break;
        case 1:  // a shift to one side, sometimes drifting across zones
          z = side * (0.2 + 2.5 * unit(rng));
          break;
        case 2:  // a trend, with an occasional repeated value
          level += side * (unit(rng) < 0.1 ? 0.0 : 0.05 + 0.2 * unit(rng));
          z = (level - cl) / sigma;
          break;
        case 3:  // zigzag
          z = (k % 2 == 0 ? 1.0 : -1.0) * (0.1 + 1.5 * unit(rng));
          break;
        case 4:  // stratification: hugging the centre
          z = 0.8 * (unit(rng) - 0.5);
          break;
        case 5:  // mixture: beyond 1 sigma on either side
          z = (unit(rng) < 0.5 ? -1.0 : 1.0) * (1.05 + 2.5 * unit(rng));
          break;
        case 6:  // ties: exactly on the centre, or the same value again
          z = unit(rng) < 0.5 ? 0.0 : 1.25;
          break;
        case 7:  // 2- and 3-sigma excursions
          z = side * (1.8 + 1.5 * unit(rng));
          break;
        default:  // noise with gaps
          z = gaps && unit(rng) < 0.3 ? std::numeric_limits<double>::quiet_NaN() : normal(rng);
          break;
      }
      point p{cl + z * sigma, cl, sigma, !gaps || unit(rng) > 0.03, new_phase};
      new_phase = false;
      out.push_back(p);
    }
    if (unit(rng) < 0.08) {  // a new phase: new centre and sigma
      cl += normal(rng) * 3.0;
      sigma = 0.5 + 3.0 * unit(rng);
      new_phase = true;
    }
  }
  return out;
}

spc::rule random_rule(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kinds(0, 6);
  std::uniform_int_distribution<int> short_k(1, 12);
  std::uniform_int_distribution<int> any_k(1, 64);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  spc::rule r;
  r.id = spc::rule_id::nelson_2;  // ids only label the signals here
  r.count = unit(rng) < 0.8 ? short_k(rng) : any_k(rng);
  r.mode = unit(rng) < 0.3 ? spc::flag_mode::from_kth_point : spc::flag_mode::whole_pattern;
  const double sigmas[] = {0.5, 1.0, 1.5, 2.0, 3.0};
  r.sigmas = sigmas[std::uniform_int_distribution<int>(0, 4)(rng)];
  switch (kinds(rng)) {
    case 0:
      r.kind = spc::rule_kind::run_one_side;
      break;
    case 1:
      r.kind = spc::rule_kind::trend;
      r.count = std::max(r.count, 2);
      break;
    case 2:
      r.kind = spc::rule_kind::alternating;
      r.count = std::max(r.count, 3);
      break;
    case 3:
      r.kind = spc::rule_kind::within_band;
      break;
    case 4:
      r.kind = spc::rule_kind::beyond_band;
      break;
    case 5:
      r.kind = spc::rule_kind::m_of_n_beyond;
      r.window = std::uniform_int_distribution<int>(1, 8)(rng);
      r.count = std::uniform_int_distribution<int>(1, r.window)(rng);
      r.all_same_side = unit(rng) < 0.3;
      r.count_beyond_limits = unit(rng) < 0.5;
      break;
    default:
      r.kind = spc::rule_kind::beyond;
      r.count = 1;
      break;
  }
  return r;
}

series_columns::series_columns(const std::vector<point>& series) {
  std::int32_t phase = 1;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const point& p = series[i];
    phase += p.new_phase ? 1 : 0;
    y.push_back(p.y);
    cl.push_back(p.cl);
    sigma.push_back(p.sigma);
    lcl.push_back(p.cl - 3.0 * p.sigma);
    ucl.push_back(p.cl + 3.0 * p.sigma);
    part.push_back(phase);
    included.push_back(p.included ? 1 : 0);
    if (i == 0 || p.new_phase) {
      cl_pieces.push_back({i, cl[i]});
      sigma_pieces.push_back({i, sigma[i]});
      lcl_pieces.push_back({i, lcl[i]});
      ucl_pieces.push_back({i, ucl[i]});
    }
  }
}

spc::rule_input series_columns::input(bool pieces) const {
  const std::size_t n = y.size();
  if (pieces) {
    return spc::rule_input{y,
                           spc::line_view(cl_pieces, n),
                           spc::line_view(sigma_pieces, n),
                           spc::line_view(lcl_pieces, n),
                           spc::line_view(ucl_pieces, n),
                           part,
                           included};
  }
  return spc::rule_input{y, cl, sigma, lcl, ucl, part, included};
}

}  // namespace cmx_test
