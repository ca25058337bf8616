#include "compiler/native_module.h"

#include <map>
#include <optional>

#include "frontend/trampolines.h"

namespace pyaot::compiler {
namespace {

// Runs the IR pipeline on a lowered function; a function the verifier
// rejects (a pyaot bug) falls back to bytecode with a warning.
bool finish_ir(frontend::LoweredFunction& lowered, const std::vector<const ir::Pass*>& passes,
               DiagnosticSink& sink) {
  ir::Function& f = *lowered.function;
  std::optional<ir::PassFailure> failure = ir::run_passes(f, passes);
  if (!failure) return true;
  if (failure->errors.empty()) {
    lowered.fallback_reason = failure->problem;
    lowered.function.reset();
    return false;
  }
  Diagnostic d;
  d.severity = Severity::Warning;
  d.path = f.filename;
  d.line = lowered.site->line;
  d.message = "internal: invalid IR for '" + f.qualname + "' (" + failure->errors[0] +
              "); it runs as bytecode. Please report this.";
  sink.report(std::move(d));
  lowered.fallback_reason = "internal: invalid IR";
  lowered.function.reset();
  return false;
}

bool is_namespace_body(const ast::Node& site) {
  return site.kind == ast::NodeKind::ClassDef || site.kind == ast::NodeKind::Module;
}

// Whether a function (or something nested in it) loops.
bool has_loop(const ast::Node& function) {
  bool found = false;
  ast::walk(function, [&](const ast::Node& n) {
    found |= n.kind == ast::NodeKind::For || n.kind == ast::NodeKind::While ||
             n.kind == ast::NodeKind::ListComp || n.kind == ast::NodeKind::SetComp ||
             n.kind == ast::NodeKind::DictComp || n.kind == ast::NodeKind::GeneratorExp;
  });
  return found;
}

}  // namespace

NativeModule compile_module(const frontend::SourceModule& module,
                            BuildRequest::NativeSelection native, bool trace_lines,
                            const std::vector<const ir::Pass*>& passes, DiagnosticSink& sink,
                            ModuleTiming& timing) {
  NativeModule out;
  Stopwatch lowering;
  out.lowered = frontend::lower_module(module.file.name, module.file.path, module.functions,
                                       module.parsed.code_objects, trace_lines);
  timing.lower = {lowering.wall_seconds(), lowering.cpu_seconds()};
  Stopwatch passing;
  std::map<int, frontend::NativeEntry> entries;
  for (frontend::LoweredFunction& f : out.lowered) {
    if (f.function && native == BuildRequest::NativeSelection::None) {
      f.function.reset();
      f.fallback_reason = "--native=none";
    } else if (f.function && native == BuildRequest::NativeSelection::Loops &&
               is_namespace_body(*f.site->node)) {
      f.function.reset();
      f.fallback_reason = "a class or module body runs once: --native=loops leaves it to bytecode";
    } else if (f.function && native == BuildRequest::NativeSelection::Loops &&
               !has_loop(*f.site->node)) {
      f.function.reset();
      f.fallback_reason = "no loop: its native body would save less than a native call costs";
    }
    if (!f.function || !finish_ir(f, passes, sink)) continue;
    frontend::NativeEntry& entry = entries[f.code->ordinal];
    entry = {static_cast<int>(out.natives.size()), f.function->suspend_slots, {}};
    for (const auto& block : f.function->blocks) {
      for (const auto& i : block->instructions) {
        if (i->op != ir::Opcode::Yield && i->op != ir::Opcode::YieldFrom) continue;
        entry.suspensions.push_back(
            {static_cast<int>(i->index), i->line, i->op == ir::Opcode::YieldFrom});
      }
    }
    out.natives.push_back(f.function.get());
  }
  timing.ir_passes = {passing.wall_seconds(), passing.cpu_seconds()};
  timing.peak_rss_bytes = peak_rss_bytes();
  out.code = entries.empty() ? module.parsed.marshaled_code
                             : frontend::add_trampolines(module.parsed.marshaled_code, entries);
  return out;
}

backend::ModuleImage module_image(const frontend::ModuleFile& file, const std::string& debug_path,
                                  const frontend::ParsedSource& parsed,
                                  const NativeModule& native, bool embed_source) {
  backend::ModuleImage m;
  m.name = file.name;
  m.filename = file.path;
  m.debug_path = debug_path;
  m.marshaled_code = native.code;
  if (embed_source) m.source = parsed.text;
  m.is_package = file.is_package;
  m.natives = native.natives;
  return m;
}

}  // namespace pyaot::compiler
