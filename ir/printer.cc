#include "ir/printer.h"

namespace pyaot::ir {
namespace {

std::string value_name(const Instruction* value) { return "r" + std::to_string(value->id); }

std::string immediates(const Instruction& i) {
  switch (i.op) {
    case Opcode::LoadConst:
      return "#" + std::to_string(i.index);
    case Opcode::LoadFast:
      return i.name + (i.borrowed_local ? " (borrowed)" : "");
    case Opcode::StoreFast:
    case Opcode::LoadDeref:
    case Opcode::StoreDeref:
    case Opcode::DeleteFast:
    case Opcode::DeleteDeref:
    case Opcode::DeleteGlobal:
    case Opcode::LoadGlobal:
    case Opcode::StoreGlobal:
    case Opcode::LoadName:
    case Opcode::StoreName:
    case Opcode::DeleteName:
    case Opcode::LoadClassDeref:
    case Opcode::LoadAttr:
    case Opcode::StoreAttr:
    case Opcode::DeleteAttr:
    case Opcode::CallMethod:
    case Opcode::LoadString:
    case Opcode::ImportName:
    case Opcode::ImportFrom:
      return i.name;
    case Opcode::ConstantBool:
      return i.index ? "true" : "false";
    case Opcode::BinaryOp:
      return std::string(binary_symbol(static_cast<BinaryKind>(i.index)));
    case Opcode::InplaceOp:
      return std::string(binary_symbol(static_cast<BinaryKind>(i.index))) + "=";
    case Opcode::UnaryOp:
      return std::string(unary_symbol(static_cast<UnaryKind>(i.index)));
    case Opcode::Compare:
    case Opcode::CompareBool:
      return std::string(compare_symbol(static_cast<CompareKind>(i.index)));
    case Opcode::FormatValue:
      return "conversion=" + std::to_string(i.index);
    case Opcode::LoadClosure:
      return "slot " + std::to_string(i.index);
    case Opcode::Unpack:
      return std::to_string(i.index) + (i.slots.empty() ? "" : " *" + std::to_string(i.slots[0]));
    case Opcode::MatchClass:
      return "positional=" + std::to_string(i.index);
    case Opcode::MakeFunction:
      return "flags=" + std::to_string(i.index);
    case Opcode::Yield:
    case Opcode::YieldFrom:
      return i.index > 0 ? "state " + std::to_string(i.index) : "";
    case Opcode::UnpackSequence: {
      std::string out = "->";
      for (auto slot : i.slots) out += " " + std::to_string(slot);
      return out;
    }
    default:
      return "";
  }
}

}  // namespace

std::string print_function(const Function& f) {
  std::string out = "def " + f.module + "." + f.qualname + "  # " + f.filename + ":" +
                    std::to_string(f.first_line) + "\n";
  if (f.is_generator) out += "  # generator: " + std::to_string(f.suspend_slots) + " frame stack slots\n";
  if (!f.local_names.empty()) {
    out += "  # locals:";
    for (size_t i = 0; i < f.local_names.size(); ++i) {
      out += " " + std::to_string(i) + "=" + f.local_names[i];
    }
    out += "\n";
  }
  for (const auto& block : f.blocks) {
    out += "bb" + std::to_string(block->id) + ":\n";
    for (const auto& i : block->instructions) {
      std::string line = "  ";
      if (i->has_result()) line += value_name(i.get()) + " = ";
      line += std::string(i->info().name);
      std::string imm = immediates(*i);
      if (!imm.empty()) line += " " + imm;
      for (size_t k = 0; k < i->operands.size(); ++k) {
        line += (k == 0 ? " " : ", ") + value_name(i->operands[k]);
        if (i->op == Opcode::Phi) line += " from bb" + std::to_string(i->targets[k]->id);
      }
      if (i->op != Opcode::Phi) {
        for (size_t k = 0; k < i->targets.size(); ++k) {
          line += (k == 0 && i->operands.empty() ? " " : ", ") + std::string("bb") +
                  std::to_string(i->targets[k]->id);
        }
      }
      if (i->kwnames >= 0) line += " kwnames=#" + std::to_string(i->kwnames);
      if (i->unwind) line += " unwind bb" + std::to_string(i->unwind->id);
      if (!i->error_cleanup.empty()) {
        line += "  [on error release";
        for (size_t k = 0; k < i->error_cleanup.size(); ++k)
          line += (k ? ", " : " ") + value_name(i->error_cleanup[k]);
        line += "]";
      }
      if (!i->live_across.empty()) {
        line += "  [saved across";
        for (size_t k = 0; k < i->live_across.size(); ++k)
          line += (k ? ", " : " ") + value_name(i->live_across[k]);
        line += "]";
      }
      if (i->line > 0) {
        line.resize(std::max<size_t>(line.size(), 44), ' ');
        line += " ; line " + std::to_string(i->line);
        if (i->bytecode_offset >= 0) line += " @" + std::to_string(i->bytecode_offset);
      }
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace pyaot::ir
