// What a failed system call's error number means, in the words of kzrules's messages:
// lower case, and "folder" where the system says "directory".
#pragma once

#include <cctype>
#include <cerrno>
#include <string>
#include <system_error>

namespace kz {

inline std::string system_error_text(int error_number) {
  switch (error_number) {
    case ENOENT:
      return "no such file or folder";
    case ENOTDIR:
      return "a part of the path is not a folder";
    case EISDIR:
      return "it is a folder";
    case ELOOP:
      return "too many levels of symbolic links (a link that leads back to itself?)";
    default:
      break;
  }
  std::string text = std::generic_category().message(error_number);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace kz
