// Which file each `.output` writes, and clashes between them (output_files.hpp).
#include "io/output_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <string>

#include "core/source.hpp"
#include "io/delimited.hpp"

namespace kz::io {

namespace {

// Indexes into `files`, ordered by where each `.output` is written in the program.
std::vector<std::size_t> in_source_order(const std::vector<OutputFile>& files) {
  std::vector<std::size_t> order(files.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Loc& x = files[a].spec->loc;
    const Loc& y = files[b].spec->loc;
    return std::pair(x.file, x.offset) < std::pair(y.file, y.offset);
  });
  return order;
}

// For each output after the first to write its file: {earlier, later}.
std::vector<std::pair<std::size_t, std::size_t>> clashes(const std::vector<OutputFile>& files) {
  std::vector<std::pair<std::size_t, std::size_t>> found;
  std::map<std::string, std::size_t> first_writer;
  for (std::size_t i : in_source_order(files)) {
    auto [it, fresh] = first_writer.emplace(files[i].path.lexically_normal().string(), i);
    if (!fresh) found.emplace_back(it->second, i);
  }
  return found;
}

}  // namespace

std::vector<OutputFile> output_files(const sem::Program& program,
                                     const std::filesystem::path& dir) {
  std::vector<OutputFile> files;
  for (std::uint32_t r = 0; r < program.relations.size(); ++r) {
    const sem::Relation& relation = program.relations[r];
    for (const sem::IoSpec& spec : relation.outputs)
      if (spec.get("IO", "file") != "stdout")
        files.push_back({r, &spec, output_path(relation, spec, dir)});
  }
  return files;
}

std::optional<std::pair<std::size_t, std::size_t>> same_file(const std::vector<OutputFile>& files) {
  auto found = clashes(files);
  if (found.empty()) return std::nullopt;
  return found.front();
}

bool check_output_names(const sem::Program& program, std::vector<Diagnostic>& diagnostics) {
  // Without the output folder, relative names are compared with relative ones only.
  const std::vector<OutputFile> files = output_files(program, {});
  const auto found = clashes(files);
  for (const auto& [earlier, later] : found) {
    const std::string& first = program.relations[files[earlier].relation].name;
    const std::string& second = program.relations[files[later].relation].name;
    const std::string file = files[later].path.lexically_normal().string();
    Diagnostic error = make_error(
        program.sources.locate(files[later].spec->loc), ErrorCode::bad_io_parameters,
        first == second
            ? fmt::format("'{}' is written to {} twice: two outputs may not write one file", second,
                          file)
            : fmt::format("'{}' and '{}' both write {}: give one of them another filename=", first,
                          second, file));
    Diagnostic note = make_error(program.sources.locate(files[earlier].spec->loc),
                                 fmt::format("'{}' writes {} here", first, file));
    note.severity = Severity::note;
    error.notes.push_back(std::move(note));
    diagnostics.push_back(std::move(error));
  }
  return found.empty();
}

}  // namespace kz::io
