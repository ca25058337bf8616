// The build cache (--cache-dir): each build step's output stored under a
// content hash of everything the step depends on (compiler/steps.h).
//
// An entry is one file, <dir>/v1/<hash[0:2]>/<hash>, written to a temporary
// file beside it and renamed into place, so builds sharing the directory
// never see a half-written entry; its header carries the payload's size and
// BLAKE3 checksum, so a truncated or corrupted entry reads as a miss (and is
// then rebuilt and replaced), never as an output.
#pragma once

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

  // The file of the entry under `key` (for tests that damage entries).
  std::string entry_path(const std::string& key) const;

 private:
  std::string directory_;
};

// $XDG_CACHE_HOME/pyaot, else $HOME/.cache/pyaot; empty when neither is set.
std::string default_cache_directory();

// What identifies this pyaot binary: its GNU build id (or, without one, a
// hash of the executable), so a rebuilt compiler never reuses old entries.
const std::string& compiler_build_id();

}  // namespace pyaot::compiler
