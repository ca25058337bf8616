// lower_module (lower.h): each function site matched to its code object
// and lowered by a FunctionLowerer (lowering.h, which lists the files that
// define its members); here its entry point, instruction positions and names.
#include "frontend/lower.h"

#include <algorithm>
#include <map>

#include "frontend/lowering.h"

namespace pyaot::frontend {
namespace lowering {

FunctionLowerer::FunctionLowerer(const Node& def, const CodeObjectInfo& code,
                                 ir::Function& function, const std::string& class_name,
                                 bool trace_lines)
    : def_(def), code_(code), function_(function), builder_(function), index_(code),
      class_name_(class_name), trace_lines_(trace_lines) {
  for (size_t i = 0; i < code.varnames.size(); ++i) slots_[code.varnames[i]] = static_cast<int>(i);
  // Cell and free variables live in cells (an argument can be both).
  for (const auto* names : {&code.cellvars, &code.freevars}) {
    for (const std::string& name : *names) {
      cells_.insert(name);
      slots_.erase(name);
    }
  }
  for (size_t i = 0; i < code.names.size(); ++i) names_.emplace(code.names[i], static_cast<int>(i));
}

void FunctionLowerer::lower() {
  function_.is_generator = (code_.flags & kSuspendingFlags) != 0;
  function_.is_async_generator = (code_.flags & kCoAsyncGenerator) != 0;
  builder_.set_block(function_.add_block());
  if (def_.kind == NodeKind::Lambda) {
    builder_.emit(Opcode::Return, {expression(*def_.child("body"))});
    return;
  }
  if (def_.kind == NodeKind::ListComp || def_.kind == NodeKind::SetComp ||
      def_.kind == NodeKind::DictComp || def_.kind == NodeKind::GeneratorExp) {
    comprehension_body();
    return;
  }
  if (namespace_scope_) {
    function_.runs_once = true;
    namespace_body();
    return;
  }
  body(def_.list("body"));
  if (!builder_.block_is_terminated()) {
    builder_.emit(Opcode::Return, {builder_.emit(Opcode::LoadNone)});
  }
}

const BytecodeInstruction& FunctionLowerer::at(const Node& node,
                                               std::initializer_list<std::string_view> opnames) {
  const BytecodeInstruction* i = at_if_compiled(node, opnames);
  if (i == nullptr) unsupported("no CPython instruction matches " + describe(node));
  return *i;
}

const BytecodeInstruction* FunctionLowerer::at_if_compiled(
    const Node& node, std::initializer_list<std::string_view> opnames) {
  const BytecodeInstruction* i = index_.find(node, opnames);
  if (i == nullptr) return nullptr;
  builder_.set_position(i->line > 0 ? i->line : node.range.line, i->offset);
  cursor_ = std::max(cursor_, i->offset);
  return i;
}

// A comprehension's own instructions (FOR_ITER, LIST_APPEND, ...) carry
// positions CPython propagates from earlier code, so they are taken in
// code order: the next one after what was lowered so far.
const BytecodeInstruction& FunctionLowerer::next(std::string_view opname, const Node& node) {
  const BytecodeInstruction* i = index_.next_after(cursor_, opname);
  if (i == nullptr) unsupported("no " + std::string(opname) + " for " + describe(node));
  builder_.set_position(i->line > 0 ? i->line : node.range.line, i->offset);
  cursor_ = i->offset;
  return *i;
}

// A name as CPython's compiler spells it (_Py_Mangle): __x inside class
// C (or a function nested in it) is _C__x; not __x__, nor a dotted name.
std::string FunctionLowerer::mangle(std::string_view name) const {
  if (class_name_.empty() || name.size() < 2 || name.substr(0, 2) != "__") return std::string(name);
  if (name.substr(name.size() - 2) == "__" || name.find('.') != std::string_view::npos) {
    return std::string(name);
  }
  size_t skip = class_name_.find_first_not_of('_');
  if (skip == std::string::npos) return std::string(name);  // a class named only underscores
  return "_" + class_name_.substr(skip) + std::string(name);
}

// The identifier `field` of a node (a Name's id, an Attribute's attr...), mangled.
std::string FunctionLowerer::identifier(const Node& node, const char* field) const {
  return mangle(node.identifier(field));
}

int FunctionLowerer::name_index(const std::string& name, const Node& node) {
  auto found = names_.find(name);
  if (found == names_.end()) unsupported("name '" + name + "' missing from co_names, " + describe(node));
  return found->second;
}

bool FunctionLowerer::reachable(BasicBlock* block) const {
  return function_.has_predecessor(block);
}

// A join block nothing jumps to (both arms returned) ends the function.
void FunctionLowerer::seal_if_unreachable(BasicBlock* block) {
  if (!function_.has_predecessor(block)) builder_.emit(Opcode::Unreachable);
}

}  // namespace lowering

namespace {

using ast::Node;
using ast::NodeKind;
using lowering::FunctionLowerer;
using lowering::Range;
using lowering::range_of;
using lowering::Unsupported;

// Whether every instruction of `code` with a (non-empty) position lies
// inside `node`'s source range.
bool code_is_inside(const CodeObjectInfo& code, const Node& node) {
  const Range range = range_of(node);
  const std::pair<int, int> start = {std::get<0>(range), std::get<1>(range)};
  const std::pair<int, int> end = {std::get<2>(range), std::get<3>(range)};
  bool any = false;
  for (const BytecodeInstruction& i : code.instructions) {
    std::pair<int, int> from = {i.line, i.column}, to = {i.end_line, i.end_column};
    if (i.line <= 0 || i.column < 0 || !(from < to)) continue;  // no position, or an empty one
    if (from < start || end < to) return false;
    any = true;
  }
  return any;
}

// co_firstlineno of a def: its first decorator's line, if any.
int first_line_of(const Node& def) {
  if (def.kind == NodeKind::Module) return 1;
  int line = def.range.line;
  if (def.field("decorator_list") == nullptr) return line;  // lambdas, comprehensions
  for (const ast::Value& d : def.list("decorator_list")) line = std::min(line, d.node->range.line);
  return line;
}

}  // namespace

std::vector<LoweredFunction> lower_module(const std::string& module_name,
                                          const std::string& filename,
                                          const std::vector<FunctionSite>& sites,
                                          const std::vector<CodeObjectInfo>& code_objects,
                                          bool trace_lines) {
  // Code objects are matched by (qualname, first line); lambdas sharing a
  // line are told apart by the positions of their instructions.
  std::map<std::pair<std::string, int>, std::vector<const CodeObjectInfo*>> by_key;
  for (const CodeObjectInfo& c : code_objects) by_key[{c.qualname, c.first_line}].push_back(&c);

  std::vector<LoweredFunction> out;
  for (const FunctionSite& site : sites) {
    LoweredFunction lowered;
    lowered.site = &site;
    auto found = by_key.find({site.qualname, first_line_of(*site.node)});
    if (found == by_key.end()) {
      lowered.fallback_reason = "no matching code object";
      out.push_back(std::move(lowered));
      continue;
    }
    const CodeObjectInfo* code = found->second.size() == 1 ? found->second[0] : nullptr;
    if (code == nullptr) {
      // A candidate inside a site nested in this one (a generator expression
      // in another's first iterable) is that site's.
      auto belongs_to_nested_site = [&](const CodeObjectInfo& candidate) {
        for (const FunctionSite& other : sites) {
          if (&other == &site || other.qualname != site.qualname) continue;
          const Range inner = range_of(*other.node), outer = range_of(*site.node);
          const bool nested = std::make_pair(std::get<0>(inner), std::get<1>(inner)) >=
                                  std::make_pair(std::get<0>(outer), std::get<1>(outer)) &&
                              std::make_pair(std::get<2>(inner), std::get<3>(inner)) <=
                                  std::make_pair(std::get<2>(outer), std::get<3>(outer));
          if (nested && code_is_inside(candidate, *other.node)) return true;
        }
        return false;
      };
      for (const CodeObjectInfo* candidate : found->second) {
        if (!code_is_inside(*candidate, *site.node) || belongs_to_nested_site(*candidate)) continue;
        if (code != nullptr) {
          code = nullptr;
          break;
        }
        code = candidate;
      }
    }
    if (code == nullptr) {
      lowered.fallback_reason = "several functions share its name and first line";
      out.push_back(std::move(lowered));
      continue;
    }
    auto function = std::make_unique<ir::Function>();
    function->qualname = site.qualname;
    function->module = module_name;
    function->filename = filename;
    function->first_line = code->first_line;
    function->local_names = code->varnames;
    function->argument_slots = code->argcount + code->kwonly_argcount +
                               ((code->flags & lowering::kCoVarargs) ? 1 : 0) +
                               ((code->flags & lowering::kCoVarkeywords) ? 1 : 0);
    try {
      FunctionLowerer(*site.node, *code, *function, site.class_name, trace_lines).lower();
      lowered.function = std::move(function);
    } catch (const Unsupported& u) {
      lowered.fallback_reason = u.reason + ": not lowered yet";
    }
    lowered.code = code;
    out.push_back(std::move(lowered));
  }
  return out;
}

}  // namespace pyaot::frontend
