// The shared library's own translation unit: libkzrules.so is the static library's
// objects linked whole (see lib/CMakeLists.txt), and a target needs one source of its own.
#include "kzrules/kzrules.hpp"
