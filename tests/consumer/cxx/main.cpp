// A C++ consumer of the installed core, found by find_package(cmx) as cmx::cmx.
#include <cmx/error.hpp>
#include <cmx/version.hpp>
#include <cstring>
#include <iostream>

int main() {
  try {
    throw cmx::error(cmx::status::bad_input, "count above its denominator",
                     cmx::location{"data.csv", 3, 2, "y"});
  } catch (const cmx::error& e) {
    if (e.code() != cmx::status::bad_input ||
        std::strcmp(e.what(), "data.csv:3:2: field 'y': count above its denominator") != 0) {
      std::cerr << "unexpected error text: " << e.what() << '\n';
      return 1;
    }
  }
  std::cout << "cmx " << cmx::version_string << " C++ core linked\n";
  return 0;
}
