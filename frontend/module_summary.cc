#include "frontend/module_summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace pyaot::frontend {
namespace {

// Names an assignment target binds (a, a.b is no binding, (a, b), [a, *b]).
void target_names(const ast::Node& target, std::vector<std::string>* names) {
  if (target.kind == ast::NodeKind::Name) {
    names->emplace_back(target.identifier("id"));
  } else if (target.kind == ast::NodeKind::Tuple || target.kind == ast::NodeKind::List) {
    for (const ast::Value& element : target.list("elts")) target_names(*element.node, names);
  } else if (target.kind == ast::NodeKind::Starred) {
    target_names(*target.child("value"), names);
  }
}

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

ModuleSummary summarize_module(const std::string& name, bool is_package, const ast::Node& tree,
                               const std::vector<ImportEdge>& edges) {
  ModuleSummary summary;
  summary.name = name;
  summary.is_package = is_package;
  std::set<std::string> imports;
  for (const ImportEdge& edge : edges) {
    if (edge.internal && edge.target != name) imports.insert(edge.target);
  }
  summary.imports.assign(imports.begin(), imports.end());

  std::map<std::string, ModuleBinding> bindings;
  auto bind = [&](ModuleBinding binding) {
    auto [found, inserted] = bindings.try_emplace(binding.name, binding);
    if (!inserted) found->second = {"rebound", binding.name, {}};
  };
  for (const ast::Value& statement : tree.list("body")) {
    const ast::Node& s = *statement.node;
    switch (s.kind) {
      case ast::NodeKind::FunctionDef:
      case ast::NodeKind::AsyncFunctionDef:
        bind({"def", std::string(s.identifier("name")), {}});
        break;
      case ast::NodeKind::ClassDef: {
        ModuleBinding binding{"class", std::string(s.identifier("name")), {}};
        for (const ast::Value& member : s.list("body")) {
          if (member.node->kind == ast::NodeKind::FunctionDef ||
              member.node->kind == ast::NodeKind::AsyncFunctionDef) {
            binding.methods.emplace_back(member.node->identifier("name"));
          }
        }
        bind(std::move(binding));
        break;
      }
      case ast::NodeKind::Assign:
      case ast::NodeKind::AnnAssign:
      case ast::NodeKind::AugAssign: {
        std::vector<std::string> names;
        if (s.kind == ast::NodeKind::Assign) {
          for (const ast::Value& target : s.list("targets")) target_names(*target.node, &names);
        } else {
          target_names(*s.child("target"), &names);
        }
        for (std::string& n : names) bind({"global", std::move(n), {}});
        break;
      }
      case ast::NodeKind::Import:
      case ast::NodeKind::ImportFrom:
        for (const ast::Value& alias : s.list("names")) {
          std::string bound(alias.node->identifier("asname"));
          if (bound.empty()) bound = alias.node->identifier("name");
          if (bound == "*") continue;
          bind({"global", bound.substr(0, bound.find('.')), {}});
        }
        break;
      default:
        break;
    }
  }
  for (auto& [n, binding] : bindings) summary.bindings.push_back(std::move(binding));
  return summary;
}

std::string summary_text(const ModuleSummary& summary) {
  std::string out = "pyaot-summary " + std::to_string(ModuleSummary::kFormatVersion) + "\n";
  out += "module " + summary.name + "\n";
  out += std::string("package ") + (summary.is_package ? "1" : "0") + "\n";
  for (const std::string& target : summary.imports) out += "import " + target + "\n";
  for (const ModuleBinding& binding : summary.bindings) {
    out += binding.kind + " " + binding.name;
    for (const std::string& method : binding.methods) out += " " + method;
    out += "\n";
  }
  return out;
}

std::optional<ModuleSummary> parse_summary(const std::string& text, std::string* error) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) ||
      line != "pyaot-summary " + std::to_string(ModuleSummary::kFormatVersion)) {
    *error = "not a pyaot summary of format version " +
             std::to_string(ModuleSummary::kFormatVersion);
    return std::nullopt;
  }
  ModuleSummary summary;
  bool has_module = false;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    const std::vector<std::string> words = split_words(line);
    const std::string kind = words.empty() ? "" : words[0];
    if (kind == "module" && words.size() == 2) {
      summary.name = words[1];
      has_module = true;
    } else if (kind == "package" && words.size() == 2 && (words[1] == "0" || words[1] == "1")) {
      summary.is_package = words[1] == "1";
    } else if (kind == "import" && words.size() == 2) {
      summary.imports.push_back(words[1]);
    } else if ((kind == "def" || kind == "global" || kind == "rebound") && words.size() == 2) {
      summary.bindings.push_back({kind, words[1], {}});
    } else if (kind == "class" && words.size() >= 2) {
      summary.bindings.push_back(
          {kind, words[1], std::vector<std::string>(words.begin() + 2, words.end())});
    } else {
      *error = "line " + std::to_string(number) + ": unexpected '" + line + "'";
      return std::nullopt;
    }
  }
  if (!has_module) {
    *error = "no module line";
    return std::nullopt;
  }
  return summary;
}

}  // namespace pyaot::frontend
