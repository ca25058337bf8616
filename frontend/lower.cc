#include "frontend/lower.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace pyaot::frontend {
namespace {

using ast::Node;
using ast::NodeKind;
using ir::BasicBlock;
using ir::Instruction;
using ir::Opcode;

struct Unsupported {
  std::string reason;
};

[[noreturn]] void unsupported(const std::string& reason) { throw Unsupported{reason}; }

// co_flags of bodies that suspend: generators and coroutines
// (CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE), async generators.
constexpr int kSuspendingFlags = 0x20 | 0x80 | 0x100 | 0x200;
constexpr int kCoroutineFlags = 0x80 | 0x100;
constexpr int kAsyncGeneratorFlag = 0x200;
constexpr int kFutureAnnotationsFlag = 0x1000000;  // CO_FUTURE_ANNOTATIONS

using Range = std::tuple<int, int, int, int>;  // line, column, end line, end column

Range range_of(const Node& node) {
  return {node.range.line, node.range.column, node.range.end_line, node.range.end_column};
}

// The rich comparison a Compare operator stands for (not is / in).
std::optional<ir::CompareKind> rich_comparison(NodeKind op) {
  switch (op) {
    case NodeKind::Lt: return ir::CompareKind::Lt;
    case NodeKind::LtE: return ir::CompareKind::Le;
    case NodeKind::Eq: return ir::CompareKind::Eq;
    case NodeKind::NotEq: return ir::CompareKind::Ne;
    case NodeKind::Gt: return ir::CompareKind::Gt;
    case NodeKind::GtE: return ir::CompareKind::Ge;
    default: return std::nullopt;
  }
}

std::string describe(const Node& node) {
  return std::string(ast::node_kind_name(node.kind)) + " at line " +
         std::to_string(node.range.line);
}

// Finds the CPython instruction that stands for an AST node: CPython gives
// an instruction the position of the node it compiles, so (range, opname)
// identifies it. Repeated matches are handed out in order, which is the
// order both compilers evaluate a node's parts in.
class InstructionIndex {
 public:
  explicit InstructionIndex(const CodeObjectInfo& code) {
    for (const BytecodeInstruction& i : code.instructions) {
      by_range_[{i.line, i.column, i.end_line, i.end_column}].push_back(&i);
      by_offset_[i.offset] = &i;
    }
  }

  // The LOAD_CONST at exactly the node's position whose constant satisfies
  // `accept` (its index): CPython can give other constants the same
  // position (the `e = None` that ends an except clause, an implicit return).
  template <typename Accept>
  const BytecodeInstruction* find_constant(const Node& node, Accept&& accept) {
    auto found = by_range_.find(range_of(node));
    if (found == by_range_.end()) return nullptr;
    for (const BytecodeInstruction* i : found->second) {
      if (i->opname == "LOAD_CONST" && accept(i->arg)) return i;
    }
    return nullptr;
  }

  // The first instruction named `opname` after code unit `offset`.
  const BytecodeInstruction* next_after(int offset, std::string_view opname) const {
    for (auto it = by_offset_.upper_bound(offset); it != by_offset_.end(); ++it) {
      if (it->second->opname == opname) return it->second;
    }
    return nullptr;
  }

  // The instruction before the one at `offset`.
  const BytecodeInstruction* before(int offset) const {
    auto found = by_offset_.find(offset);
    if (found == by_offset_.end() || found == by_offset_.begin()) return nullptr;
    return std::prev(found)->second;
  }

  // The instruction with exactly the node's position and one of `opnames`.
  const BytecodeInstruction* find(const Node& node,
                                  std::initializer_list<std::string_view> opnames) {
    return take(range_of(node), opnames);
  }

  // The instruction with exactly this position and one of `opnames`.
  const BytecodeInstruction* find_at(const Range& range,
                                     std::initializer_list<std::string_view> opnames) {
    return take(range, opnames);
  }

  // As find, or else one that ends where the node ends: CPython moves an
  // attribute load's start to the attribute's own line. Only for loads of
  // attributes and methods, where nothing else ends there.
  const BytecodeInstruction* find_attribute_load(const Node& node,
                                                 std::initializer_list<std::string_view> opnames) {
    if (const BytecodeInstruction* i = take(range_of(node), opnames)) return i;
    for (auto& [range, list] : by_range_) {
      if (std::get<2>(range) != node.range.end_line ||
          std::get<3>(range) != node.range.end_column)
        continue;
      for (const BytecodeInstruction* i : list)
        if (matches(*i, opnames)) return i;
    }
    return nullptr;
  }

 private:
  static bool matches(const BytecodeInstruction& i,
                      std::initializer_list<std::string_view> opnames) {
    for (std::string_view name : opnames) {
      if (name == "*" || i.opname == name) return true;
    }
    return false;
  }

  const BytecodeInstruction* take(const Range& range,
                                  std::initializer_list<std::string_view> opnames) {
    auto found = by_range_.find(range);
    if (found == by_range_.end()) return nullptr;
    const BytecodeInstruction* last = nullptr;
    for (const BytecodeInstruction* i : found->second) {
      if (!matches(*i, opnames)) continue;
      last = i;
      if (!used_.count(i)) {
        used_.insert(i);
        return i;
      }
    }
    return last;  // duplicated code (a while test is compiled twice): same position
  }

  std::map<Range, std::vector<const BytecodeInstruction*>> by_range_;
  std::map<int, const BytecodeInstruction*> by_offset_;
  std::set<const BytecodeInstruction*> used_;
};

struct Loop {
  BasicBlock* continue_target;
  BasicBlock* break_target;
  size_t active_clauses;  // except clauses already open when the loop began
};

// An except clause being lowered: leaving it early (return, break,
// continue) must restore sys.exception() and unbind its name, as CPython's
// compiler does when it unwinds a handler block.
struct ActiveClause {
  Instruction* previous_exception;  // except clause: sys.exception() to restore
  std::string name;
  Instruction* exception;  // the one being handled: what a bare `raise` raises
  // A with block instead: its bound __exit__, the statement, and the
  // handler that was active around it (where an error of __exit__ goes).
  Instruction* exit = nullptr;
  const Node* with_statement = nullptr;
  BasicBlock* outer_unwind = nullptr;
  // A try/finally body instead: the finally block to run on the way out.
  const std::vector<ast::Value>* finally_body = nullptr;
};

class FunctionLowerer {
 public:
  FunctionLowerer(const Node& def, const CodeObjectInfo& code, ir::Function& function,
                  const std::string& class_name)
      : def_(def), code_(code), function_(function), builder_(function), index_(code),
        class_name_(class_name) {
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

  void lower() {
    function_.is_generator = (code_.flags & kSuspendingFlags) != 0;
    function_.is_async_generator = (code_.flags & kAsyncGeneratorFlag) != 0;
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

 private:
  // ---- positions ----------------------------------------------------
  const BytecodeInstruction& at(const Node& node, std::initializer_list<std::string_view> opnames) {
    const BytecodeInstruction* i = index_.find(node, opnames);
    if (i == nullptr) unsupported("no CPython instruction matches " + describe(node));
    builder_.set_position(i->line > 0 ? i->line : node.range.line, i->offset);
    cursor_ = std::max(cursor_, i->offset);
    return *i;
  }

  // A comprehension's own instructions (FOR_ITER, LIST_APPEND, ...) carry
  // positions CPython propagates from earlier code, so they are taken in
  // code order: the next one after what was lowered so far.
  const BytecodeInstruction& next(std::string_view opname, const Node& node) {
    const BytecodeInstruction* i = index_.next_after(cursor_, opname);
    if (i == nullptr) unsupported("no " + std::string(opname) + " for " + describe(node));
    builder_.set_position(i->line > 0 ? i->line : node.range.line, i->offset);
    cursor_ = i->offset;
    return *i;
  }

  // A class or module body, with what CPython's compiler adds around its
  // statements: a class's __module__ and __qualname__, __annotations__, the
  // docstring as __doc__, and a class's __classcell__ (its __class__ cell,
  // which type.__new__ fills in), returned.
  void namespace_body() {
    if (def_.kind == NodeKind::ClassDef) {
      next("LOAD_NAME", def_);
      Instruction* module_name = builder_.emit(Opcode::LoadName);
      module_name->index = name_index("__name__", def_);
      module_name->name = "__name__";
      store_in_namespace("__module__", module_name);
      const BytecodeInstruction& qualname = next("LOAD_CONST", def_);
      Instruction* qualname_value = builder_.emit(Opcode::LoadConst);
      qualname_value->index = qualname.arg;
      store_in_namespace("__qualname__", qualname_value);
    }
    if (index_.next_after(cursor_, "SETUP_ANNOTATIONS") != nullptr) {
      next("SETUP_ANNOTATIONS", def_);
      builder_.emit(Opcode::SetupAnnotations);
    }
    const auto& statements = def_.list("body");
    if (!statements.empty() && is_docstring(*statements[0].node)) {
      const BytecodeInstruction& doc = next("LOAD_CONST", *statements[0].node);
      Instruction* doc_value = builder_.emit(Opcode::LoadConst);
      doc_value->index = doc.arg;
      store_in_namespace("__doc__", doc_value);
    }
    body(statements);
    if (builder_.block_is_terminated()) return;
    auto class_cell = std::find(code_.cellvars.begin(), code_.cellvars.end(), "__class__");
    if (def_.kind != NodeKind::ClassDef || class_cell == code_.cellvars.end()) {
      builder_.emit(Opcode::Return, {builder_.emit(Opcode::LoadNone)});
      return;
    }
    // Every way out of the body has a copy of these; the first will do.
    const int classcell = name_index("__classcell__", def_);
    const BytecodeInstruction* store = nullptr;
    for (const BytecodeInstruction& i : code_.instructions) {
      if (i.opname == "STORE_NAME" && i.arg == classcell) {
        store = &i;
        break;
      }
    }
    const BytecodeInstruction* copy = store ? index_.before(store->offset) : nullptr;
    const BytecodeInstruction* load = copy ? index_.before(copy->offset) : nullptr;
    if (load == nullptr || load->opname != "LOAD_CLOSURE") unsupported("no __classcell__ store");
    Instruction* cell = builder_.emit(Opcode::LoadClosure);
    cell->index = load->arg;
    cell->name = "__class__";
    builder_.set_position(store->line > 0 ? store->line : def_.range.line, store->offset);
    Instruction* s = builder_.emit(Opcode::StoreName, {cell});
    s->index = classcell;
    s->name = "__classcell__";
    builder_.emit(Opcode::Return, {cell});
  }

  // The next STORE_NAME, in code order, binding `name` to `value`.
  void store_in_namespace(const std::string& name, Instruction* value) {
    next("STORE_NAME", def_);
    Instruction* s = builder_.emit(Opcode::StoreName, {value});
    s->index = name_index(name, def_);
    s->name = name;
  }

  // A first statement that is a string constant becomes __doc__.
  static bool is_docstring(const Node& s) {
    if (s.kind != NodeKind::Expr) return false;
    const Node& value = *s.child("value");
    return value.kind == NodeKind::Constant &&
           value.constant("value")->kind == ast::Constant::Kind::Str;
  }

  // The function of a list/set/dict comprehension or generator expression:
  // `.0` is the first iterable's iterator; the result is built (or the
  // items yielded) as CPython's comprehension code does.
  void comprehension_body() {
    const Node& e = def_;
    Instruction* result = nullptr;
    if (e.kind != NodeKind::GeneratorExp) {
      const bool is_list = e.kind == NodeKind::ListComp, is_set = e.kind == NodeKind::SetComp;
      next(is_list ? "BUILD_LIST" : is_set ? "BUILD_SET" : "BUILD_MAP", e);
      result = builder_.emit(is_list ? Opcode::BuildList : is_set ? Opcode::BuildSet : Opcode::BuildDict);
    }
    comprehension_loop(0, result);
    builder_.emit(Opcode::Return, {result ? result : builder_.emit(Opcode::LoadNone)});
  }

  void comprehension_loop(size_t k, Instruction* result) {
    const Node& e = def_;
    const auto& generators = e.list("generators");
    const Node& g = *generators[k].node;
    const bool is_async = g.integer("is_async") != 0;
    Instruction* iterator;
    if (k == 0) {
      auto slot = slots_.find(".0");
      if (slot == slots_.end()) unsupported("comprehension without .0, " + describe(e));
      iterator = builder_.emit(Opcode::LoadFast);
      iterator->index = slot->second;
      iterator->name = ".0";
    } else {
      Instruction* iterable = this->iterable(*g.child("iter"));
      next(is_async ? "GET_AITER" : "GET_ITER", e);
      iterator = builder_.emit(is_async ? Opcode::GetAIter : Opcode::GetIter, {iterable});
    }
    BasicBlock* header = function_.add_block();
    BasicBlock* loop_body = function_.add_block();
    BasicBlock* skip = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.jump(header);
    builder_.set_block(header);
    Instruction* item;
    if (is_async) {
      item = async_next_item(iterator, done, [&](std::string_view opname) {
        if (opname != "END_ASYNC_FOR") next(opname, e);  // at the loop's end: not needed
      });
      builder_.jump(loop_body);
    } else {
      next("FOR_ITER", e);
      item = builder_.emit(Opcode::IterNext, {iterator});
      Instruction* test = builder_.emit(Opcode::BranchIfNull, {item});
      test->targets = {done, loop_body};
    }
    builder_.set_block(loop_body);
    store(*g.child("target"), item);
    bool runs = true;  // what a constant condition drops CPython does not compile
    for (const ast::Value& condition : g.list("ifs")) {
      BasicBlock* pass = function_.add_block();
      branch_on(*condition.node, e, pass, skip);
      builder_.set_block(pass);
      if (!reachable(pass)) {
        runs = false;
        break;
      }
    }
    if (!runs) {
      builder_.emit(Opcode::Unreachable);
    } else if (k + 1 < generators.size()) {
      comprehension_loop(k + 1, result);
    } else if (e.kind == NodeKind::DictComp) {
      Instruction* key = expression(*e.child("key"));
      Instruction* value = expression(*e.child("value"));
      next("MAP_ADD", e);
      builder_.emit(Opcode::SetItem, {result, key, value});
    } else {
      Instruction* value = expression(*e.child("elt"));
      switch (e.kind) {
        case NodeKind::ListComp:
          next("LIST_APPEND", e);
          builder_.emit(Opcode::ListAppend, {result, value});
          break;
        case NodeKind::SetComp:
          next("SET_ADD", e);
          builder_.emit(Opcode::SetAdd, {result, value});
          break;
        default:
          next("YIELD_VALUE", e);
          builder_.emit(Opcode::Yield, {value});
          break;
      }
    }
    if (!builder_.block_is_terminated()) builder_.jump(skip);
    builder_.set_block(skip);
    back_edge(header);
    builder_.set_block(done);
  }

  // A name as CPython's compiler spells it (_Py_Mangle): __x inside class
  // C (or a function nested in it) is _C__x; not __x__, nor a dotted name.
  std::string mangle(std::string_view name) const {
    if (class_name_.empty() || name.size() < 2 || name.substr(0, 2) != "__") return std::string(name);
    if (name.substr(name.size() - 2) == "__" || name.find('.') != std::string_view::npos) {
      return std::string(name);
    }
    size_t skip = class_name_.find_first_not_of('_');
    if (skip == std::string::npos) return std::string(name);  // a class named only underscores
    return "_" + class_name_.substr(skip) + std::string(name);
  }

  // The identifier `field` of a node (a Name's id, an Attribute's attr...), mangled.
  std::string identifier(const Node& node, const char* field) const {
    return mangle(node.identifier(field));
  }

  int name_index(const std::string& name, const Node& node) {
    auto found = names_.find(name);
    if (found == names_.end()) unsupported("name '" + name + "' missing from co_names, " + describe(node));
    return found->second;
  }

  // ---- statements ---------------------------------------------------
  void body(const std::vector<ast::Value>& statements) {
    for (const ast::Value& s : statements) {
      if (builder_.block_is_terminated()) return;  // dead code after return/break
      statement(*s.node);
    }
  }

  void statement(const Node& s) {
    switch (s.kind) {
      case NodeKind::Expr:
        // A constant statement (a docstring) compiles to nothing.
        if (s.child("value")->kind == NodeKind::Constant) return;
        expression(*s.child("value"));
        return;
      case NodeKind::Pass:
      case NodeKind::Global:
      case NodeKind::Nonlocal:
        return;  // declarations only change how names resolve
      case NodeKind::FunctionDef:
      case NodeKind::AsyncFunctionDef: {
        std::vector<Instruction*> decorators;
        for (const ast::Value& d : s.list("decorator_list")) decorators.push_back(expression(*d.node));
        Instruction* function = make_function(s);
        for (size_t k = decorators.size(); k-- > 0;) {
          at(*s.list("decorator_list")[k].node, {"CALL"});
          function = builder_.emit(Opcode::Call, {decorators[k], function});
        }
        store_name(identifier(s, "name"), s, function);
        return;
      }
      case NodeKind::ClassDef:
        class_definition(s);
        return;
      case NodeKind::Assign: {
        if (parallel_assign(s)) return;
        Instruction* value = expression(*s.child("value"));
        for (const ast::Value& target : s.list("targets")) store(*target.node, value);
        return;
      }
      case NodeKind::AnnAssign: {
        const Node* value = s.child("value");
        const Node* target = s.child("target");
        if (namespace_scope_) {
          annotated_assign_in_namespace(s);
          return;
        }
        if (value == nullptr) {
          if (target->kind == NodeKind::Name) return;  // a local annotation is not evaluated
          unsupported("annotation without a value, " + describe(s));
        }
        store(*target, expression(*value));
        return;
      }
      case NodeKind::AugAssign:
        augmented_assign(s);
        return;
      case NodeKind::Return: {
        // As CPython compiles it: a constant is loaded after the finally
        // bodies run (not at all when they always raise), anything else
        // before.
        const Node* value = s.child("value");
        const bool constant = value == nullptr || value->kind == NodeKind::Constant;
        Instruction* result = constant ? nullptr : expression(*value);
        if (!leave_clauses(0, s)) return;
        if (constant) result = value ? expression(*value) : builder_.emit(Opcode::LoadNone);
        builder_.emit(Opcode::Return, {result});
        return;
      }
      case NodeKind::If:
        if_statement(s);
        return;
      case NodeKind::While:
        while_statement(s);
        return;
      case NodeKind::For:
        for_statement(s);
        return;
      case NodeKind::AsyncFor:
        async_for_statement(s);
        return;
      case NodeKind::Break:
      case NodeKind::Continue:
        if (loops_.empty()) unsupported("break outside a loop");
        if (leave_clauses(loops_.back().active_clauses, s)) {
          builder_.jump(s.kind == NodeKind::Break ? loops_.back().break_target
                                                  : loops_.back().continue_target);
        }
        return;
      case NodeKind::Assert:
        assert_statement(s);
        return;
      case NodeKind::Try:
        try_statement(s);
        return;
      case NodeKind::With:
      case NodeKind::AsyncWith:
        with_statement(s, 0);
        return;
      case NodeKind::Raise: {
        // A bare `raise` re-raises the handled exception, traceback unchanged.
        if (s.child("exc") == nullptr) {
          Instruction* handled = nullptr;
          for (size_t k = clauses_.size(); k-- > 0 && !handled;) handled = clauses_[k].exception;
          at(s, {"RAISE_VARARGS"});
          if (handled != nullptr) {
            builder_.emit(Opcode::Reraise, {handled});
          } else if (!function_.is_generator) {
            // The exception some caller is handling; this frame stays out of its traceback.
            builder_.emit(Opcode::ReraiseHandled);
          } else {
            unsupported("bare raise outside an except clause in a generator, " + describe(s));
          }
          builder_.emit(Opcode::Unreachable);
          return;
        }
        std::vector<Instruction*> operands = {expression(*s.child("exc"))};
        if (const Node* cause = s.child("cause")) operands.push_back(expression(*cause));
        at(s, {"RAISE_VARARGS"});
        builder_.emit(Opcode::Raise, operands);
        builder_.emit(Opcode::Unreachable);
        return;
      }
      case NodeKind::Match:
        match_statement(s);
        return;
      case NodeKind::Delete:
        for (const ast::Value& target : s.list("targets")) delete_target(*target.node);
        return;
      case NodeKind::Import:
        for (const ast::Value& a : s.list("names")) {
          const Node& alias = *a.node;
          const std::string name(alias.identifier("name"));
          const std::string as = identifier(alias, "asname");
          Instruction* module = import_name(s);
          if (as.empty()) {  // import a.b.c binds a
            store_name(mangle(name.substr(0, name.find('.'))), s, module);
            continue;
          }
          // import a.b.c as d: d = a.b.c through IMPORT_FROM b, then c.
          for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
            module = import_from(s, module);
          }
          store_name(as, s, module);
        }
        return;
      case NodeKind::ImportFrom: {
        Instruction* module = import_name(s);
        for (const ast::Value& a : s.list("names")) {
          const Node& alias = *a.node;
          const std::string name(alias.identifier("name"));
          if (name == "*") {
            if (!namespace_scope_) unsupported("import * in a function, " + describe(s));
            at(s, {"IMPORT_STAR"});
            builder_.emit(Opcode::ImportStar, {module});
            return;
          }
          const std::string as(alias.identifier("asname"));
          store_name(mangle(as.empty() ? name : as), s, import_from(s, module));
        }
        return;
      }
      default:
        unsupported(describe(s));
    }
  }

  // x: T = v in a class or module body (compiler_annassign): the value is
  // stored, then a simple name's annotation goes into __annotations__; other
  // targets have their parts evaluated (without a value) and the annotation
  // evaluated and dropped. Under `from __future__ import annotations` the
  // annotation is its source text, a constant, and only a simple name's is kept.
  void annotated_assign_in_namespace(const Node& s) {
    const Node& target = *s.child("target");
    const Node& annotation = *s.child("annotation");
    const bool stringified = (code_.flags & kFutureAnnotationsFlag) != 0;
    if (const Node* value = s.child("value")) store(target, expression(*value));
    if (target.kind == NodeKind::Name) {
      if (s.integer("simple") == 0) {
        if (!stringified) expression(annotation);
        return;
      }
      Instruction* annotation_value;
      if (stringified) {
        annotation_value = builder_.emit(Opcode::LoadConst);
        annotation_value->index = next("LOAD_CONST", s).arg;
      } else {
        annotation_value = expression(annotation);
      }
      next("LOAD_NAME", s);
      Instruction* annotations = builder_.emit(Opcode::LoadName);
      annotations->index = name_index("__annotations__", s);
      annotations->name = "__annotations__";
      Instruction* key = builder_.emit(Opcode::LoadConst);
      key->index = next("LOAD_CONST", s).arg;
      next("STORE_SUBSCR", s);
      builder_.emit(Opcode::SetItem, {annotations, key, annotation_value});
      return;
    }
    if (s.child("value") == nullptr) {
      if (target.kind == NodeKind::Attribute) {
        expression(*target.child("value"));
      } else if (target.kind == NodeKind::Subscript) {
        expression(*target.child("value"));
        expression(*target.child("slice"));
      } else {
        unsupported("annotation of " + describe(target));
      }
    }
    if (!stringified) expression(annotation);
  }

  // class C(bases, **keywords) inside a function: CPython's LOAD_BUILD_CLASS,
  // the body's function (its code stays bytecode), the name, the bases and
  // keywords, one CALL, then the decorators.
  void class_definition(const Node& s) {
    std::vector<Instruction*> decorators;
    for (const ast::Value& d : s.list("decorator_list")) decorators.push_back(expression(*d.node));
    for (const ast::Value& b : s.list("bases"))
      if (b.node->kind == NodeKind::Starred) unsupported("class with *bases, " + describe(s));
    for (const ast::Value& k : s.list("keywords"))
      if (k.node->identifier("arg").empty()) unsupported("class with **keywords, " + describe(s));
    at(s, {"LOAD_BUILD_CLASS"});
    Instruction* build_class = builder_.emit(Opcode::LoadBuildClass);
    Instruction* body = make_function(s);
    const std::string class_name(s.identifier("name"));
    const BytecodeInstruction* name =
        index_.find_constant(s, [&](int i) { return is_str_constant(i, class_name); });
    if (name == nullptr) unsupported("no name constant for " + describe(s));
    Instruction* name_value = builder_.emit(Opcode::LoadConst);
    name_value->index = name->arg;
    std::vector<Instruction*> operands = {build_class, body, name_value};
    for (const ast::Value& b : s.list("bases")) operands.push_back(expression(*b.node));
    const auto& keywords = s.list("keywords");
    for (const ast::Value& k : keywords) operands.push_back(expression(*k.node->child("value")));
    std::int64_t kwnames = -1;
    if (!keywords.empty()) {
      const BytecodeInstruction* names = index_.find(s, {"KW_NAMES"});
      if (names == nullptr) unsupported("no KW_NAMES for " + describe(s));
      kwnames = names->arg;
    }
    at(s, {"CALL"});
    Instruction* cls = builder_.emit(Opcode::Call, operands);
    cls->kwnames = kwnames;
    for (size_t k = decorators.size(); k-- > 0;) {
      at(*s.list("decorator_list")[k].node, {"CALL"});
      cls = builder_.emit(Opcode::Call, {decorators[k], cls});
    }
    store_name(identifier(s, "name"), s, cls);
  }

  // The next IMPORT_NAME of an import statement, with the level and
  // fromlist constants CPython loads before it.
  Instruction* import_name(const Node& s) {
    const BytecodeInstruction& import = at(s, {"IMPORT_NAME"});
    const BytecodeInstruction* fromlist = index_.before(import.offset);
    const BytecodeInstruction* level = fromlist ? index_.before(fromlist->offset) : nullptr;
    if (level == nullptr || fromlist->opname != "LOAD_CONST" || level->opname != "LOAD_CONST") {
      unsupported("no level and fromlist constants for " + describe(s));
    }
    Instruction* fromlist_value = builder_.emit(Opcode::LoadConst);
    fromlist_value->index = fromlist->arg;
    Instruction* level_value = builder_.emit(Opcode::LoadConst);
    level_value->index = level->arg;
    Instruction* i = builder_.emit(Opcode::ImportName, {fromlist_value, level_value});
    i->index = import.arg;
    i->name = code_.names.at(import.arg);
    return i;
  }

  // The next IMPORT_FROM of an import statement, from `module`.
  Instruction* import_from(const Node& s, Instruction* module) {
    const BytecodeInstruction& from = at(s, {"IMPORT_FROM"});
    Instruction* i = builder_.emit(Opcode::ImportFrom, {module});
    i->index = from.arg;
    i->name = code_.names.at(from.arg);
    return i;
  }

  // a.x, a.y = p, q: evaluate the right side, then store left to right;
  // building and unpacking the tuple cannot fail, so CPython skips it too.
  bool parallel_assign(const Node& s) {
    const auto& targets = s.list("targets");
    const Node& value = *s.child("value");
    if (targets.size() != 1) return false;
    const Node& target = *targets[0].node;
    auto is_display = [](const Node& n) {
      return n.kind == NodeKind::Tuple || n.kind == NodeKind::List;
    };
    if (!is_display(target) || !is_display(value)) return false;
    const auto& lhs = target.list("elts");
    const auto& rhs = value.list("elts");
    if (lhs.size() != rhs.size()) return false;
    bool all_constant = true;  // then CPython loads one folded tuple and unpacks it
    for (const ast::Value& v : rhs) all_constant &= is_constant_tree(*v.node);
    if (all_constant) return false;
    for (const auto* side : {&lhs, &rhs}) {
      for (const ast::Value& v : *side)
        if (v.node->kind == NodeKind::Starred) return false;
    }
    std::vector<Instruction*> values;
    for (const ast::Value& v : rhs) values.push_back(expression(*v.node));
    for (size_t i = 0; i < lhs.size(); ++i) store(*lhs[i].node, values[i]);
    return true;
  }

  // Binds `name` (a local, a cell or a declared global); `node` has the
  // position CPython gives the store.
  void store_name(const std::string& name, const Node& node, Instruction* value) {
    if (namespace_scope_) {
      const BytecodeInstruction& store = at(node, {"STORE_NAME", "STORE_GLOBAL", "STORE_DEREF"});
      const Opcode op = store.opname == "STORE_NAME"     ? Opcode::StoreName
                        : store.opname == "STORE_GLOBAL" ? Opcode::StoreGlobal
                                                         : Opcode::StoreDeref;
      Instruction* s = builder_.emit(op, {value});
      s->index = store.arg;
      s->name = name;
      return;
    }
    if (cells_.count(name)) {
      const BytecodeInstruction& store = at(node, {"STORE_DEREF"});
      Instruction* s = builder_.emit(Opcode::StoreDeref, {value});
      s->index = store.arg;
      s->name = name;
      return;
    }
    auto slot = slots_.find(name);
    if (slot != slots_.end()) {
      Instruction* s = builder_.emit(Opcode::StoreFast, {value});
      s->index = slot->second;
      s->name = name;
      return;
    }
    at(node, {"STORE_GLOBAL"});
    Instruction* s = builder_.emit(Opcode::StoreGlobal, {value});
    s->index = name_index(name, node);
    s->name = name;
  }

  // A nested def, lambda or comprehension: MAKE_FUNCTION's operands in
  // CPython's order (defaults, keyword defaults, closure, code).
  Instruction* make_function(const Node& e) {
    const BytecodeInstruction& make = at(e, {"MAKE_FUNCTION"});
    const BytecodeInstruction* code_load = index_.before(make.offset);
    if (code_load == nullptr || code_load->opname != "LOAD_CONST") {
      unsupported("no code constant for " + describe(e));
    }
    const int flags = make.arg;
    std::vector<Instruction*> operands;
    Instruction* defaults = nullptr;
    Instruction* kwdefaults = nullptr;
    Instruction* annotations = nullptr;
    if (const Node* args = e.child("args")) {
      const auto& positional = args->list("defaults");
      if (flags & 0x01) defaults = default_tuple(e, positional);
      if (flags & 0x02) kwdefaults = keyword_defaults(e, *args);
      if (flags & 0x04) annotations = annotation_tuple(e, *args);
    }
    Instruction* closure = nullptr;
    if (flags & 0x08) {  // LOAD_CLOSURE x n, BUILD_TUPLE n, LOAD_CONST code
      const BytecodeInstruction* build = index_.before(code_load->offset);
      if (build == nullptr || build->opname != "BUILD_TUPLE") unsupported("closure of " + describe(e));
      std::vector<const BytecodeInstruction*> loads;
      for (const BytecodeInstruction* i = build; static_cast<int>(loads.size()) < build->arg;) {
        i = index_.before(i->offset);
        if (i == nullptr || i->opname != "LOAD_CLOSURE") unsupported("closure of " + describe(e));
        loads.insert(loads.begin(), i);
      }
      std::vector<Instruction*> cells;
      for (const BytecodeInstruction* load : loads) {
        Instruction* cell = builder_.emit(Opcode::LoadClosure);
        cell->index = load->arg;
        cells.push_back(cell);
      }
      builder_.set_position(build->line, build->offset);
      closure = builder_.emit(Opcode::BuildTuple, cells);
    }
    Instruction* code = builder_.emit(Opcode::LoadConst);
    code->index = code_load->arg;
    operands.push_back(code);
    for (Instruction* optional : {closure, annotations, kwdefaults, defaults}) {
      if (optional) operands.push_back(optional);
    }
    builder_.set_position(make.line, make.offset);
    Instruction* f = builder_.emit(Opcode::MakeFunction, operands);
    f->index = flags;
    return f;
  }

  // A def's annotations, as compiler_visit_annotations pushes them: (name,
  // value) pairs of the parameters (regular, positional-only, *args,
  // keyword-only, **kwargs), then 'return', in one tuple; CPython folds it
  // to a constant when every value is one (string annotations, or under
  // `from __future__ import annotations`).
  Instruction* annotation_tuple(const Node& def, const Node& args) {
    std::vector<std::pair<std::string, const Node*>> annotated;
    auto add = [&](const Node* arg) {
      if (arg != nullptr && arg->child("annotation") != nullptr) {
        annotated.emplace_back(identifier(*arg, "arg"), arg->child("annotation"));
      }
    };
    for (const char* field : {"args", "posonlyargs"})
      for (const ast::Value& a : args.list(field)) add(a.node.get());
    add(args.child("vararg"));
    for (const ast::Value& a : args.list("kwonlyargs")) add(a.node.get());
    add(args.child("kwarg"));
    if (const Node* returns = def.child("returns")) annotated.emplace_back("return", returns);
    const bool stringified = (code_.flags & kFutureAnnotationsFlag) != 0;
    if (stringified || std::all_of(annotated.begin(), annotated.end(),
                                   [](const auto& a) { return is_constant_tree(*a.second); })) {
      return folded_tuple(def, "annotations");
    }
    std::vector<Instruction*> items;
    for (const auto& [name, value] : annotated) {
      if (value->kind == NodeKind::Starred) unsupported("a starred annotation, " + describe(*value));
      const BytecodeInstruction* key = index_.find_constant(def, [&](int index) {
        return is_str_constant(index, name);
      });
      if (key == nullptr) unsupported("no annotation name constant for " + describe(def));
      Instruction* k = builder_.emit(Opcode::LoadConst);
      k->index = key->arg;
      items.push_back(k);
      items.push_back(expression(*value));
    }
    at(def, {"BUILD_TUPLE"});
    return builder_.emit(Opcode::BuildTuple, items);
  }

  // The one constant CPython folded a tuple of constants into, loaded at
  // `node`'s position; `what` names it in the fallback reason.
  Instruction* folded_tuple(const Node& node, const char* what) {
    const BytecodeInstruction* load = index_.find(node, {"LOAD_CONST"});
    if (load == nullptr) unsupported(std::string("no folded ") + what + " for " + describe(node));
    Instruction* c = builder_.emit(Opcode::LoadConst);
    c->index = load->arg;
    return c;
  }

  Instruction* default_tuple(const Node& e, const std::vector<ast::Value>& values) {
    if (std::all_of(values.begin(), values.end(),
                    [](const ast::Value& v) { return is_constant_tree(*v.node); })) {
      return folded_tuple(e, "defaults");
    }
    std::vector<Instruction*> items;
    for (const ast::Value& v : values) items.push_back(expression(*v.node));
    at(e, {"BUILD_TUPLE"});
    return builder_.emit(Opcode::BuildTuple, items);
  }

  Instruction* keyword_defaults(const Node& e, const Node& args) {
    std::vector<Instruction*> values;
    const auto& kwonly = args.list("kwonlyargs");
    const auto& defaults = args.list("kw_defaults");
    for (size_t k = 0; k < kwonly.size(); ++k) {
      if (defaults[k].tag == ast::Value::Tag::None) continue;
      values.push_back(expression(*defaults[k].node));
    }
    const BytecodeInstruction* build = index_.find(e, {"BUILD_CONST_KEY_MAP"});
    const BytecodeInstruction* keys = build ? index_.before(build->offset) : nullptr;
    if (keys == nullptr || keys->opname != "LOAD_CONST" ||
        build->arg != static_cast<int>(values.size())) {
      unsupported("keyword defaults of " + describe(e));
    }
    Instruction* names = builder_.emit(Opcode::LoadConst);
    names->index = keys->arg;
    values.insert(values.begin(), names);
    builder_.set_position(build->line, build->offset);
    return builder_.emit(Opcode::BuildDictFromKeys, values);
  }

  // [x for x in xs]: CPython calls a nested function with iter(xs).
  Instruction* comprehension(const Node& e) {
    Instruction* function = make_function(e);
    const Node& first = *e.list("generators")[0].node;
    const bool is_async = first.integer("is_async") != 0;
    Instruction* iterable = this->iterable(*first.child("iter"));
    at(e, {is_async ? "GET_AITER" : "GET_ITER"});
    Instruction* iterator = builder_.emit(is_async ? Opcode::GetAIter : Opcode::GetIter, {iterable});
    at(e, {"CALL"});
    Instruction* result = builder_.emit(Opcode::Call, {function, iterator});
    // A list, set or dict comprehension that awaits is a coroutine: awaited here.
    if (index_.find(e, {"GET_AWAITABLE"}) == nullptr) return result;
    return await_value(e, result, 0);
  }

  void store(const Node& target, Instruction* value) {
    switch (target.kind) {
      case NodeKind::Name:
        store_name(identifier(target, "id"), target, value);
        return;
      case NodeKind::Attribute: {
        Instruction* object = expression(*target.child("value"));
        at(target, {"STORE_ATTR"});
        Instruction* s = builder_.emit(Opcode::StoreAttr, {object, value});
        s->name = identifier(target, "attr");
        s->index = name_index(s->name, target);
        return;
      }
      case NodeKind::Subscript: {
        Instruction* object = expression(*target.child("value"));
        Instruction* key = expression(*target.child("slice"));
        at(target, {"STORE_SUBSCR"});
        builder_.emit(Opcode::SetItem, {object, key, value});
        return;
      }
      case NodeKind::Tuple:
      case NodeKind::List: {
        std::vector<std::int64_t> slots;
        for (const ast::Value& element : target.list("elts")) {
          const Node& e = *element.node;
          if (e.kind != NodeKind::Name || !slots_.count(identifier(e, "id"))) {
            unpack_to_targets(target, value);
            return;
          }
          slots.push_back(slots_[identifier(e, "id")]);
        }
        at(target, {"UNPACK_SEQUENCE"});
        Instruction* u = builder_.emit(Opcode::UnpackSequence, {value});
        u->slots = std::move(slots);
        u->index = static_cast<std::int64_t>(u->slots.size());
        return;
      }
      default:
        unsupported("assignment to " + describe(target));
    }
  }

  // a, (b, c.d), *e[0] = value: the items as a tuple (UNPACK_SEQUENCE, or
  // UNPACK_EX around one starred target), then each target stored in turn,
  // its own parts evaluated just before its store, as CPython does.
  void unpack_to_targets(const Node& target, Instruction* value) {
    const auto& elements = target.list("elts");
    int star = -1;
    for (size_t k = 0; k < elements.size(); ++k) {
      if (elements[k].node->kind != NodeKind::Starred) continue;
      if (star >= 0) unsupported("two starred targets, " + describe(target));
      star = static_cast<int>(k);
    }
    at(target, {star >= 0 ? "UNPACK_EX" : "UNPACK_SEQUENCE"});
    Instruction* items = builder_.emit(Opcode::Unpack, {value});
    if (star >= 0) {
      items->index = star;
      items->slots = {static_cast<std::int64_t>(elements.size()) - star - 1};
    } else {
      items->index = static_cast<std::int64_t>(elements.size());
    }
    for (size_t k = 0; k < elements.size(); ++k) {
      Instruction* item = builder_.emit(Opcode::TupleItem, {items});
      item->index = static_cast<std::int64_t>(k);
      const Node& element = *elements[k].node;
      store(element.kind == NodeKind::Starred ? *element.child("value") : element, item);
    }
  }

  void delete_target(const Node& target) {
    if (namespace_scope_ && target.kind == NodeKind::Name) {
      const BytecodeInstruction& del =
          at(target, {"DELETE_NAME", "DELETE_GLOBAL", "DELETE_DEREF"});
      const Opcode op = del.opname == "DELETE_NAME"     ? Opcode::DeleteName
                        : del.opname == "DELETE_GLOBAL" ? Opcode::DeleteGlobal
                                                        : Opcode::DeleteDeref;
      Instruction* d = builder_.emit(op);
      d->index = del.arg;
      d->name = identifier(target, "id");
      return;
    }
    if (target.kind == NodeKind::Name && slots_.count(identifier(target, "id"))) {
      at(target, {"DELETE_FAST"});
      Instruction* d = builder_.emit(Opcode::DeleteFast);
      d->name = identifier(target, "id");
      d->index = slots_[d->name];
      return;
    }
    if (target.kind == NodeKind::Name) {  // a cell, or a global
      const std::string name = identifier(target, "id");
      if (cells_.count(name)) {
        const BytecodeInstruction& del = at(target, {"DELETE_DEREF"});
        Instruction* d = builder_.emit(Opcode::DeleteDeref);
        d->index = del.arg;
        d->name = name;
        return;
      }
      at(target, {"DELETE_GLOBAL"});
      Instruction* d = builder_.emit(Opcode::DeleteGlobal);
      d->index = name_index(name, target);
      d->name = name;
      return;
    }
    if (target.kind == NodeKind::Subscript) {
      Instruction* object = expression(*target.child("value"));
      Instruction* key = expression(*target.child("slice"));
      at(target, {"DELETE_SUBSCR"});
      builder_.emit(Opcode::DeleteItem, {object, key});
      return;
    }
    if (target.kind == NodeKind::Attribute) {
      Instruction* object = expression(*target.child("value"));
      at(target, {"DELETE_ATTR"});
      Instruction* d = builder_.emit(Opcode::DeleteAttr, {object});
      d->name = identifier(target, "attr");
      d->index = name_index(d->name, target);
      return;
    }
    if (target.kind == NodeKind::Tuple || target.kind == NodeKind::List) {  // del (a, b.c)
      for (const ast::Value& element : target.list("elts")) delete_target(*element.node);
      return;
    }
    unsupported("del of " + describe(target));
  }

  void augmented_assign(const Node& s) {
    const Node& target = *s.child("target");
    const auto kind = binary_kind(*s.child("op"));
    auto combine = [&](Instruction* current) {
      Instruction* operand = expression(*s.child("value"));
      at(s, {"BINARY_OP"});
      Instruction* r = builder_.emit(Opcode::InplaceOp, {current, operand});
      r->index = static_cast<int>(kind);
      return r;
    };
    switch (target.kind) {
      case NodeKind::Name:
        store(target, combine(name_load(target)));
        return;
      case NodeKind::Attribute: {
        Instruction* object = expression(*target.child("value"));
        Instruction* current = attribute_load(target, object, {"LOAD_ATTR"});
        Instruction* updated = combine(current);
        at(target, {"STORE_ATTR"});
        Instruction* st = builder_.emit(Opcode::StoreAttr, {object, updated});
        st->name = identifier(target, "attr");
        st->index = name_index(st->name, target);
        return;
      }
      case NodeKind::Subscript: {
        Instruction* object = expression(*target.child("value"));
        Instruction* key = expression(*target.child("slice"));
        at(target, {"BINARY_SUBSCR"});
        Instruction* current = builder_.emit(Opcode::GetItem, {object, key});
        Instruction* updated = combine(current);
        at(target, {"STORE_SUBSCR"});
        builder_.emit(Opcode::SetItem, {object, key, updated});
        return;
      }
      default:
        unsupported("augmented assignment to " + describe(target));
    }
  }

  void if_statement(const Node& s) {
    BasicBlock* then_block = function_.add_block();
    BasicBlock* else_block = function_.add_block();
    BasicBlock* done = function_.add_block();
    branch_on(*s.child("test"), s, then_block, else_block);
    // A branch the condition never takes (if 0 and x:) is not compiled.
    builder_.set_block(then_block);
    if (reachable(then_block)) body(s.list("body"));
    if (!builder_.block_is_terminated()) builder_.jump(done);
    builder_.set_block(else_block);
    if (reachable(else_block)) body(s.list("orelse"));
    if (!builder_.block_is_terminated()) builder_.jump(done);
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  void while_statement(const Node& s) {
    BasicBlock* header = function_.add_block();
    BasicBlock* loop_body = function_.add_block();
    BasicBlock* orelse = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.jump(header);
    builder_.set_block(header);
    branch_on(*s.child("test"), s, loop_body, orelse);
    builder_.set_block(loop_body);
    loop_body_and_else(s, header, orelse, done);
  }

  void for_statement(const Node& s) {
    Instruction* iterable = this->iterable(*s.child("iter"));
    at(s, {"GET_ITER"});
    Instruction* iterator = builder_.emit(Opcode::GetIter, {iterable});
    BasicBlock* header = function_.add_block();
    BasicBlock* loop_body = function_.add_block();
    BasicBlock* orelse = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.jump(header);
    builder_.set_block(header);
    at(s, {"FOR_ITER"});
    Instruction* item = builder_.emit(Opcode::IterNext, {iterator});
    Instruction* test = builder_.emit(Opcode::BranchIfNull, {item});
    test->targets = {orelse, loop_body};
    builder_.set_block(loop_body);
    store(*s.child("target"), item);
    loop_body_and_else(s, header, orelse, done);
  }

  // async for: each item is awaited from __anext__(); StopAsyncIteration
  // raised there ends the loop (END_ASYNC_FOR), any other error goes on.
  void async_for_statement(const Node& s) {
    Instruction* iterable = expression(*s.child("iter"));
    at(s, {"GET_AITER"});
    Instruction* iterator = builder_.emit(Opcode::GetAIter, {iterable});
    BasicBlock* header = function_.add_block();
    BasicBlock* orelse = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.jump(header);
    builder_.set_block(header);
    Instruction* item = async_next_item(iterator, orelse, [&](std::string_view opname) {
      at(opname == "END_ASYNC_FOR" ? *s.child("iter") : s, {opname});
    });
    store(*s.child("target"), item);
    loop_body_and_else(s, header, orelse, done);
  }

  // The next item of async iterator `iterator`: __anext__() awaited, with
  // StopAsyncIteration raised there going to `exhausted` (END_ASYNC_FOR)
  // and any other error on. `position(opname)` points the frame at each
  // CPython instruction. Continues in a new block that has the item.
  template <typename Position>
  Instruction* async_next_item(Instruction* iterator, BasicBlock* exhausted, Position&& position) {
    BasicBlock* end = function_.add_block();
    BasicBlock* got = function_.add_block();
    BasicBlock* outer = builder_.unwind();
    builder_.set_unwind(end);
    position("GET_ANEXT");
    Instruction* awaitable = builder_.emit(Opcode::GetANext, {iterator});
    position("SEND");
    Instruction* item = builder_.emit(Opcode::YieldFrom, {awaitable});
    builder_.set_unwind(outer);
    builder_.jump(got);

    builder_.set_block(end);
    Instruction* exception = builder_.emit(Opcode::CatchException);
    position("END_ASYNC_FOR");
    BasicBlock* reraise = function_.add_block();
    builder_.branch(builder_.emit(Opcode::IsStopAsyncIteration, {exception}), exhausted, reraise);
    builder_.set_block(reraise);
    builder_.emit(Opcode::Reraise, {exception});
    builder_.emit(Opcode::Unreachable);
    builder_.set_block(got);
    return item;
  }

  // `await value` where CPython gives both instructions the position of
  // `node` (an async with: kind 1 awaits __aenter__'s result, 2 __aexit__'s;
  // an awaiting comprehension: kind 0).
  Instruction* await_value(const Node& node, Instruction* value, int kind) {
    at(node, {"GET_AWAITABLE"});
    Instruction* iterator = builder_.emit(Opcode::GetAwaitable, {value});
    iterator->index = kind;
    at(node, {"SEND"});
    return builder_.emit(Opcode::YieldFrom, {iterator});
  }

  // The rest of a while or for loop, from inside its body block: the body
  // (break -> done, continue -> header), the back edge, the else block.
  void loop_body_and_else(const Node& s, BasicBlock* header, BasicBlock* orelse,
                          BasicBlock* done) {
    loops_.push_back({header, done, clauses_.size()});
    body(s.list("body"));
    loops_.pop_back();
    back_edge(header);
    builder_.set_block(orelse);
    body(s.list("orelse"));
    if (!builder_.block_is_terminated()) builder_.jump(done);
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  // try/finally (with or without except clauses inside it): the finally
  // body runs on the normal way out, on every return/break/continue through
  // it, and for an exception, which then goes on unless the body leaves.
  void try_statement(const Node& s) {
    const auto& finally_body = s.list("finalbody");
    if (finally_body.empty()) {
      try_except(s);
      return;
    }
    BasicBlock* outer = builder_.unwind();
    BasicBlock* handler = function_.add_block();
    BasicBlock* done = function_.add_block();
    ActiveClause block;
    block.previous_exception = nullptr;
    block.exception = nullptr;
    block.finally_body = &finally_body;
    block.outer_unwind = outer;
    clauses_.push_back(block);
    builder_.set_unwind(handler);
    if (s.list("handlers").empty()) {
      body(s.list("body"));
    } else {
      try_except(s);
    }
    clauses_.pop_back();
    builder_.set_unwind(outer);
    if (!builder_.block_is_terminated()) {
      body(finally_body);
      if (!builder_.block_is_terminated()) builder_.jump(done);
    }

    builder_.set_block(handler);
    Instruction* exception = builder_.emit(Opcode::CatchException);
    Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
    BasicBlock* cleanup = function_.add_block();
    builder_.set_unwind(cleanup);
    clauses_.push_back({previous, "", exception});
    body(finally_body);
    clauses_.pop_back();
    builder_.set_unwind(outer);
    if (!builder_.block_is_terminated()) restore_and_reraise(previous, exception);
    emit_handler_cleanup(cleanup, previous);
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  // try/except/else. Errors in the body go to a handler block that takes
  // the exception, makes it sys.exception() and tries each clause in order;
  // errors in the clauses restore sys.exception() and propagate, as
  // CPython's cleanup handlers do.
  void try_except(const Node& s) {
    BasicBlock* outer = builder_.unwind();
    BasicBlock* handler = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.set_unwind(handler);
    body(s.list("body"));
    builder_.set_unwind(outer);
    if (!builder_.block_is_terminated()) {
      body(s.list("orelse"));
      if (!builder_.block_is_terminated()) builder_.jump(done);
    }

    builder_.set_block(handler);
    Instruction* exception = builder_.emit(Opcode::CatchException);
    Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
    BasicBlock* cleanup = function_.add_block();  // an error inside an except clause
    for (const ast::Value& clause_value : s.list("handlers")) {
      const Node& clause = *clause_value.node;
      BasicBlock* clause_body = function_.add_block();
      BasicBlock* next = function_.add_block();
      builder_.set_unwind(cleanup);
      if (const Node* type = clause.child("type")) {
        Instruction* types = expression(*type);
        at(clause, {"CHECK_EXC_MATCH"});
        builder_.branch(builder_.emit(Opcode::ExceptionMatches, {exception, types}), clause_body,
                        next);
      } else {
        builder_.jump(clause_body);
      }
      builder_.set_block(clause_body);
      const std::string name = identifier(clause, "name");
      BasicBlock* clause_cleanup = cleanup;
      if (!name.empty()) {
        // `except E as name`: name is unbound when the clause ends, either way.
        clause_cleanup = function_.add_block();
        store_name(name, clause, exception);
        builder_.set_unwind(clause_cleanup);
      }
      clauses_.push_back({previous, name, exception});
      body(clause.list("body"));
      clauses_.pop_back();
      builder_.set_unwind(outer);
      if (!builder_.block_is_terminated()) {
        builder_.emit(Opcode::PopExcInfo, {previous});
        if (!name.empty()) unbind(name, clause);
        builder_.jump(done);
      }
      if (!name.empty()) {
        builder_.set_block(clause_cleanup);
        Instruction* raised = builder_.emit(Opcode::CatchException);
        unbind(name, clause);
        builder_.set_unwind(outer);
        restore_and_reraise(previous, raised);
      }
      builder_.set_block(next);
    }
    // No clause matched: the exception goes on, sys.exception() restored.
    builder_.set_unwind(outer);
    restore_and_reraise(previous, exception);
    emit_handler_cleanup(cleanup, previous);
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  // Ends the current block: sys.exception() is `previous` again and
  // `exception` goes on, its traceback unchanged.
  void restore_and_reraise(Instruction* previous, Instruction* exception) {
    builder_.emit(Opcode::PopExcInfo, {previous});
    builder_.emit(Opcode::Reraise, {exception});
    builder_.emit(Opcode::Unreachable);
  }

  // Fills `cleanup`, where errors raised while handling an exception go.
  void emit_handler_cleanup(BasicBlock* cleanup, Instruction* previous) {
    builder_.set_block(cleanup);
    restore_and_reraise(previous, builder_.emit(Opcode::CatchException));
  }

  // Leaves the blocks opened after the first `keep` (except clauses, with
  // blocks, finally bodies), innermost first. False when a finally body
  // ended the way out itself (its own return or break).
  bool leave_clauses(size_t keep, const Node& at_statement) {
    BasicBlock* saved = builder_.unwind();
    std::vector<ActiveClause> open = clauses_;
    bool reachable = true;
    for (size_t k = open.size(); k-- > keep && reachable;) {
      const ActiveClause& c = open[k];
      if (c.exit != nullptr) {  // leaving a with block: __exit__(None, None, None)
        builder_.set_unwind(c.outer_unwind);
        call_exit(*c.with_statement, c.exit);
      } else if (c.finally_body != nullptr) {  // the finally body runs, outside its try
        builder_.set_unwind(c.outer_unwind);
        clauses_.resize(k);
        body(*c.finally_body);
        clauses_ = open;
        reachable = !builder_.block_is_terminated();
      } else {
        builder_.emit(Opcode::PopExcInfo, {c.previous_exception});
        if (!c.name.empty()) unbind(c.name, at_statement);
      }
    }
    builder_.set_unwind(saved);
    return reachable;
  }

  // with a as x, b as y: body. Each item enters its manager (BEFORE_WITH);
  // an error in what follows goes to a handler that calls
  // __exit__(type, value, traceback) and re-raises unless it returns true;
  // leaving normally (or by return/break/continue) calls __exit__(None, None, None).
  void with_statement(const Node& s, size_t item_index) {
    const auto& items = s.list("items");
    if (item_index == items.size()) {
      body(s.list("body"));
      return;
    }
    const Node& item = *items[item_index].node;
    const bool is_async = s.kind == NodeKind::AsyncWith;
    Instruction* manager = expression(*item.child("context_expr"));
    at(s, {is_async ? "BEFORE_ASYNC_WITH" : "BEFORE_WITH"});
    Instruction* entered =
        builder_.emit(is_async ? Opcode::BeforeAsyncWith : Opcode::BeforeWith, {manager});
    Instruction* exit = builder_.emit(Opcode::TupleItem, {entered});
    exit->index = 0;
    Instruction* result = builder_.emit(Opcode::TupleItem, {entered});
    result->index = 1;
    if (is_async) result = await_value(s, result, 1);
    BasicBlock* outer = builder_.unwind();
    BasicBlock* handler = function_.add_block();
    BasicBlock* done = function_.add_block();
    builder_.set_unwind(handler);
    if (const Node* target = item.child("optional_vars")) store(*target, result);
    ActiveClause block;
    block.previous_exception = nullptr;
    block.exception = nullptr;
    block.exit = exit;
    block.with_statement = &s;
    block.outer_unwind = outer;
    clauses_.push_back(block);
    with_statement(s, item_index + 1);
    clauses_.pop_back();
    builder_.set_unwind(outer);
    if (!builder_.block_is_terminated()) {
      call_exit(s, exit);
      builder_.jump(done);
    }

    builder_.set_block(handler);
    Instruction* exception = builder_.emit(Opcode::CatchException);
    Instruction* previous = builder_.emit(Opcode::PushExcInfo, {exception});
    BasicBlock* cleanup = function_.add_block();
    BasicBlock* swallow = function_.add_block();
    BasicBlock* reraise = function_.add_block();
    builder_.set_unwind(cleanup);
    at(s, {"WITH_EXCEPT_START"});
    Instruction* verdict = builder_.emit(Opcode::WithExceptStart, {exit, exception});
    if (is_async) verdict = await_value(s, verdict, 2);
    builder_.branch(builder_.emit(Opcode::IsTrue, {verdict}), swallow, reraise);
    builder_.set_unwind(outer);
    builder_.set_block(swallow);
    builder_.emit(Opcode::PopExcInfo, {previous});
    builder_.jump(done);
    builder_.set_block(reraise);
    restore_and_reraise(previous, exception);
    emit_handler_cleanup(cleanup, previous);
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  void call_exit(const Node& with, Instruction* exit) {
    Instruction* none = builder_.emit(Opcode::LoadNone);
    at(with, {"CALL"});
    Instruction* result = builder_.emit(Opcode::Call, {exit, none, none, none});
    if (with.kind == NodeKind::AsyncWith) await_value(with, result, 2);
  }

  // name = None; del name (the end of `except E as name`).
  void unbind(const std::string& name, const Node& clause) {
    if (namespace_scope_) {
      Instruction* clear = builder_.emit(Opcode::StoreName, {builder_.emit(Opcode::LoadNone)});
      clear->index = name_index(name, clause);
      clear->name = name;
      Instruction* del = builder_.emit(Opcode::DeleteName);
      del->index = clear->index;
      del->name = name;
      return;
    }
    if (cells_.count(name) || !slots_.count(name)) unsupported("except ... as a non-local name");
    Instruction* clear = builder_.emit(Opcode::StoreFast, {builder_.emit(Opcode::LoadNone)});
    clear->index = slots_[name];
    clear->name = name;
    Instruction* del = builder_.emit(Opcode::DeleteFast);
    del->index = slots_[name];
    del->name = name;
    (void)clause;
  }

  // The end of a loop body: pending signals (Ctrl-C) are handled here, as
  // the interpreter does at its backward jumps.
  void back_edge(BasicBlock* header) {
    if (builder_.block_is_terminated()) return;
    builder_.emit(Opcode::CheckEvalBreaker);
    builder_.jump(header);
  }

  bool reachable(BasicBlock* block) const { return !function_.predecessors(block).empty(); }

  // A join block nothing jumps to (both arms returned) ends the function.
  void seal_if_unreachable(BasicBlock* block) {
    if (function_.predecessors(block).empty()) builder_.emit(Opcode::Unreachable);
  }

  void assert_statement(const Node& s) {
    BasicBlock* fail = function_.add_block();
    BasicBlock* ok = function_.add_block();
    branch_on(*s.child("test"), s, ok, fail);
    // CPython places the raise where its test left the position: at the
    // statement, or at the last comparison the test made.
    const Node& raise_position = last_comparison_ ? *last_comparison_ : s;
    builder_.set_block(fail);
    std::vector<Instruction*> args;
    if (const Node* msg = s.child("msg")) args.push_back(expression(*msg));
    at(raise_position, {"RAISE_VARARGS"});
    builder_.emit(Opcode::RaiseAssertion, args);
    builder_.emit(Opcode::Unreachable);
    builder_.set_block(ok);
  }

  // ---- match statements -------------------------------------------------
  // As CPython compiles them (compile.c, compiler_match): each case tests
  // its pattern against the subject and binds what the pattern captured
  // only once all of it matched, then tests the guard; a pattern or guard
  // that fails goes on to the next case. CPython gives each instruction of
  // a pattern the position of the (sub)pattern compiled last (it sets the
  // position on entering one and never restores it): `pattern_position_`.
  struct Capture {
    std::string name;
    Instruction* value;
  };
  using Captures = std::vector<Capture>;

  void match_statement(const Node& s) {
    Instruction* subject = expression(*s.child("subject"));
    BasicBlock* done = function_.add_block();
    BasicBlock* next_case = nullptr;
    for (const ast::Value& c : s.list("cases")) {
      const Node& match_case = *c.node;
      next_case = function_.add_block();
      Captures captures;
      pattern(*match_case.child("pattern"), subject, next_case, captures);
      for (const Capture& capture : captures) store_name(capture.name, *pattern_position_, capture.value);
      bool runs = true;  // a body a constant guard never runs is not compiled
      if (const Node* guard = match_case.child("guard")) {
        BasicBlock* pass = function_.add_block();
        branch_on(*guard, *pattern_position_, pass, next_case);
        builder_.set_block(pass);
        runs = reachable(pass);
      }
      if (runs) body(match_case.list("body"));
      if (!builder_.block_is_terminated()) builder_.jump(done);
      builder_.set_block(next_case);
    }
    // No case matched (a last irrefutable case leaves nothing to get here).
    if (reachable(next_case)) {
      builder_.jump(done);
    } else {
      builder_.emit(Opcode::Unreachable);
    }
    builder_.set_block(done);
    seal_if_unreachable(done);
  }

  static bool is_wildcard(const Node& p) {
    return (p.kind == NodeKind::MatchAs || p.kind == NodeKind::MatchStar) &&
           p.child("pattern") == nullptr && p.identifier("name").empty();
  }

  // Tests `subject` against pattern `p` (compiler_pattern): goes on in a new
  // block if it matches, else to `fail`; adds what it captures, in
  // CPython's order of stores.
  void pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures) {
    pattern_position_ = &p;
    switch (p.kind) {
      case NodeKind::MatchValue: {
        Instruction* value = expression(*p.child("value"));
        at(p, {"COMPARE_OP"});
        Instruction* equal = builder_.emit(Opcode::CompareBool, {subject, value});
        equal->index = static_cast<int>(ir::CompareKind::Eq);
        match_or_fail(equal, fail);
        return;
      }
      case NodeKind::MatchSingleton: {
        const ast::Constant& c = *p.constant("value");
        Instruction* singleton = builder_.emit(Opcode::LoadNone);
        if (c.kind != ast::Constant::Kind::None) {
          Instruction* truth = builder_.emit(Opcode::ConstantBool);
          truth->index = c.kind == ast::Constant::Kind::True;
          singleton = builder_.emit(Opcode::LoadBool, {truth});
        }
        match_or_fail(builder_.emit(Opcode::Identical, {subject, singleton}), fail);
        return;
      }
      case NodeKind::MatchSequence:
        sequence_pattern(p, subject, fail, captures);
        return;
      case NodeKind::MatchMapping:
        mapping_pattern(p, subject, fail, captures);
        return;
      case NodeKind::MatchClass:
        class_pattern(p, subject, fail, captures);
        return;
      case NodeKind::MatchAs:
      case NodeKind::MatchStar:
        if (const Node* inner = p.child("pattern")) pattern(*inner, subject, fail, captures);
        if (!p.identifier("name").empty()) captures.push_back({identifier(p, "name"), subject});
        return;
      case NodeKind::MatchOr:
        or_pattern(p, subject, fail, captures);
        return;
      default:
        unsupported(describe(p));
    }
  }

  // Goes on in a new block if `matched`, else to `fail` (the POP_JUMP_IF_*
  // of the pattern compiled last, taken so that a guard's jump is not it).
  void match_or_fail(Instruction* matched, BasicBlock* fail) {
    index_.find(*pattern_position_, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_NONE",
                                     "POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_FALSE",
                                     "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"});
    BasicBlock* matches = function_.add_block();
    builder_.branch(matched, matches, fail);
    builder_.set_block(matches);
  }

  // As match_or_fail, for a result that is NULL when it does not match.
  void match_or_fail_if_null(Instruction* result, BasicBlock* fail) {
    index_.find(*pattern_position_, {"POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NONE"});
    BasicBlock* matches = function_.add_block();
    Instruction* test = builder_.emit(Opcode::BranchIfNull, {result});
    test->targets = {fail, matches};
    builder_.set_block(matches);
  }

  Instruction* load_constant(const BytecodeInstruction* load, const Node& node) {
    if (load == nullptr || load->opname != "LOAD_CONST") unsupported("no constant for " + describe(node));
    Instruction* c = builder_.emit(Opcode::LoadConst);
    c->index = load->arg;
    return c;
  }

  // len(subject) == / >= the constant CPython loads after GET_LEN.
  void length_check(const Node& p, Instruction* subject, ir::CompareKind kind, BasicBlock* fail) {
    const BytecodeInstruction& get_len = at(p, {"GET_LEN"});
    Instruction* length = builder_.emit(Opcode::GetLen, {subject});
    Instruction* expected = load_constant(index_.next_after(get_len.offset, "LOAD_CONST"), p);
    at(p, {"COMPARE_OP"});
    Instruction* test = builder_.emit(Opcode::CompareBool, {length, expected});
    test->index = static_cast<int>(kind);
    match_or_fail(test, fail);
  }

  // [a, *rest, b] (compiler_pattern_sequence): a sequence of the right
  // length whose items match. A star that captures nothing (*_) takes the
  // items by index instead of unpacking them all.
  void sequence_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures) {
    const auto& items = p.list("patterns");
    const auto size = static_cast<std::int64_t>(items.size());
    std::int64_t star = -1;
    bool star_wildcard = false, only_wildcards = true;
    for (std::int64_t k = 0; k < size; ++k) {
      const Node& item = *items[k].node;
      if (item.kind == NodeKind::MatchStar) {
        star = k;
        star_wildcard = is_wildcard(item);
      }
      only_wildcards &= is_wildcard(item);
    }
    match_or_fail(builder_.emit(Opcode::MatchSequence, {subject}), fail);
    if (star < 0) {
      length_check(p, subject, ir::CompareKind::Eq, fail);
    } else if (size > 1) {
      length_check(p, subject, ir::CompareKind::Ge, fail);
    }
    if (only_wildcards) return;
    if (star_wildcard) {
      for (std::int64_t k = 0; k < size; ++k) {
        const Node& item = *items[k].node;
        if (is_wildcard(item)) continue;
        const Node& position = *pattern_position_;
        Instruction* index;
        if (k < star) {
          const BytecodeInstruction& subscript = at(position, {"BINARY_SUBSCR"});
          index = load_constant(index_.before(subscript.offset), position);
        } else {  // counted from the end: the subject may not take negative indices
          const BytecodeInstruction& get_len = at(position, {"GET_LEN"});
          Instruction* length = builder_.emit(Opcode::GetLen, {subject});
          Instruction* back = load_constant(index_.next_after(get_len.offset, "LOAD_CONST"), position);
          at(position, {"BINARY_OP"});
          index = builder_.emit(Opcode::BinaryOp, {length, back});
          index->index = static_cast<int>(ir::BinaryKind::Subtract);
          at(position, {"BINARY_SUBSCR"});
        }
        pattern(item, builder_.emit(Opcode::GetItem, {subject, index}), fail, captures);
      }
      return;
    }
    at(p, {star >= 0 ? "UNPACK_EX" : "UNPACK_SEQUENCE"});
    Instruction* values = builder_.emit(Opcode::Unpack, {subject});
    values->index = star >= 0 ? star : size;
    if (star >= 0) values->slots = {size - star - 1};
    for (std::int64_t k = 0; k < size; ++k) {
      Instruction* item = builder_.emit(Opcode::TupleItem, {values});
      item->index = k;
      pattern(*items[k].node, item, fail, captures);
    }
  }

  // {key: pattern, **rest} (compiler_pattern_mapping): a mapping with at
  // least these keys whose values match; rest is a dict of the others.
  void mapping_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures) {
    const auto& keys = p.list("keys");
    const auto& values = p.list("patterns");
    const std::string rest = identifier(p, "rest");
    match_or_fail(builder_.emit(Opcode::MatchMapping, {subject}), fail);
    if (keys.empty() && rest.empty()) return;
    if (!keys.empty()) length_check(p, subject, ir::CompareKind::Ge, fail);
    // The keys as one tuple: a constant when CPython could fold them.
    const BytecodeInstruction* match_keys = index_.find(p, {"MATCH_KEYS"});
    if (match_keys == nullptr) unsupported("no MATCH_KEYS for " + describe(p));
    const BytecodeInstruction* folded = index_.before(match_keys->offset);
    Instruction* key_tuple;
    if (folded != nullptr && folded->opname == "LOAD_CONST") {
      key_tuple = load_constant(folded, p);
    } else {
      std::vector<Instruction*> items;
      for (const ast::Value& key : keys) items.push_back(expression(*key.node));
      at(p, {"BUILD_TUPLE"});
      key_tuple = builder_.emit(Opcode::BuildTuple, items);
    }
    builder_.set_position(match_keys->line, match_keys->offset);
    Instruction* found = builder_.emit(Opcode::MatchKeys, {subject, key_tuple});
    match_or_fail_if_null(found, fail);
    for (size_t k = 0; k < values.size(); ++k) {
      Instruction* value = builder_.emit(Opcode::TupleItem, {found});
      value->index = static_cast<std::int64_t>(k);
      pattern(*values[k].node, value, fail, captures);
    }
    if (rest.empty()) return;
    // rest = dict(subject), then del rest[key] for each key, in order.
    const Node& position = *pattern_position_;
    at(position, {"BUILD_MAP"});
    Instruction* copy = builder_.emit(Opcode::BuildDict);
    at(position, {"DICT_UPDATE"});
    builder_.emit(Opcode::DictUpdate, {copy, subject});
    for (size_t k = 0; k < keys.size(); ++k) {
      Instruction* key = builder_.emit(Opcode::TupleItem, {key_tuple});
      key->index = static_cast<std::int64_t>(k);
      at(position, {"DELETE_SUBSCR"});
      builder_.emit(Opcode::DeleteItem, {copy, key});
    }
    captures.push_back({rest, copy});
  }

  // Cls(a, b, x=c) (compiler_pattern_class): an instance of Cls whose
  // attributes (named by __match_args__, then by keyword) match.
  void class_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures) {
    Instruction* cls = expression(*p.child("cls"));
    const BytecodeInstruction& match = at(p, {"MATCH_CLASS"});
    Instruction* keywords = load_constant(index_.before(match.offset), p);
    const auto& positional = p.list("patterns");
    Instruction* attributes = builder_.emit(Opcode::MatchClass, {subject, cls, keywords});
    attributes->index = static_cast<std::int64_t>(positional.size());
    match_or_fail_if_null(attributes, fail);
    std::vector<const Node*> parts;
    for (const ast::Value& v : positional) parts.push_back(v.node.get());
    for (const ast::Value& v : p.list("kwd_patterns")) parts.push_back(v.node.get());
    for (size_t k = 0; k < parts.size(); ++k) {
      if (is_wildcard(*parts[k])) continue;  // not compiled as a pattern
      Instruction* attribute = builder_.emit(Opcode::TupleItem, {attributes});
      attribute->index = static_cast<std::int64_t>(k);
      pattern(*parts[k], attribute, fail, captures);
    }
  }

  // a | b | c (compiler_pattern_or): the first alternative that matches.
  // Each binds the same names; their values meet in phis, in the order of
  // the first alternative's stores.
  void or_pattern(const Node& p, Instruction* subject, BasicBlock* fail, Captures& captures) {
    const auto& alternatives = p.list("patterns");
    BasicBlock* matched = function_.add_block();
    std::vector<std::string> names;
    std::vector<std::vector<Instruction*>> incoming;  // per name, per alternative
    std::vector<BasicBlock*> from;
    for (size_t k = 0; k < alternatives.size(); ++k) {
      BasicBlock* next = k + 1 < alternatives.size() ? function_.add_block() : fail;
      Captures bound;
      pattern(*alternatives[k].node, subject, next, bound);
      if (k == 0) {
        for (const Capture& c : bound) names.push_back(c.name);
        incoming.resize(names.size());
      }
      if (bound.size() != names.size()) unsupported("alternatives binding different names, " + describe(p));
      for (size_t n = 0; n < names.size(); ++n) {
        auto same = std::find_if(bound.begin(), bound.end(),
                                 [&](const Capture& c) { return c.name == names[n]; });
        if (same == bound.end()) unsupported("alternatives binding different names, " + describe(p));
        incoming[n].push_back(same->value);
      }
      from.push_back(builder_.block());
      builder_.jump(matched);
      builder_.set_block(next);
    }
    builder_.set_block(matched);
    for (size_t n = 0; n < names.size(); ++n) {
      Instruction* phi = builder_.emit(Opcode::Phi, incoming[n]);
      phi->targets = from;
      captures.push_back({names[n], phi});
    }
  }

  // ---- conditions -----------------------------------------------------
  // Branches on the truth of `test`; `statement` is the if/while/assert,
  // whose position CPython gives some of its condition jumps. After a
  // comparison, CPython leaves the position at it: the condition's later
  // jumps have the comparison's position.
  void branch_on(const Node& test, const Node& statement, BasicBlock* if_true,
                 BasicBlock* if_false) {
    if (condition_depth_++ == 0) last_comparison_ = nullptr;
    branch_on_parts(test, statement, if_true, if_false);
    --condition_depth_;
  }

  void branch_on_parts(const Node& test, const Node& statement, BasicBlock* if_true,
                       BasicBlock* if_false) {
    if (test.kind == NodeKind::Constant || is_debug_name(test)) {
      builder_.jump(is_debug_name(test) || constant_truth(test) ? if_true : if_false);
      return;
    }
    if (test.kind == NodeKind::IfExp) {  // each arm is a condition, as CPython compiles it
      BasicBlock* yes = function_.add_block();
      BasicBlock* no = function_.add_block();
      const Node& condition = *test.child("test");
      branch_on(condition, statement, yes, no);
      builder_.set_block(yes);
      branch_on(*test.child("body"), statement, if_true, if_false);
      builder_.set_block(no);
      branch_on(*test.child("orelse"), statement, if_true, if_false);
      return;
    }
    if (test.kind == NodeKind::UnaryOp && test.child("op")->kind == NodeKind::Not) {
      branch_on(*test.child("operand"), statement, if_false, if_true);
      return;
    }
    if (test.kind == NodeKind::BoolOp) {  // short-circuit jumps, as CPython compiles them
      const bool is_or = test.child("op")->kind == NodeKind::Or;
      const auto& values = test.list("values");
      for (size_t i = 0; i + 1 < values.size(); ++i) {
        const Node& value = *values[i].node;
        if (value.kind == NodeKind::Constant || is_debug_name(value)) {
          // A constant operand: CPython drops it, or what it short-circuits.
          if ((is_debug_name(value) || constant_truth(value)) == is_or) {
            builder_.jump(is_or ? if_true : if_false);
            return;
          }
          continue;
        }
        BasicBlock* next = function_.add_block();
        if (is_or) {
          branch_on(*values[i].node, statement, if_true, next);
        } else {
          branch_on(*values[i].node, statement, next, if_false);
        }
        builder_.set_block(next);
      }
      branch_on(*values.back().node, statement, if_true, if_false);
      return;
    }
    if (const Instruction* fused = compare_branch(test)) {
      index_.find(test, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",  // fused in
                         "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE"});
      last_comparison_ = &test;
      builder_.branch(const_cast<Instruction*>(fused), if_true, if_false);
      return;
    }
    Instruction* value = expression(test);
    const BytecodeInstruction* jump = index_.find(
        test, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
               "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE", "JUMP_IF_FALSE_OR_POP",
               "JUMP_IF_TRUE_OR_POP"});
    if (jump == nullptr) {
      jump = index_.find(last_comparison_ ? *last_comparison_ : statement,
                         {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
                          "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE"});
    }
    if (test.kind == NodeKind::Compare) last_comparison_ = &test;
    if (jump != nullptr) builder_.set_position(jump->line, jump->offset);
    builder_.branch(builder_.emit(Opcode::IsTrue, {value}), if_true, if_false);
  }

  // `a < b` tested by a branch: one op giving the truth, without the bool
  // object (COMPARE_OP then POP_JUMP_IF_*; both have the comparison's
  // position). Null for anything but one rich comparison.
  Instruction* compare_branch(const Node& test) {
    if (test.kind != NodeKind::Compare || test.list("ops").size() != 1) return nullptr;
    std::optional<ir::CompareKind> kind = rich_comparison(test.list("ops")[0].node->kind);
    if (!kind) return nullptr;
    Instruction* left = expression(*test.child("left"));
    Instruction* right = expression(*test.list("comparators")[0].node);
    at(test, {"COMPARE_OP"});
    Instruction* truth = builder_.emit(Opcode::CompareBool, {left, right});
    truth->index = static_cast<int>(*kind);
    return truth;
  }

  // An int or float literal (or one negated), for the emitter's choice of
  // unboxed arithmetic, or a str literal, for its string comparisons;
  // anything else is just an object.
  static ir::TypeKind constant_type(const Node& e) {
    if (e.kind == NodeKind::UnaryOp && e.child("op")->kind == NodeKind::USub) {
      const ir::TypeKind negated = constant_type(*e.child("operand"));
      return negated == ir::TypeKind::Int || negated == ir::TypeKind::Float ? negated
                                                                             : ir::TypeKind::Object;
    }
    if (e.kind != NodeKind::Constant) return ir::TypeKind::Object;
    switch (e.constant("value")->kind) {
      case ast::Constant::Kind::Int:
        return ir::TypeKind::Int;
      case ast::Constant::Kind::Float:
        return ir::TypeKind::Float;
      case ast::Constant::Kind::Str:
        return ir::TypeKind::Str;
      default:
        return ir::TypeKind::Object;
    }
  }

  static bool constant_truth(const Node& constant) {
    using Kind = ast::Constant::Kind;
    const ast::Constant& c = *constant.constant("value");
    switch (c.kind) {
      case Kind::None:
      case Kind::False:
        return false;
      case Kind::True:
      case Kind::Ellipsis:
        return true;
      case Kind::Int:
        return c.text != "0";
      case Kind::Str:
      case Kind::Bytes:
        return !c.text.empty();
      default:
        unsupported("truth of a float or complex constant");
    }
  }

  // ---- expressions ----------------------------------------------------
  Instruction* expression(const Node& e) {
    if (e.kind == NodeKind::BinOp) {
      if (Instruction* formatted = percent_format(e)) return formatted;
    }
    if (is_debug_name(e)) {  // folded to True (the code is compiled without -O)
      if (const BytecodeInstruction* load =
              index_.find_constant(e, [&](int i) { return code_.const_reprs.at(i) == "True"; })) {
        Instruction* c = builder_.emit(Opcode::LoadConst);
        c->index = load->arg;
        return c;
      }
      Instruction* truth = builder_.emit(Opcode::ConstantBool);
      truth->index = 1;
      return builder_.emit(Opcode::LoadBool, {truth});
    }
    // Constants, including those CPython folded ((1, 2), -1, "a" * 3). Only
    // an expression of constants can be folded; another LOAD_CONST at the
    // same position (an implicit `return None`) is not its value.
    if (is_constant_tree(e)) {
      const BytecodeInstruction* load = index_.find_constant(e, [&](int index) {
        const std::string& repr = code_.const_reprs.at(index);
        // A literal is its own repr; a folded tree is never None.
        return e.kind == NodeKind::Constant ? repr == e.constant("value")->repr : repr != "None";
      });
      if (load != nullptr) {
        Instruction* c = builder_.emit(Opcode::LoadConst);
        c->index = load->arg;
        c->type = constant_type(e);
        return c;
      }
      if (e.kind == NodeKind::Constant) {
        // `x is None` compiles to a jump on None, and `return False` in an
        // except clause loads its constant elsewhere: singletons need none.
        switch (e.constant("value")->kind) {
          case ast::Constant::Kind::None:
            return builder_.emit(Opcode::LoadNone);
          case ast::Constant::Kind::True:
          case ast::Constant::Kind::False: {
            Instruction* truth = builder_.emit(Opcode::ConstantBool);
            truth->index = e.constant("value")->kind == ast::Constant::Kind::True;
            return builder_.emit(Opcode::LoadBool, {truth});
          }
          default:
            break;
        }
        // Loaded elsewhere (`return "x"` through a finally body loads it
        // after the body): any constant with the same repr is the same value.
        const std::string& repr = e.constant("value")->repr;
        for (size_t k = 0; k < code_.const_reprs.size(); ++k) {
          if (!repr.empty() && code_.const_reprs[k] == repr) {
            Instruction* c = builder_.emit(Opcode::LoadConst);
            c->index = static_cast<std::int64_t>(k);
            return c;
          }
        }
        unsupported("no LOAD_CONST for " + describe(e));
      }
    }
    switch (e.kind) {
      case NodeKind::Name:
        return name_load(e);
      case NodeKind::Attribute:
        return attribute_load(e, expression(*e.child("value")), {"LOAD_ATTR"});
      case NodeKind::BinOp: {
        Instruction* left = expression(*e.child("left"));
        Instruction* right = expression(*e.child("right"));
        at(e, {"BINARY_OP"});
        Instruction* r = builder_.emit(Opcode::BinaryOp, {left, right});
        r->index = static_cast<int>(binary_kind(*e.child("op")));
        return r;
      }
      case NodeKind::UnaryOp:
        return unary(e);
      case NodeKind::BoolOp:
        return bool_op(e);
      case NodeKind::Compare:
        return compare(e);
      case NodeKind::Call:
        return call(e);
      case NodeKind::Slice:
        return slice_object(e);
      case NodeKind::Subscript: {
        Instruction* object = expression(*e.child("value"));
        const Node& slice = *e.child("slice");
        if (slice.kind == NodeKind::Slice && slice.child("step") == nullptr) {
          // a[b:c] needs no slice object for lists, tuples and strs.
          Instruction* lower = slice_part(slice, "lower");
          Instruction* upper = slice_part(slice, "upper");
          at(slice, {"BUILD_SLICE"});
          at(e, {"BINARY_SUBSCR"});
          return builder_.emit(Opcode::GetSlice, {object, lower, upper});
        }
        Instruction* key = expression(slice);
        at(e, {"BINARY_SUBSCR"});
        return builder_.emit(Opcode::GetItem, {object, key});
      }
      case NodeKind::List:
      case NodeKind::Tuple:
      case NodeKind::Set:
        return display(e);
      case NodeKind::Dict:
        return dict_display(e);
      case NodeKind::IfExp:
        return if_expression(e);
      case NodeKind::Lambda:
        return make_function(e);
      case NodeKind::ListComp:
      case NodeKind::SetComp:
      case NodeKind::DictComp:
      case NodeKind::GeneratorExp:
        return comprehension(e);
      case NodeKind::JoinedStr:
        return joined_string(e);
      case NodeKind::Yield: {
        const Node* value = e.child("value");
        Instruction* v = value ? expression(*value) : builder_.emit(Opcode::LoadNone);
        at(e, {"YIELD_VALUE"});
        return builder_.emit(Opcode::Yield, {v});
      }
      case NodeKind::YieldFrom:
      case NodeKind::Await: {
        Instruction* v = expression(*e.child("value"));
        Instruction* iterator;
        if (e.kind == NodeKind::Await) {
          at(e, {"GET_AWAITABLE"});
          iterator = builder_.emit(Opcode::GetAwaitable, {v});
        } else {
          at(e, {"GET_YIELD_FROM_ITER"});
          iterator = builder_.emit(Opcode::GetYieldFromIter, {v});
          iterator->index = (code_.flags & kCoroutineFlags) != 0;
        }
        at(e, {"SEND"});
        return builder_.emit(Opcode::YieldFrom, {iterator});
      }
      case NodeKind::NamedExpr: {
        Instruction* value = expression(*e.child("value"));
        store(*e.child("target"), value);
        return value;
      }
      default:
        unsupported(describe(e));
    }
  }

  // What is iterated or searched (a for loop's or comprehension's iterable,
  // the right side of `in`): CPython's AST optimizer (fold_iter) makes a
  // list display a tuple and a constant set display a frozenset constant.
  Instruction* iterable(const Node& e) {
    if (e.kind != NodeKind::List && e.kind != NodeKind::Set) return expression(e);
    const auto& items = e.list("elts");
    bool all_constant = true;
    for (const ast::Value& v : items) {
      if (v.node->kind == NodeKind::Starred) return expression(e);
      all_constant &= is_constant_tree(*v.node);
    }
    if (all_constant) return folded_tuple(e, "constant");
    if (e.kind == NodeKind::Set) return expression(e);
    std::vector<Instruction*> values;
    for (const ast::Value& v : items) values.push_back(expression(*v.node));
    at(e, {"BUILD_TUPLE"});
    return builder_.emit(Opcode::BuildTuple, values);
  }

  static bool is_debug_name(const Node& e) {
    return e.kind == NodeKind::Name && e.identifier("id") == "__debug__";
  }

  // "<%s: %r>" % (a, b): CPython's AST optimizer (ast_opt.c, optimize_format)
  // compiles it as the f-string f"<{a!s}: {b!r}>" when the format has only
  // %s/%r/%a units with flags, a width and a precision of at most two digits
  // each, and exactly as many units as the tuple has items. nullptr when it
  // does not apply (then the % is a BINARY_OP).
  Instruction* percent_format(const Node& e) {
    const Node& left = *e.child("left");
    const Node& right = *e.child("right");
    if (e.child("op")->kind != NodeKind::Mod || left.kind != NodeKind::Constant ||
        left.constant("value")->kind != ast::Constant::Kind::Str || right.kind != NodeKind::Tuple ||
        is_constant_tree(right)) {  // a constant tuple is folded first: then so is the %
      return nullptr;
    }
    const auto& items = right.list("elts");
    for (const ast::Value& v : items)
      if (v.node->kind == NodeKind::Starred) return nullptr;
    struct Piece {
      std::string literal;  // when item < 0
      int item = -1;
      int conversion = 0;
      std::string spec;
    };
    std::vector<Piece> pieces;
    const std::string& format = left.constant("value")->text;
    size_t pos = 0;
    size_t count = 0;
    while (true) {
      std::string literal;  // up to the next lone %, with %% as %
      while (pos < format.size()) {
        if (format[pos] != '%') {
          literal += format[pos++];
        } else if (pos + 1 < format.size() && format[pos + 1] == '%') {
          literal += '%';
          pos += 2;
        } else {
          break;
        }
      }
      if (!literal.empty()) pieces.push_back({literal});
      if (pos >= format.size()) break;
      if (count >= items.size()) return nullptr;  // more units than items
      ++pos;                                      // the %
      // simple_format_arg_parse: flags, width, precision (each < 3 digits), spec.
      auto next = [&](char* ch) {
        if (pos >= format.size()) return false;
        *ch = format[pos++];
        return true;
      };
      char ch = 0;
      bool left_justify = false;
      while (true) {
        if (!next(&ch)) return nullptr;
        if (ch == '-') {
          left_justify = true;
        } else if (ch != '+' && ch != ' ' && ch != '#' && ch != '0') {
          break;
        }
      }
      int width = -1, precision = -1;
      if (ch >= '0' && ch <= '9') {
        width = 0;
        for (int digits = 0; ch >= '0' && ch <= '9';) {
          width = width * 10 + (ch - '0');
          if (!next(&ch) || ++digits >= 3) return nullptr;
        }
      }
      if (ch == '.') {
        if (!next(&ch)) return nullptr;
        precision = 0;
        for (int digits = 0; ch >= '0' && ch <= '9';) {
          precision = precision * 10 + (ch - '0');
          if (!next(&ch) || ++digits >= 3) return nullptr;
        }
      }
      if (ch != 's' && ch != 'r' && ch != 'a') return nullptr;
      Piece unit;
      unit.item = static_cast<int>(count++);
      unit.conversion = ch;
      if (!left_justify && width > 0) unit.spec += '>';
      if (width >= 0) unit.spec += std::to_string(width);
      if (precision >= 0) unit.spec += "." + std::to_string(precision);
      pieces.push_back(unit);
    }
    if (count < items.size()) return nullptr;  // more items than units
    if (pieces.size() > 30) unsupported("a long %-format, " + describe(e));  // ''.join(...)
    auto load_string = [&](const std::string& text) {
      for (size_t k = 0; k < code_.const_strs.size(); ++k) {
        if (is_str_constant(static_cast<int>(k), text)) {
          Instruction* c = builder_.emit(Opcode::LoadConst);
          c->index = static_cast<std::int64_t>(k);
          return c;
        }
      }
      unsupported("no constant for a part of the %-format " + describe(e));
    };
    std::vector<Instruction*> parts;
    for (const Piece& piece : pieces) {
      if (piece.item < 0) {
        parts.push_back(load_string(piece.literal));
        continue;
      }
      const Node& item = *items[piece.item].node;
      std::vector<Instruction*> operands = {expression(item)};
      if (!piece.spec.empty()) operands.push_back(load_string(piece.spec));
      at(item, {"FORMAT_VALUE"});
      Instruction* f = builder_.emit(Opcode::FormatValue, operands);
      f->index = piece.conversion;
      parts.push_back(f);
    }
    if (parts.size() == 1) return parts[0];
    at(e, {"BUILD_STRING"});
    return builder_.emit(Opcode::BuildString, parts);
  }

  // Whether constant `index` of the code is the str `text` (UTF-8).
  bool is_str_constant(int index, const std::string& text) const {
    const std::optional<std::string>& value = code_.const_strs.at(index);
    return value && *value == text;
  }

  static bool is_constant_tree(const Node& e) {
    switch (e.kind) {
      case NodeKind::Constant:
        return true;
      case NodeKind::Tuple:
        for (const ast::Value& v : e.list("elts"))
          if (!is_constant_tree(*v.node)) return false;
        return true;
      case NodeKind::UnaryOp:
        return is_constant_tree(*e.child("operand"));
      case NodeKind::BinOp:
        return is_constant_tree(*e.child("left")) && is_constant_tree(*e.child("right"));
      case NodeKind::Subscript:
        return is_constant_tree(*e.child("value")) && is_constant_tree(*e.child("slice"));
      default:
        return false;
    }
  }

  Instruction* name_load(const Node& e) {
    std::string name = identifier(e, "id");
    if (namespace_scope_) {
      const BytecodeInstruction& load =
          at(e, {"LOAD_NAME", "LOAD_GLOBAL", "LOAD_CLASSDEREF", "LOAD_DEREF"});
      const Opcode op = load.opname == "LOAD_NAME"         ? Opcode::LoadName
                        : load.opname == "LOAD_GLOBAL"     ? Opcode::LoadGlobal
                        : load.opname == "LOAD_CLASSDEREF" ? Opcode::LoadClassDeref
                                                           : Opcode::LoadDeref;
      Instruction* l = builder_.emit(op);
      l->index = op == Opcode::LoadGlobal ? name_index(name, e) : load.arg;
      l->name = name;
      return l;
    }
    if (cells_.count(name)) {
      const BytecodeInstruction& load = at(e, {"LOAD_DEREF"});
      Instruction* l = builder_.emit(Opcode::LoadDeref);
      l->index = load.arg;
      l->name = name;
      return l;
    }
    auto slot = slots_.find(name);
    if (slot != slots_.end()) {
      at(e, {"LOAD_FAST"});
      Instruction* l = builder_.emit(Opcode::LoadFast);
      l->index = slot->second;
      l->name = name;
      return l;
    }
    at(e, {"LOAD_GLOBAL"});
    Instruction* g = builder_.emit(Opcode::LoadGlobal);
    g->index = name_index(name, e);
    g->name = name;
    return g;
  }

  Instruction* attribute_load(const Node& e, Instruction* object,
                              std::initializer_list<std::string_view> opnames) {
    const BytecodeInstruction* load = index_.find_attribute_load(e, opnames);
    if (load == nullptr) unsupported("no CPython instruction matches " + describe(e));
    builder_.set_position(load->line > 0 ? load->line : e.range.line, load->offset);
    Instruction* a = builder_.emit(Opcode::LoadAttr, {object});
    a->name = identifier(e, "attr");
    a->index = name_index(a->name, e);
    return a;
  }

  // A bound of a slice (lower, upper, step): its value, or None when absent.
  Instruction* slice_part(const Node& slice, const char* field) {
    const Node* n = slice.child(field);
    return n ? expression(*n) : builder_.emit(Opcode::LoadNone);
  }

  // lower:upper:step, as a subscript or an item of a subscript's tuple.
  Instruction* slice_object(const Node& slice) {
    Instruction* lower = slice_part(slice, "lower");
    Instruction* upper = slice_part(slice, "upper");
    Instruction* step = slice_part(slice, "step");
    at(slice, {"BUILD_SLICE"});
    return builder_.emit(Opcode::BuildSlice, {lower, upper, step});
  }

  Instruction* unary(const Node& e) {
    const Node& op = *e.child("op");
    const Node& inner = *e.child("operand");
    if (op.kind == NodeKind::Not && inner.kind == NodeKind::Compare && inner.list("ops").size() == 1) {
      // not (a in b) is a not in b, and so on (fold_unaryop): one test, at the comparison.
      static const std::map<NodeKind, NodeKind> inverse = {
          {NodeKind::In, NodeKind::NotIn}, {NodeKind::NotIn, NodeKind::In},
          {NodeKind::Is, NodeKind::IsNot}, {NodeKind::IsNot, NodeKind::Is}};
      auto inverted = inverse.find(inner.list("ops")[0].node->kind);
      if (inverted != inverse.end()) {
        Instruction* left = expression(*inner.child("left"));
        const Node& right = *inner.list("comparators")[0].node;
        const bool folds = inverted->second == NodeKind::In || inverted->second == NodeKind::NotIn;
        return compare_one(inner, inverted->second, left, folds ? iterable(right) : expression(right));
      }
    }
    Instruction* operand = expression(inner);
    if (op.kind == NodeKind::Not) {
      at(e, {"UNARY_NOT"});
      Instruction* truth = builder_.emit(Opcode::IsTrue, {operand});
      Instruction* b = builder_.emit(Opcode::LoadBool, {builder_.emit(Opcode::Not, {truth})});
      return b;
    }
    ir::UnaryKind kind = op.kind == NodeKind::USub   ? ir::UnaryKind::Negative
                         : op.kind == NodeKind::UAdd ? ir::UnaryKind::Positive
                                                     : ir::UnaryKind::Invert;
    at(e, {"UNARY_NEGATIVE", "UNARY_POSITIVE", "UNARY_INVERT"});
    Instruction* r = builder_.emit(Opcode::UnaryOp, {operand});
    r->index = static_cast<int>(kind);
    return r;
  }

  // a and b / a or b: the value of the last operand evaluated.
  Instruction* bool_op(const Node& e) {
    const bool is_or = e.child("op")->kind == NodeKind::Or;
    const auto& values = e.list("values");
    BasicBlock* done = function_.add_block();
    std::vector<Instruction*> incoming;
    std::vector<BasicBlock*> from;
    for (size_t i = 0; i < values.size(); ++i) {
      const Node& value = *values[i].node;
      if (i + 1 < values.size() && (value.kind == NodeKind::Constant || is_debug_name(value))) {
        // A constant operand: CPython drops it, or keeps it as the result
        // when it short-circuits, dropping the rest.
        if ((is_debug_name(value) || constant_truth(value)) != is_or) continue;
        incoming.push_back(expression(value));
        from.push_back(builder_.block());
        builder_.jump(done);
        break;
      }
      Instruction* v = expression(value);
      if (i + 1 == values.size()) {
        incoming.push_back(v);
        from.push_back(builder_.block());
        builder_.jump(done);
        break;
      }
      BasicBlock* next = function_.add_block();
      at(e, {is_or ? "JUMP_IF_TRUE_OR_POP" : "JUMP_IF_FALSE_OR_POP", "*"});
      Instruction* truth = builder_.emit(Opcode::IsTrue, {v});
      incoming.push_back(v);
      from.push_back(builder_.block());
      if (is_or) {
        builder_.branch(truth, done, next);
      } else {
        builder_.branch(truth, next, done);
      }
      builder_.set_block(next);
    }
    builder_.set_block(done);
    Instruction* phi = builder_.emit(Opcode::Phi, incoming);
    phi->targets = from;
    return phi;
  }

  Instruction* compare(const Node& e) {
    const auto& ops = e.list("ops");
    const auto& rights = e.list("comparators");
    Instruction* left = expression(*e.child("left"));
    // The last operand of `in`/`not in` is folded as an iterable (fold_compare).
    auto comparator = [&](size_t i) {
      const NodeKind op = ops[i].node->kind;
      const bool folds = i + 1 == ops.size() && (op == NodeKind::In || op == NodeKind::NotIn);
      return folds ? iterable(*rights[i].node) : expression(*rights[i].node);
    };
    if (ops.size() == 1) return compare_one(e, ops[0].node->kind, left, comparator(0));
    // a < b < c: stop at the first false comparison, whose value is the result.
    BasicBlock* done = function_.add_block();
    std::vector<Instruction*> incoming;
    std::vector<BasicBlock*> from;
    for (size_t i = 0; i < ops.size(); ++i) {
      Instruction* right = comparator(i);
      Instruction* result = compare_one(e, ops[i].node->kind, left, right);
      incoming.push_back(result);
      from.push_back(builder_.block());
      if (i + 1 == ops.size()) {
        builder_.jump(done);
        break;
      }
      BasicBlock* next = function_.add_block();
      builder_.branch(builder_.emit(Opcode::IsTrue, {result}), next, done);
      builder_.set_block(next);
      left = right;
    }
    builder_.set_block(done);
    Instruction* phi = builder_.emit(Opcode::Phi, incoming);
    phi->targets = from;
    return phi;
  }

  Instruction* compare_one(const Node& e, NodeKind op, Instruction* a, Instruction* b) {
    switch (op) {
      case NodeKind::Is:
      case NodeKind::IsNot: {
        Instruction* same = builder_.emit(Opcode::Identical, {a, b});
        if (op == NodeKind::IsNot) same = builder_.emit(Opcode::Not, {same});
        return builder_.emit(Opcode::LoadBool, {same});
      }
      case NodeKind::In:
      case NodeKind::NotIn: {
        at(e, {"CONTAINS_OP"});
        Instruction* in = builder_.emit(Opcode::Contains, {b, a});
        if (op == NodeKind::NotIn) in = builder_.emit(Opcode::Not, {in});
        return builder_.emit(Opcode::LoadBool, {in});
      }
      default: {
        at(e, {"COMPARE_OP"});
        Instruction* r = builder_.emit(Opcode::Compare, {a, b});
        r->index = static_cast<int>(*rich_comparison(op));
        return r;
      }
    }
  }

  Instruction* call(const Node& e) {
    const Node& callee = *e.child("func");
    // obj.name(...): CPython's LOAD_METHOD + CALL, which skip the bound method.
    Instruction* function = nullptr;
    const BytecodeInstruction* method = nullptr;
    if (callee.kind == NodeKind::Attribute) {
      function = expression(*callee.child("value"));
      method = index_.find_attribute_load(callee, {"LOAD_METHOD"});
      if (method == nullptr) function = attribute_load(callee, function, {"LOAD_ATTR"});
    } else {
      function = expression(callee);
    }
    bool unpacks = false;
    for (const ast::Value& a : e.list("args")) unpacks |= a.node->kind == NodeKind::Starred;
    for (const ast::Value& k : e.list("keywords")) unpacks |= k.node->identifier("arg").empty();
    if (unpacks) {
      if (method) unsupported("unpacking in a method call, " + describe(e));
      return call_with_unpacking(e, function);
    }
    std::vector<Instruction*> args;
    for (const ast::Value& a : e.list("args")) args.push_back(expression(*a.node));
    const auto& keywords = e.list("keywords");
    for (const ast::Value& k : keywords) args.push_back(expression(*k.node->child("value")));
    std::int64_t kwnames = -1;
    if (!keywords.empty()) {
      const BytecodeInstruction* names =
          method ? index_.find_at(moved_to_attribute(callee, callee), {"KW_NAMES"})
                 : index_.find(callee.kind == NodeKind::Attribute ? callee : e, {"KW_NAMES"});
      if (names == nullptr) names = index_.find(e, {"KW_NAMES"});
      if (names == nullptr) unsupported("no KW_NAMES for " + describe(e));
      kwnames = names->arg;
    }
    if (method) {
      const BytecodeInstruction* call = index_.find_at(moved_to_attribute(e, callee), {"CALL"});
      if (call == nullptr) unsupported("no CPython instruction matches " + describe(e));
      builder_.set_position(call->line, call->offset);
    } else {
      at(e, {"CALL"});
    }
    std::vector<Instruction*> operands = {function};
    operands.insert(operands.end(), args.begin(), args.end());
    Instruction* c = builder_.emit(method ? Opcode::CallMethod : Opcode::Call, operands);
    c->kwnames = kwnames;
    if (method) {
      c->name = identifier(callee, "attr");
      c->index = name_index(c->name, callee);
      c->method_offset = method->offset;
    }
    return c;
  }

  // The position CPython gives the parts of a method call `node` (the call,
  // or its attribute): when it starts on another line than the method's
  // name ends, it starts at that name (update_start_location_to_match_attr).
  static Range moved_to_attribute(const Node& node, const Node& attribute) {
    Range range = range_of(node);
    if (node.range.line != attribute.range.end_line) {
      const int length = static_cast<int>(attribute.identifier("attr").size());
      std::get<0>(range) = attribute.range.end_line;
      std::get<1>(range) = length <= attribute.range.end_column ? attribute.range.end_column - length : -1;
    }
    return range;
  }

  // f(*a, x, **k): CPython's CALL_FUNCTION_EX, with the positional tuple
  // and the keyword dict built in evaluation order.
  Instruction* call_with_unpacking(const Node& e, Instruction* function) {
    const auto& args = e.list("args");
    Instruction* positional = nullptr;
    if (args.size() == 1 && args[0].node->kind == NodeKind::Starred) {
      positional = expression(*args[0].node->child("value"));  // converted by the call
    } else {
      bool all_constant = true;
      for (const ast::Value& a : args) all_constant &= a.node->kind == NodeKind::Constant;
      const BytecodeInstruction* folded = all_constant ? index_.find(e, {"LOAD_CONST"}) : nullptr;
      std::vector<Instruction*> leading;
      size_t k = 0;
      for (; !folded && k < args.size() && args[k].node->kind != NodeKind::Starred; ++k) {
        leading.push_back(expression(*args[k].node));
      }
      if (folded) {  // f(1, 2, **k): CPython passes one constant tuple
        positional = builder_.emit(Opcode::LoadConst);
        positional->index = folded->arg;
      } else if (k == args.size()) {
        at(e, {"BUILD_TUPLE", "LOAD_CONST", "*"});
        positional = builder_.emit(Opcode::BuildTuple, leading);
      } else {
        at(e, {"BUILD_LIST"});
        Instruction* list = builder_.emit(Opcode::BuildList, leading);
        for (; k < args.size(); ++k) {
          const Node& a = *args[k].node;
          bool starred = a.kind == NodeKind::Starred;
          Instruction* v = expression(starred ? *a.child("value") : a);
          at(e, {starred ? "LIST_EXTEND" : "LIST_APPEND"});
          builder_.emit(starred ? Opcode::ListExtend : Opcode::ListAppend, {list, v});
        }
        at(e, {"LIST_TO_TUPLE"});
        positional = builder_.emit(Opcode::ListToTuple, {list});
      }
    }
    std::vector<Instruction*> operands = {function, positional};
    const auto& keywords = e.list("keywords");
    if (!keywords.empty()) {
      Instruction* dict = nullptr;
      std::vector<Instruction*> group;  // key, value, ... of plain keywords
      auto flush = [&] {
        if (group.empty()) return;
        at(e, {"BUILD_MAP", "BUILD_CONST_KEY_MAP"});
        Instruction* part = builder_.emit(Opcode::BuildDict, group);
        group.clear();
        if (dict == nullptr) {
          dict = part;
        } else {
          at(e, {"DICT_MERGE"});
          builder_.emit(Opcode::DictMerge, {function, dict, part});
        }
      };
      for (const ast::Value& k : keywords) {
        std::string_view name = k.node->identifier("arg");
        if (!name.empty()) {
          Instruction* key = builder_.emit(Opcode::LoadString);
          key->name = std::string(name);
          group.push_back(key);
          group.push_back(expression(*k.node->child("value")));
          continue;
        }
        flush();
        if (dict == nullptr) {
          at(e, {"BUILD_MAP"});
          dict = builder_.emit(Opcode::BuildDict);
        }
        Instruction* mapping = expression(*k.node->child("value"));
        at(e, {"DICT_MERGE"});
        builder_.emit(Opcode::DictMerge, {function, dict, mapping});
      }
      flush();
      operands.push_back(dict);
    }
    at(e, {"CALL_FUNCTION_EX"});
    return builder_.emit(Opcode::CallEx, operands);
  }

  Instruction* display(const Node& e) {
    // [1, 2, 3] and {1, 2, 3}: CPython loads the items as one folded constant.
    if (e.kind != NodeKind::Tuple) {
      if (const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
          load && std::make_tuple(load->line, load->column, load->end_line, load->end_column) ==
                      range_of(e)) {
        Instruction* items = builder_.emit(Opcode::LoadConst);
        items->index = load->arg;
        at(e, {"LIST_EXTEND", "SET_UPDATE"});
        return builder_.emit(
            e.kind == NodeKind::List ? Opcode::ListFromConstant : Opcode::SetFromConstant, {items});
      }
    }
    for (const ast::Value& v : e.list("elts")) {
      if (v.node->kind == NodeKind::Starred) return starred_display(e);
    }
    std::vector<Instruction*> items;
    for (const ast::Value& v : e.list("elts")) items.push_back(expression(*v.node));
    Opcode op = e.kind == NodeKind::List ? Opcode::BuildList
                : e.kind == NodeKind::Set ? Opcode::BuildSet
                                          : Opcode::BuildTuple;
    at(e, {"BUILD_LIST", "BUILD_SET", "BUILD_TUPLE", "LIST_EXTEND", "SET_UPDATE", "*"});
    return builder_.emit(op, items);
  }

  // (a, *b, c), [*b, c], {*b, c}: CPython builds a list (a set) of the items
  // before the first star, then extends or appends item by item; a tuple is
  // the list converted (starunpack_helper).
  Instruction* starred_display(const Node& e) {
    const auto& elements = e.list("elts");
    if (elements.size() > 30) unsupported("a long display with a starred item, " + describe(e));
    const bool is_set = e.kind == NodeKind::Set;
    std::vector<Instruction*> leading;
    size_t k = 0;
    for (; elements[k].node->kind != NodeKind::Starred; ++k) leading.push_back(expression(*elements[k].node));
    at(e, {is_set ? "BUILD_SET" : "BUILD_LIST"});
    Instruction* built = builder_.emit(is_set ? Opcode::BuildSet : Opcode::BuildList, leading);
    for (; k < elements.size(); ++k) {
      const Node& element = *elements[k].node;
      const bool starred = element.kind == NodeKind::Starred;
      Instruction* v = expression(starred ? *element.child("value") : element);
      if (is_set) {
        at(e, {starred ? "SET_UPDATE" : "SET_ADD"});
        builder_.emit(starred ? Opcode::SetUpdate : Opcode::SetAdd, {built, v});
      } else {
        at(e, {starred ? "LIST_EXTEND" : "LIST_APPEND"});
        builder_.emit(starred ? Opcode::ListExtend : Opcode::ListAppend, {built, v});
      }
    }
    if (e.kind != NodeKind::Tuple) return built;
    at(e, {"LIST_TO_TUPLE"});
    return builder_.emit(Opcode::ListToTuple, {built});
  }

  // {"a": 1, **m, k: v}, and displays of more than 15 entries: runs of plain
  // entries become dicts (compiler_subdict; one of more than 15 entries is
  // filled by MAP_ADD), merged into the first with DICT_UPDATE, as each **
  // mapping is (compiler_dict).
  Instruction* dict_display_with_unpacking(const Node& e) {
    const auto& keys = e.list("keys");
    const auto& values = e.list("values");
    Instruction* dict = nullptr;
    auto subdict = [&](size_t begin, size_t end) {
      const size_t n = end - begin;
      const bool big = n * 2 > 30;
      bool constant_keys = n > 1 && !big;
      // (keys as CPython's AST optimizer folds them: ("a", 1) is a constant)
      for (size_t i = begin; i < end; ++i) constant_keys &= is_constant_tree(*keys[i].node);
      Instruction* part;
      if (constant_keys) {
        std::vector<Instruction*> items;
        for (size_t i = begin; i < end; ++i) items.push_back(expression(*values[i].node));
        const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
        if (load == nullptr) unsupported("no key tuple for " + describe(e));
        Instruction* names = builder_.emit(Opcode::LoadConst);
        names->index = load->arg;
        items.insert(items.begin(), names);
        at(e, {"BUILD_CONST_KEY_MAP"});
        part = builder_.emit(Opcode::BuildDictFromKeys, items);
      } else if (big) {
        at(e, {"BUILD_MAP"});
        part = builder_.emit(Opcode::BuildDict);
        for (size_t i = begin; i < end; ++i) {
          Instruction* key = expression(*keys[i].node);
          Instruction* value = expression(*values[i].node);
          at(e, {"MAP_ADD"});
          builder_.emit(Opcode::SetItem, {part, key, value});
        }
      } else {
        std::vector<Instruction*> items;
        for (size_t i = begin; i < end; ++i) {
          items.push_back(expression(*keys[i].node));
          items.push_back(expression(*values[i].node));
        }
        at(e, {"BUILD_MAP"});
        part = builder_.emit(Opcode::BuildDict, items);
      }
      if (dict == nullptr) {
        dict = part;
      } else {
        at(e, {"DICT_UPDATE"});
        builder_.emit(Opcode::DictUpdate, {dict, part});
      }
    };
    size_t run = 0;  // plain entries not yet built
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].tag != ast::Value::Tag::None) {
        if (run * 2 > 30) {  // a long run is built up to this entry
          subdict(i - run, i + 1);
          run = 0;
        } else {
          ++run;
        }
        continue;
      }
      if (run) subdict(i - run, i);
      run = 0;
      if (dict == nullptr) {
        at(e, {"BUILD_MAP"});
        dict = builder_.emit(Opcode::BuildDict);
      }
      Instruction* mapping = expression(*values[i].node);
      at(e, {"DICT_UPDATE"});
      builder_.emit(Opcode::DictUpdate, {dict, mapping});
    }
    if (run) subdict(keys.size() - run, keys.size());
    return dict;
  }

  Instruction* dict_display(const Node& e) {
    std::vector<Instruction*> items;
    const auto& keys = e.list("keys");
    const auto& values = e.list("values");
    // {"a": x, "b": y}: CPython evaluates the values, then loads the keys as
    // one folded tuple (BUILD_CONST_KEY_MAP).
    // (A large dict is built in chunks: then the counts differ.)
    if (keys.size() > 15) return dict_display_with_unpacking(e);
    for (const ast::Value& k : keys)
      if (k.tag == ast::Value::Tag::None) return dict_display_with_unpacking(e);
    const BytecodeInstruction* build = index_.find(e, {"BUILD_CONST_KEY_MAP"});
    if (build != nullptr && build->arg == static_cast<int>(values.size())) {
      for (const ast::Value& v : values) items.push_back(expression(*v.node));
      const BytecodeInstruction* load = index_.find(e, {"LOAD_CONST"});
      if (load == nullptr || load->offset > build->offset) unsupported("no key tuple for " + describe(e));
      Instruction* names = builder_.emit(Opcode::LoadConst);
      names->index = load->arg;
      items.insert(items.begin(), names);
      builder_.set_position(build->line, build->offset);
      return builder_.emit(Opcode::BuildDictFromKeys, items);
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i].tag == ast::Value::Tag::None) unsupported("**mapping in " + describe(e));
      items.push_back(expression(*keys[i].node));
      items.push_back(expression(*values[i].node));
    }
    at(e, {"BUILD_MAP", "BUILD_CONST_KEY_MAP", "*"});
    return builder_.emit(Opcode::BuildDict, items);
  }

  Instruction* if_expression(const Node& e) {
    BasicBlock* yes = function_.add_block();
    BasicBlock* no = function_.add_block();
    branch_on(*e.child("test"), e, yes, no);
    if (!reachable(yes) || !reachable(no)) {  // a constant test: CPython compiles one arm
      const bool body_runs = reachable(yes);
      builder_.set_block(body_runs ? no : yes);
      builder_.emit(Opcode::Unreachable);
      builder_.set_block(body_runs ? yes : no);
      return expression(*e.child(body_runs ? "body" : "orelse"));
    }
    BasicBlock* done = function_.add_block();
    builder_.set_block(yes);
    Instruction* a = expression(*e.child("body"));
    BasicBlock* a_end = builder_.block();
    builder_.jump(done);
    builder_.set_block(no);
    Instruction* b = expression(*e.child("orelse"));
    BasicBlock* b_end = builder_.block();
    builder_.jump(done);
    builder_.set_block(done);
    Instruction* phi = builder_.emit(Opcode::Phi, {a, b});
    phi->targets = {a_end, b_end};
    return phi;
  }

  // f"...": CPython gives every part the whole string's position, so parts
  // are matched to its instructions in order.
  Instruction* joined_string(const Node& e) {
    const auto& values = e.list("values");
    if (values.size() == 1 && values[0].node->kind == NodeKind::Constant) {
      // f"text" without placeholders is its text, one constant.
      const std::string& repr = values[0].node->constant("value")->repr;
      const BytecodeInstruction* load =
          index_.find_constant(e, [&](int i) { return code_.const_reprs.at(i) == repr; });
      if (load == nullptr) unsupported("no LOAD_CONST for " + describe(e));
      Instruction* c = builder_.emit(Opcode::LoadConst);
      c->index = load->arg;
      return c;
    }
    std::vector<Instruction*> parts;
    for (const ast::Value& v : e.list("values")) {
      const Node& part = *v.node;
      if (part.kind == NodeKind::Constant) {
        const BytecodeInstruction* load = index_.find_constant(part, [&](int index) {
          return code_.const_reprs.at(index) == part.constant("value")->repr;
        });
        if (load == nullptr) unsupported("no LOAD_CONST for a part of " + describe(e));
        Instruction* c = builder_.emit(Opcode::LoadConst);
        c->index = load->arg;
        parts.push_back(c);
      } else {
        parts.push_back(formatted_value(part));
      }
    }
    if (parts.size() == 1 && e.list("values")[0].node->kind == NodeKind::FormattedValue) {
      return parts[0];
    }
    at(e, {"BUILD_STRING"});
    return builder_.emit(Opcode::BuildString, parts);
  }

  Instruction* formatted_value(const Node& part) {
    Instruction* value = expression(*part.child("value"));
    std::vector<Instruction*> operands = {value};
    if (const Node* spec = part.child("format_spec")) operands.push_back(joined_string(*spec));
    at(part, {"FORMAT_VALUE"});
    Instruction* f = builder_.emit(Opcode::FormatValue, operands);
    f->index = part.integer("conversion");
    return f;
  }

  static ir::BinaryKind binary_kind(const Node& op) {
    static const std::map<NodeKind, ir::BinaryKind> kinds = {
        {NodeKind::Add, ir::BinaryKind::Add},           {NodeKind::BitAnd, ir::BinaryKind::And},
        {NodeKind::FloorDiv, ir::BinaryKind::FloorDivide}, {NodeKind::LShift, ir::BinaryKind::LShift},
        {NodeKind::MatMult, ir::BinaryKind::MatMul},    {NodeKind::Mult, ir::BinaryKind::Multiply},
        {NodeKind::Mod, ir::BinaryKind::Remainder},     {NodeKind::BitOr, ir::BinaryKind::Or},
        {NodeKind::Pow, ir::BinaryKind::Power},         {NodeKind::RShift, ir::BinaryKind::RShift},
        {NodeKind::Sub, ir::BinaryKind::Subtract},      {NodeKind::Div, ir::BinaryKind::TrueDivide},
        {NodeKind::BitXor, ir::BinaryKind::Xor}};
    return kinds.at(op.kind);
  }

  const Node& def_;
  const CodeObjectInfo& code_;
  ir::Function& function_;
  ir::Builder builder_;
  InstructionIndex index_;
  std::map<std::string, int> slots_;
  std::set<std::string> cells_;
  std::map<std::string, int> names_;
  std::vector<Loop> loops_;
  std::vector<ActiveClause> clauses_;
  std::string class_name_;  // the innermost enclosing class, for mangling
  // A class or module body keeps its names in the frame's namespace
  // (f_locals): LOAD_NAME, STORE_NAME... instead of fast locals.
  const bool namespace_scope_ =
      def_.kind == NodeKind::ClassDef || def_.kind == NodeKind::Module;
  int cursor_ = -1;  // the last instruction lowered, in code order (comprehension bodies)
  const Node* pattern_position_ = nullptr;  // the pattern CPython compiled last
  int condition_depth_ = 0;  // branch_on calls under way
  const Node* last_comparison_ = nullptr;  // of the condition being lowered
};

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
                                          const std::vector<CodeObjectInfo>& code_objects) {
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
                               ((code->flags & 0x04) ? 1 : 0) + ((code->flags & 0x08) ? 1 : 0);
    try {
      FunctionLowerer(*site.node, *code, *function, site.class_name).lower();
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
