// The cmx command-line program: results to standard output (or --output), errors to standard
// error with exit status 1 for bad input and 2 for bad usage.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <new>

#include "cli/commands.hpp"
#include "cmx/error.hpp"
#include "cmx/version.hpp"

namespace {

constexpr int exit_bad_input = 1;
constexpr int exit_bad_usage = 2;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "cmx: statistical process control, the clinical value compass and the micro/meso/macro "
      "system graph for healthcare quality improvement.",
      "cmx"};
  app.set_version_flag("--version", std::string("cmx ") + cmx::version_string);
  app.require_subcommand(0, 1);
  cmx::cli::add_spc_command(app);
  cmx::cli::add_system_command(app);
  app.footer("Run 'cmx COMMAND --help' for the options of a command.");

  cmx::cli::add_funnel_command(app);
  cmx::cli::add_fhir_command(app);
  cmx::cli::add_compass_command(app);
  cmx::cli::add_report_command(app);

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
    }
    return 0;
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_bad_usage;
  } catch (const cmx::error& e) {
    std::cerr << "cmx: error: " << e.what() << '\n';
    return e.code() == cmx::status::invalid_argument ? exit_bad_usage : exit_bad_input;
  } catch (const std::bad_alloc&) {
    std::cerr << "cmx: error: out of memory\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "cmx: internal error: " << e.what() << '\n';
    return exit_bad_input;
  }
}
