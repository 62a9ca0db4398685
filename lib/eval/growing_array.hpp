// An array of trivially copyable values that grows an element at a time, for the index
// chains (a 4-byte entry per row) that reach millions of entries while a stratum runs.
// A std::vector grows by copying into a buffer twice the size: while it copies, both
// buffers are resident, and whatever it reserved is counted in the process's memory as
// soon as the allocator hands it out. Past `mapped_from` bytes this array lives in pages
// of its own and, on Linux, grows with mremap: the kernel moves the pages and copies
// nothing, and the pages reserved for growth cost no memory until they are written.
// (Measured on bench/general's pointsto, whose peak is two chains of 195,000 rows each.)
// Elsewhere, and below `mapped_from`, it grows with realloc.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#define KZ_GROWING_ARRAY_MAPS 1
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace kz::eval {

template <class T>
class GrowingArray {
  static_assert(std::is_trivially_copyable_v<T>, "values are moved as bytes");

 public:
  GrowingArray() = default;
  GrowingArray(const GrowingArray&) = delete;
  GrowingArray& operator=(const GrowingArray&) = delete;
  GrowingArray(GrowingArray&& other) noexcept { swap(other); }
  GrowingArray& operator=(GrowingArray&& other) noexcept {
    GrowingArray(std::move(other)).swap(*this);
    return *this;
  }
  ~GrowingArray() { deallocate(); }

  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }

  void push_back(T value) {
    if (size_ == capacity_) grow_to(size_ + 1);
    data_[size_++] = value;
  }
  void reserve(std::size_t count) {
    if (count > capacity_) reallocate(count);
  }
  // New elements are `fill`.
  void resize(std::size_t count, T fill = T{}) {
    if (count > capacity_) grow_to(count);
    for (std::size_t i = size_; i < count; ++i) data_[i] = fill;
    size_ = count;
  }
  void assign(std::size_t count, T fill) {
    size_ = 0;
    resize(count, fill);
  }
  // Keeps the memory for reuse.
  void clear() noexcept { size_ = 0; }
  // Gives the memory back.
  void release() noexcept { GrowingArray().swap(*this); }
  void swap(GrowingArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
    std::swap(mapped_bytes_, other.mapped_bytes_);
  }

  // Arrays this large (in bytes) or larger live in pages of their own.
  static constexpr std::size_t mapped_from = std::size_t{64} << 10;

 private:
  // Doubling: in pages of their own, the part not yet written is free.
  void grow_to(std::size_t needed) { reallocate(needed > 2 * capacity_ ? needed : 2 * capacity_); }

  void reallocate(std::size_t count) {
    if (count > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    std::size_t bytes = count * sizeof(T);
#if KZ_GROWING_ARRAY_MAPS
    if (bytes >= mapped_from) {
      const std::size_t page = page_size();
      bytes = (bytes + page - 1) / page * page;
      void* moved;
      if (mapped_bytes_) {
        moved = ::mremap(data_, mapped_bytes_, bytes, MREMAP_MAYMOVE);
      } else {
        moved = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (moved != MAP_FAILED) {
          // Huge pages would make the first write past the end resident 2 MiB at a time.
          ::madvise(moved, bytes, MADV_NOHUGEPAGE);
          if (size_) std::memcpy(moved, data_, size_ * sizeof(T));
          std::free(data_);
        }
      }
      if (moved == MAP_FAILED) throw std::bad_alloc();
      data_ = static_cast<T*>(moved);
      capacity_ = bytes / sizeof(T);
      mapped_bytes_ = bytes;
      return;
    }
#endif
    // (Arrays only grow, so a mapped one never comes back here.)
    void* moved = std::realloc(data_, bytes);
    if (moved == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(moved);
    capacity_ = count;
  }

  void deallocate() noexcept {
#if KZ_GROWING_ARRAY_MAPS
    if (mapped_bytes_) {
      ::munmap(data_, mapped_bytes_);
      return;
    }
#endif
    std::free(data_);
  }

#if KZ_GROWING_ARRAY_MAPS
  static std::size_t page_size() noexcept {
    static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
  }
#endif

  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t mapped_bytes_ = 0;  // 0: not in pages of its own
};

}  // namespace kz::eval
