#include "frontend/module_graph.h"

namespace pyaot::frontend {
namespace {

bool is_within(const std::string& name, const std::string& top) {
  return name == top || (name.size() > top.size() && name.compare(0, top.size(), top) == 0 &&
                         name[top.size()] == '.');
}

std::string parent_of(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(0, dot);
}

class Resolver {
 public:
  Resolver(std::set<std::string> known, const std::string& top,
           const std::string& source_dir_name, bool single_module, DiagnosticSink& sink)
      : top_(top),
        source_dir_name_(source_dir_name),
        single_module_(single_module),
        sink_(sink),
        known_(std::move(known)) {}

  std::vector<ImportEdge> resolve(const ModuleInfo& module) {
    std::vector<ImportEdge> edges;
    ast::walk(*module.tree, [&](const ast::Node& node) {
      if (node.kind == ast::NodeKind::Import) {
        for (const ast::Value& alias : node.list("names")) {
          add_dotted(std::string(alias.node->identifier("name")), node.range.line, module,
                     edges);
        }
      } else if (node.kind == ast::NodeKind::ImportFrom) {
        resolve_from(node, module, edges);
      }
    });
    return edges;
  }

 private:
  // `import a.b.c` binds a and imports a, a.b and a.b.c.
  void add_dotted(const std::string& name, int line, const ModuleInfo& module,
                  std::vector<ImportEdge>& edges) {
    size_t start = 0;
    while (true) {
      size_t dot = name.find('.', start);
      std::string prefix = name.substr(0, dot);
      add(prefix, line, module, edges, /*must_exist=*/true);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }

  void add(const std::string& target, int line, const ModuleInfo& module,
           std::vector<ImportEdge>& edges, bool must_exist) {
    bool internal = is_within(target, top_);
    if (internal && !known_.count(target)) {
      if (must_exist) {
        warn(module, line, "no module named '" + target + "' in the package; the import will " +
                               "fail at run time");
      }
      return;  // `from pkg import name` where name is not a module: an attribute
    }
    // Checked on the first component only, so `import a.b.c` warns once.
    if (!internal && !source_dir_name_.empty() && source_dir_name_ != top_ &&
        target == source_dir_name_) {
      warn(module, line, "'" + target + "' names the source directory '" + source_dir_name_ +
                             "', but the compiled package is imported as '" + top_ + "'");
    }
    edges.push_back({target, line, internal});
  }

  void resolve_from(const ast::Node& node, const ModuleInfo& module,
                    std::vector<ImportEdge>& edges) {
    const std::string from(node.identifier("module"));
    const int level = static_cast<int>(node.integer("level"));
    const int line = node.range.line;
    std::string base;
    if (level == 0) {
      base = from;
      add_dotted(base, line, module, edges);
    } else {
      if (single_module_) {
        warn(module, line, "relative import in a module that is not part of a package; it "
                           "will fail at run time");
        return;
      }
      std::string context = module.is_package ? module.name : parent_of(module.name);
      for (int i = 1; i < level && !context.empty(); ++i) context = parent_of(context);
      if (context.empty()) {
        warn(module, line, "relative import beyond the top-level package; it will fail at run "
                           "time");
        return;
      }
      base = from.empty() ? context : context + "." + from;
      if (!from.empty()) add_dotted(base, line, module, edges);
    }
    // `from base import name` imports base.name when that is a module.
    for (const ast::Value& alias : node.list("names")) {
      std::string name(alias.node->identifier("name"));
      if (name != "*") add(base + "." + name, line, module, edges, /*must_exist=*/false);
    }
  }

  void warn(const ModuleInfo& module, int line, std::string message) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.path = module.path;
    d.line = line;
    d.message = std::move(message);
    sink_.report(std::move(d));
  }

  std::string top_;
  std::string source_dir_name_;
  bool single_module_;
  DiagnosticSink& sink_;
  std::set<std::string> known_;
};

}  // namespace

std::set<std::string> ModuleGraph::internal_imports(const std::string& module) const {
  std::set<std::string> out;
  auto found = imports.find(module);
  if (found == imports.end()) return out;
  for (const ImportEdge& edge : found->second) {
    if (edge.internal) out.insert(edge.target);
  }
  return out;
}

ModuleGraph build_module_graph(const std::vector<ModuleInfo>& modules, const std::string& top,
                               const std::string& source_dir_name, bool single_module,
                               DiagnosticSink& sink) {
  std::set<std::string> known;
  for (const ModuleInfo& m : modules) known.insert(m.name);
  Resolver resolver(std::move(known), top, source_dir_name, single_module, sink);
  ModuleGraph graph;
  for (const ModuleInfo& module : modules) graph.imports[module.name] = resolver.resolve(module);
  return graph;
}

std::vector<ImportEdge> resolve_imports(const ModuleInfo& module,
                                        const std::vector<std::string>& package_modules,
                                        const std::string& top,
                                        const std::string& source_dir_name, bool single_module,
                                        DiagnosticSink& sink) {
  Resolver resolver(std::set<std::string>(package_modules.begin(), package_modules.end()), top,
                    source_dir_name, single_module, sink);
  return resolver.resolve(module);
}

}  // namespace pyaot::frontend
