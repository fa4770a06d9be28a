// Out-of-memory fault injection for the C API: this test binary replaces the global operator
// new, so that the N-th allocation after arm(N) fails (std::bad_alloc, or nullptr for nothrow).
// sweep() calls an entry point with N = 1, 2, ... until it succeeds, and checks that every
// failure is CMX_E_NOMEM. Leaks are caught by the address sanitizer's leak checker at exit.
#ifndef CMX_TESTS_FAULT_INJECTION_HPP
#define CMX_TESTS_FAULT_INJECTION_HPP

#include <cstddef>
#include <functional>
#include <string>

namespace cmx::faults {

// Fails the n-th allocation from now (1-based); n = 0 disarms.
void arm(std::size_t n) noexcept;
void disarm() noexcept;
// Whether the armed allocation was reached (and failed) since the last arm().
bool fired() noexcept;

// One call of an entry point with fresh inputs. It returns the call's status; on success it
// releases what the call returned; on failure it checks its outputs are NULL (with CHECK).
using scenario = std::function<int()>;

// Runs the scenario under N = 1, 2, ... failing allocations until it succeeds (at most
// max_allocations). Returns how many allocation points the call has, or throws on a violation:
// a failure other than CMX_E_NOMEM, or a success although an allocation failed.
std::size_t sweep(const std::string& name, const scenario& call,
                  std::size_t max_allocations = 100000);

}  // namespace cmx::faults

#endif  // CMX_TESTS_FAULT_INJECTION_HPP
