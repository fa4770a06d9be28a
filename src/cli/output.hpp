// Where a subcommand writes its result: standard output, or the file named by --output.
#ifndef CMX_CLI_OUTPUT_HPP
#define CMX_CLI_OUTPUT_HPP

#include <fstream>
#include <iostream>
#include <string>

namespace cmx::cli {

class output {
 public:
  // Opens path for writing ("" or "-" is standard output); throws cmx::error (io) on failure.
  explicit output(const std::string& path);
  std::ostream& stream() { return *stream_; }
  // Flushes and checks the write succeeded; throws cmx::error (io) if not.
  void finish();

 private:
  std::string path_;
  std::ofstream file_;
  std::ostream* stream_ = &std::cout;
};

}  // namespace cmx::cli

#endif  // CMX_CLI_OUTPUT_HPP
