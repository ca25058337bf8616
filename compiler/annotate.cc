#include "compiler/annotate.h"

#include <algorithm>
#include <cstdio>

#include "compiler/report.h"
#include "ir/printer.h"
#include "ir/work.h"

namespace pyaot::compiler {
namespace {

using frontend::LoweredFunction;

// Kinds of work, cheapest first, for the legend and the per-line counts.
constexpr ir::WorkKind kKinds[] = {ir::WorkKind::None,    ir::WorkKind::Refcount,
                                   ir::WorkKind::Unboxed, ir::WorkKind::Guarded,
                                   ir::WorkKind::Boxing,  ir::WorkKind::Generic,
                                   ir::WorkKind::Suspend};

// A line of a function left to bytecode: the interpreter runs at least
// one generic operation for it.
int interpreted_line_cost() { return ir::work_cost(ir::WorkKind::Generic); }

// A line's work: the sum of its instructions' costs (ir/work.h), or for a
// line of code run by the interpreter, one generic operation's.
struct LineCost {
  int cost = 0;
  bool interpreted = false;  // in a function left to bytecode
};

struct LineInstruction {
  const LoweredFunction* function;
  const ir::Instruction* instruction;
  ir::Work work;
};

struct ModuleAnalysis {
  std::vector<std::string> source;                    // [0] unused
  std::vector<LineCost> costs;                        // per line
  std::vector<std::vector<LineInstruction>> instructions;  // per line
  std::vector<const LoweredFunction*> owner;          // the innermost function per line
  std::map<const LoweredFunction*, int> function_cost;
  int total = 0;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines{""};
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool is_code_line(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t\f");
  return first != std::string::npos && line[first] != '#';
}

ModuleAnalysis analyze(const frontend::SourcePackage& package, size_t m,
                       const std::vector<LoweredFunction>& lowered) {
  ModuleAnalysis a;
  a.source = split_lines(package.modules[m].parsed.text);
  const int last = static_cast<int>(a.source.size()) - 1;
  a.costs.resize(a.source.size());
  a.instructions.resize(a.source.size());
  a.owner.resize(a.source.size(), nullptr);
  // Sites come in source order, each after the one it is nested in.
  for (const LoweredFunction& f : lowered) {
    const ast::Node& node = *f.site->node;
    const bool whole = node.kind == ast::NodeKind::Module;
    const int first = whole ? 1 : std::max(1, node.range.line);
    const int end = whole ? last : std::min(last, std::max(node.range.end_line, first));
    for (int line = first; line <= end; ++line) a.owner[line] = &f;
    a.function_cost[&f] = 0;
  }
  for (const LoweredFunction& f : lowered) {
    if (!f.function) continue;
    for (const auto& block : f.function->blocks) {
      for (const auto& i : block->instructions) {
        ir::Work work = ir::work_of(*i);
        a.function_cost[&f] += work.cost;
        if (i->line < 1 || i->line > last) continue;
        a.costs[i->line].cost += work.cost;
        a.instructions[i->line].push_back({&f, i.get(), std::move(work)});
      }
    }
  }
  for (int line = 1; line <= last; ++line) {
    const LoweredFunction* f = a.owner[line];
    if (f == nullptr || f->function || !is_code_line(a.source[line])) continue;
    a.costs[line].interpreted = true;
    a.costs[line].cost += interpreted_line_cost();
    a.function_cost[f] += interpreted_line_cost();
  }
  for (const LineCost& c : a.costs) a.total += c.cost;
  return a;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string trim(std::string text) {
  const size_t first = text.find_first_not_of(' ');
  const size_t last = text.find_last_not_of(" \n");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

// The shade of a line: more generic work, a deeper red; interpreted lines
// violet (and hatched by the stylesheet).
std::string shade(const LineCost& c) {
  if (c.interpreted) return "background-color: rgba(130, 70, 200, 0.22)";
  if (c.cost == 0) return "";
  const double alpha = 0.06 + 0.6 * std::min(c.cost, 60) / 60.0;
  char style[64];
  std::snprintf(style, sizeof style, "background-color: rgba(225, 70, 20, %.2f)", alpha);
  return style;
}

constexpr const char* kStyle = R"CSS(
body { font-family: sans-serif; margin: 1em 2em; color: #222; }
table.list { border-collapse: collapse; margin-bottom: 1.5em; }
table.list th, table.list td { padding: 2px 10px; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; }
.native { color: #17701c; font-weight: bold; }
.fallback { color: #a01010; font-weight: bold; }
.src { font-family: monospace; font-size: 13px; border: 1px solid #ccc; }
.line { display: flex; white-space: pre; cursor: pointer; min-height: 1.3em; }
.line:hover { outline: 1px solid #888; }
.line .num { width: 4em; flex: none; text-align: right; color: #777; padding-right: 1em; }
.line .cost { width: 3em; flex: none; text-align: right; color: #555; padding-right: 1em; }
.line .code { flex: 1; }
.line .badge { flex: none; padding: 0 6px; font-family: sans-serif; font-size: 11px; }
.line.interpreted { background-image: repeating-linear-gradient(45deg, transparent 0 5px, rgba(90, 40, 160, 0.12) 5px 10px); }
.ir { display: none; margin: 2px 0 6px 8em; padding: 4px 8px; background: #f7f7f2;
      border-left: 3px solid #999; font-family: monospace; font-size: 12px; }
.ir.open { display: block; }
.ir .fn { font-family: sans-serif; font-weight: bold; margin-top: 4px; }
.insn { margin: 3px 0; }
.insn code { white-space: pre; }
.insn .kind { font-family: sans-serif; font-size: 11px; padding: 0 4px; border-radius: 3px; background: #ddd; }
.k-generic .kind, .k-suspend .kind { background: #f3b3a0; }
.k-boxing .kind { background: #f5d08a; }
.k-guarded .kind { background: #cfe0f5; }
.k-unboxed .kind { background: #c8ecc8; }
.insn .what, .insn .guard { font-family: sans-serif; font-size: 12px; margin-left: 2em; color: #333; }
.insn .guard { color: #124a80; }
)CSS";

constexpr const char* kScript = R"JS(
document.querySelectorAll('.line[data-ir]').forEach(function (line) {
  line.addEventListener('click', function () {
    var ir = document.getElementById(line.dataset.ir);
    if (ir) ir.classList.toggle('open');
  });
});
)JS";

std::string page(const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n" + body +
         "<script>" + kScript + "</script>\n</body>\n</html>\n";
}

std::string legend() {
  std::string out =
      "<p>Each line is shaded by the work of its native code, from the final IR "
      "(<code>--emit=ir</code>): the sum of its instructions' costs. Lines of functions left "
      "to bytecode are violet and hatched, counted as " +
      std::to_string(interpreted_line_cost()) +
      " each. Click a line for its instructions, their work and guards.</p>\n"
      "<table class=\"list legend\"><tr><th>work</th><th>cost</th></tr>\n";
  for (ir::WorkKind kind : kKinds) {
    out += "<tr><td>" + std::string(ir::work_kind_name(kind)) + "</td><td class=\"n\">" +
           std::to_string(ir::work_cost(kind)) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

class Renderer {
 public:
  Renderer(const frontend::SourcePackage& package,
           const std::vector<std::vector<LoweredFunction>>& lowered, bool single_file)
      : package_(package), single_(single_file),
        records_(function_records(package, lowered)) {
    for (size_t m = 0; m < package.modules.size(); ++m) {
      analyses_.push_back(analyze(package, m, lowered[m]));
    }
  }

  std::map<std::string, std::string> pages() {
    std::map<std::string, std::string> out;
    const std::string title = "pyaot annotations: " + package_.layout.import_name;
    if (single_) {
      std::string body = index_body();
      for (size_t m = 0; m < package_.modules.size(); ++m) body += module_body(m);
      out["index.html"] = page(title, body);
      return out;
    }
    out["index.html"] = page(title, index_body());
    for (size_t m = 0; m < package_.modules.size(); ++m) {
      out[page_name(m)] = page(package_.modules[m].file.name + " - " + title, module_body(m));
    }
    return out;
  }

 private:
  // Never "index.html": a module named index gets "index.py.html".
  std::string page_name(size_t m) const { return package_.modules[m].file.name + ".py.html"; }
  std::string id_prefix(size_t m) const { return single_ ? "m" + std::to_string(m) + "-" : ""; }
  std::string module_link(size_t m) const {
    return single_ ? "#module-" + std::to_string(m) : page_name(m);
  }
  std::string line_link(size_t m, int line) const {
    return (single_ ? "" : page_name(m)) + "#" + id_prefix(m) + "L" + std::to_string(line);
  }

  static std::string status(const FunctionRecord& r) {
    const char* s = r.native() ? "native" : "fallback";
    return "<span class=\"" + std::string(s) + "\">" + s + "</span>";
  }

  std::string function_row(const FunctionRecord& r, bool with_module) const {
    const int line = r.lowered->site->line;
    std::string row = "<tr data-function=\"" + escape(r.lowered->site->qualname) + "\"><td><a href=\"" +
                      escape(line_link(r.module, line)) + "\">" +
                      escape(r.lowered->site->qualname) + "</a></td>";
    if (with_module) row += "<td>" + escape(package_.modules[r.module].file.name) + "</td>";
    row += "<td class=\"n\">" + std::to_string(line) + "</td><td>" + r.kind + "</td><td>" +
           status(r) + "</td><td>" + escape(r.reason()) + "</td><td class=\"n cost\">" +
           std::to_string(analyses_[r.module].function_cost.at(r.lowered)) + "</td></tr>\n";
    return row;
  }

  std::string index_body() const {
    size_t native = 0;
    for (const FunctionRecord& r : records_) native += r.native() != nullptr;
    std::string out = "<h1>pyaot annotations: " + escape(package_.layout.import_name) + "</h1>\n";
    out += "<p class=\"summary\">" + std::to_string(package_.modules.size()) + " modules, " +
           std::to_string(records_.size()) + " module bodies, class bodies and functions: " +
           std::to_string(native) + " native, " + std::to_string(records_.size() - native) +
           " fallback.</p>\n";
    out += legend();
    std::vector<size_t> modules(package_.modules.size());
    for (size_t m = 0; m < modules.size(); ++m) modules[m] = m;
    std::stable_sort(modules.begin(), modules.end(),
                     [&](size_t a, size_t b) { return analyses_[a].total > analyses_[b].total; });
    out += "<h2>Modules, by cost</h2>\n<table class=\"list modules\"><tr><th>module</th>"
           "<th>file</th><th>cost</th><th>lines with generic work</th><th>native</th></tr>\n";
    for (size_t m : modules) {
      const ModuleAnalysis& a = analyses_[m];
      int generic_lines = 0, functions = 0, natives = 0;
      for (size_t line = 1; line < a.instructions.size(); ++line) {
        bool generic = a.costs[line].interpreted;
        for (const LineInstruction& li : a.instructions[line]) {
          generic |= li.work.kind == ir::WorkKind::Generic;
        }
        generic_lines += generic;
      }
      for (const FunctionRecord& r : records_) {
        if (r.module != m) continue;
        ++functions;
        natives += r.native() != nullptr;
      }
      out += "<tr data-module=\"" + escape(package_.modules[m].file.name) + "\"><td><a href=\"" +
             escape(module_link(m)) + "\">" + escape(package_.modules[m].file.name) +
             "</a></td><td>" + escape(package_.modules[m].file.path) +
             "</td><td class=\"n cost\">" + std::to_string(a.total) + "</td><td class=\"n\">" +
             std::to_string(generic_lines) + "</td><td class=\"n\">" + std::to_string(natives) +
             " of " + std::to_string(functions) + "</td></tr>\n";
    }
    out += "</table>\n";
    std::vector<const FunctionRecord*> functions;
    for (const FunctionRecord& r : records_) functions.push_back(&r);
    std::stable_sort(functions.begin(), functions.end(),
                     [&](const FunctionRecord* a, const FunctionRecord* b) {
                       return analyses_[a->module].function_cost.at(a->lowered) >
                              analyses_[b->module].function_cost.at(b->lowered);
                     });
    out += "<h2>Functions, by cost</h2>\n<table class=\"list functions\"><tr><th>function</th>"
           "<th>module</th><th>line</th><th>kind</th><th>status</th><th>why</th><th>cost</th></tr>\n";
    for (const FunctionRecord* r : functions) out += function_row(*r, true);
    return out + "</table>\n";
  }

  std::string instruction_html(const LineInstruction& li) const {
    const std::string kind(ir::work_kind_name(li.work.kind));
    std::string out = "<div class=\"insn k-" + kind + "\" data-kind=\"" + kind +
                      "\" data-cost=\"" + std::to_string(li.work.cost) + "\"><code>" +
                      escape(trim(ir::print_instruction(*li.instruction))) +
                      "</code> <span class=\"kind\">" + kind + " " + std::to_string(li.work.cost) +
                      "</span><div class=\"what\">" + escape(li.work.what) + "</div>";
    for (const ir::Guard& g : li.work.guards) {
      out += "<div class=\"guard\">guard: " + escape(g.check) + " &rarr; protects " +
             escape(g.protects) + "; otherwise " + escape(g.otherwise) + "</div>";
    }
    return out + "</div>\n";
  }

  // What clicking line `line` shows.
  std::string line_detail(size_t m, int line) const {
    const ModuleAnalysis& a = analyses_[m];
    std::string out;
    if (a.costs[line].interpreted) {
      const LoweredFunction* f = a.owner[line];
      out += "<div class=\"fn\">in " + escape(f->site->qualname) +
             ": runs as bytecode in the interpreter (" + escape(f->fallback_reason) + ")</div>\n";
    }
    const LoweredFunction* current = nullptr;
    for (const LineInstruction& li : a.instructions[line]) {
      if (li.function != current) {
        current = li.function;
        out += "<div class=\"fn\">in " + escape(current->site->qualname) + " (native)</div>\n";
      }
      out += instruction_html(li);
    }
    return out;
  }

  std::string module_body(size_t m) const {
    const frontend::SourceModule& module = package_.modules[m];
    const ModuleAnalysis& a = analyses_[m];
    const std::string prefix = id_prefix(m);
    std::string out = "<section class=\"module\" id=\"module-" + std::to_string(m) + "\">\n";
    out += "<h1>" + escape(module.file.name) + "</h1>\n<p>" + escape(module.file.path) +
           ", cost " + std::to_string(a.total) + (single_ ? "" : " &middot; <a href=\"index.html\">index</a>") +
           "</p>\n";
    if (!single_) out += legend();
    out += "<table class=\"list functions\"><tr><th>function</th><th>line</th><th>kind</th>"
           "<th>status</th><th>why</th><th>cost</th></tr>\n";
    std::map<int, const FunctionRecord*> starts;
    for (const FunctionRecord& r : records_) {
      if (r.module != m) continue;
      out += function_row(r, false);
      if (r.lowered->site->node->kind != ast::NodeKind::Module) starts[r.lowered->site->line] = &r;
    }
    out += "</table>\n<div class=\"src\">\n";
    for (size_t line = 1; line < a.source.size(); ++line) {
      const int n = static_cast<int>(line);
      const LineCost& c = a.costs[line];
      const std::string detail = line_detail(m, n);
      const std::string ir_id = prefix + "ir" + std::to_string(line);
      out += "<div class=\"line" + std::string(c.interpreted ? " interpreted" : "") + "\" id=\"" +
             prefix + "L" + std::to_string(line) + "\" data-line=\"" + std::to_string(line) +
             "\" data-cost=\"" + std::to_string(c.cost) + "\"";
      if (!detail.empty()) out += " data-ir=\"" + ir_id + "\"";
      const std::string style = shade(c);
      if (!style.empty()) out += " style=\"" + style + "\"";
      out += "><span class=\"num\">" + std::to_string(line) + "</span><span class=\"cost\">" +
             (c.cost ? std::to_string(c.cost) : "") + "</span><span class=\"code\">" +
             escape(a.source[line]) + "</span>";
      auto start = starts.find(n);
      if (start != starts.end()) {
        out += "<span class=\"badge\" title=\"" + escape(start->second->reason()) + "\">" +
               status(*start->second) + "</span>";
      }
      out += "</div>\n";
      if (!detail.empty()) out += "<div class=\"ir\" id=\"" + ir_id + "\">\n" + detail + "</div>\n";
    }
    return out + "</div>\n</section>\n";
  }

  const frontend::SourcePackage& package_;
  bool single_;
  std::vector<FunctionRecord> records_;
  std::vector<ModuleAnalysis> analyses_;
};

}  // namespace

std::map<std::string, std::string> annotated_pages(
    const frontend::SourcePackage& package,
    const std::vector<std::vector<LoweredFunction>>& lowered, bool single_file) {
  return Renderer(package, lowered, single_file).pages();
}

}  // namespace pyaot::compiler
