#include "cli/output.hpp"

#include "cmx/error.hpp"

namespace cmx::cli {

output::output(const std::string& path) : path_(path) {
  if (path.empty() || path == "-") {
    return;
  }
  file_.open(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!file_) {
    throw error(status::io, "cannot open for writing", location{path, 0, 0, "--output"});
  }
  stream_ = &file_;
}

void output::finish() {
  stream_->flush();
  if (!*stream_) {
    throw error(status::io, "write failed", location{path_.empty() ? "<stdout>" : path_, 0, 0, ""});
  }
}

}  // namespace cmx::cli
