// Which file each IO=file `.output` writes, and that no two of them write the same one
// (a clash found before anything is evaluated or written).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "semantics/ir.hpp"

namespace kz::io {

struct OutputFile {
  std::uint32_t relation = 0;
  const sem::IoSpec* spec = nullptr;
  std::filesystem::path path;
};

// Every IO=file output of `program` with the file it writes under `dir`, relation by
// relation (IO=stdout outputs are not files).
std::vector<OutputFile> output_files(const sem::Program& program, const std::filesystem::path& dir);

// Two outputs of `files` that write the same file, the earlier in the source first; the
// paths are compared as written, after removing `.` and `..`.
std::optional<std::pair<std::size_t, std::size_t>> same_file(const std::vector<OutputFile>& files);

// An error (E0113 bad_io_parameters), at the later `.output` with a note at the earlier,
// for each two that write the same file whatever the output folder. False if any.
bool check_output_names(const sem::Program& program, std::vector<Diagnostic>& diagnostics);

}  // namespace kz::io
