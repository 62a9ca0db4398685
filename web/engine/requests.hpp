// The workbench's engine interface: one JSON request in, one JSON response out.
//
// The web page (web/src) calls the WebAssembly build of kzrules through one function,
// kzrules_call (web/engine/wasm_main.cpp), which hands its text to handle_request. A
// request carries the argument itself — every file of it, by relative path — so the
// page owns the argument and the engine keeps nothing between calls:
//
//   {"command": "check", "files": {"kazakhstan/claims.kz": "...", ...},
//    "rules": "kazakhstan", "factsets": ["kazakhstan/facts/2007"], "bayes": true}
//
// The files are written into a fresh folder (in the browser, emscripten's in-memory file
// system), the command runs there on relative paths — so reports and diagnostics name
// files as the page does — and the folder is removed. Every response has "ok"; a failed
// one has "diagnostics" (kzrules's coded diagnostics, kz::diagnostics_json's form) and,
// for a resource limit, "limit": true. docs/seminar.md lists the commands.
#pragma once

#include <string>
#include <string_view>

namespace kzweb {

// Never throws: malformed requests get {"ok": false, "diagnostics": [...]} too.
// While it runs, the current directory is the request's folder: call it from one thread
// at a time (the page's engine has one). The request's own paths are held inside that
// folder; the program's (`.include`, `.input filename=`) are not, as in the CLI, so a
// native host should not serve programs it does not trust.
std::string handle_request(std::string_view request_json);

}  // namespace kzweb
