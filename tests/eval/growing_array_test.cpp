// The array behind the index chains: it must keep every value through each way it grows
// (realloc while small, into pages of its own, and mremap after), and on Linux the room
// it reserves must stay out of memory until it is written, which is why it exists.
#include <cstdint>
#include <utility>
#include <vector>

#include "eval/growing_array.hpp"
#include "support.hpp"

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#include <unistd.h>
#endif

using kz::eval::GrowingArray;

namespace {

std::uint32_t value_at(std::size_t i) { return static_cast<std::uint32_t>(i * 2654435761u); }

}  // namespace

TEST_CASE("a growing array keeps its values while it grows past the size kept in pages", "[eval][storage]") {
  GrowingArray<std::uint32_t> array;
  const std::size_t count = 3 * GrowingArray<std::uint32_t>::mapped_from;  // 12 bytes an entry past it
  for (std::size_t i = 0; i < count; ++i) {
    array.push_back(value_at(i));
    if ((i & (i + 1)) == 0) {  // after each doubling, the values written so far
      for (std::size_t j = 0; j <= i; ++j) REQUIRE(array[j] == value_at(j));
    }
  }
  REQUIRE(array.size() == count);
  CHECK(array.capacity() >= count);
  for (std::size_t i = 0; i < count; ++i) REQUIRE(array[i] == value_at(i));

  SECTION("resize fills only what it adds, and clear keeps the room") {
    array.resize(count + 10, 7u);
    CHECK(array[count - 1] == value_at(count - 1));
    CHECK(array[count] == 7u);
    CHECK(array[count + 9] == 7u);
    const std::size_t capacity = array.capacity();
    array.clear();
    CHECK(array.empty());
    CHECK(array.capacity() == capacity);
    array.assign(5, 3u);
    CHECK(array.size() == 5);
    CHECK(array[4] == 3u);
  }
  SECTION("moving hands the memory over, release gives it back") {
    GrowingArray<std::uint32_t> moved(std::move(array));
    CHECK(array.size() == 0);  // NOLINT(bugprone-use-after-move): a moved-from array is empty
    CHECK(array.data() == nullptr);
    REQUIRE(moved.size() == count);
    CHECK(moved[count / 2] == value_at(count / 2));
    GrowingArray<std::uint32_t> assigned;
    assigned.push_back(1);
    assigned = std::move(moved);
    CHECK(assigned.size() == count);
    CHECK(assigned[count - 1] == value_at(count - 1));
    assigned.release();
    CHECK(assigned.size() == 0);
    CHECK(assigned.capacity() == 0);
    assigned.push_back(9);  // usable again
    CHECK(assigned[0] == 9u);
  }
}

TEST_CASE("a growing array of 64-bit words grows and reserves like one of 32", "[eval][storage]") {
  GrowingArray<std::uint64_t> words;
  words.reserve(3);
  CHECK(words.capacity() >= 3);
  CHECK(words.empty());
  for (std::uint64_t i = 0; i < 100000; ++i) words.push_back(i << 40 | i);
  for (std::uint64_t i = 0; i < 100000; i += 997) REQUIRE(words[i] == (i << 40 | i));
  std::uint64_t sum = 0;
  for (std::uint64_t w : words) sum += w & 0xFFFFF;
  CHECK(sum == 99999ull * 100000 / 2);
}

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
TEST_CASE("the room a large growing array reserves is not resident until written", "[eval][storage]") {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  GrowingArray<std::uint32_t> array;
  const std::size_t count = 1 << 20;  // 4 MiB of entries, then one more: the capacity doubles
  for (std::size_t i = 0; i <= count; ++i) array.push_back(static_cast<std::uint32_t>(i));
  REQUIRE(array.capacity() >= 2 * count);
  const std::size_t bytes = array.capacity() * sizeof(std::uint32_t);
  const std::size_t pages = (bytes + page - 1) / page;
  std::vector<unsigned char> resident(pages);
  REQUIRE(::mincore(array.data(), bytes, resident.data()) == 0);
  const std::size_t written_pages = (array.size() * sizeof(std::uint32_t) + page - 1) / page;
  std::size_t resident_past_end = 0;
  for (std::size_t p = written_pages; p < pages; ++p) resident_past_end += resident[p] & 1u;
  CHECK(resident_past_end == 0);
  std::size_t resident_written = 0;
  for (std::size_t p = 0; p < written_pages; ++p) resident_written += resident[p] & 1u;
  CHECK(resident_written == written_pages);
}
#endif
