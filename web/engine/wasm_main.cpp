// The WebAssembly module's one entry point: the page passes a JSON request and reads the
// JSON response (web/engine/requests.hpp) before its next call.
#include <string>

#include <emscripten/emscripten.h>

#include "requests.hpp"

extern "C" EMSCRIPTEN_KEEPALIVE const char* kzrules_call(const char* request) {
  static std::string response;  // valid until the next call; the page copies it at once
  response = kzweb::handle_request(request ? request : "");
  return response.c_str();
}
