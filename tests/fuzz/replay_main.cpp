// Replays files through a fuzz target without libFuzzer: the sanitizer test build runs every
// committed corpus file (seeds and reproducers of fixed bugs) as a regression test.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_target.hpp"

int main(int argc, char** argv) {
  std::size_t files = 0;
  for (int a = 1; a < argc; ++a) {
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(argv[a])) {
      for (const auto& entry : std::filesystem::directory_iterator(argv[a])) {
        paths.push_back(entry.path());
      }
    } else {
      paths.emplace_back(argv[a]);
    }
    for (const auto& path : paths) {
      // Through rdbuf(): GCC 12 warns falsely (-Wnull-dereference) inside istreambuf_iterator.
      std::ifstream in(path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      const std::string bytes = text.str();
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++files;
    }
  }
  std::cout << "replayed " << files << " files\n";
  return files > 0 ? 0 : 1;
}
