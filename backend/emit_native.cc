#include "backend/emit_native.h"

#include "ir/frame_sync.h"
#include "ir/suspend.h"
#include "ir/work.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <stdexcept>

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/MDBuilder.h"

namespace pyaot::backend {
namespace {

using ir::Instruction;
using ir::Opcode;

// Above this many LLVM instructions (before inlining) a body gets the fast
// code generator, loops or not: LLVM's optimizer and code generator grow
// faster than linearly in a body's size (LICM's path checks, register
// allocation), so a 100-line loop body (10,600 instructions) took 62 s of
// CPU, a 1,000-line one did not finish in 15 minutes. The largest bodies
// the benchmarks run hot have 2,200 (b_vm's VM.run); difflib's largest
// has 3,000 and takes 1.5 s.
constexpr unsigned kLargestOptimizedBody = 4000;

// Above this many LLVM instructions (before inlining) an optimized body
// calls its helpers outside its loops: that code runs once per call, like a
// straight-line body's, yet inlined helpers multiplied it about fivefold
// (a parser's function of 2,600 instructions became 13,000). Smaller
// bodies keep them inlined: at 600, b_json's recursive encoder (656) ran
// 2% more instructions.
constexpr unsigned kLargestInlinedOutsideLoops = 1000;

class NativeEmitter {
 public:
  NativeEmitter(const ir::Function& function, llvm::Module& module,
                llvm::DISubprogram* subprogram, DebugMiscompile miscompile, bool optimized)
      : optimized_(optimized),
        f_(function), m_(module), ctx_(module.getContext()), b_(ctx_), subprogram_(subprogram),
        miscompile_(miscompile),
        ptr_(llvm::PointerType::getUnqual(ctx_)), i64_(llvm::Type::getInt64Ty(ctx_)),
        i32_(llvm::Type::getInt32Ty(ctx_)) {}

  llvm::Function* emit(const std::string& symbol) {
    auto* type = llvm::FunctionType::get(ptr_, {ptr_, ptr_, i64_}, false);
    fn_ = llvm::Function::Create(type, llvm::Function::InternalLinkage, symbol, m_);
    copy_target_attributes();
    if (subprogram_ != nullptr) fn_->setSubprogram(subprogram_);
    set_debug_line(f_.first_line);
    llvm::BasicBlock* prologue = llvm::BasicBlock::Create(ctx_, "prologue", fn_);
    for (const auto& block : f_.blocks) {
      blocks_[block.get()] = llvm::BasicBlock::Create(ctx_, "bb" + std::to_string(block->id), fn_);
    }
    b_.SetInsertPoint(prologue);
    frame_ = call("pyaot_frame", {});
    prepare_line_events();
    if (f_.is_generator) prepare_saved_values();
    find_unpacks_in_place();
    for (const ir::BasicBlock* block : emission_order()) {
      b_.SetInsertPoint(blocks_[block]);
      std::vector<const Instruction*> phi_stores;
      for (const auto& i : block->instructions) {
        if (i->op != Opcode::Phi && !phi_stores.empty()) {
          for (const Instruction* phi : phi_stores) b_.CreateStore(values_.at(phi), saved_.at(phi));
          phi_stores.clear();
        }
        set_debug_line(i->line);
        arrays_taken_.clear();
        lower(*i);
        if (i->op == Opcode::Phi && saved_.count(i.get())) phi_stores.push_back(i.get());
      }
      ends_[block] = b_.GetInsertBlock();
    }
    for (auto& [phi, node] : phis_) {
      for (size_t k = 0; k < phi->operands.size(); ++k) {
        llvm::BasicBlock* from = ends_.at(phi->targets[k]);
        const Instruction* incoming = phi->operands[k];
        llvm::Value* v = values_.at(incoming);
        if (saved_.count(incoming)) {
          llvm::IRBuilder<> at_end(from->getTerminator());
          v = at_end.CreateLoad(ptr_, saved_.at(incoming));
        }
        node->addIncoming(v, from);
      }
    }
    for (auto& [phi, node] : number_phis_) {
      for (size_t k = 0; k < phi->operands.size(); ++k) {
        auto found = unboxed_.find(phi->operands[k]);
        node->addIncoming(found != unboxed_.end() ? found->second : zero_of(node->getType()),
                          ends_.at(phi->targets[k]));
      }
    }
    b_.SetInsertPoint(prologue);
    set_debug_line(f_.first_line);
    if (f_.is_generator) {
      // Resume where the body last suspended (state 0: the start).
      llvm::Value* state = call("pyaot_resume_state", {frame_});
      llvm::SwitchInst* dispatch = b_.CreateSwitch(state, blocks_[f_.blocks[0].get()],
                                                   static_cast<unsigned>(resume_blocks_.size()));
      for (auto& [state_number, block] : resume_blocks_) {
        dispatch->addCase(llvm::ConstantInt::get(i64_, state_number), block);
      }
    } else {
      b_.CreateBr(blocks_[f_.blocks[0].get()]);
    }
    if (!fn_->hasOptNone() && fn_->getInstructionCount() > kLargestOptimizedBody) {
      fn_->addFnAttr(llvm::Attribute::OptimizeNone);
      fn_->addFnAttr(llvm::Attribute::NoInline);
    }
    if (fn_->hasOptNone()) {
      call_helpers_out_of_line();
    } else {
      call_cold_helpers_out_of_line();
    }
    return fn_;
  }

 private:
  // Reverse postorder from the entry (then any unreachable blocks): a value
  // is defined before every use outside phis, whatever order the blocks were
  // created in (a loop's exit block can be created before the handler whose
  // values flow into it).
  std::vector<const ir::BasicBlock*> emission_order() const {
    std::vector<const ir::BasicBlock*> postorder;
    std::set<const ir::BasicBlock*> seen;
    std::vector<std::pair<const ir::BasicBlock*, size_t>> stack;
    auto visit = [&](const ir::BasicBlock* block) {
      if (seen.insert(block).second) stack.emplace_back(block, 0);
    };
    visit(f_.blocks[0].get());
    while (!stack.empty()) {
      const ir::BasicBlock* block = stack.back().first;
      std::vector<ir::BasicBlock*> successors = block->successors();
      if (stack.back().second < successors.size()) {
        visit(successors[stack.back().second++]);
        continue;
      }
      postorder.push_back(block);
      stack.pop_back();
    }
    std::vector<const ir::BasicBlock*> order(postorder.rbegin(), postorder.rend());
    for (const auto& block : f_.blocks)
      if (!seen.count(block.get())) order.push_back(block.get());
    return order;
  }

  // What follows is code of source line `line` (0: unknown, the last one stays).
  void set_debug_line(int line) {
    if (subprogram_ == nullptr || line <= 0) return;
    b_.SetCurrentDebugLocation(llvm::DILocation::get(ctx_, line, 0, subprogram_));
  }

  // A body compiled fast calls its helpers, even those that always inline
  // elsewhere (PYAOT_HOT): their fast paths would multiply its code, and
  // code generation's time with it, for a body that runs once or seldom.
  void call_helpers_out_of_line() {
    for (llvm::BasicBlock& block : *fn_) call_helpers_out_of_line(block);
  }

  static void call_helpers_out_of_line(llvm::BasicBlock& block) {
    for (llvm::Instruction& instruction : block) {
      if (auto* call = llvm::dyn_cast<llvm::CallInst>(&instruction)) {
        llvm::Function* callee = call->getCalledFunction();
        if (callee != nullptr && !callee->isIntrinsic()) call->addFnAttr(llvm::Attribute::NoInline);
      }
    }
  }

  // In an optimized body, the blocks reached only through rare events (an
  // error on its way to the handler or out, a set eval breaker, a tracer)
  // call their helpers too: inlined there, the helpers' fast paths were
  // much of the body's code (and of code generation's time) yet almost
  // never ran. A guard's generic path is no such block: a guess (a number
  // kind, a list where a str comes) can be wrong every time. Handlers are
  // ordinary code (exceptions can be the program's control flow). In a
  // large body, so is the code outside its loops (kLargestInlinedOutsideLoops).
  void call_cold_helpers_out_of_line() {
    std::set<llvm::BasicBlock*> hot = {&fn_->getEntryBlock()};
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (i->unwind != nullptr) hot.insert(blocks_.at(i->unwind));
      }
    }
    std::vector<llvm::BasicBlock*> work(hot.begin(), hot.end());
    while (!work.empty()) {
      llvm::BasicBlock* block = work.back();
      work.pop_back();
      for (llvm::BasicBlock* next : llvm::successors(block)) {
        if (!rare_entries_.count(next) && hot.insert(next).second) work.push_back(next);
      }
    }
    std::optional<llvm::LoopInfo> loops;
    // Not in a generator: its code after a yield runs on every resumption,
    // in a loop the CFG does not show (each resumption enters anew).
    if (!f_.is_generator && fn_->getInstructionCount() > kLargestInlinedOutsideLoops) {
      llvm::DominatorTree dominators(*fn_);
      loops.emplace(dominators);
    }
    for (llvm::BasicBlock& block : *fn_) {
      if (!hot.count(&block) || (loops && loops->getLoopFor(&block) == nullptr)) {
        call_helpers_out_of_line(block);
      }
    }
  }

  // Inlining needs the caller to have the helpers' target attributes.
  void copy_target_attributes() {
    for (const llvm::Function& helper : m_) {
      if (helper.isDeclaration() || !helper.hasFnAttribute("target-cpu")) continue;
      for (const char* kind : {"target-cpu", "target-features", "tune-cpu"}) {
        if (helper.hasFnAttribute(kind)) fn_->addFnAttr(helper.getFnAttribute(kind));
      }
      break;
    }
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    // Compile fast: at -O0, or a body that runs once or cheaply (ir/compiled_fast.h).
    if (!optimized_ || f_.runs_once || f_.compiled_fast) {
      fn_->addFnAttr(llvm::Attribute::OptimizeNone);
      fn_->addFnAttr(llvm::Attribute::NoInline);
    }
  }

  llvm::Function* helper(llvm::StringRef name) {
    llvm::Function* h = m_.getFunction(name);
    if (h == nullptr) throw std::runtime_error("runtime helper missing: " + name.str());
    return h;
  }

  llvm::Value* call(llvm::StringRef name, llvm::ArrayRef<llvm::Value*> args) {
    return b_.CreateCall(helper(name), args);
  }

  // A value saved across a suspension lives in a stack slot of the
  // function (promoted to registers by LLVM): its resume path redefines it.
  llvm::Value* value(const Instruction* i) {
    auto saved = saved_.find(i);
    if (saved != saved_.end()) return b_.CreateLoad(ptr_, saved->second);
    return values_.at(i);
  }
  llvm::Value* constant(std::int64_t v) { return llvm::ConstantInt::get(i64_, v); }

  void set_instruction_pointer(const Instruction& i) {
    if (i.bytecode_offset >= 0) call("pyaot_set_instr", {frame_, constant(i.bytecode_offset)});
  }

  // The error exit of `i`: release what it lists, return NULL (the
  // exception is set and the frame points at i's instruction).
  void branch_to_error_if(llvm::Value* failed, const Instruction& i) {
    llvm::BasicBlock* next = llvm::BasicBlock::Create(ctx_, "ok", fn_);
    llvm::MDBuilder md(ctx_);
    llvm::BasicBlock* error = error_exit(i);
    rare_entries_.insert(error);
    b_.CreateCondBr(failed, error, next, md.createBranchWeights(1, 1000));
    b_.SetInsertPoint(next);
  }

  // The error path of `i`: releases what it owns, newest first (as the
  // interpreter pops its stack), then goes to the handler or leaves. Paths
  // share their tails: the one that releases (a, b, c) releases a and joins
  // the one that releases (b, c). A function's error code then grows with
  // its values, not with its values times its ops (nested calls hold many
  // temporaries at each of many ops).
  llvm::BasicBlock* error_exit(const Instruction& i) {
    const bool adds_traceback =
        i.unwind != nullptr && i.op != Opcode::Reraise && i.op != Opcode::ReraiseHandled;
    // An op that writes locals back on its generic path only can fail on
    // its fast one too (a builtin iterator's "changed size during
    // iteration"): its error path writes them back as well.
    const bool writes_back = ir::syncs_on_generic_path(i) && !i.sync_slots.empty() &&
                             !(miscompile_ == DebugMiscompile::ArithmeticWriteBack &&
                               (i.op == Opcode::BinaryOp || i.op == Opcode::InplaceOp));
    if (!writes_back) return release_chain(i, adds_traceback);
    auto key = std::make_tuple(i.error_cleanup, i.unwind, adds_traceback, i.sync_values,
                               i.sync_slots);
    auto found = write_back_exits_.find(key);
    if (found != write_back_exits_.end()) return found->second;
    llvm::BasicBlock* error = llvm::BasicBlock::Create(ctx_, "error", fn_);
    llvm::BasicBlock* releases = release_chain(i, adds_traceback);
    llvm::IRBuilder<>::InsertPointGuard guard(b_);
    b_.SetInsertPoint(error);
    write_back(i, /*must_succeed=*/false);
    b_.CreateBr(releases);
    write_back_exits_.emplace(key, error);
    return error;
  }

  // The block that releases i.error_cleanup and then leaves as `i` does:
  // the last block of a chain from the exit (no releases) up, one block
  // per release, each shared by every path whose releases start alike.
  llvm::BasicBlock* release_chain(const Instruction& i, bool adds_traceback) {
    llvm::BasicBlock*& tail = error_tails_[{i.unwind, adds_traceback}];
    if (tail == nullptr) {
      tail = llvm::BasicBlock::Create(ctx_, "error", fn_);
      llvm::IRBuilder<>::InsertPointGuard guard(b_);
      b_.SetInsertPoint(tail);
      if (i.unwind != nullptr) {
        // To the handler of the enclosing try; a re-raise keeps its traceback.
        if (adds_traceback) call("pyaot_add_traceback", {});
        if (adds_traceback && last_traced_ != nullptr) call("pyaot_trace_exception", {});
        b_.CreateBr(blocks_.at(i.unwind));
      } else {
        call("pyaot_error_leaves", {});
        b_.CreateRet(llvm::ConstantPointerNull::get(ptr_));
      }
    }
    // Built from the exit up, oldest value first (error_cleanup is in the
    // order values were made), so the releases run newest first and the
    // blocks near the exit, the older values many paths share, are shared.
    llvm::BasicBlock* chain = tail;
    for (const Instruction* v : i.error_cleanup) {
      llvm::BasicBlock*& releasing = error_releases_[{chain, v}];
      if (releasing == nullptr) {
        releasing = llvm::BasicBlock::Create(ctx_, "error", fn_);
        llvm::IRBuilder<>::InsertPointGuard guard(b_);
        b_.SetInsertPoint(releasing);
        if (unpacked_in_place_.count(v)) {
          for_each_unpacked_item(v, [&](llvm::Value* item) {
            call("pyaot_release_on_error", {item});
          });
        } else {
          call(unboxed_.count(v) ? "pyaot_xdecref" : "pyaot_release_on_error", {value(v)});
        }
        b_.CreateBr(chain);
      }
      chain = releasing;
    }
    return chain;
  }

  void check_object(llvm::Value* result, const Instruction& i) {
    branch_to_error_if(b_.CreateIsNull(result), i);
  }

  void check_status(llvm::Value* status, const Instruction& i) {
    branch_to_error_if(b_.CreateICmpSLT(status, llvm::ConstantInt::get(status->getType(), 0)), i);
  }

  void release(const Instruction* v) {
    if (unpacked_in_place_.count(v)) {
      for_each_unpacked_item(v, [&](llvm::Value* item) { call("pyaot_decref", {item}); });
      return;
    }
    bool maybe_null = v->info().result == ir::ResultKind::MaybeObject || unboxed_.count(v);
    call(maybe_null ? "pyaot_xdecref" : "pyaot_decref", {value(v)});
  }

  // An array of the operands from `first` on, in the entry block's frame.
  // The helper reads it during the op only, so ops share arrays of a size
  // (the frame grows with the widest call, not with the number of calls).
  llvm::Value* operand_array(const Instruction& i, size_t first, size_t leading_free_slots) {
    size_t count = i.operands.size() - first;
    if (count + leading_free_slots == 0) return llvm::ConstantPointerNull::get(ptr_);
    auto* array_type = llvm::ArrayType::get(ptr_, count + leading_free_slots);
    llvm::Value* array = shared_array(array_type);
    for (size_t k = 0; k < count; ++k) {
      b_.CreateStore(value(i.operands[first + k]),
                     b_.CreateConstGEP2_32(array_type, array, 0, k + leading_free_slots));
    }
    return b_.CreateConstGEP2_32(array_type, array, 0, leading_free_slots);
  }

  void define(const Instruction& i, llvm::Value* v) {
    values_[&i] = v;
    auto saved = saved_.find(&i);
    if (saved != saved_.end() && i.op != Opcode::Phi) b_.CreateStore(v, saved->second);
  }

  // ---- unpacking to items in registers -------------------------------------
  // An Unpack whose tuple only its own block's TupleItems read (and DecRef
  // drops) never becomes a tuple: its items go to an array on the stack
  // (what the interpreter's stack holds after UNPACK_SEQUENCE).
  void find_unpacks_in_place() {
    std::map<const Instruction*, const ir::BasicBlock*> home;
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (i->op == Opcode::Unpack) home[i.get()] = block.get();
      }
    }
    std::set<const Instruction*> disqualified;
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        const bool reads_items = i->op == Opcode::TupleItem || i->op == Opcode::DecRef;
        for (const Instruction* v : i->operands) {
          auto found = home.find(v);
          if (found != home.end() && (!reads_items || found->second != block.get())) {
            disqualified.insert(v);
          }
        }
        for (const Instruction* v : i->live_across) disqualified.insert(v);
      }
    }
    for (const auto& [unpack, block] : home) {
      if (!disqualified.count(unpack)) unpacked_in_place_.insert(unpack);
    }
  }

  std::int64_t unpacked_count(const Instruction& unpack) const {
    return unpack.index + (unpack.slots.empty() ? 0 : 1 + unpack.slots[0]);
  }

  void lower_unpack_in_place(const Instruction& i) {
    llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    llvm::Value* items = entry.CreateAlloca(ptr_, constant(unpacked_count(i)), "unpacked");
    set_instruction_pointer(i);
    llvm::Value* after = constant(i.slots.empty() ? -1 : i.slots[0]);
    check_status(call("pyaot_unpack_items", {value(i.operands[0]), constant(i.index), after, items}), i);
    define(i, items);
  }

  template <typename Action>
  void for_each_unpacked_item(const Instruction* unpack, Action action) {
    for (std::int64_t k = 0; k < unpacked_count(*unpack); ++k) {
      action(b_.CreateLoad(ptr_, b_.CreateConstGEP1_64(ptr_, value(unpack), k)));
    }
  }

  // ---- generators and coroutines (ir/suspend.h) -------------------------
  void prepare_saved_values() {
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        for (const Instruction* v : i->live_across) {
          if (!saved_.count(v)) saved_[v] = b_.CreateAlloca(ptr_, nullptr, "saved");
        }
      }
    }
  }

  // An array of `type` in the entry block's frame, not used by the current
  // op yet (an op may pass two arrays of a size).
  llvm::Value* shared_array(llvm::ArrayType* type) {
    std::vector<llvm::Value*>& arrays = shared_arrays_[type->getNumElements()];
    size_t& taken = arrays_taken_[type->getNumElements()];
    if (taken == arrays.size()) {
      llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
      arrays.push_back(entry.CreateAlloca(type));
    }
    return arrays[taken++];
  }

  llvm::Value* entry_alloca() {
    llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    return entry.CreateAlloca(ptr_);
  }

  // Moves the values live across `i` into the frame's stack slots, records
  // its state and returns `yielded` to the trampoline, which yields it.
  // In an async generator, a Yield gives out the generator's own value,
  // which the trampoline wraps; an await's values go out as they are.
  void suspend(const Instruction& i, llvm::Value* yielded) {
    for (size_t k = 0; k < i.live_across.size(); ++k) {
      // A borrowed value (a constant) is saved with a reference of its own.
      const Instruction* v = i.live_across[k];
      if (v->is_borrowed()) call("pyaot_incref", {value(v)});
      call("pyaot_save", {frame_, saved_slot(k), value(v)});
    }
    const std::int64_t wrap = !f_.is_async_generator ? -1 : i.op == Opcode::Yield ? 1 : 0;
    // A yield from's delegate goes where the trampoline looks for it.
    llvm::Value* delegate = i.op == Opcode::YieldFrom ? value(i.operands[0])
                                                      : llvm::ConstantPointerNull::get(ptr_);
    call("pyaot_suspend", {frame_, constant(i.index), constant(wrap), sent_slot(), delegate});
    b_.CreateRet(yielded);
  }

  llvm::Value* saved_slot(size_t k) {
    return constant(ir::first_saved_slot(f_) + static_cast<std::int64_t>(k));
  }

  // The start of the resume path of `i`: takes the saved values back.
  // Returns whether an exception was thrown in (the body's throw entry).
  llvm::Value* resume(const Instruction& i) {
    llvm::BasicBlock* block = llvm::BasicBlock::Create(ctx_, "resume", fn_);
    resume_blocks_.emplace_back(i.index, block);
    b_.SetInsertPoint(block);
    for (size_t k = 0; k < i.live_across.size(); ++k) {
      llvm::Value* v = call("pyaot_restore", {frame_, saved_slot(k)});
      if (i.live_across[k]->is_borrowed()) call("pyaot_decref", {v});  // its owner keeps it
      b_.CreateStore(v, saved_.at(i.live_across[k]));
    }
    if (last_traced_ != nullptr) b_.CreateStore(constant(i.bytecode_offset), last_traced_);
    return b_.CreateICmpEQ(fn_->getArg(0), call("pyaot_true", {}));  // the throw entry
  }

  llvm::Value* sent_slot() { return constant(f_.suspend_slots); }

  void lower_yield(const Instruction& i) {
    suspend(i, value(i.operands[0]));
    llvm::Value* thrown = resume(i);
    llvm::BasicBlock* raise = llvm::BasicBlock::Create(ctx_, "thrown", fn_);
    llvm::BasicBlock* sent = llvm::BasicBlock::Create(ctx_, "sent", fn_);
    b_.CreateCondBr(thrown, raise, sent);
    b_.SetInsertPoint(raise);
    set_instruction_pointer(i);
    call("pyaot_throw_here", {frame_, sent_slot()});
    b_.CreateBr(error_exit(i));
    b_.SetInsertPoint(sent);
    define(i, call("pyaot_sent_value", {frame_, sent_slot()}));
  }

  // yield from / await: send into the iterator until it returns, yielding
  // what it yields; a value sent in is passed on. An exception thrown in
  // was thrown into it by gen.throw (frontend/trampolines.cc): the throw
  // entry raises it, or takes the value the iterator returned.
  void lower_yield_from(const Instruction& i) {
    llvm::Value* out = entry_alloca();
    llvm::Value* to_send = entry_alloca();
    llvm::BasicBlock* step = llvm::BasicBlock::Create(ctx_, "send", fn_);
    llvm::BasicBlock* yielded = llvm::BasicBlock::Create(ctx_, "yielded", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "returned", fn_);
    auto dispatch = [&](llvm::Value* status) {
      llvm::SwitchInst* s = b_.CreateSwitch(status, error_exit(i), 2);
      s->addCase(llvm::ConstantInt::get(i32_, 0), yielded);
      s->addCase(llvm::ConstantInt::get(i32_, 1), done);
    };
    b_.CreateStore(call("pyaot_load_none", {}), to_send);
    b_.CreateBr(step);
    b_.SetInsertPoint(step);
    set_instruction_pointer(i);
    dispatch(call("pyaot_delegate_send", {value(i.operands[0]), b_.CreateLoad(ptr_, to_send), out}));
    b_.SetInsertPoint(yielded);
    suspend(i, b_.CreateLoad(ptr_, out));
    llvm::Value* thrown = resume(i);
    llvm::BasicBlock* throw_in = llvm::BasicBlock::Create(ctx_, "thrown", fn_);
    llvm::BasicBlock* send_in = llvm::BasicBlock::Create(ctx_, "sent", fn_);
    b_.CreateCondBr(thrown, throw_in, send_in);
    b_.SetInsertPoint(send_in);
    b_.CreateStore(call("pyaot_sent_value", {frame_, sent_slot()}), to_send);
    b_.CreateBr(step);
    b_.SetInsertPoint(throw_in);
    set_instruction_pointer(i);
    dispatch(call("pyaot_delegate_throw", {frame_, sent_slot(), out}));
    b_.SetInsertPoint(done);
    define(i, b_.CreateLoad(ptr_, out));
  }

  // One site's zero-initialized cache: `entries` structs of `fields`.
  llvm::Constant* site_cache(unsigned entries, const char* name,
                             std::initializer_list<llvm::Type*> fields) {
    llvm::Type* type = llvm::StructType::get(ctx_, fields);
    if (entries > 1) type = llvm::ArrayType::get(type, entries);
    return new llvm::GlobalVariable(m_, type, false, llvm::GlobalValue::PrivateLinkage,
                                    llvm::Constant::getNullValue(type), name);
  }

  // global_cache(), attr_cache(), call_cache(), method_cache(), resume_cache():
  // a new site's cache, laid out as runtime_shim/site_caches.def declares it
  // (the C structs the runtime reads come from the same table).
#define PYAOT_CACHE_BEGIN(Cache, name, entries) \
  llvm::Constant* name##_cache() { return site_cache(entries, "pyaot." #name ".cache", {
#define PYAOT_CACHE_FIELD(Cache, field, kind, c_type) kind##_,
#define PYAOT_CACHE_END(Cache) }); }
#include "runtime_shim/site_caches.def"
#undef PYAOT_CACHE_BEGIN
#undef PYAOT_CACHE_FIELD
#undef PYAOT_CACHE_END

  // ---- arithmetic without intermediate objects --------------------------
  // The trees ir/unbox_arithmetic.h marked: each op computes in doubles or
  // 64-bit ints when its operands are such numbers, its result left a number
  // (object NULL) for its user when marked so; the generic operation
  // otherwise, a number boxed first.

  // The two operands of an op of an unboxed tree: each an object, or NULL
  // with its number in `unboxed` (an unboxed operand's), in the tree's mode.
  struct UnboxedOperands {
    bool floats;
    llvm::Value* zero;  // 0 or 0.0: the number of a boxed operand, unused
    llvm::Value* objects[2];
    llvm::Value* unboxed[2];
    llvm::Value* slots[2];  // where each operand's number is read into
    bool proven_float[2];   // infer-types proved the operand a float: no check
    // An int web's number in a float op: a double when its object is NULL
    // (as CPython's float ops convert an int), else the generic path.
    bool converts_int[2];
    // An int object (a constant: 2 * x) beside a float in a float op: a
    // double when it fits 64 bits, as float ops convert it. Never for
    // int op int, whose true division is no double division.
    bool converts_int_object[2];
    // Comparisons read only ints a double holds exactly (float_richcompare
    // compares exactly); arithmetic converts any int64, rounding as
    // PyLong_AsDouble rounds.
    const char* int_object_check;
  };

  UnboxedOperands unboxed_operands(const Instruction& i) {
    UnboxedOperands o;
    o.floats = i.arithmetic == ir::NumberKind::Float;
    o.zero = o.floats ? llvm::ConstantFP::get(b_.getDoubleTy(), 0.0) : constant(0);
    for (int k = 0; k < 2; ++k) {
      o.objects[k] = value(i.operands[k]);
      auto found = unboxed_.find(i.operands[k]);
      o.unboxed[k] = found != unboxed_.end() ? found->second : o.zero;
      o.slots[k] = o.floats ? nullptr : entry_alloca_i64();
      o.converts_int[k] = o.floats && found != unboxed_.end() && found->second->getType() == i64_;
      o.converts_int_object[k] = false;
      o.proven_float[k] = false;
      if (o.converts_int[k]) continue;
      if (found != unboxed_.end() && found->second->getType() != o.zero->getType()) {
        throw std::runtime_error("an unboxed operand of another kind in " +
                                 std::string(i.info().name));
      }
      o.proven_float[k] = i.operands[k]->type.kind == ir::TypeKind::Float;
    }
    o.int_object_check = i.op == Opcode::CompareBool ? "pyaot_int_operand_exact" : "pyaot_int_operand";
    for (int k = 0; k < 2; ++k) {
      const bool int_object = o.floats && !unboxed_.count(i.operands[k]) &&
                              i.operands[k]->type.kind == ir::TypeKind::Int;
      const bool other_int = o.converts_int[1 - k] || (!unboxed_.count(i.operands[1 - k]) &&
                                                       i.operands[1 - k]->type.kind == ir::TypeKind::Int);
      if (int_object && !other_int) {
        o.converts_int_object[k] = true;
        o.slots[k] = entry_alloca_i64();
      }
    }
    return o;
  }

  // To `numbers` when both operands are numbers of the mode (else `slow`);
  // there, returns them as doubles or 64-bit ints.
  std::pair<llvm::Value*, llvm::Value*> branch_on_numbers(const UnboxedOperands& o,
                                                           llvm::BasicBlock* numbers,
                                                           llvm::BasicBlock* slow) {
    // Ints: both operands fit 64 bits. Doubles: both are floats (taking
    // small ints too cost float-only loops 8-16% more instructions).
    llvm::Value* is_number[2];
    for (int k = 1; k >= 0; --k) {  // the right operand first: measured faster (mandelbrot)
      if (o.converts_int[k]) {
        is_number[k] = b_.CreateIsNull(o.objects[k]);
        continue;
      }
      if (o.converts_int_object[k]) {
        llvm::Value* check = call(o.int_object_check, {o.objects[k], constant(0), o.slots[k]});
        is_number[k] = b_.CreateICmpNE(check, constant32(0));
        continue;
      }
      if (o.floats && o.proven_float[k]) {
        is_number[k] = b_.getTrue();
        continue;
      }
      if (o.floats) {
        is_number[k] = b_.CreateICmpNE(call("pyaot_is_float", {o.objects[k]}), constant32(0));
        continue;
      }
      llvm::Value* check = call("pyaot_int_operand", {o.objects[k], o.unboxed[k], o.slots[k]});
      is_number[k] = b_.CreateICmpNE(check, constant32(0));
    }
    llvm::Value* both = b_.CreateAnd(is_number[0], is_number[1]);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(both, numbers, slow, md.createBranchWeights(1000, 1));
    b_.SetInsertPoint(numbers);
    if (o.floats) {
      llvm::Value* numbers[2];
      for (int k = 0; k < 2; ++k) {
        numbers[k] = o.converts_int[k] ? b_.CreateSIToFP(o.unboxed[k], b_.getDoubleTy())
                     : o.converts_int_object[k]
                         ? b_.CreateSIToFP(b_.CreateLoad(i64_, o.slots[k]), b_.getDoubleTy())
                         : call("pyaot_float_number", {o.objects[k], o.unboxed[k]});
      }
      return {numbers[0], numbers[1]};
    }
    return {b_.CreateLoad(i64_, o.slots[0]), b_.CreateLoad(i64_, o.slots[1])};
  }

  // --debug-miscompile (backend.h): the wrong fast path of an int op, which
  // leaves the current block for `fast` (zero divisors still go to `slow`);
  // nullptr for every op in a real build.
  llvm::Value* miscompiled_int_arithmetic(ir::BinaryKind kind, llvm::Value* a, llvm::Value* b,
                                          llvm::BasicBlock* fast, llvm::BasicBlock* slow) {
    if (miscompile_ == DebugMiscompile::MulOverflow && kind == ir::BinaryKind::Multiply) {
      b_.CreateBr(fast);
      b_.SetInsertPoint(fast);
      return b_.CreateMul(a, b);  // wraps
    }
    const bool divides = kind == ir::BinaryKind::FloorDivide || kind == ir::BinaryKind::Remainder;
    if (miscompile_ == DebugMiscompile::FloorDivSign && divides) {
      llvm::Value* safe = b_.CreateAnd(
          b_.CreateICmpNE(b, llvm::ConstantInt::get(i64_, 0)),
          b_.CreateICmpNE(b, llvm::ConstantInt::get(i64_, -1)));  // no INT64_MIN / -1
      b_.CreateCondBr(safe, fast, slow);
      b_.SetInsertPoint(fast);
      return kind == ir::BinaryKind::FloorDivide ? b_.CreateSDiv(a, b) : b_.CreateSRem(a, b);
    }
    return nullptr;
  }

  void lower_unboxed_arithmetic(const Instruction& i) {
    const UnboxedOperands o = unboxed_operands(i);
    const bool floats = o.floats;
    llvm::Value* zero = o.zero;
    set_instruction_pointer(i);
    const auto kind = static_cast<ir::BinaryKind>(i.index);
    const bool produces_unboxed = i.unboxed_result();
    llvm::MDBuilder md(ctx_);
    llvm::BasicBlock* numbers_block = llvm::BasicBlock::Create(ctx_, "numbers", fn_);
    llvm::BasicBlock* fast = llvm::BasicBlock::Create(ctx_, "fast", fn_);
    llvm::BasicBlock* slow = llvm::BasicBlock::Create(ctx_, "generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "joined", fn_);
    auto [a, b] = branch_on_numbers(o, numbers_block, slow);
    llvm::Value* result;
    if (floats) {
      llvm::Value* power = nullptr;
      if (kind == ir::BinaryKind::TrueDivide) {  // x / 0.0 raises: the generic path
        b_.CreateCondBr(b_.CreateFCmpUNE(b, zero), fast, slow, md.createBranchWeights(1000, 1));
      } else if (kind == ir::BinaryKind::Power) {  // special cases and errors: generic
        llvm::Value* slot = entry_alloca_double();
        llvm::Value* done = call("pyaot_float_power", {a, b, slot});
        b_.CreateCondBr(b_.CreateICmpNE(done, constant32(0)), fast, slow, md.createBranchWeights(1000, 1));
        power = slot;
      } else {
        b_.CreateBr(fast);
      }
      b_.SetInsertPoint(fast);
      result = kind == ir::BinaryKind::Add        ? b_.CreateFAdd(a, b)
               : kind == ir::BinaryKind::Subtract ? b_.CreateFSub(a, b)
               : kind == ir::BinaryKind::Multiply ? b_.CreateFMul(a, b)
               : kind == ir::BinaryKind::Power    ? b_.CreateLoad(b_.getDoubleTy(), power)
                                                  : b_.CreateFDiv(a, b);
    } else if (llvm::Value* wrong = miscompiled_int_arithmetic(kind, a, b, fast, slow)) {
      result = wrong;
    } else {
      // Overflow, a zero divisor, a negative shift: the generic path.
      llvm::Value* done = call("pyaot_int_arithmetic", {a, b, constant(i.index), o.slots[0]});
      b_.CreateCondBr(b_.CreateICmpNE(done, constant32(0)), fast, slow, md.createBranchWeights(1000, 1));
      b_.SetInsertPoint(fast);
      result = b_.CreateLoad(i64_, o.slots[0]);
    }
    llvm::Value* fast_object = llvm::ConstantPointerNull::get(ptr_);
    if (!produces_unboxed) {
      fast_object = call(floats ? "pyaot_box_float" : "pyaot_box_int", {result});
      check_object(fast_object, i);
    }
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(slow);
    if (miscompile_ != DebugMiscompile::ArithmeticWriteBack) write_back(i);
    // An int web's number goes to the generic op as an int object.
    llvm::Value* objects[2] = {o.objects[0], o.objects[1]};
    llvm::Value* numbers[2] = {o.unboxed[0], o.unboxed[1]};
    for (int k = 0; k < 2; ++k) {
      if (!o.converts_int[k]) continue;
      objects[k] = call("pyaot_box_int_value", {o.objects[k], o.unboxed[k]});
      numbers[k] = zero;
      check_object(objects[k], i);
    }
    llvm::Value* generic = call(floats ? "pyaot_float_arithmetic_generic" : "pyaot_int_arithmetic_generic",
                                {objects[0], numbers[0], objects[1], numbers[1],
                                 constant(i.index), constant32(i.op == Opcode::InplaceOp ? 1 : 0)});
    for (int k = 0; k < 2; ++k) {
      if (o.converts_int[k]) call("pyaot_decref", {objects[k]});
    }
    check_object(generic, i);
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    llvm::PHINode* object = b_.CreatePHI(ptr_, 2);
    object->addIncoming(fast_object, fast_end);
    object->addIncoming(generic, slow_end);
    define(i, object);
    if (produces_unboxed) {
      llvm::PHINode* number = b_.CreatePHI(zero->getType(), 2);
      number->addIncoming(result, fast_end);
      number->addIncoming(zero, slow_end);
      unboxed_[&i] = number;
    }
  }

  // A comparison feeding a branch, of an unboxed number: compared as
  // numbers when both sides are (float comparisons are IEEE's, as
  // float_richcompare's), else the generic comparison, the number boxed.
  void lower_unboxed_compare(const Instruction& i) {
    const UnboxedOperands o = unboxed_operands(i);
    set_instruction_pointer(i);
    llvm::BasicBlock* fast = llvm::BasicBlock::Create(ctx_, "compare_numbers", fn_);
    llvm::BasicBlock* slow = llvm::BasicBlock::Create(ctx_, "compare_generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "compared", fn_);
    const int kind = static_cast<int>(i.index);  // ir::CompareKind
    auto [a, b] = branch_on_numbers(o, fast, slow);
    static const llvm::CmpInst::Predicate float_predicates[] = {
        llvm::CmpInst::FCMP_OLT, llvm::CmpInst::FCMP_OLE, llvm::CmpInst::FCMP_OEQ,
        llvm::CmpInst::FCMP_UNE, llvm::CmpInst::FCMP_OGT, llvm::CmpInst::FCMP_OGE};
    static const llvm::CmpInst::Predicate int_predicates[] = {
        llvm::CmpInst::ICMP_SLT, llvm::CmpInst::ICMP_SLE, llvm::CmpInst::ICMP_EQ,
        llvm::CmpInst::ICMP_NE, llvm::CmpInst::ICMP_SGT, llvm::CmpInst::ICMP_SGE};
    llvm::Value* truth = o.floats ? b_.CreateFCmp(float_predicates[kind], a, b)
                                  : b_.CreateICmp(int_predicates[kind], a, b);
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(slow);
    write_back(i);
    llvm::Value* status = call(o.floats ? "pyaot_float_compare_generic" : "pyaot_int_compare_generic",
                               {o.objects[0], o.unboxed[0], o.objects[1], o.unboxed[1], constant(i.index)});
    check_status(status, i);
    llvm::Value* generic = b_.CreateICmpNE(status, constant32(0));
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    llvm::PHINode* result = b_.CreatePHI(b_.getInt1Ty(), 2);
    result->addIncoming(truth, fast_end);
    result->addIncoming(generic, slow_end);
    define(i, result);
  }

  // ---- promoted locals held as numbers (ir/frame_sync.h) -----------------
  llvm::Type* number_type(ir::NumberKind kind) {
    return kind == ir::NumberKind::Float ? b_.getDoubleTy() : static_cast<llvm::Type*>(i64_);
  }
  static llvm::Value* zero_of(llvm::Type* type) { return llvm::Constant::getNullValue(type); }

  // The frame gets back the locals `i` lists. A failed box is `i`'s error,
  // except before a return, which has none, and on an error path, which
  // has one already: the slot then stays empty.
  void write_back(const Instruction& i, bool must_succeed_unless_return = true) {
    const bool must_succeed = must_succeed_unless_return && i.op != Opcode::Return;
    for (size_t k = 0; k < i.sync_slots.size(); ++k) {
      const Instruction* v = i.sync_values[k];
      const bool ints = v->unboxed_result() && v->arithmetic == ir::NumberKind::Int;
      auto found = unboxed_.find(v);
      llvm::Value* number = found != unboxed_.end()
                                ? found->second
                                : zero_of(ints ? static_cast<llvm::Type*>(i64_) : b_.getDoubleTy());
      llvm::Value* status =
          call(ints ? "pyaot_sync_int" : "pyaot_sync_float",
               {frame_, constant(i.sync_slots[k]), value(v), number, constant32(must_succeed)});
      if (must_succeed) check_status(status, i);
    }
  }

  // len(x) kept a number: the builtin's answer for an exact container read
  // inline (its object NULL); any other callee or argument, the generic
  // call (the locals written back first), its result an object.
  void lower_len(const Instruction& i) {
    llvm::Value* slot = entry_alloca_i64();
    llvm::Value* done = call("pyaot_builtin_len", {value(i.operands[0]), value(i.operands[1]), slot});
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    llvm::BasicBlock* generic = llvm::BasicBlock::Create(ctx_, "len_generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "len_joined", fn_);
    llvm::MDBuilder md(ctx_);
    llvm::Value* number = b_.CreateLoad(i64_, slot);
    b_.CreateCondBr(b_.CreateICmpEQ(done, constant32(0)), generic, join,
                    md.createBranchWeights(1, 1000));
    b_.SetInsertPoint(generic);
    write_back(i);
    HelperCall c;
    llvm::Value* args = operand_array(i, 1, /*leading_free_slots=*/1);
    c.args = {frame_, value(i.operands[0]), args, constant(1), call_cache()};
    call_helper(i, "pyaot_call_positional", c);
    llvm::Value* object = values_.at(&i);
    llvm::BasicBlock* generic_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    define_number_or_object(i, number, fast_end, object, generic_end);
  }

  // `i`'s value where a fast path (from `number_end`) made an int64 and a
  // generic one (from `object_end`) an object: the pair unboxed values are
  // (its object NULL while it is a number).
  void define_number_or_object(const Instruction& i, llvm::Value* number,
                               llvm::BasicBlock* number_end, llvm::Value* object,
                               llvm::BasicBlock* object_end) {
    llvm::PHINode* joined = b_.CreatePHI(ptr_, 2);
    joined->addIncoming(llvm::ConstantPointerNull::get(ptr_), number_end);
    joined->addIncoming(object, object_end);
    llvm::PHINode* joined_number = b_.CreatePHI(i64_, 2);
    joined_number->addIncoming(number, number_end);
    joined_number->addIncoming(constant(0), object_end);
    define(i, joined);
    unboxed_[&i] = joined_number;
  }

  // a[i] = v: into an exact list at a small int inline, when its old item
  // goes quietly; a number v (ir/unbox_arithmetic.h) written into the old
  // item's box when only the list holds it, else boxed. Anything else is
  // the generic store, the locals written back first (ir/frame_sync.h).
  void lower_set_item(const Instruction& i) {
    llvm::Value* list = value(i.operands[0]);
    llvm::Value* key = value(i.operands[1]);
    auto index_number = unboxed_.find(i.operands[1]);
    llvm::Value* index = index_number != unboxed_.end() ? index_number->second : constant(0);
    llvm::Value* item = value(i.operands[2]);
    auto number = unboxed_.find(i.operands[2]);
    const bool floats = number != unboxed_.end() && !number->second->getType()->isIntegerTy();
    llvm::Value* done =
        number == unboxed_.end()
            ? call("pyaot_list_store", {list, key, index, item})
            : call(floats ? "pyaot_list_store_float" : "pyaot_list_store_int",
                   {list, key, index, item, number->second});
    llvm::BasicBlock* generic = llvm::BasicBlock::Create(ctx_, "store_generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "stored", fn_);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(b_.CreateICmpEQ(done, constant32(0)), generic, join,
                    md.createBranchWeights(1, 1000));
    b_.SetInsertPoint(generic);
    write_back(i);
    llvm::Value* boxed = item;
    if (number != unboxed_.end()) {
      boxed = call(floats ? "pyaot_box_float_value" : "pyaot_box_int_value", {item, number->second});
      check_object(boxed, i);
    }
    set_instruction_pointer(i);
    llvm::Value* status = call("pyaot_set_item_at", {list, key, index, boxed});
    if (number != unboxed_.end()) call("pyaot_decref", {boxed});
    check_status(status, i);
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
  }

  // a.name = v with v a number (ir/unbox_arithmetic.h): where the site's
  // cache keeps the attribute, into the old value's box when only the
  // instance holds it, else boxed there (pyaot_store_attr_int/float);
  // anywhere else boxed and stored as any value (the one cache serves both).
  void lower_store_attr_number(const Instruction& i) {
    llvm::Value* object = value(i.operands[0]);
    llvm::Value* item = value(i.operands[1]);
    llvm::Value* number = unboxed_.at(i.operands[1]);
    const bool floats = !number->getType()->isIntegerTy();
    llvm::Constant* cache = attr_cache();
    llvm::Value* done = call(floats ? "pyaot_store_attr_float" : "pyaot_store_attr_int",
                             {object, item, number, cache});
    llvm::BasicBlock* boxing = llvm::BasicBlock::Create(ctx_, "store_boxed", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "stored", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(done, constant32(0)), boxing, join);
    b_.SetInsertPoint(boxing);
    llvm::Value* boxed =
        call(floats ? "pyaot_box_float_value" : "pyaot_box_int_value", {item, number});
    check_object(boxed, i);
    set_instruction_pointer(i);
    llvm::Value* status =
        call("pyaot_store_attr", {frame_, object, constant(i.index), boxed, cache});
    call("pyaot_decref", {boxed});
    check_status(status, i);
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
  }

  // next() of a range loop's iterator (ir/unbox_locals.h): a range
  // iterator's item is read as a number (its object NULL); any other
  // iterator's next() is the generic one, its item an object. Whether
  // there was an item is has_item_[&i], for the loop's BranchIfNull.
  void lower_range_next(const Instruction& i) {
    llvm::Value* iterator = value(i.operands[0]);
    llvm::Value* slot = entry_alloca_i64();
    llvm::Value* status = call("pyaot_range_next", {iterator, slot});
    llvm::BasicBlock* counted = llvm::BasicBlock::Create(ctx_, "range_item", fn_);
    llvm::BasicBlock* generic = llvm::BasicBlock::Create(ctx_, "next_generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "next_joined", fn_);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(b_.CreateICmpEQ(status, constant32(2)), generic, counted,
                    md.createBranchWeights(1, 1000));
    b_.SetInsertPoint(counted);
    llvm::Value* number = b_.CreateLoad(i64_, slot);
    llvm::Value* counted_has = b_.CreateICmpEQ(status, constant32(1));
    b_.CreateBr(join);
    b_.SetInsertPoint(generic);
    if (!i.sync_slots.empty()) {
      lower_with_write_back_when(
          i, b_.CreateICmpEQ(call("pyaot_iterates_builtin", {iterator}), constant32(0)));
    } else {
      lower_with_helper(i, i.info().helper);
    }
    llvm::Value* object = values_.at(&i);
    llvm::Value* generic_has = b_.CreateIsNotNull(object);
    llvm::BasicBlock* generic_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    define_number_or_object(i, number, counted, object, generic_end);
    llvm::PHINode* has = b_.CreatePHI(b_.getInt1Ty(), 2);
    has->addIncoming(counted_has, counted);
    has->addIncoming(generic_has, generic_end);
    has_item_[&i] = has;
  }

  // `i` as its ops.def row, with the write-back first when `may_run_code`
  // (its generic path: a set eval breaker, a next() of another iterator).
  // `only_then`: the op itself runs only where `may_run_code` held (the
  // eval-breaker check: a signal arriving after the test waits for the
  // next check, never runs its handler before the write-back).
  void lower_with_write_back_when(const Instruction& i, llvm::Value* may_run_code,
                                  bool only_then = false) {
    llvm::BasicBlock* sync = llvm::BasicBlock::Create(ctx_, "write_back", fn_);
    llvm::BasicBlock* op = llvm::BasicBlock::Create(ctx_, "synced", fn_);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(may_run_code, sync, op, md.createBranchWeights(1, 1000));
    if (i.op == Opcode::CheckEvalBreaker) rare_entries_.insert(sync);
    b_.SetInsertPoint(sync);
    write_back(i);
    if (only_then) lower_with_helper(i, i.info().helper);
    b_.CreateBr(op);
    b_.SetInsertPoint(op);
    if (!only_then) lower_with_helper(i, i.info().helper);
  }

  // ---- line events (ir/trace_lines.h) ------------------------------------
  // The instruction of the last TraceLine run (-1 from the start of the
  // body, after the interpreter traced the line it starts at), which
  // decides whether the next one is a new line; a resumed generator was
  // last at its yield. An alloca of the prologue; null without TraceLines.
  void prepare_line_events() {
    for (const auto& block : f_.blocks) {
      for (const auto& i : block->instructions) {
        if (i->op != Opcode::TraceLine) continue;
        last_traced_ = b_.CreateAlloca(i64_, nullptr, "last_traced");
        b_.CreateStore(constant(-1), last_traced_);
        return;
      }
    }
  }

  void lower_trace_line(const Instruction& i) {
    llvm::Value* last = last_traced_;
    llvm::BasicBlock* traced = llvm::BasicBlock::Create(ctx_, "tracing", fn_);
    llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "traced", fn_);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(b_.CreateICmpNE(call("pyaot_tracing", {}), constant32(0)), traced, done,
                    md.createBranchWeights(1, 1000));
    rare_entries_.insert(traced);
    b_.SetInsertPoint(traced);
    write_back(i);
    // No set_instruction_pointer first: the helper compares with the last line.
    check_status(call("pyaot_trace_line", {frame_, constant(i.bytecode_offset),
                                           b_.CreateLoad(i64_, last)}),
                 i);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    b_.CreateStore(constant(i.bytecode_offset), last);
  }

  llvm::Value* entry_alloca_i64() {
    llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    return entry.CreateAlloca(i64_);
  }

  llvm::Value* entry_alloca_double() {
    llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    return entry.CreateAlloca(b_.getDoubleTy());
  }

  llvm::Value* constant32(std::int32_t v) { return llvm::ConstantInt::get(i32_, v); }

  // ---- ops lowered from their ops.def row ---------------------------------
  // The arguments of an op's helper, as its `helper arguments` column lists
  // them; a MaybeObject result comes back through `result_slot`.
  struct HelperCall {
    std::vector<llvm::Value*> args;
    llvm::Value* result_slot = nullptr;
  };

  HelperCall helper_arguments(const Instruction& i) {
    HelperCall out;
    llvm::Value* null = llvm::ConstantPointerNull::get(ptr_);
    auto operand_or_null = [&](size_t k) { return k < i.operands.size() ? value(i.operands[k]) : null; };
    std::string_view spec = i.info().helper_args;
    while (!spec.empty()) {
      const size_t end = std::min(spec.find(' '), spec.size());
      const std::string_view token = spec.substr(0, end);
      spec.remove_prefix(std::min(end + 1, spec.size()));
      if (token == "frame") {
        out.args.push_back(frame_);
      } else if (token == "index") {
        out.args.push_back(constant(i.index));
      } else if (token == "offset") {
        out.args.push_back(constant(i.bytecode_offset));
      } else if (token[0] == 'a' && token.size() <= 3 && std::isdigit(token[1])) {
        const size_t k = token[1] - '0';
        out.args.push_back(token.size() == 3 ? operand_or_null(k) : value(i.operands.at(k)));
      } else if (token == "flag0") {
        out.args.push_back(b_.CreateZExt(value(i.operands.at(0)), i32_));
      } else if (token == "items0" || token == "items1") {
        out.args.push_back(operand_array(i, token[5] - '0', 0));
      } else if (token == "count0" || token == "count1") {
        out.args.push_back(constant(static_cast<std::int64_t>(i.operands.size()) - (token[5] - '0')));
      } else if (token == "function_parts") {
        // Closure, annotations, kwdefaults, defaults: present as the flags
        // (MAKE_FUNCTION's) say, in that order after the code.
        size_t next = 1;
        for (auto flag : {ir::kHasClosure, ir::kHasAnnotations, ir::kHasKwDefaults, ir::kHasDefaults}) {
          out.args.push_back(i.index & flag ? value(i.operands.at(next++)) : null);
        }
      } else if (token == "result") {
        out.result_slot = entry_alloca();
        out.args.push_back(out.result_slot);
      } else if (token == "leaves") {
        out.args.push_back(constant32(i.unwind == nullptr ? 1 : 0));
      } else if (token == "name") {
        out.args.push_back(b_.CreateGlobalStringPtr(i.name, "pyaot.str"));
      } else if (token == "slot_count") {
        out.args.push_back(constant(static_cast<std::int64_t>(i.slots.size())));
      } else if (token == "slot_table") {
        out.args.push_back(slot_table(i.slots));
      } else if (token == "first_slot") {
        out.args.push_back(constant(i.slots.empty() ? -1 : i.slots[0]));
      } else if (token == "attr_cache") {
        out.args.push_back(attr_cache());
      } else if (token == "second_output") {
        llvm::Value* slot = entry_alloca();
        second_outputs_[&i] = slot;
        out.args.push_back(slot);
      } else if (token == "method_cache") {
        out.args.push_back(method_cache());
      } else if (token == "global_cache") {
        out.args.push_back(global_cache());
      } else if (token == "resume_cache") {
        out.args.push_back(resume_cache());
      } else {
        throw std::runtime_error("ops.def: unknown helper argument '" + std::string(token) + "' of " +
                                 std::string(i.info().name));
      }
    }
    return out;
  }

  llvm::Constant* slot_table(const std::vector<std::int64_t>& slots) {
    std::vector<llvm::Constant*> items;
    for (std::int64_t s : slots) items.push_back(llvm::ConstantInt::get(i64_, s));
    auto* type = llvm::ArrayType::get(i64_, items.size());
    return new llvm::GlobalVariable(m_, type, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(type, items), "pyaot.unpack.slots");
  }

  // Calls `helper` for `i` and handles its result as the op's error kind
  // says: the frame points at i's instruction first when i can fail; a NULL
  // or negative result leaves through i's error exit.
  void call_helper(const Instruction& i, llvm::StringRef helper, const HelperCall& call_args) {
    const ir::OpInfo& info = i.info();
    if (i.can_fail()) set_instruction_pointer(i);
    llvm::Value* r = call(helper, call_args.args);
    if (i.can_fail()) {
      if (info.errors == ir::ErrorKind::Null) {
        check_object(r, i);
      } else {
        check_status(r, i);
      }
    }
    if (call_args.result_slot != nullptr) {
      define(i, b_.CreateLoad(ptr_, call_args.result_slot));
    } else if (info.result == ir::ResultKind::Bool) {
      define(i, b_.CreateICmpNE(r, llvm::ConstantInt::get(r->getType(), 0)));
    } else if (info.result != ir::ResultKind::None) {
      define(i, r);
    }
  }

  // The op's own row of ops.def, or another helper of the same arguments.
  void lower_with_helper(const Instruction& i, llvm::StringRef helper) {
    if (helper.empty()) {
      throw std::runtime_error("no helper for " + std::string(i.info().name) + " in ops.def");
    }
    call_helper(i, helper, helper_arguments(i));
  }

  // An op whose common case runs no code (ir::syncs_on_generic_path): the
  // fast helper's new reference, or NULL (no error) for the generic helper,
  // the locals written back first.
  void lower_with_fast_path(const Instruction& i, llvm::StringRef fast_helper,
                            const std::vector<llvm::Value*>& fast_args, llvm::StringRef helper,
                            const HelperCall& args) {
    llvm::Value* fast = call(fast_helper, fast_args);
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    llvm::BasicBlock* generic = llvm::BasicBlock::Create(ctx_, "generic", fn_);
    llvm::BasicBlock* join = llvm::BasicBlock::Create(ctx_, "joined", fn_);
    llvm::MDBuilder md(ctx_);
    b_.CreateCondBr(b_.CreateIsNull(fast), generic, join, md.createBranchWeights(1, 1000));
    b_.SetInsertPoint(generic);
    write_back(i);
    call_helper(i, helper, args);
    llvm::Value* slow = values_.at(&i);
    llvm::BasicBlock* generic_end = b_.GetInsertBlock();
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    llvm::PHINode* joined = b_.CreatePHI(ptr_, 2);
    joined->addIncoming(fast, fast_end);
    joined->addIncoming(slow, generic_end);
    define(i, joined);
  }

  static const char* local_load_helper(const Instruction& i) {
    // A slot bound on every path needs no check (and no position).
    if (i.known_bound) return i.borrowed_local ? "pyaot_borrow_bound" : "pyaot_load_bound";
    return i.borrowed_local ? "pyaot_borrow_fast" : "pyaot_load_fast";
  }

  // Ops with a lowering of their own: specializations first, then control
  // flow, suspension and pure i1 ops; every other op is its ops.def row.
  void lower(const Instruction& i) {
    auto operand = [&](size_t k) { return value(i.operands[k]); };
    if (!i.sync_slots.empty() && !ir::syncs_on_generic_path(i)) write_back(i);
    switch (i.op) {
      case Opcode::LoadFast:
        lower_with_helper(i, local_load_helper(i));
        return;
      case Opcode::BinaryOp:
      case Opcode::InplaceOp:
        if (i.arithmetic != ir::NumberKind::None) {
          lower_unboxed_arithmetic(i);
          return;
        }
        break;
      case Opcode::Compare:
        if (ir::uses_str_equality(i)) {
          lower_with_helper(i, "pyaot_compare_str");
          return;
        }
        break;
      case Opcode::CompareBool:
        if (i.arithmetic != ir::NumberKind::None) {
          lower_unboxed_compare(i);
        } else if (ir::uses_str_equality(i)) {
          lower_with_helper(i, "pyaot_compare_bool_str");
        } else {
          break;
        }
        return;
      case Opcode::Call: {
        if (i.unboxed_result()) {  // len(x) (ir/unbox_locals.h)
          lower_len(i);
          return;
        }
        // One free slot before the arguments, for the callee (vectorcall's
        // PY_VECTORCALL_ARGUMENTS_OFFSET).
        HelperCall c;
        llvm::Value* args = operand_array(i, 1, /*leading_free_slots=*/1);
        llvm::Value* count = constant(static_cast<std::int64_t>(i.operands.size() - 1));
        if (i.kwnames < 0) {
          c.args = {frame_, operand(0), args, count, call_cache()};
          call_helper(i, "pyaot_call_positional", c);
        } else {
          c.args = {frame_, operand(0), args, count, constant(i.kwnames), call_cache()};
          call_helper(i, "pyaot_call", c);
        }
        return;
      }
      case Opcode::MethodSelf:
        define(i, b_.CreateLoad(ptr_, second_outputs_.at(i.operands[0])));
        return;
      case Opcode::CallMethod: {
        // Two free slots before the arguments: self, and one for the callee.
        HelperCall c;
        llvm::Value* args = operand_array(i, 2, /*leading_free_slots=*/2);
        c.args = {frame_, operand(0), operand(1), args,
                  constant(static_cast<std::int64_t>(i.operands.size() - 2)), constant(i.kwnames),
                  call_cache()};
        call_helper(i,
                    ir::is_list_append_call(i) ? "pyaot_call_method_append"
                    : ir::is_list_pop_call(i)  ? "pyaot_call_method_pop"
                                               : "pyaot_call_method",
                    c);
        return;
      }
      case Opcode::Identical:
        define(i, b_.CreateICmpEQ(operand(0), operand(1)));
        return;
      case Opcode::Not:
        define(i, b_.CreateNot(operand(0)));
        return;
      case Opcode::ConstantBool:
        define(i, b_.getInt1(i.index != 0));
        return;
      case Opcode::DecRef:
        release(i.operands[0]);
        return;
      case Opcode::Unpack:
        if (unpacked_in_place_.count(&i)) {
          lower_unpack_in_place(i);
          return;
        }
        break;
      case Opcode::TupleItem:
        if (unpacked_in_place_.count(i.operands[0])) {
          llvm::Value* item = b_.CreateLoad(
              ptr_, b_.CreateConstGEP1_64(ptr_, values_.at(i.operands[0]), i.index));
          call("pyaot_incref", {item});
          define(i, item);
          return;
        }
        break;
      case Opcode::Phi: {
        llvm::PHINode* node = b_.CreatePHI(ptr_, static_cast<unsigned>(i.operands.size()));
        phis_.emplace_back(&i, node);
        define(i, node);
        if (i.unboxed_result()) {  // a local's number (ir/unbox_locals.h)
          llvm::PHINode* number =
              b_.CreatePHI(number_type(i.arithmetic), static_cast<unsigned>(i.operands.size()));
          number_phis_.emplace_back(&i, number);
          unboxed_[&i] = number;
        }
        return;
      }
      case Opcode::FrameHolds:  // no object: the marker pyaot_sync_* skips
        define(i, b_.CreateIntToPtr(constant(1), ptr_));
        return;
      case Opcode::StoreFast:
        if (unboxed_.count(i.operands[0])) {  // a promoted local's number
          call("pyaot_store_fast_number",
               {frame_, constant(i.index), operand(0), constant(i.bytecode_offset)});
          return;
        }
        break;
      case Opcode::BoxNumber: {
        llvm::Value* number = unboxed_.count(i.operands[0])
                                  ? unboxed_.at(i.operands[0])
                                  : zero_of(number_type(i.arithmetic));
        llvm::Value* r = call(i.arithmetic == ir::NumberKind::Float ? "pyaot_box_float_value"
                                                                     : "pyaot_box_int_value",
                              {operand(0), number});
        check_object(r, i);
        define(i, r);
        return;
      }
      case Opcode::IncRef:
        call(unboxed_.count(i.operands[0]) ? "pyaot_xincref" : "pyaot_incref", {operand(0)});
        return;
      case Opcode::GetItem:
        if (unboxed_.count(i.operands[1])) {  // a[i] at an int local's number
          llvm::Value* index = unboxed_.at(i.operands[1]);
          lower_with_fast_path(i, "pyaot_sequence_item", {operand(0), operand(1), index},
                               "pyaot_get_item_at", {{operand(0), operand(1), index}});
          return;
        }
        break;
      case Opcode::LoadGlobal:
        if (!i.sync_slots.empty()) {
          HelperCall args = helper_arguments(i);
          lower_with_fast_path(i, "pyaot_cached_global", {args.args[0], args.args[2]},
                               i.info().helper, args);
          return;
        }
        break;
      case Opcode::StoreAttr:
        if (unboxed_.count(i.operands[1])) {
          lower_store_attr_number(i);
          return;
        }
        break;
      case Opcode::SetItem:
        lower_set_item(i);
        return;
      case Opcode::IterNext:
        if (i.unboxed_result()) {
          lower_range_next(i);
          return;
        }
        [[fallthrough]];
      case Opcode::CheckEvalBreaker:
        if (!i.sync_slots.empty()) {
          if (i.op == Opcode::IterNext) {
            lower_with_write_back_when(
                i, b_.CreateICmpEQ(call("pyaot_iterates_builtin", {operand(0)}), constant32(0)));
          } else {
            lower_with_write_back_when(
                i, b_.CreateICmpNE(call("pyaot_eval_breaker_set", {}), constant32(0)),
                /*only_then=*/true);
          }
          return;
        }
        break;
      case Opcode::TraceLine:
        lower_trace_line(i);
        return;
      case Opcode::Jump:
        b_.CreateBr(blocks_.at(i.targets[0]));
        return;
      case Opcode::Branch:
        b_.CreateCondBr(operand(0), blocks_.at(i.targets[0]), blocks_.at(i.targets[1]));
        return;
      case Opcode::BranchIfNull: {
        auto item = has_item_.find(i.operands[0]);
        llvm::Value* none = item != has_item_.end() ? b_.CreateNot(item->second)
                                                    : b_.CreateIsNull(operand(0));
        b_.CreateCondBr(none, blocks_.at(i.targets[0]), blocks_.at(i.targets[1]));
        return;
      }
      case Opcode::Return:
        if (f_.is_generator) call("pyaot_finish", {frame_});
        b_.CreateRet(operand(0));
        return;
      case Opcode::Unreachable:
        b_.CreateUnreachable();
        return;
      case Opcode::Yield:
        lower_yield(i);
        return;
      case Opcode::YieldFrom:
        lower_yield_from(i);
        return;
      default:
        break;
    }
    lower_with_helper(i, i.info().helper);
  }

  bool optimized_;  // not -O0
  const ir::Function& f_;
  llvm::Module& m_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  llvm::DISubprogram* subprogram_;  // null without debug info
  DebugMiscompile miscompile_;  // a test aid (backend.h): None in every real build
  llvm::PointerType* ptr_;
  llvm::IntegerType* i64_;
  llvm::IntegerType* i32_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* frame_ = nullptr;
  std::map<const Instruction*, llvm::Value*> values_;
  std::map<const ir::BasicBlock*, llvm::BasicBlock*> blocks_;
  // Blocks entered only on rare events (call_cold_helpers_out_of_line).
  std::set<const llvm::BasicBlock*> rare_entries_;
  std::map<const ir::BasicBlock*, llvm::BasicBlock*> ends_;
  std::vector<std::pair<const Instruction*, llvm::PHINode*>> phis_;
  std::vector<std::pair<const Instruction*, llvm::PHINode*>> number_phis_;  // unboxed locals
  std::map<const Instruction*, llvm::Value*> saved_;  // values live across a suspension
  std::map<const Instruction*, llvm::Value*> second_outputs_;  // ops.def's second_output
  std::map<const Instruction*, llvm::Value*> unboxed_;  // their numbers (object NULL when used)
  std::map<const Instruction*, llvm::Value*> has_item_;  // a range loop's next() had an item
  std::set<const Instruction*> unpacked_in_place_;  // Unpacks whose items sit in an array
  std::vector<std::pair<std::int64_t, llvm::BasicBlock*>> resume_blocks_;
  llvm::Value* last_traced_ = nullptr;  // with TraceLine ops: see prepare_line_events()
  // Operand arrays by length (shared_array), and how many the current op took.
  std::map<std::uint64_t, std::vector<llvm::Value*>> shared_arrays_;
  std::map<std::uint64_t, size_t> arrays_taken_;
  // Error paths (error_exit): the exits by handler and whether they add a
  // traceback entry; each release block by the block it jumps to and its
  // value; the paths that write locals back first.
  std::map<std::pair<const ir::BasicBlock*, bool>, llvm::BasicBlock*> error_tails_;
  std::map<std::pair<llvm::BasicBlock*, const Instruction*>, llvm::BasicBlock*> error_releases_;
  std::map<std::tuple<std::vector<Instruction*>, const ir::BasicBlock*, bool,
                      std::vector<Instruction*>, std::vector<std::int64_t>>,
           llvm::BasicBlock*>
      write_back_exits_;
};

}  // namespace

llvm::Function* emit_native_function(const ir::Function& function, const std::string& symbol,
                                     llvm::Module& module, llvm::DISubprogram* subprogram,
                                     DebugMiscompile miscompile, bool optimized) {
  return NativeEmitter(function, module, subprogram, miscompile, optimized).emit(symbol);
}

}  // namespace pyaot::backend
