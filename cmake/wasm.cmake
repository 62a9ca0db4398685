# The WebAssembly build (tools/dev.sh web: emcmake cmake -S . -B build-web), with Debian's
# emscripten: the library and the workbench's engine (web/engine), nothing else.
#
# The header-only libraries come from Debian's /usr/include through a folder that holds
# only them: putting /usr/include itself on the path would put the host's C library in
# front of emscripten's. fmt is used header-only. Abseil and zlib have no wasm build in
# Debian, so the evaluator uses its own hash tables (KZ_USE_ABSEIL=OFF) and gzip files are
# refused with an error (KZ_WITH_ZLIB=OFF). X3 reports expectation failures as
# exceptions, so exceptions are on: WebAssembly's own (-fwasm-exceptions, in every
# browser since 2021 and in Node), not emscripten's JavaScript emulation, which wraps every
# call that may throw and made the corpus check several times slower.
set(KZ_USE_ABSEIL OFF CACHE BOOL "" FORCE)
set(KZ_WITH_ZLIB OFF CACHE BOOL "" FORCE)
set(KZ_WITH_POSTGRESQL OFF CACHE BOOL "" FORCE)
set(KZ_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(KZ_BUILD_SHARED OFF CACHE BOOL "" FORCE)
set(KZ_INSTALL OFF CACHE BOOL "" FORCE)

set(kz_host_headers "${CMAKE_BINARY_DIR}/host-headers")
file(MAKE_DIRECTORY "${kz_host_headers}")
foreach(dir boost fmt nlohmann range meta concepts)
  if(NOT EXISTS "/usr/include/${dir}")
    message(FATAL_ERROR "/usr/include/${dir} is missing: tools/dev.sh web installs the header-only libraries")
  endif()
  file(CREATE_LINK "/usr/include/${dir}" "${kz_host_headers}/${dir}" SYMBOLIC)
endforeach()

foreach(target Boost::headers range-v3::range-v3 fmt::fmt nlohmann_json::nlohmann_json Threads::Threads)
  add_library(${target} INTERFACE IMPORTED)
endforeach()
foreach(target Boost::headers range-v3::range-v3 fmt::fmt nlohmann_json::nlohmann_json)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${kz_host_headers}")
endforeach()
set_target_properties(fmt::fmt PROPERTIES INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)

add_compile_options(-fwasm-exceptions)
add_link_options(-fwasm-exceptions)
