// A fixed set of threads that run one function at a time on every thread, for the
// phases of a parallel rule evaluation. run(f) calls f(0) on the caller and f(t) on
// worker t, returns when all have finished, and rethrows the first exception any threw,
// so a runtime error or a resource limit inside a worker reaches the caller as usual.
//
// A chain-like recursion runs thousands of short rounds of three phases each, so a
// hand-off must cost microseconds, not a futex wake-up: both sides spin briefly on an
// atomic before they sleep on a condition variable.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace kz::eval {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads) : threads_(threads < 1 ? 1 : threads) {
    for (unsigned t = 1; t < threads_; ++t) workers_.emplace_back([this, t] { work(t); });
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool() {
    stopping_.store(true, std::memory_order_release);
    publish();
    for (auto& w : workers_) w.join();
  }

  unsigned threads() const noexcept { return threads_; }

  void run(const std::function<void(unsigned)>& job) {
    job_ = &job;
    error_ = nullptr;
    pending_.store(threads_ - 1, std::memory_order_relaxed);
    publish();
    std::exception_ptr mine;
    try {
      job(0);
    } catch (...) {
      mine = std::current_exception();
    }
    if (!spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; })) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
    }
    job_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
  }

  // Spins up to about 50 microseconds for `ready`; false when it did not come.
  template <class Ready>
  static bool spin_until(Ready ready) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    for (unsigned i = 0;; ++i) {
      if (ready()) return true;
      pause();
      if ((i & 63) == 63 && std::chrono::steady_clock::now() > deadline) return false;
    }
  }

  // Starts a new generation and wakes any worker asleep.
  void publish() {
    generation_.fetch_add(1, std::memory_order_acq_rel);
    { std::lock_guard<std::mutex> lock(mutex_); }
    wake_.notify_all();
  }

  void work(unsigned t) {
    std::uint64_t seen = 0;
    for (;;) {
      auto fresh = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(fresh)) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, fresh);
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stopping_.load(std::memory_order_acquire)) return;
      try {
        (*job_)(t);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.notify_one();
      }
    }
  }

  unsigned threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(unsigned)>* job_ = nullptr;
  std::atomic<unsigned> pending_{0};
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> stopping_{false};
  std::exception_ptr error_;
};

}  // namespace kz::eval
