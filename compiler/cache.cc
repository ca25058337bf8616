#include "compiler/cache.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "llvm/Support/BLAKE3.h"

namespace fs = std::filesystem;

namespace pyaot::compiler {
namespace {

constexpr const char* kEntryMagic = "pyaot-cache 1\n";

std::string to_hex(const uint8_t* data, size_t size) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

std::string blake3_hex(const std::string& bytes) {
  llvm::BLAKE3 hasher;
  hasher.update(llvm::StringRef(bytes));
  const auto result = hasher.final();
  return to_hex(result.data(), result.size());
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return bytes.str();
}

// Reads "<decimal>\n" at `pos`.
std::optional<size_t> read_number_line(const std::string& text, size_t* pos) {
  const size_t end = text.find('\n', *pos);
  if (end == std::string::npos || end == *pos || end - *pos > 19) return std::nullopt;
  size_t value = 0;
  for (size_t i = *pos; i < end; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(text[i] - '0');
  }
  *pos = end + 1;
  return value;
}

std::optional<CacheParts> parse_payload(const std::string& payload) {
  CacheParts parts;
  size_t pos = 0;
  while (pos < payload.size()) {
    const size_t name_end = payload.find('\n', pos);
    if (name_end == std::string::npos) return std::nullopt;
    std::string name = payload.substr(pos, name_end - pos);
    pos = name_end + 1;
    std::optional<size_t> size = read_number_line(payload, &pos);
    if (!size || *size > payload.size() - pos) return std::nullopt;
    parts[name] = payload.substr(pos, *size);
    pos += *size;
  }
  return parts;
}

// The GNU build-id note of the running executable, as hex; "" without one.
std::string executable_build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) -> int {
        auto* out = static_cast<std::string*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type != PT_NOTE) continue;
          const char* note = reinterpret_cast<const char*>(info->dlpi_addr + segment.p_vaddr);
          const char* end = note + segment.p_memsz;
          while (note + sizeof(ElfW(Nhdr)) <= end) {
            const auto* header = reinterpret_cast<const ElfW(Nhdr)*>(note);
            const char* name = note + sizeof(ElfW(Nhdr));
            const char* desc = name + ((header->n_namesz + 3) & ~3u);
            if (header->n_type == NT_GNU_BUILD_ID && header->n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
              *out = to_hex(reinterpret_cast<const uint8_t*>(desc), header->n_descsz);
              return 1;
            }
            note = desc + ((header->n_descsz + 3) & ~3u);
          }
        }
        return 1;  // the first object is the executable: stop either way
      },
      &id);
  return id;
}

}  // namespace

ContentHash& ContentHash::add(const std::string& name, const std::string& value) {
  fields_ += name + "\n" + std::to_string(value.size()) + "\n" + value;
  return *this;
}

std::string ContentHash::hex() const { return blake3_hex(fields_); }

std::string BuildCache::entry_path(const std::string& key) const {
  return (fs::path(directory_) / "v1" / key.substr(0, 2) / key).string();
}

std::optional<CacheParts> BuildCache::load(const std::string& key) const {
  if (!enabled()) return std::nullopt;
  std::optional<std::string> text = read_whole_file(entry_path(key));
  const size_t magic = std::strlen(kEntryMagic);
  if (!text || text->compare(0, magic, kEntryMagic) != 0) return std::nullopt;
  size_t pos = magic;
  std::optional<size_t> size = read_number_line(*text, &pos);
  const size_t checksum_end = text->find('\n', pos);
  if (!size || checksum_end == std::string::npos) return std::nullopt;
  const std::string checksum = text->substr(pos, checksum_end - pos);
  const std::string payload = text->substr(checksum_end + 1);
  if (payload.size() != *size || blake3_hex(payload) != checksum) return std::nullopt;
  // Used now: trim() keeps it over entries unused for longer.
  utimensat(AT_FDCWD, entry_path(key).c_str(), nullptr, 0);
  return parse_payload(payload);
}

void BuildCache::store(const std::string& key, const CacheParts& parts) const {
  if (!enabled()) return;
  std::string payload;
  for (const auto& [name, bytes] : parts) {
    payload += name + "\n" + std::to_string(bytes.size()) + "\n" + bytes;
  }
  const fs::path path = entry_path(key);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::string temp = path.string() + ".tmp-XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) return;
  const std::string text = std::string(kEntryMagic) + std::to_string(payload.size()) + "\n" +
                           blake3_hex(payload) + "\n" + payload;
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == text.size();
  close(fd);
  if (!ok || rename(temp.c_str(), path.c_str()) != 0) unlink(temp.c_str());
}

size_t BuildCache::trim(std::int64_t max_bytes) const {
  if (!enabled()) return 0;
  struct Entry {
    fs::file_time_type used;
    std::int64_t bytes;
    fs::path path;
  };
  std::vector<Entry> entries;
  std::int64_t total = 0;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::recursive_directory_iterator it(fs::path(directory_) / "v1", ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (!it->is_regular_file(entry_ec)) continue;
    const fs::file_time_type used = it->last_write_time(entry_ec);
    const auto bytes = static_cast<std::int64_t>(it->file_size(entry_ec));
    if (entry_ec) continue;
    // A temporary file an interrupted build left (a live one is younger).
    if (it->path().filename().string().find(".tmp-") != std::string::npos) {
      if (now - used > std::chrono::hours(1)) fs::remove(it->path(), entry_ec);
      continue;
    }
    entries.push_back({used, bytes, it->path()});
    total += bytes;
  }
  if (total <= max_bytes) return 0;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.used < b.used; });
  const std::int64_t target = max_bytes / 10 * 8;
  size_t removed = 0;
  for (const Entry& entry : entries) {
    if (total <= target) break;
    std::error_code remove_ec;
    if (fs::remove(entry.path, remove_ec)) ++removed;
    total -= entry.bytes;  // gone either way: another build may have removed it
  }
  return removed;
}

std::string default_cache_directory() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return (fs::path(xdg) / "pyaot").string();
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return (fs::path(home) / ".cache" / "pyaot").string();
  return "";
}

const std::string& compiler_build_id() {
  static const std::string id = [] {
    std::string build_id = executable_build_id();
    if (!build_id.empty()) return "build-id:" + build_id;
    std::optional<std::string> binary = read_whole_file("/proc/self/exe");
    return "binary:" + blake3_hex(binary.value_or(""));
  }();
  return id;
}

}  // namespace pyaot::compiler
