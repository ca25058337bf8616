#include "ir/printer.h"

#include <cstdio>

#include "ir/text_syntax.h"

namespace pyaot::ir {
namespace {

using text::Immediate;

std::string value_name(const Instruction* value) { return "r" + std::to_string(value->id); }
std::string block_name(const BasicBlock* block) { return "bb" + std::to_string(block->id); }

std::string immediates(const Instruction& i) {
  switch (text::immediate_syntax(i.op)) {
    case Immediate::None:
      return "";
    case Immediate::ConstIndex:
      return "#" + std::to_string(i.index);
    case Immediate::NamedIndex:
      return print_name(i.name) + "[" + std::to_string(i.index) + "]";
    case Immediate::Name:
      return print_name(i.name);
    case Immediate::Truth:
      return i.index == 1 ? "true" : i.index == 0 ? "false" : "";
    case Immediate::Binary:
      return std::string(binary_symbol(static_cast<BinaryKind>(i.index)));
    case Immediate::Inplace:
      return std::string(binary_symbol(static_cast<BinaryKind>(i.index))) + "=";
    case Immediate::Unary:
      return std::string(unary_symbol(static_cast<UnaryKind>(i.index)));
    case Immediate::Comparison:
      return std::string(compare_symbol(static_cast<CompareKind>(i.index)));
    case Immediate::Keyed:
      return std::string(text::immediate_key(i.op)) + std::to_string(i.index);
    case Immediate::ClosureSlot:
      return "slot " + std::to_string(i.index);
    case Immediate::UnpackCounts:
      return std::to_string(i.index) + (i.slots.size() == 1 ? " *" + std::to_string(i.slots[0]) : "");
    case Immediate::SuspendState:
      return i.index > 0 ? "state " + std::to_string(i.index) : "";
    case Immediate::TargetSlots: {
      std::string out = "->";
      for (auto slot : i.slots) out += " " + std::to_string(slot);
      return out;
    }
  }
  return "";
}

// The immediates the op's form does not show, and the proven facts.
std::string other_immediates(const Instruction& i) {
  text::Shown shown = text::shown_by(i);
  std::string out;
  if (!shown.index && i.index != 0) out += " index=" + std::to_string(i.index);
  if (!shown.name && !i.name.empty()) out += " name=" + print_name(i.name);
  if (!shown.slots && !i.slots.empty()) {
    out += " slots=";
    for (size_t k = 0; k < i.slots.size(); ++k) out += (k ? "," : "") + std::to_string(i.slots[k]);
  }
  if (i.known_bound) out += " (bound)";
  if (i.borrowed_local) out += " (borrowed)";
  if (i.arithmetic != NumberKind::None) {
    out += " (as " + std::string(number_kind_name(i.arithmetic)) + ")";
  }
  return out;
}

std::string value_list(const std::vector<Instruction*>& values) {
  std::string out;
  for (size_t k = 0; k < values.size(); ++k) out += (k ? ", " : " ") + value_name(values[k]);
  return out;
}

}  // namespace

std::string print_instruction(const Instruction& i) {
  std::string line = "  ";
  if (i.has_result()) {
    line += value_name(&i);
    if (i.type.kind != TypeKind::Object) line += ":" + std::string(type_name(i.type.kind));
    if (i.type.repr != i.natural_repr()) line += "/" + std::string(repr_name(i.type.repr));
    line += " = ";
  }
  line += std::string(i.info().name);
  std::string imm = immediates(i);
  if (!imm.empty()) line += " " + imm;
  line += other_immediates(i);
  for (size_t k = 0; k < i.operands.size(); ++k) {
    line += (k == 0 ? " " : ", ") + value_name(i.operands[k]);
    if (i.op == Opcode::Phi) line += " from " + block_name(i.targets[k]);
  }
  if (i.op != Opcode::Phi) {
    for (size_t k = 0; k < i.targets.size(); ++k) {
      line += (k == 0 && i.operands.empty() ? " " : ", ") + block_name(i.targets[k]);
    }
  }
  if (i.kwnames >= 0) line += " kwnames=#" + std::to_string(i.kwnames);
  if (i.unwind) line += " unwind " + block_name(i.unwind);
  if (!i.error_cleanup.empty()) line += "  [on error release" + value_list(i.error_cleanup) + "]";
  if (!i.live_across.empty()) line += "  [saved across" + value_list(i.live_across) + "]";
  if (!i.sync_slots.empty()) {
    line += "  [sync";
    for (size_t k = 0; k < i.sync_slots.size(); ++k) {
      line += " " + std::to_string(i.sync_slots[k]) + ":" + value_name(i.sync_values[k]);
    }
    line += "]";
  }
  if (i.line > 0 || i.bytecode_offset >= 0) {
    line.resize(std::max<size_t>(line.size(), 44), ' ');
    line += " ; line " + std::to_string(i.line);
    if (i.bytecode_offset >= 0) line += " @" + std::to_string(i.bytecode_offset);
  }
  return line + "\n";
}

std::string print_name(std::string_view name) {
  if (text::is_bare_name(name)) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", u);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string print_function(const Function& f) {
  std::string out = "def " + (f.module.empty() ? "" : f.module + ".") + f.qualname + "  # " +
                    f.filename + ":" + std::to_string(f.first_line) + "\n";
  if (!f.module.empty()) out += "  # module: " + f.module + "\n";
  if (f.is_generator) out += "  # generator: " + std::to_string(f.suspend_slots) + " frame stack slots\n";
  if (f.is_async_generator) out += "  # async generator\n";
  if (f.runs_once) out += "  # runs once\n";
  if (f.compiled_fast) out += "  # compiled fast\n";
  if (f.argument_slots > 0) out += "  # arguments: " + std::to_string(f.argument_slots) + "\n";
  if (!f.promoted_slots.empty()) {
    out += "  # promoted:";
    for (std::int64_t slot : f.promoted_slots) out += " " + std::to_string(slot);
    out += "\n";
  }
  if (!f.local_names.empty()) {
    out += "  # locals:";
    for (size_t i = 0; i < f.local_names.size(); ++i) {
      out += " " + std::to_string(i) + "=" + print_name(f.local_names[i]);
    }
    out += "\n";
  }
  for (const auto& block : f.blocks) {
    out += block_name(block.get()) + ":\n";
    for (const auto& i : block->instructions) out += print_instruction(*i);
  }
  return out;
}

std::string print_fallback(std::string_view qualname, std::string_view reason) {
  return "# " + std::string(qualname) + ": bytecode (" + std::string(reason) + ")";
}

}  // namespace pyaot::ir
