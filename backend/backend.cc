#include "backend/backend.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "backend/emit_package.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/StandardInstrumentations.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"
#include "llvm/Transforms/Instrumentation/AddressSanitizer.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#include "system_llvm_config.h"

extern const unsigned char pyaot_runtime_bitcode[];
extern const std::size_t pyaot_runtime_bitcode_size;
extern const unsigned char pyaot_native_ops_bitcode[];
extern const std::size_t pyaot_native_ops_bitcode_size;
extern const unsigned char pyaot_runtime_debug_bitcode[];
extern const std::size_t pyaot_runtime_debug_bitcode_size;
extern const unsigned char pyaot_native_ops_debug_bitcode[];
extern const std::size_t pyaot_native_ops_debug_bitcode_size;
extern const unsigned char pyaot_runtime_ubsan_bitcode[];
extern const std::size_t pyaot_runtime_ubsan_bitcode_size;
extern const unsigned char pyaot_native_ops_ubsan_bitcode[];
extern const std::size_t pyaot_native_ops_ubsan_bitcode_size;

namespace fs = std::filesystem;

namespace pyaot::backend {
namespace {

using Error = std::optional<std::string>;

void initialize_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // Our debug info has lines and names but no variables, so there are no
    // variable locations to track: the instruction-referencing tracker
    // (x86's default) still analysed every machine location of every body,
    // up to a sixth of code generation in large functions.
    const char* argv[] = {"pyaot", "-experimental-debug-variable-locations=false"};
    llvm::cl::ParseCommandLineOptions(2, argv, "", nullptr);
  });
}

// A temporary directory removed when this goes out of scope.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "pyaot-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  bool ok() const { return !path_.empty(); }
  fs::path path() const { return path_; }

 private:
  fs::path path_;
};

std::unique_ptr<llvm::TargetMachine> make_target_machine(const std::string& triple, int opt_level,
                                                         std::string* error) {
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, *error);
  if (target == nullptr) return nullptr;
  llvm::TargetOptions options;
  options.FunctionSections = true;  // lets the linker drop unused runtime helpers
  options.DataSections = true;
  auto level = opt_level == 0   ? llvm::CodeGenOptLevel::None
               : opt_level == 1 ? llvm::CodeGenOptLevel::Less
               : opt_level == 2 ? llvm::CodeGenOptLevel::Default
                                : llvm::CodeGenOptLevel::Aggressive;
  // "x86-64": the baseline every machine that runs the .so has.
  const char* cpu = llvm::Triple(triple).isX86() ? "x86-64" : "generic";
  return std::unique_ptr<llvm::TargetMachine>(target->createTargetMachine(
      triple, cpu, "", options, llvm::Reloc::PIC_, std::nullopt, level));
}

// Whether `module` defines a body LLVM optimizes (not optnone): one that is
// emitted here, not a helper's body kept only for inlining.
bool has_optimized_bodies(const llvm::Module& module) {
  for (const llvm::Function& f : module) {
    if (!f.isDeclaration() && !f.hasAvailableExternallyLinkage() && !f.hasOptNone()) return true;
  }
  return false;
}

void optimize(llvm::Module& module, llvm::TargetMachine& machine, int opt_level,
              bool address_sanitizer) {
  // Every body compiled fast: the module passes of -O2 (GlobalOpt, IPSCCP,
  // ...) would still take seconds over a large one for nothing.
  if (!has_optimized_bodies(module)) opt_level = 0;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  // The new pass manager skips a function's optional passes for optnone
  // only through this instrumentation: without it, the bodies compiled
  // fast (run once, or too large) went through the whole pipeline anyway.
  llvm::PassInstrumentationCallbacks callbacks;
  llvm::OptNoneInstrumentation optnone(/*DebugLogging=*/false);
  optnone.registerCallbacks(callbacks);
  llvm::PassBuilder builder(&machine, llvm::PipelineTuningOptions(), std::nullopt, &callbacks);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = opt_level == 0   ? llvm::OptimizationLevel::O0
                                  : opt_level == 1 ? llvm::OptimizationLevel::O1
                                  : opt_level == 2 ? llvm::OptimizationLevel::O2
                                                   : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager passes = opt_level == 0 ? builder.buildO0DefaultPipeline(level)
                                                  : builder.buildPerModuleDefaultPipeline(level);
  // Helpers' bodies no call needs (and their constants) are not emitted.
  if (opt_level == 0) passes.addPass(llvm::GlobalDCEPass());
  if (address_sanitizer) {
    // The pass instruments the functions that ask for it: all of them.
    for (llvm::Function& f : module) {
      if (!f.isDeclaration()) f.addFnAttr(llvm::Attribute::SanitizeAddress);
    }
    passes.addPass(llvm::AddressSanitizerPass(llvm::AddressSanitizerOptions{}));
  }
  passes.run(module, mam);
}

// Calls into libpython (and libc) go through the GOT, resolved when the
// interpreter loads the .so (RTLD_NOW), instead of through PLT stubs: one
// jump fewer per call, as clang's -fno-plt.
void call_imports_through_got(llvm::Module& module) {
  for (llvm::Function& f : module) {
    if (f.isDeclaration() && !f.isIntrinsic()) f.addFnAttr(llvm::Attribute::NonLazyBind);
  }
  module.setRtLibUseGOT();
}

Error write_object(llvm::Module& module, llvm::TargetMachine& machine, const std::string& path) {
  call_imports_through_got(module);
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) return "cannot write " + path + ": " + ec.message();
  llvm::legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    return std::string("the target cannot emit object files");
  }
  codegen.run(module);
  out.flush();
  if (out.has_error()) return "cannot write " + path + ": " + out.error().message();
  return std::nullopt;
}

struct EmbeddedBitcode {
  const unsigned char* data;
  std::size_t size;
  const char* name;
};

// The runtime shim's two bitcode files (runtime_shim/BUILD), in the flavour
// the options ask for.
struct RuntimeBitcode {
  EmbeddedBitcode runtime, native_ops;
};

RuntimeBitcode runtime_bitcode(const Options& options) {
  if (options.debug_abi) {
    return {{pyaot_runtime_debug_bitcode, pyaot_runtime_debug_bitcode_size,
             "pyaot_runtime_debug.bc"},
            {pyaot_native_ops_debug_bitcode, pyaot_native_ops_debug_bitcode_size,
             "pyaot_native_ops_debug.bc"}};
  }
  if (options.undefined_sanitizer) {
    return {{pyaot_runtime_ubsan_bitcode, pyaot_runtime_ubsan_bitcode_size,
             "pyaot_runtime_ubsan.bc"},
            {pyaot_native_ops_ubsan_bitcode, pyaot_native_ops_ubsan_bitcode_size,
             "pyaot_native_ops_ubsan.bc"}};
  }
  return {{pyaot_runtime_bitcode, pyaot_runtime_bitcode_size, "pyaot_runtime.bc"},
          {pyaot_native_ops_bitcode, pyaot_native_ops_bitcode_size, "pyaot_native_ops.bc"}};
}

std::unique_ptr<llvm::Module> load_bitcode(const EmbeddedBitcode& bitcode,
                                           llvm::LLVMContext& context, std::string* error) {
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char*>(bitcode.data), bitcode.size), bitcode.name);
  auto module = llvm::parseBitcodeFile(buffer, context);
  if (!module) {
    *error = std::string("the embedded ") + bitcode.name +
             " is unreadable: " + llvm::toString(module.takeError());
    return nullptr;
  }
  return std::move(*module);
}

// A package compiled module by module shares one copy of the native ops:
// the runtime's object defines them, each module object keeps their bodies
// only to inline them (available_externally). The ops' statics become
// hidden globals, so both sides name the same symbol; unnamed constants
// (string literals) and nameless globals stay private copies, whose
// address nothing compares.
void expose_native_ops(llvm::Module& ops) {
  for (llvm::GlobalValue& value : ops.global_values()) {
    if (value.isDeclaration() || value.hasAppendingLinkage() ||
        value.getName().starts_with("llvm.")) {
      continue;
    }
    auto* variable = llvm::dyn_cast<llvm::GlobalVariable>(&value);
    if (value.hasLocalLinkage() &&
        (!value.hasName() ||  // UBSan's source locations: named apart in each object
         (variable != nullptr && variable->isConstant() && variable->hasGlobalUnnamedAddr()))) {
      continue;
    }
    if (value.hasLocalLinkage()) value.setLinkage(llvm::GlobalValue::ExternalLinkage);
    value.setVisibility(llvm::GlobalValue::HiddenVisibility);
  }
}

// The ops as a module object sees them: bodies to inline, defined elsewhere.
void import_native_ops(llvm::Module& ops) {
  expose_native_ops(ops);
  for (llvm::Function& f : ops) {
    if (f.isDeclaration() || f.hasLocalLinkage()) continue;
    f.setComdat(nullptr);
    if (f.hasFnAttribute(llvm::Attribute::NoInline)) {
      f.deleteBody();  // called, never inlined: its body would only cost time
    } else {
      f.setLinkage(llvm::GlobalValue::AvailableExternallyLinkage);
    }
  }
  for (llvm::GlobalVariable& g : ops.globals()) {
    if (g.isDeclaration() || g.hasLocalLinkage() || g.hasAppendingLinkage() ||
        g.getName().starts_with("llvm.")) {
      continue;
    }
    g.setComdat(nullptr);
    if (g.isConstant()) {
      g.setLinkage(llvm::GlobalValue::AvailableExternallyLinkage);
    } else {
      g.setInitializer(nullptr);
      g.setLinkage(llvm::GlobalValue::ExternalLinkage);
    }
  }
}

std::unique_ptr<llvm::Module> make_package_module(const PackageImage& package,
                                                  const EmbeddedBitcode& native_ops,
                                                  const Options& options,
                                                  llvm::LLVMContext& context, std::string* error) {
  auto ops = load_bitcode(native_ops, context, error);
  if (!ops) return nullptr;
  try {
    return emit_package_module(package, context, std::move(ops), options.debug_info,
                               options.opt_level > 0, options.debug_miscompile);
  } catch (const std::exception& e) {
    *error = std::string("internal error while emitting native code: ") + e.what();
    return nullptr;
  }
}

// The module verifier, debug info included.
Error verify(const llvm::Module& module, const std::string& what) {
  std::string errors;
  llvm::raw_string_ostream stream(errors);
  if (!llvm::verifyModule(module, &stream)) return std::nullopt;
  return "internal error: invalid LLVM IR in " + what + ": " + errors;
}

// One unit of code generation: builds its module in its own context.
struct ObjectJob {
  std::string name;
  std::function<std::unique_ptr<llvm::Module>(llvm::LLVMContext&, std::string*)> make_module;
  bool already_optimized = false;  // the runtime bitcode was optimized by clang
};

// Adds the time since `since` to `stage`, when the options ask for times.
void record_stage(const Options& options, const char* stage, const Stopwatch& since) {
  if (options.stage_times != nullptr) options.stage_times->add(stage, since);
}

std::string linker_path();
Error run_linker(const std::vector<std::string>& args, const std::string& log);

// LLVM picks the instruction selector's and the register allocator's
// pipelines per object: beside optimized bodies, the bodies compiled fast
// (optnone) went through -O2's greedy allocator too, half the build of a
// large one. A module with both is compiled as two objects, the fast
// bodies' at CodeGenOptLevel::None, joined by a relocatable link.

// Sets `fast` or `optimized` for the part of the module `user` is in: a
// fast or an optimized body's instruction, or (through constants) a
// variable's initializer; variables stay with the optimized bodies.
void note_user_part(const llvm::User* user, bool& fast, bool& optimized) {
  if (const auto* instruction = llvm::dyn_cast<llvm::Instruction>(user)) {
    (instruction->getFunction()->hasOptNone() ? fast : optimized) = true;
  } else if (llvm::isa<llvm::GlobalValue>(user)) {
    optimized = true;
  } else {
    for (const llvm::User* next : user->users()) note_user_part(next, fast, optimized);
  }
}

bool is_fast_body(const llvm::GlobalValue* value) {
  if (const auto* alias = llvm::dyn_cast<llvm::GlobalAlias>(value)) {
    value = alias->getAliaseeObject();
  }
  const auto* f = llvm::dyn_cast_or_null<llvm::Function>(value);
  return f != nullptr && !f->isDeclaration() && f->hasOptNone();
}

// Moves the fast bodies of `module` into a module of their own. A local
// symbol one part uses of the other's becomes a hidden one named
// `prefix`N: a variable is renamed, a function gets an alias (so its
// body keeps its name for profilers and debuggers).
std::unique_ptr<llvm::Module> split_fast_bodies(llvm::Module& module, const std::string& prefix) {
  std::vector<llvm::GlobalValue*> locals;
  for (llvm::GlobalValue& value : module.global_values()) {
    if (value.hasLocalLinkage() && !value.isDeclaration()) locals.push_back(&value);
  }
  unsigned exported = 0;
  for (llvm::GlobalValue* value : locals) {
    bool fast = false, optimized = false;
    for (const llvm::User* user : value->users()) note_user_part(user, fast, optimized);
    if (!(is_fast_body(value) ? optimized : fast)) continue;
    const std::string name = prefix + std::to_string(exported++);
    if (auto* f = llvm::dyn_cast<llvm::Function>(value)) {
      auto* alias = llvm::GlobalAlias::create(f->getValueType(), f->getAddressSpace(),
                                              llvm::GlobalValue::ExternalLinkage, name, f, &module);
      alias->setVisibility(llvm::GlobalValue::HiddenVisibility);
      f->replaceUsesWithIf(alias, [alias](llvm::Use& use) { return use.getUser() != alias; });
    } else {
      value->setName(name);
      value->setLinkage(llvm::GlobalValue::ExternalLinkage);
      value->setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
  }
  llvm::ValueToValueMapTy map;
  std::unique_ptr<llvm::Module> fast = llvm::CloneModule(module, map, is_fast_body);
  // The optimized part keeps the rest: the fast bodies' aliases become
  // declarations, the bodies go.
  std::vector<llvm::GlobalAlias*> aliases;
  for (llvm::GlobalAlias& alias : module.aliases()) {
    if (is_fast_body(&alias)) aliases.push_back(&alias);
  }
  for (llvm::GlobalAlias* alias : aliases) {
    auto* declaration = llvm::Function::Create(
        llvm::cast<llvm::FunctionType>(alias->getValueType()), llvm::GlobalValue::ExternalLinkage,
        "", &module);
    declaration->takeName(alias);
    declaration->setVisibility(llvm::GlobalValue::HiddenVisibility);
    alias->replaceAllUsesWith(declaration);
    alias->eraseFromParent();
  }
  std::vector<llvm::Function*> moved;
  for (llvm::Function& f : module) {
    if (is_fast_body(&f)) moved.push_back(&f);
  }
  for (llvm::Function* f : moved) {
    f->deleteBody();
    if (f->use_empty()) f->eraseFromParent();
  }
  // What the fast part declares of the other's but never uses.
  std::vector<llvm::GlobalValue*> unused;
  for (llvm::GlobalValue& value : fast->global_values()) {
    if (value.isDeclaration() && value.use_empty() && !value.getName().starts_with("llvm.")) {
      unused.push_back(&value);
    }
  }
  for (llvm::GlobalValue* value : unused) value->eraseFromParent();
  return fast;
}

// Code generation of `module` into `object_path`: in one object, or in
// two joined when it has fast bodies beside optimized ones.
Error generate_code(llvm::Module& module, llvm::TargetMachine& machine, const ObjectJob& job,
                    const Options& options, const std::string& triple,
                    const std::string& object_path) {
  std::string error;
  const bool splits = options.opt_level > 0 && !options.address_sanitizer &&
                      !options.undefined_sanitizer && !job.already_optimized;
  bool any_fast = false;
  for (const llvm::Function& f : module) any_fast = any_fast || is_fast_body(&f);
  if (!splits || !any_fast) return write_object(module, machine, object_path);
  auto fast_machine = make_target_machine(triple, 0, &error);
  if (!fast_machine) return "unsupported target '" + triple + "': " + error;
  if (!has_optimized_bodies(module)) return write_object(module, *fast_machine, object_path);
  std::unique_ptr<llvm::Module> fast = split_fast_bodies(module, "pyaot.split." + job.name + ".");
  if (Error invalid = verify(module, job.name + " (optimized part)")) return invalid;
  if (Error invalid = verify(*fast, job.name + " (fast part)")) return invalid;
  const std::string optimized_path = object_path + ".optimized.o";
  const std::string fast_path = object_path + ".fast.o";
  Error written = write_object(module, machine, optimized_path);
  if (!written) written = write_object(*fast, *fast_machine, fast_path);
  if (!written) {
    written = run_linker({linker_path(), "-r", "-o", object_path, optimized_path, fast_path},
                         object_path + ".log");
  }
  std::error_code ignored;
  for (const std::string& part : {optimized_path, fast_path, object_path + ".log"}) {
    fs::remove(part, ignored);
  }
  return written;
}

Error compile_job(const ObjectJob& job, const Options& options, const std::string& triple,
                  const std::string& object_path) {
  llvm::LLVMContext context;
  std::string error;
  Stopwatch emitting;
  std::unique_ptr<llvm::Module> module = job.make_module(context, &error);
  record_stage(options, "llvm_emit", emitting);
  if (!module) return error;
  auto machine = make_target_machine(triple, options.opt_level, &error);
  if (!machine) return "unsupported target '" + triple + "': " + error;
  module->setTargetTriple(triple);
  module->setDataLayout(machine->createDataLayout());
  Stopwatch optimizing;
  if (Error invalid = verify(*module, job.name)) return invalid;
  if (!job.already_optimized) {
    optimize(*module, *machine, options.opt_level, options.address_sanitizer);
  } else if (options.address_sanitizer) {
    optimize(*module, *machine, 0, /*address_sanitizer=*/true);
  }
  // The optimizer must keep the debug info valid too (a location on each
  // inlinable call, subprograms that match their functions).
  if (Error invalid = verify(*module, job.name + " after optimization")) return invalid;
  record_stage(options, "llvm_optimize", optimizing);
  Stopwatch generating;
  Error written = generate_code(*module, *machine, job, options, triple, object_path);
  record_stage(options, "codegen", generating);
  return written;
}

// Runs the jobs on up to `jobs` threads; the first error wins.
Error compile_jobs(const std::vector<ObjectJob>& jobs, const Options& options,
                   const std::string& triple, const std::vector<std::string>& object_paths) {
  std::mutex lock;
  Error first_error;
  size_t next = 0;
  auto worker = [&] {
    while (true) {
      size_t index;
      {
        std::lock_guard<std::mutex> guard(lock);
        if (next >= jobs.size() || first_error) return;
        index = next++;
      }
      Error error = compile_job(jobs[index], options, triple, object_paths[index]);
      if (error) {
        std::lock_guard<std::mutex> guard(lock);
        if (!first_error) first_error = error;
      }
    }
  };
  size_t threads = std::max<size_t>(1, std::min<size_t>(options.jobs, jobs.size()));
  std::vector<std::thread> pool;
  for (size_t i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return first_error;
}

std::string linker_path() {
  if (const char* override_path = std::getenv("PYAOT_LD")) return override_path;
  return std::string(LLVM_BINDIR) + "/ld.lld";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The C library the .so records as needed, so symbol versions are pinned.
std::optional<std::string> find_libc() {
  for (const char* candidate : {"/lib/x86_64-linux-gnu/libc.so.6",
                                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6"}) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return std::string(candidate);
  }
  return std::nullopt;
}

// Runs the linker with `args` (args[0]: the linker), its output in `log`.
Error run_linker(const std::vector<std::string>& args, const std::string& log) {
  const std::string& linker = args[0];
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(log),
                                                llvm::StringRef(log)};
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, redirects, 0, 0, &error);
  if (rc != 0) {
    std::string output_text = read_file(log);
    if (rc < 0) return "cannot run the linker " + linker + ": " + error;
    return "the linker " + linker + " failed (exit " + std::to_string(rc) + "):\n" + output_text;
  }
  return std::nullopt;
}

// `extra` (libraries and their options) follows the objects.
Error link_shared_object(const std::vector<std::string>& objects,
                         const std::vector<std::string>& extra, const std::string& output,
                         const fs::path& scratch) {
  std::vector<std::string> args = {linker_path(),   "-shared",         "-o",       output,
                                   "--gc-sections", "--hash-style=gnu", "-z", "relro", "-z",
                                   "now", "--build-id=sha1", "--as-needed"};
  args.insert(args.end(), objects.begin(), objects.end());
  args.insert(args.end(), extra.begin(), extra.end());
  if (auto libc = find_libc()) args.push_back(*libc);
  return run_linker(args, (scratch / "link.log").string());
}

// What the link needs besides the objects for the options' sanitizers.
Error sanitizer_link_args(const Options& options, const std::string& triple,
                          std::vector<std::string>* args) {
  if (options.undefined_sanitizer && !options.address_sanitizer) {
    // The runtime recorded as needed, found where the toolchain keeps it: the
    // .so then runs in a plain python3.11.
    const fs::path dir = fs::path(CLANG_RESOURCE_DIR) / "lib" / "linux";
    const fs::path runtime =
        dir / ("libclang_rt.ubsan_standalone-" + llvm::Triple(triple).getArchName().str() + ".so");
    std::error_code ec;
    if (!fs::exists(runtime, ec)) {
      return "the UBSan runtime " + runtime.string() + " is missing (libclang-rt-19-dev)";
    }
    *args = {runtime.string(), "-rpath", dir.string()};
  }
  return std::nullopt;
}

// link_shared_object, its time recorded as the "link" stage.
Error timed_link(const std::vector<std::string>& objects, const std::vector<std::string>& extra,
                 const std::string& output, const fs::path& scratch, const Options& options) {
  Stopwatch linking;
  const double linker_cpu_before = children_cpu_seconds();
  Error linked = link_shared_object(objects, extra, output, scratch);
  if (options.stage_times != nullptr) {  // the linker is a child process: its CPU, not ours
    options.stage_times->add(
        "link", {linking.wall_seconds(), children_cpu_seconds() - linker_cpu_before});
  }
  return linked;
}

}  // namespace

std::string host_target_triple() { return llvm::sys::getDefaultTargetTriple(); }

bool is_supported_target(const std::string& triple) {
  llvm::Triple wanted(llvm::Triple::normalize(triple));
  llvm::Triple host(host_target_triple());
  // The .so links against the running CPython: only the host's ABI is built.
  return wanted.getArch() == host.getArch() && wanted.getOS() == host.getOS() &&
         wanted.getEnvironment() == host.getEnvironment();
}

std::string llvm_version() { return LLVM_VERSION_STRING; }

void on_out_of_memory(void (*handler)()) {
  static void (*installed)() = nullptr;
  installed = handler;
  llvm::install_bad_alloc_error_handler(
      [](void*, const char*, bool) { installed(); }, nullptr);
}

std::optional<std::string> build(const PackageImage& package, const Options& options,
                                 const std::string& output_path) {
  initialize_llvm();
  const std::string triple =
      options.target_triple.empty() ? host_target_triple() : options.target_triple;

  const RuntimeBitcode bitcode = runtime_bitcode(options);
  ObjectJob package_job{"package", [&package, &options, bitcode](llvm::LLVMContext& context,
                                                                 std::string* error) {
                          return make_package_module(package, bitcode.native_ops, options,
                                                     context, error);
                        }};
  if (options.emit == EmitKind::LlvmIr) {
    llvm::LLVMContext context;
    std::string error;
    Stopwatch emitting;
    auto module = package_job.make_module(context, &error);
    record_stage(options, "llvm_emit", emitting);
    if (!module) return error;
    module->setTargetTriple(triple);
    if (Error invalid = verify(*module, package_job.name)) return invalid;
    std::error_code ec;
    llvm::raw_fd_ostream out(output_path, ec, llvm::sys::fs::OF_Text);
    if (ec) return "cannot write " + output_path + ": " + ec.message();
    module->print(out, nullptr);
    return std::nullopt;
  }
  if (options.emit == EmitKind::Object) {
    return compile_jobs({package_job}, options, triple, {output_path});
  }

  ScratchDir scratch;
  if (!scratch.ok()) return std::string("cannot create a temporary directory");
  std::vector<ObjectJob> jobs = {
      package_job,
      {"runtime",
       [bitcode](llvm::LLVMContext& context, std::string* error) {
         return load_bitcode(bitcode.runtime, context, error);
       },
       /*already_optimized=*/true},
  };
  std::vector<std::string> objects;
  for (const ObjectJob& job : jobs) objects.push_back((scratch.path() / (job.name + ".o")).string());
  if (Error error = compile_jobs(jobs, options, triple, objects)) return error;
  std::vector<std::string> link_args;
  if (Error error = sanitizer_link_args(options, triple, &link_args)) return error;
  return timed_link(objects, link_args, output_path, scratch.path(), options);
}

// Module by module (compiler/steps.h) ----------------------------------

namespace {

std::string triple_of(const Options& options) {
  return options.target_triple.empty() ? host_target_triple() : options.target_triple;
}

// The runtime's object of modules compiled apart: the loader and the one
// copy of the native ops their objects call.
ObjectJob runtime_job(const Options& options) {
  const RuntimeBitcode bitcode = runtime_bitcode(options);
  return {"runtime",
          [bitcode](llvm::LLVMContext& context,
                    std::string* error) -> std::unique_ptr<llvm::Module> {
            std::unique_ptr<llvm::Module> runtime = load_bitcode(bitcode.runtime, context, error);
            std::unique_ptr<llvm::Module> ops = load_bitcode(bitcode.native_ops, context, error);
            if (!runtime || !ops) return nullptr;
            expose_native_ops(*ops);
            if (llvm::Linker::linkModules(*runtime, std::move(ops))) {
              *error = "internal error: cannot link the native ops into the runtime's object";
              return nullptr;
            }
            return runtime;
          },
          // The ops' files were optimized one by one: calls from one file to
          // another (always_inline ones too) inline only now.
          /*already_optimized=*/options.opt_level == 0};
}

}  // namespace

std::optional<std::string> compile_module_objects(const std::vector<const ModuleImage*>& modules,
                                                  const Options& options,
                                                  const std::vector<std::string>& object_paths) {
  initialize_llvm();
  const RuntimeBitcode bitcode = runtime_bitcode(options);
  std::vector<ObjectJob> jobs;
  for (const ModuleImage* module : modules) {
    jobs.push_back({module->name, [module, &options, bitcode](llvm::LLVMContext& context,
                                                              std::string* error)
                                      -> std::unique_ptr<llvm::Module> {
                      auto ops = load_bitcode(bitcode.native_ops, context, error);
                      if (!ops) return nullptr;
                      import_native_ops(*ops);
                      try {
                        return emit_module_part(*module, context, std::move(ops),
                                                options.debug_info, options.opt_level > 0,
                                                options.debug_miscompile);
                      } catch (const std::exception& e) {
                        *error = std::string("internal error while emitting native code: ") +
                                 e.what();
                        return nullptr;
                      }
                    }});
  }
  return compile_jobs(jobs, options, triple_of(options), object_paths);
}

std::optional<std::string> compile_runtime_object(const Options& options,
                                                  const std::string& object_path) {
  initialize_llvm();
  return compile_jobs({runtime_job(options)}, options, triple_of(options), {object_path});
}

std::optional<std::string> link_package(const std::string& import_name,
                                        const std::vector<std::string>& module_names,
                                        const std::string& runtime_object,
                                        const std::vector<std::string>& module_objects,
                                        const Options& options, const std::string& output_path) {
  initialize_llvm();
  const std::string triple = triple_of(options);
  ScratchDir scratch;
  if (!scratch.ok()) return std::string("cannot create a temporary directory");
  const std::string index = (scratch.path() / "index.o").string();
  ObjectJob index_job{"index", [&](llvm::LLVMContext& context, std::string*) {
                        return emit_package_index(import_name, module_names, context);
                      }};
  if (Error error = compile_jobs({index_job}, options, triple, {index})) return error;
  std::vector<std::string> objects = {runtime_object, index};
  objects.insert(objects.end(), module_objects.begin(), module_objects.end());
  std::vector<std::string> link_args;
  if (Error error = sanitizer_link_args(options, triple, &link_args)) return error;
  return timed_link(objects, link_args, output_path, scratch.path(), options);
}

}  // namespace pyaot::backend
