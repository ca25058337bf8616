#include "ir/type_rules.h"

namespace pyaot::ir {
namespace {

bool is_sequence(TypeKind kind) {
  return kind == TypeKind::Str || kind == TypeKind::Bytes || kind == TypeKind::Tuple ||
         kind == TypeKind::List;
}

bool is_integral(TypeKind kind) { return kind == TypeKind::Int || kind == TypeKind::Bool; }

// int and bool operands; bool only with bool stays bool for & | ^.
TypeKind integral_result(BinaryKind kind, TypeKind a, TypeKind b) {
  switch (kind) {
    case BinaryKind::TrueDivide:
      return TypeKind::Float;
    case BinaryKind::Power:
      return TypeKind::Object;  // a negative exponent gives a float
    case BinaryKind::MatMul:
      return TypeKind::Object;  // TypeError
    case BinaryKind::And:
    case BinaryKind::Or:
    case BinaryKind::Xor:
      return a == TypeKind::Bool && b == TypeKind::Bool ? TypeKind::Bool : TypeKind::Int;
    default:
      return TypeKind::Int;
  }
}

// A float and a real number (float, int or bool).
TypeKind float_result(BinaryKind kind) {
  switch (kind) {
    case BinaryKind::Add:
    case BinaryKind::Subtract:
    case BinaryKind::Multiply:
    case BinaryKind::TrueDivide:
    case BinaryKind::FloorDivide:
    case BinaryKind::Remainder:
      return TypeKind::Float;
    default:
      return TypeKind::Object;  // ** of a negative base gives a complex; the rest raise
  }
}

TypeKind unary_result(UnaryKind kind, TypeKind a) {
  switch (a) {
    case TypeKind::Int:
      return TypeKind::Int;
    case TypeKind::Bool:
      return kind == UnaryKind::Positive || kind == UnaryKind::Negative || kind == UnaryKind::Invert
                 ? TypeKind::Int
                 : TypeKind::Object;
    case TypeKind::Float:
      return kind == UnaryKind::Invert ? TypeKind::Object : TypeKind::Float;
    case TypeKind::Complex:
      return kind == UnaryKind::Invert ? TypeKind::Object : TypeKind::Complex;
    default:
      return TypeKind::Object;
  }
}

// Comparisons of builtins whose rich comparison returns a bool.
bool compares_to_bool(TypeKind kind) {
  switch (kind) {
    case TypeKind::Int:
    case TypeKind::Float:
    case TypeKind::Bool:
    case TypeKind::Str:
    case TypeKind::Bytes:
    case TypeKind::NoneType:
    case TypeKind::Range:
    case TypeKind::Complex:
      return true;
    default:
      return false;  // containers compare their items, which may return anything
  }
}

TypeKind subscript_result(TypeKind container, TypeKind index) {
  if (!is_integral(index)) return TypeKind::Object;
  switch (container) {
    case TypeKind::Str:
      return TypeKind::Str;
    case TypeKind::Bytes:
    case TypeKind::Range:
      return TypeKind::Int;
    default:
      return TypeKind::Object;
  }
}

TypeKind slice_result(TypeKind container) {
  return is_sequence(container) || container == TypeKind::Range ? container : TypeKind::Object;
}

}  // namespace

TypeKind binary_result_kind(BinaryKind kind, TypeKind a, TypeKind b) {
  if (a == TypeKind::Bottom || b == TypeKind::Bottom) return TypeKind::Bottom;
  if (is_integral(a) && is_integral(b)) return integral_result(kind, a, b);
  if ((a == TypeKind::Float && is_real_number(b)) || (b == TypeKind::Float && is_real_number(a))) {
    return float_result(kind);
  }
  if ((a == TypeKind::Complex && (is_real_number(b) || b == TypeKind::Complex)) ||
      (b == TypeKind::Complex && is_real_number(a))) {
    return kind == BinaryKind::Add || kind == BinaryKind::Subtract ||
                   kind == BinaryKind::Multiply || kind == BinaryKind::TrueDivide
               ? TypeKind::Complex
               : TypeKind::Object;
  }
  if (kind == BinaryKind::Add && a == b && is_sequence(a)) return a;
  if (kind == BinaryKind::Multiply) {
    if (is_sequence(a) && is_integral(b)) return a;
    if (is_integral(a) && is_sequence(b)) return b;
  }
  if (kind == BinaryKind::Remainder && (a == TypeKind::Str || a == TypeKind::Bytes)) return a;
  if ((kind == BinaryKind::And || kind == BinaryKind::Or || kind == BinaryKind::Xor ||
       kind == BinaryKind::Subtract) &&
      a == TypeKind::Set && b == TypeKind::Set) {
    return TypeKind::Set;
  }
  if (kind == BinaryKind::Or && a == TypeKind::Dict && b == TypeKind::Dict) return TypeKind::Dict;
  return TypeKind::Object;
}

TypeKind result_kind(const Instruction& i) {
  if (i.op == Opcode::LoadConst) return i.type.kind;  // the constant's own, from the lowering
  for (const Instruction* v : i.operands) {
    if (v->type.kind == TypeKind::Bottom) return TypeKind::Bottom;  // not reached yet
  }
  auto operand = [&](size_t k) { return i.operands[k]->type.kind; };
  switch (i.op) {
    case Opcode::LoadNone:
      return TypeKind::NoneType;
    case Opcode::LoadString:
    case Opcode::BuildString:
    case Opcode::FormatValue:
      return TypeKind::Str;
    case Opcode::MakeFunction:
      return TypeKind::Function;
    case Opcode::BuildTuple:
    case Opcode::ListToTuple:
    case Opcode::Unpack:
      return TypeKind::Tuple;
    case Opcode::BuildList:
    case Opcode::ListFromConstant:
      return TypeKind::List;
    case Opcode::BuildSet:
    case Opcode::SetFromConstant:
      return TypeKind::Set;
    case Opcode::BuildDict:
    case Opcode::BuildDictFromKeys:
      return TypeKind::Dict;
    case Opcode::GetLen:
      return TypeKind::Int;
    case Opcode::BinaryOp:
    case Opcode::InplaceOp:
      return binary_result_kind(static_cast<BinaryKind>(i.index), operand(0), operand(1));
    case Opcode::UnaryOp:
      return unary_result(static_cast<UnaryKind>(i.index), operand(0));
    case Opcode::Compare:
      return compares_to_bool(operand(0)) && compares_to_bool(operand(1)) ? TypeKind::Bool
                                                                          : TypeKind::Object;
    case Opcode::GetItem:
      return subscript_result(operand(0), operand(1));
    case Opcode::GetSlice:
      return slice_result(operand(0));
    case Opcode::BoxNumber:
      return operand(0);
    default:
      // Ops with an i1 result (LoadBool, Not, Identical, comparisons a
      // branch tests...) are bools; the rest can give any object.
      return i.info().result == ResultKind::Bool || i.op == Opcode::LoadBool ? TypeKind::Bool
                                                                              : TypeKind::Object;
  }
}

}  // namespace pyaot::ir
