// Control chart constants: c4, c5, d2, d3 and the factors built from them.
#ifndef CMX_SPC_CONSTANTS_HPP
#define CMX_SPC_CONSTANTS_HPP

#include <cstddef>

namespace cmx::spc {

// d2(2) = 1.128 as tabulated (d2_table(2)): sigma of individuals = mean moving range / 1.128
// (Montgomery, Introduction to SQC, 6th ed., eq. 6.33; qicharts2 and qcc use this rounding).
inline constexpr double d2_of_two = 1.128;

// Moving ranges of D4(2) = 3.267 times their mean or more are screened out before the sigma of
// individuals is estimated (Nelson 1982, J. Qual. Technol. 14:172-173; qicharts2's default).
inline constexpr double mr_screen_factor = 3.267;

// c4(n) = sqrt(2/(n-1)) * Gamma(n/2) / Gamma((n-1)/2): E[s] = c4 sigma for n normal values
// (Montgomery, Introduction to SQC, 6th ed., Appendix VI). NaN for n < 2.
[[nodiscard]] double c4(double n) noexcept;
// c5(n) = sqrt(1 - c4(n)^2): sd(s) = c5 sigma. NaN for n < 2.
[[nodiscard]] double c5(double n) noexcept;
// d2(n) = E[range of n standard normal values], by numerical integration of
// integral (1 - Phi(x)^n - (1 - Phi(x))^n) dx (Tippett 1925). NaN for n < 2.
[[nodiscard]] double d2(std::size_t n) noexcept;
// The published 3-decimal d2 table for n = 2..25 (Montgomery Appendix VI; ASTM STP 15D), the
// values qcc 2.7 uses (its option exp.R.unscaled); NaN outside 2..25. The one d2 table of cmx.
[[nodiscard]] double d2_table(std::size_t n) noexcept;
// d3(n) = sd of that range, qcc 2.7's table (option se.R.unscaled), n = 2..50; NaN outside.
[[nodiscard]] double d3_table(std::size_t n) noexcept;

}  // namespace cmx::spc

#endif  // CMX_SPC_CONSTANTS_HPP
