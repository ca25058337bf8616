// How each op writes its immediates in the IR's text form: shared by the
// printer and the parser (private to ir/), so the two cannot drift apart.
//
// An immediate the op's form below does not show (an index or name the op
// happens to carry, an UnpackSequence count other than its slots') is
// written generically, `index=N`, `name=NAME`, `slots=A,B`, so every field
// survives a round trip.
#pragma once

#include <cctype>
#include <string_view>

#include "ir/ir.h"

namespace pyaot::ir::text {

enum class Immediate {
  None,
  ConstIndex,     // LoadConst #2
  NamedIndex,     // LoadGlobal print[3]: the name and its slot or co_names index
  Name,           // LoadString sep
  Truth,          // ConstantBool true
  Binary,         // BinaryOp +
  Inplace,        // InplaceOp +=
  Unary,          // UnaryOp -
  Comparison,     // Compare <
  Keyed,          // FormatValue conversion=0, MatchClass positional=2, MakeFunction flags=8
  ClosureSlot,    // LoadClosure slot 3
  UnpackCounts,   // Unpack 3, Unpack 1 *2 (UNPACK_EX: before the star, *after it)
  SuspendState,   // Yield state 2 (nothing before the suspend pass numbers it)
  TargetSlots,    // UnpackSequence -> 1 2 3
};

inline Immediate immediate_syntax(Opcode op) {
  switch (op) {
    case Opcode::LoadConst:
      return Immediate::ConstIndex;
    case Opcode::LoadFast:
    case Opcode::StoreFast:
    case Opcode::DeleteFast:
    case Opcode::LoadDeref:
    case Opcode::StoreDeref:
    case Opcode::DeleteDeref:
    case Opcode::LoadClassDeref:
    case Opcode::LoadGlobal:
    case Opcode::StoreGlobal:
    case Opcode::DeleteGlobal:
    case Opcode::LoadName:
    case Opcode::StoreName:
    case Opcode::DeleteName:
    case Opcode::LoadAttr:
    case Opcode::StoreAttr:
    case Opcode::DeleteAttr:
    case Opcode::LoadMethod:
    case Opcode::ImportName:
    case Opcode::ImportFrom:
      return Immediate::NamedIndex;
    case Opcode::LoadString:
      return Immediate::Name;
    case Opcode::ConstantBool:
      return Immediate::Truth;
    case Opcode::BinaryOp:
      return Immediate::Binary;
    case Opcode::InplaceOp:
      return Immediate::Inplace;
    case Opcode::UnaryOp:
      return Immediate::Unary;
    case Opcode::Compare:
    case Opcode::CompareBool:
      return Immediate::Comparison;
    case Opcode::FormatValue:
    case Opcode::MatchClass:
    case Opcode::MakeFunction:
      return Immediate::Keyed;
    case Opcode::LoadClosure:
      return Immediate::ClosureSlot;
    case Opcode::Unpack:
      return Immediate::UnpackCounts;
    case Opcode::Yield:
    case Opcode::YieldFrom:
      return Immediate::SuspendState;
    case Opcode::UnpackSequence:
      return Immediate::TargetSlots;
    default:
      return Immediate::None;
  }
}

// The key of an Immediate::Keyed op's index.
inline std::string_view immediate_key(Opcode op) {
  return op == Opcode::FormatValue ? "conversion=" : op == Opcode::MatchClass ? "positional=" : "flags=";
}

// The fields of an Instruction an op's form shows, hence those the generic
// `index=`, `name=`, `slots=` need not.
struct Shown {
  bool index = false;
  bool name = false;
  bool slots = false;
};

inline Shown shown_by(const Instruction& i) {
  switch (immediate_syntax(i.op)) {
    case Immediate::None:
      return {};
    case Immediate::NamedIndex:
      return {true, true, false};
    case Immediate::Name:
      return {false, true, false};
    case Immediate::Truth:
      return {i.index == 0 || i.index == 1, false, false};
    case Immediate::UnpackCounts:
      return {true, false, i.slots.size() <= 1};
    case Immediate::SuspendState:
      return {i.index >= 0, false, false};
    case Immediate::TargetSlots:
      return {i.index == static_cast<std::int64_t>(i.slots.size()), false, true};
    default:
      return {true, false, false};
  }
}

// Whether a name can be written as is; others are quoted ("...", C escapes).
inline bool is_bare_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (!(u >= 0x80 || std::isalnum(u) || c == '_' || c == '.' || c == '<' || c == '>')) {
      return false;
    }
  }
  return true;
}

}  // namespace pyaot::ir::text
