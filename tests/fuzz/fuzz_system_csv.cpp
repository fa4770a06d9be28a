// The system graph's CSV files: stays, handoffs and observations (the readers take a path, so
// the input goes through a file of this process). The first byte picks the reader.
#include <unistd.h>
#include <fstream>
#include <string>

#include "cmx/error.hpp"
#include "cmx/system/io.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const std::string path = "cmx_fuzz_system_" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    switch (data[0] % 3) {
      case 0:
        (void)cmx::system::read_stays_file(path);
        break;
      case 1:
        (void)cmx::system::read_handoffs_file(path);
        break;
      default:
        (void)cmx::system::read_observations_file(path);
        break;
    }
  } catch (const cmx::error&) {
  }
  return 0;
}
