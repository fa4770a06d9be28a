#include "faults/fault_injection.hpp"

#include <atomic>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "cmx.h"

namespace {

// Only the thread that armed counts: Catch2 and the sanitizer runtime allocate too, and the
// tests are single-threaded while armed.
struct fault_state {
  std::atomic<std::size_t> countdown{0};
  std::atomic<bool> hit{false};          // a throwing allocation failed
  std::atomic<bool> hit_nothrow{false};  // a nothrow allocation returned NULL
};

// A function's static rather than globals, to be written only through here; constant-initialised
// (atomics), so it is ready for an operator new called before main.
fault_state& state() noexcept {
  static fault_state s;
  return s;
}

// True when this allocation must fail.
bool take_fault(std::atomic<bool>& flag = state().hit) noexcept {
  std::size_t left = state().countdown.load(std::memory_order_relaxed);
  if (left == 0) {
    return false;
  }
  state().countdown.store(left - 1, std::memory_order_relaxed);
  if (left == 1) {
    flag.store(true, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void* allocate(std::size_t size) {
  if (take_fault()) {
    throw std::bad_alloc();
  }
  void* ptr = std::malloc(size == 0 ? 1 : size);  // NOLINT(cppcoreguidelines-no-malloc)
  if (ptr == nullptr) {
    throw std::bad_alloc();
  }
  return ptr;
}

void* allocate_nothrow(std::size_t size) noexcept {
  if (take_fault(state().hit_nothrow)) {
    return nullptr;
  }
  return std::malloc(size == 0 ? 1 : size);  // NOLINT(cppcoreguidelines-no-malloc)
}

void* allocate_aligned(std::size_t size, std::align_val_t align) {
  if (take_fault()) {
    throw std::bad_alloc();
  }
  const auto alignment = static_cast<std::size_t>(align);
  const std::size_t rounded = (size + alignment - 1) / alignment * alignment;
  void* ptr = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
  if (ptr == nullptr) {
    throw std::bad_alloc();
  }
  return ptr;
}

// Every allocation above comes from malloc or aligned_alloc, both released by free.
void release(void* ptr) noexcept {
  std::free(ptr);  // NOLINT(cppcoreguidelines-no-malloc): this is operator delete
}

}  // namespace

// The replaced global allocation functions ([replacement.functions]).
void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return allocate_nothrow(size);
}
void* operator new[](std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  return allocate_nothrow(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return allocate_aligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return allocate_aligned(size, align);
}
void operator delete(void* ptr) noexcept {
  release(ptr);
}
void operator delete[](void* ptr) noexcept {
  release(ptr);
}
void operator delete(void* ptr, std::size_t /*size*/) noexcept {
  release(ptr);
}
void operator delete[](void* ptr, std::size_t /*size*/) noexcept {
  release(ptr);
}
void operator delete(void* ptr, std::align_val_t /*align*/) noexcept {
  release(ptr);
}
void operator delete[](void* ptr, std::align_val_t /*align*/) noexcept {
  release(ptr);
}
void operator delete(void* ptr, std::size_t /*size*/, std::align_val_t /*align*/) noexcept {
  release(ptr);
}
void operator delete[](void* ptr, std::size_t /*size*/, std::align_val_t /*align*/) noexcept {
  release(ptr);
}

namespace cmx::faults {

void arm(std::size_t n) noexcept {
  state().hit.store(false, std::memory_order_relaxed);
  state().hit_nothrow.store(false, std::memory_order_relaxed);
  state().countdown.store(n, std::memory_order_relaxed);
}

void disarm() noexcept {
  state().countdown.store(0, std::memory_order_relaxed);
}

bool fired() noexcept {
  return state().hit.load(std::memory_order_relaxed);
}

bool fired_nothrow() noexcept {
  return state().hit_nothrow.load(std::memory_order_relaxed);
}

unarmed::unarmed() noexcept : saved_(state().countdown.exchange(0, std::memory_order_relaxed)) {}

unarmed::~unarmed() {
  state().countdown.store(saved_, std::memory_order_relaxed);
}

namespace {
std::vector<std::string>& registry() {
  static std::vector<std::string> names;
  return names;
}
}  // namespace

const std::vector<std::string>& swept_functions() {
  return registry();
}

registrar::registrar(const char* function) {
  registry().emplace_back(function);
}

std::size_t sweep(const std::string& name, const scenario& call, std::size_t max_allocations) {
  for (std::size_t n = 1; n <= max_allocations; ++n) {
    arm(n);
    const int status = call();
    const bool failed_allocation = fired();
    const bool failed_nothrow = fired_nothrow();
    disarm();
    if (status == CMX_OK) {
      if (failed_allocation) {
        throw std::runtime_error(name + ": allocation " + std::to_string(n) +
                                 " failed but the call reported success");
      }
      if (!failed_nothrow) {
        return n - 1;
      }
      // A NULL from a nothrow allocation may be handled (std::stable_sort sorts without its
      // buffer then): success is fine, and the allocations after it are swept too.
      continue;
    }
    if (!failed_allocation && !failed_nothrow) {
      throw std::runtime_error(name + ": failed with " + cmx_status_string(status) + " (" +
                               std::to_string(status) + ") without an allocation failure, after " +
                               std::to_string(n - 1) + " allocations: the inputs are wrong");
    }
    if (status != CMX_E_NOMEM) {
      throw std::runtime_error(name + ": allocation " + std::to_string(n) +
                               " failed and the call returned " + cmx_status_string(status) +
                               " instead of out of memory");
    }
  }
  throw std::runtime_error(name + ": still failing after " + std::to_string(max_allocations) +
                           " allocations");
}

}  // namespace cmx::faults
