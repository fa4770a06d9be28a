// The subcommands of the cmx program. Each adds itself to the app; its callback does the work
// and throws cmx::error for bad input (exit status 1). Usage errors are CLI11's (exit status 2).
#ifndef CMX_CLI_COMMANDS_HPP
#define CMX_CLI_COMMANDS_HPP

#include <CLI/CLI.hpp>

namespace cmx::cli {

// One function per subcommand, defined in <name>_command.cpp.
void add_system_command(CLI::App& app);

// cmx spc: a control chart or run chart of one series (spc_command.cpp).
void add_spc_command(CLI::App& app);
void add_funnel_command(CLI::App& app);
void add_fhir_command(CLI::App& app);
void add_compass_command(CLI::App& app);
// cmx report: the HTML data wall (report_command.cpp).
void add_report_command(CLI::App& app);

}  // namespace cmx::cli

#endif  // CMX_CLI_COMMANDS_HPP
