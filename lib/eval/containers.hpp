// The containers and callable references of the evaluator, from abseil when the build
// has it (KZ_USE_ABSEIL, the default natively) and from the project's own otherwise
// (the WebAssembly build: Debian has no wasm build of abseil). Both give the same
// results; docs/performance.md says what the build without abseil costs natively.
//
//   HashSet<T, Hash, Eq>, HashMap<K, V, Hash, Eq>   flat hash tables (lookups by Probe too)
//   for_each_entry(table, visit)                    visits each entry of either table
//   SmallVector<T, N>                               a vector N of whose elements sit inline
//   FunctionRef<R(A...)>                            a non-owning reference to a callable
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#if KZ_USE_ABSEIL
#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/container/inlined_vector.h>
#include <absl/functional/function_ref.h>
#include <absl/hash/hash.h>
#else
#include "eval/flat_table.hpp"
#endif

namespace kz::eval {

#if KZ_USE_ABSEIL

template <typename T, typename Hash, typename Eq>
using HashSet = absl::flat_hash_set<T, Hash, Eq>;
template <typename Key, typename Mapped, typename Hash = absl::Hash<Key>, typename Eq = std::equal_to<Key>>
using HashMap = absl::flat_hash_map<Key, Mapped, Hash, Eq>;
template <typename T, std::size_t N>
using SmallVector = absl::InlinedVector<T, N>;
template <typename Signature>
using FunctionRef = absl::FunctionRef<Signature>;

template <typename Table, typename Visit>
void for_each_entry(const Table& table, Visit&& visit) {
  for (const auto& entry : table) visit(entry);
}

#else

template <typename T, typename Hash, typename Eq>
using HashSet = FlatSet<T, Hash, Eq>;
template <typename Key, typename Mapped, typename Hash = std::hash<Key>, typename Eq = std::equal_to<Key>>
using HashMap = FlatMap<Key, Mapped, Hash, Eq>;
template <typename T, std::size_t N>
using SmallVector = std::vector<T>;

template <typename Table, typename Visit>
void for_each_entry(const Table& table, Visit&& visit) {
  table.for_each(visit);
}

template <typename Signature>
class FunctionRef;

// Like absl::FunctionRef: refers to a callable that outlives it; copying copies the reference.
template <typename Result, typename... Args>
class FunctionRef<Result(Args...)> {
 public:
  template <typename Callable, typename = std::enable_if_t<!std::is_same_v<std::decay_t<Callable>, FunctionRef>>>
  FunctionRef(Callable&& callable) noexcept  // NOLINT(google-explicit-constructor): used as a parameter type
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
        call_([](void* object, Args... args) -> Result {
          return (*static_cast<std::remove_reference_t<Callable>*>(object))(std::forward<Args>(args)...);
        }) {}
  Result operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  Result (*call_)(void*, Args...);
};

#endif

}  // namespace kz::eval
