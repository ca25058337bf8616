#include "ir/types.h"

#include <iterator>

namespace pyaot::ir {
namespace {

constexpr std::string_view kTypeNames[] = {
    "object", "bottom", "int",  "float", "bool", "str",   "bytes",    "None",
    "tuple",  "list",   "dict", "set",   "range", "complex", "function", "module"};

constexpr std::string_view kReprNames[] = {"object", "i64", "f64", "i1"};

}  // namespace

std::string_view type_name(TypeKind kind) { return kTypeNames[static_cast<size_t>(kind)]; }

std::optional<TypeKind> type_named(std::string_view name) {
  for (size_t k = 0; k < std::size(kTypeNames); ++k) {
    if (kTypeNames[k] == name) return static_cast<TypeKind>(k);
  }
  return std::nullopt;
}

TypeKind join(TypeKind a, TypeKind b) {
  if (a == TypeKind::Bottom) return b;
  if (b == TypeKind::Bottom) return a;
  return a == b ? a : TypeKind::Object;
}

bool is_real_number(TypeKind kind) {
  return kind == TypeKind::Int || kind == TypeKind::Float || kind == TypeKind::Bool;
}

std::string_view repr_name(Repr repr) { return kReprNames[static_cast<size_t>(repr)]; }

std::optional<Repr> repr_named(std::string_view name) {
  for (size_t k = 0; k < std::size(kReprNames); ++k) {
    if (kReprNames[k] == name) return static_cast<Repr>(k);
  }
  return std::nullopt;
}

}  // namespace pyaot::ir
