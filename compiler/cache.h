// The build cache (--cache-dir): each build step's output stored under a
// content hash of everything the step depends on (compiler/steps.h).
//
// An entry is one file, <dir>/v1/<hash[0:2]>/<hash>, written to a temporary
// file beside it and renamed into place, so builds sharing the directory
// never see a half-written entry; its header carries the payload's size and
// BLAKE3 checksum, so a truncated or corrupted entry reads as a miss (and is
// then rebuilt and replaced), never as an output. A hit refreshes the
// entry's time; trim() removes the least recently used entries when the
// directory grows past its cap (--cache-max-size).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pyaot::compiler {

// A hash of named fields (each length-prefixed, so no two field lists
// collide), as 64 hex digits.
class ContentHash {
 public:
  ContentHash& add(const std::string& name, const std::string& value);
  std::string hex() const;

 private:
  std::string fields_;
};

// An entry's named parts (an object, a summary, diagnostics...).
using CacheParts = std::map<std::string, std::string>;

class BuildCache {
 public:
  // `directory` empty: a cache that never hits and stores nothing.
  explicit BuildCache(std::string directory) : directory_(std::move(directory)) {}
  bool enabled() const { return !directory_.empty(); }

  // The entry under `key`, or nullopt when there is none or it is damaged.
  std::optional<CacheParts> load(const std::string& key) const;
  // Stores `parts` under `key` atomically; failures only cost the next
  // build a miss (the build itself does not fail).
  void store(const std::string& key, const CacheParts& parts) const;

  // When the entries take more than `max_bytes`, removes the least recently
  // used ones (stored or hit longest ago) until they take at most 80% of
  // it, so that not every build trims. Returns how many it removed.
  size_t trim(std::int64_t max_bytes) const;

  // The file of the entry under `key` (for tests that damage entries).
  std::string entry_path(const std::string& key) const;

 private:
  std::string directory_;
};

// --cache-max-size's default, as ccache's.
constexpr std::int64_t kDefaultCacheMaxBytes = std::int64_t{5} << 30;

// $XDG_CACHE_HOME/pyaot, else $HOME/.cache/pyaot; empty when neither is set.
std::string default_cache_directory();

// What identifies this pyaot binary: its GNU build id (or, without one, a
// hash of the executable), so a rebuilt compiler never reuses old entries.
const std::string& compiler_build_id();

}  // namespace pyaot::compiler
