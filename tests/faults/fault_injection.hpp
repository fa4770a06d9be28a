// Out-of-memory fault injection for the C API: this test binary replaces the global operator
// new, so that the N-th allocation after arm(N) fails (std::bad_alloc, or nullptr for nothrow).
// sweep() calls an entry point with N = 1, 2, ... until it succeeds, and checks that every
// failure is CMX_E_NOMEM. Leaks are caught by the address sanitizer's leak checker at exit.
#ifndef CMX_TESTS_FAULT_INJECTION_HPP
#define CMX_TESTS_FAULT_INJECTION_HPP

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cmx::faults {

// Fails the n-th allocation from now (1-based); n = 0 disarms.
void arm(std::size_t n) noexcept;
void disarm() noexcept;
// Whether the armed allocation was reached (and failed) since the last arm().
bool fired() noexcept;
// Whether a nothrow allocation was made to return NULL since the last arm().
bool fired_nothrow() noexcept;

// One call of an entry point with fresh inputs. It returns the call's status; on success it
// releases what the call returned; on failure it checks its outputs are NULL (with CHECK).
using scenario = std::function<int()>;

// Runs the scenario under N = 1, 2, ... failing allocations until it succeeds (at most
// max_allocations). Returns how many allocation points the call has, or throws on a violation:
// a failure other than CMX_E_NOMEM, or a success although an allocation failed.
std::size_t sweep(const std::string& name, const scenario& call,
                  std::size_t max_allocations = 100000);

// Inside a scenario: allocations made while an `unarmed` lives never fail and do not count
// (fresh inputs for a call that changes its object, e.g. a new compass per attempt).
class unarmed {
 public:
  unarmed() noexcept;
  ~unarmed();
  unarmed(const unarmed&) = delete;
  unarmed& operator=(const unarmed&) = delete;

 private:
  std::size_t saved_;
};

// The C API functions that have a sweep, registered by CMX_OOM_TEST at start-up; a test compares
// them with capi/abi/symbols.txt, so an exported function without a sweep fails the suite.
const std::vector<std::string>& swept_functions();
struct registrar {
  explicit registrar(const char* function);
};

}  // namespace cmx::faults

#define CMX_OOM_CONCAT2(a, b) a##b
#define CMX_OOM_CONCAT(a, b) CMX_OOM_CONCAT2(a, b)
// A test case sweeping the C API function `fn` (and registering it as swept).
#define CMX_OOM_TEST(fn)                                                                 \
  static const cmx::faults::registrar CMX_OOM_CONCAT(cmx_oom_registrar_, __LINE__){#fn}; \
  TEST_CASE("oom: " #fn, "[oom]")

namespace cmx::faults {}  // namespace cmx::faults

#endif  // CMX_TESTS_FAULT_INJECTION_HPP
