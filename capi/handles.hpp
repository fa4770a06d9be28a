// Opaque C handles that more than one part of the C API reads (internal; not installed).
#ifndef CMX_CAPI_HANDLES_HPP
#define CMX_CAPI_HANDLES_HPP

#include <utility>

#include "cmx/system/system_graph.hpp"

// A built system graph: immutable once created, so readers on several threads may share it.
struct cmx_system {
  explicit cmx_system(cmx::system::system_graph g) : graph(std::move(g)) {}

  cmx::system::system_graph graph;
};

#endif  // CMX_CAPI_HANDLES_HPP
