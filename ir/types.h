// The type lattice: what a value is (its exact Python type) and how it is
// held (its representation). One lattice for every pass.
//
// Kinds are flat: Bottom (no value: not reached yet, or a load that always
// raises) below each exact builtin type, each below Object (anything, a
// subclass included). Exact means exact: a bool is not an int here, an int
// subclass is an Object, so a kind lets code skip the type check.
//
// Representations: Boxed (a PyObject*), I64, F64, I1. An op's natural one
// comes from ops.def (Object results are boxed, Bool results i1); passes
// change it only where a value is kept unboxed (ir/unbox_arithmetic.h).
//
// Printed after a value's name: `r3:float/f64` (kind, then a representation
// that is not the op's natural one); object and the natural representation
// are left out, so `r3` is a boxed object of unknown type.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pyaot::ir {

enum class TypeKind : std::uint8_t {
  Object, Bottom, Int, Float, Bool, Str, Bytes, NoneType, Tuple, List, Dict, Set, Range,
  Complex, Function, Module,
};
std::string_view type_name(TypeKind kind);
std::optional<TypeKind> type_named(std::string_view name);
// The least upper bound on the flat lattice: Bottom gives the other, equal
// kinds stay, different kinds give Object.
TypeKind join(TypeKind a, TypeKind b);
// int, float or bool: what arithmetic treats as a real number.
bool is_real_number(TypeKind kind);

enum class Repr : std::uint8_t { Boxed, I64, F64, I1 };
std::string_view repr_name(Repr repr);  // "object", "i64", "f64", "i1"
std::optional<Repr> repr_named(std::string_view name);

struct Type {
  TypeKind kind = TypeKind::Object;
  Repr repr = Repr::Boxed;

  bool operator==(const Type& other) const { return kind == other.kind && repr == other.repr; }
  bool operator!=(const Type& other) const { return !(*this == other); }
};

}  // namespace pyaot::ir
