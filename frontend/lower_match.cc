// Lowering match statements and their patterns (FunctionLowerer of
// lowering.h). As CPython compiles them (compile.c, compiler_match): each case tests
// its pattern against the subject and binds what the pattern captured
// only once all of it matched, then tests the guard; a pattern or guard
// that fails goes on to the next case. CPython gives each instruction of
// a pattern the position of the (sub)pattern compiled last (it sets the
// position on entering one and never restores it): `pattern_position_`.

#include "frontend/lowering.h"

#include <algorithm>

namespace pyaot::frontend::lowering {

void FunctionLowerer::match_statement(const Node& s) {
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

bool FunctionLowerer::is_wildcard(const Node& p) {
  return (p.kind == NodeKind::MatchAs || p.kind == NodeKind::MatchStar) &&
         p.child("pattern") == nullptr && p.identifier("name").empty();
}

// Tests `subject` against pattern `p` (compiler_pattern): goes on in a new
// block if it matches, else to `fail`; adds what it captures, in
// CPython's order of stores.
void FunctionLowerer::pattern(const Node& p, Instruction* subject, BasicBlock* fail,
                              Captures& captures) {
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
void FunctionLowerer::match_or_fail(Instruction* matched, BasicBlock* fail) {
  index_.find(*pattern_position_, {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_NONE",
                                   "POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_FALSE",
                                   "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"});
  BasicBlock* matches = function_.add_block();
  builder_.branch(matched, matches, fail);
  builder_.set_block(matches);
}

// As match_or_fail, for a result that is NULL when it does not match.
void FunctionLowerer::match_or_fail_if_null(Instruction* result, BasicBlock* fail) {
  index_.find(*pattern_position_, {"POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NONE"});
  BasicBlock* matches = function_.add_block();
  Instruction* test = builder_.emit(Opcode::BranchIfNull, {result});
  test->targets = {fail, matches};
  builder_.set_block(matches);
}

Instruction* FunctionLowerer::load_constant(const BytecodeInstruction* load, const Node& node) {
  if (load == nullptr || load->opname != "LOAD_CONST") unsupported("no constant for " + describe(node));
  Instruction* c = builder_.emit(Opcode::LoadConst);
  c->index = load->arg;
  return c;
}

// len(subject) == / >= the constant CPython loads after GET_LEN.
void FunctionLowerer::length_check(const Node& p, Instruction* subject, ir::CompareKind kind,
                                   BasicBlock* fail) {
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
void FunctionLowerer::sequence_pattern(const Node& p, Instruction* subject, BasicBlock* fail,
                                       Captures& captures) {
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
void FunctionLowerer::mapping_pattern(const Node& p, Instruction* subject, BasicBlock* fail,
                                      Captures& captures) {
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
void FunctionLowerer::class_pattern(const Node& p, Instruction* subject, BasicBlock* fail,
                                    Captures& captures) {
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
void FunctionLowerer::or_pattern(const Node& p, Instruction* subject, BasicBlock* fail,
                                 Captures& captures) {
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

}  // namespace pyaot::frontend::lowering
