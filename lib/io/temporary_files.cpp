// The list of temporaries, and the signal handler that empties it (kzrules/files.hpp).
//
// A signal handler may run at any moment, on any thread, even while another thread lists
// or unlists a file, and may call only async-signal-safe functions: no lock, no
// allocation. So the list is blocks of atomic slots, each holding the path of one
// temporary or null; blocks are appended but never freed, and the handler only loads
// slots and unlinks.
#include "io/temporary_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "kzrules/files.hpp"

namespace kz::io {

struct TemporarySlot {
  std::atomic<char*> path{nullptr};
};

namespace {

static_assert(std::atomic<char*>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "a signal handler may use only lock-free atomics");

constexpr std::size_t slots_per_block = 64;

struct SlotBlock {
  TemporarySlot slots[slots_per_block];
  std::atomic<SlotBlock*> next{nullptr};
};

// Constant-initialized, so a handler can never see it half-built.
SlotBlock first_block;

// How many remove_temporary_files() calls are running. A path leaves the list at once, but
// its memory is freed only when none is running, since one may be reading it.
std::atomic<int> removals_running{0};

SlotBlock* next_block(SlotBlock& block) {
  if (SlotBlock* next = block.next.load()) return next;
  auto fresh = std::make_unique<SlotBlock>();
  SlotBlock* none = nullptr;
  if (block.next.compare_exchange_strong(none, fresh.get())) return fresh.release();
  return none;  // another thread appended one first
}

TemporarySlot* claim_slot(char* path) {
  for (SlotBlock* block = &first_block;; block = next_block(*block)) {
    for (TemporarySlot& slot : block->slots) {
      char* empty = nullptr;
      if (slot.path.compare_exchange_strong(empty, path)) return &slot;
    }
  }
}

constexpr int cleaned_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ};

void remove_temporaries_then_reraise(int signal_number) {
  remove_temporary_files();
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(signal_number, &default_action, nullptr);
  // The signal is blocked while its handler runs: it is delivered again, now with its
  // default action, as soon as this returns.
  ::raise(signal_number);
}

}  // namespace

ListedTemporary::ListedTemporary(const std::string& path) {
  auto copy = std::make_unique<char[]>(path.size() + 1);
  std::memcpy(copy.get(), path.c_str(), path.size() + 1);
  slot_ = claim_slot(copy.get());
  copy.release();
}

ListedTemporary::~ListedTemporary() {
  char* path = slot_->path.exchange(nullptr);
  // While a removal runs the path stays allocated: a few bytes kept in a process being
  // interrupted, rather than memory a handler may be reading.
  if (removals_running.load() == 0) delete[] path;
}

}  // namespace kz::io

namespace kz {

void remove_temporary_files() noexcept {
  const int saved_errno = errno;
  io::removals_running.fetch_add(1);
  for (io::SlotBlock* block = &io::first_block; block != nullptr; block = block->next.load())
    for (io::TemporarySlot& slot : block->slots)
      if (const char* path = slot.path.load()) ::unlink(path);
  io::removals_running.fetch_sub(1);
  errno = saved_errno;
}

void remove_temporary_files_on_signals() {
  struct sigaction handler {};
  handler.sa_handler = io::remove_temporaries_then_reraise;
  sigemptyset(&handler.sa_mask);
  for (int s : io::cleaned_signals) sigaddset(&handler.sa_mask, s);  // one cleanup at a time
  for (int s : io::cleaned_signals) {
    struct sigaction current {};
    if (::sigaction(s, nullptr, &current) != 0) continue;
    const bool is_default = (current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_DFL;
    if (is_default) ::sigaction(s, &handler, nullptr);
  }
}

}  // namespace kz
