// The C form of a signal, shared by the chart and the rule-set entry points.
// Private to capi/: nothing here is installed.
#ifndef CMX_CAPI_SIGNALS_HPP
#define CMX_CAPI_SIGNALS_HPP

#include <cstdint>

#include "cmx.h"
#include "cmx/spc/signal.hpp"

namespace cmx::capi {

// continues: the signal extends the one last reported on its slot (the streaming monitor).
inline cmx_spc_signal to_c(const cmx::spc::signal& s, bool continues) noexcept {
  cmx_spc_signal out{};
  out.rule = static_cast<std::uint16_t>(s.rule);
  out.direction = static_cast<std::int8_t>(s.dir);
  out.flag_mode = static_cast<std::uint8_t>(s.mode);
  out.continues = continues ? 1 : 0;
  out.first = s.first;
  out.last = s.last;
  out.flag_first = s.flag_first;
  return out;
}

}  // namespace cmx::capi

#endif  // CMX_CAPI_SIGNALS_HPP
