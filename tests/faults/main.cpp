// The runner of the out-of-memory tests (a binary of its own: it replaces operator new).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
