// The backend stage: a package image in; LLVM IR, an object file, or the
// linked extension module (.so) out.
//
// The .so is two objects linked by ld.lld: the runtime shim's loader (its
// bitcode is embedded in pyaot, see runtime_shim/BUILD) and the package
// object: module tables, PyInit_<name> and the native function bodies,
// emitted here as LLVM IR on top of the native-ops bitcode, which inlines. The .so
// links nothing but libc (and the UBSan runtime under --sanitize=undefined);
// CPython's symbols come from the importing process.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "support/stage_clock.h"

namespace pyaot::backend {

struct ModuleImage {
  std::string name;            // runtime name, "pkg.sub.mod"
  std::string filename;        // co_filename: the original .py path
  std::string debug_path;      // the .py below the input's parent ("pkg/sub/mod.py"): the
                               // file debug info names, the same wherever the input sits
  std::string marshaled_code;  // the module's code object
  std::optional<std::string> source;  // UTF-8 text for get_source; none with --no-source
  bool is_package = false;
  // Native bodies (IR after the refcount pass); entry k is what the
  // trampoline placeholder ("__pyaot_native_entry__", k) in the code calls.
  std::vector<const ir::Function*> natives;
};

struct PackageImage {
  std::string import_name;
  std::vector<ModuleImage> modules;  // modules[0] is the top module
};

enum class EmitKind { SharedObject, LlvmIr, Object };

// A deliberate miscompilation of one fast path of native code, a test aid
// only: fuzz/planted_bug_test.py proves with it that the differential
// fuzzer catches such a bug (--debug-miscompile; never in a real build).
enum class DebugMiscompile {
  None,
  FloorDivSign,  // unboxed int // and % truncate as C does: no flooring for a negative operand
  MulOverflow,   // unboxed int * wraps at 64 bits: no overflow check
  ArithmeticWriteBack,  // unboxed arithmetic's generic and error paths skip the frame write-back
};

struct Options {
  int opt_level = 2;  // 0..3
  int jobs = 1;       // objects compiled in parallel
  EmitKind emit = EmitKind::SharedObject;
  std::string target_triple;  // empty: the host
  bool debug_abi = false;     // for Debian's debug interpreter (python3.11-dbg, Py_DEBUG)
  bool address_sanitizer = false;  // instrument everything with ASan (tests; needs the
                                   // ASan runtime preloaded into python)
  // The runtime's C compiled with UBSan's checks (the emitted IR gets none:
  // they are clang's); the .so needs the UBSan runtime, which the ASan
  // runtime includes, else it names libclang_rt.ubsan_standalone itself.
  bool undefined_sanitizer = false;
  // DWARF for the native bodies (emit_package.h): line tables to the .py
  // lines, a subprogram per body named by its qualified name.
  bool debug_info = true;
  DebugMiscompile debug_miscompile = DebugMiscompile::None;  // test aid, see above
  // Where the LLVM stages' times go (llvm_emit, llvm_optimize, codegen,
  // link); none when null.
  StageTimes* stage_times = nullptr;
};

// Writes the requested output to `output_path`. Returns an error message,
// or nullopt on success. Intermediate files live in a private temporary
// directory that is removed either way.
std::optional<std::string> build(const PackageImage& package, const Options& options,
                                 const std::string& output_path);

// A package built module by module (compiler/steps.h): an object per
// module, then one link. Each returns an error message, or nullopt.
//
// The objects of `modules`, each written to the path at its index, up to
// options.jobs at a time.
std::optional<std::string> compile_module_objects(const std::vector<const ModuleImage*>& modules,
                                                  const Options& options,
                                                  const std::vector<std::string>& object_paths);
// The runtime loader's object (the same for every package of these options).
std::optional<std::string> compile_runtime_object(const Options& options,
                                                  const std::string& object_path);
// Links the .so of `import_name` from the runtime object, the module
// objects of `module_names` (module_names[0] the top module; the objects
// in any order) and the package index made here.
std::optional<std::string> link_package(const std::string& import_name,
                                        const std::vector<std::string>& module_names,
                                        const std::string& runtime_object,
                                        const std::vector<std::string>& module_objects,
                                        const Options& options, const std::string& output_path);

// The triple pyaot compiles for (the host's), and whether `triple` is one
// it can build extension modules for.
std::string host_target_triple();
bool is_supported_target(const std::string& triple);

// What runs when LLVM cannot allocate (instead of its abort): `handler`
// must not return.
void on_out_of_memory(void (*handler)());

// Versions of the toolchain pyaot was built with, for --version.
std::string llvm_version();

}  // namespace pyaot::backend
