#include "frontend/functions.h"

#include <map>

namespace pyaot::frontend {
namespace {

using ast::NodeKind;

class FunctionLister {
 public:
  std::vector<FunctionSite> sites;

  // `prefix` is the enclosing qualname plus "." (or "" at module level).
  void visit(const ast::Node& node, const std::string& prefix) {
    switch (node.kind) {
      case NodeKind::FunctionDef:
      case NodeKind::AsyncFunctionDef: {
        std::string qualname = prefix + std::string(node.identifier("name"));
        sites.push_back({qualname, node.range.line, node.range.column, &node, class_name_});
        // Decorators, defaults and annotations run in the enclosing scope.
        visit_fields(node, prefix, {"decorator_list", "args", "returns"});
        visit_fields(node, qualname + ".<locals>.", {"body"});
        return;
      }
      case NodeKind::Lambda: {
        std::string qualname = prefix + "<lambda>";
        sites.push_back({qualname, node.range.line, node.range.column, &node, class_name_});
        visit_fields(node, prefix, {"args"});
        visit_fields(node, qualname + ".<locals>.", {"body"});
        return;
      }
      case NodeKind::ListComp:
      case NodeKind::SetComp:
      case NodeKind::DictComp:
      case NodeKind::GeneratorExp: {
        // The first iterable is evaluated outside; the rest runs in the
        // comprehension's own function (a scope without "<locals>").
        static const std::map<NodeKind, std::string> names = {
            {NodeKind::ListComp, "<listcomp>"}, {NodeKind::SetComp, "<setcomp>"},
            {NodeKind::DictComp, "<dictcomp>"}, {NodeKind::GeneratorExp, "<genexpr>"}};
        const std::string own = prefix + names.at(node.kind);
        sites.push_back({own, node.range.line, node.range.column, &node});
        const std::string inner = own + ".";
        const auto& generators = node.list("generators");
        for (size_t k = 0; k < generators.size(); ++k) {
          const ast::Node& g = *generators[k].node;
          visit_fields(g, k == 0 ? prefix : inner, {"iter"});
          visit_fields(g, inner, {"target", "ifs"});
        }
        visit_fields(node, inner, {"elt", "key", "value"});
        return;
      }
      case NodeKind::ClassDef: {
        std::string qualname = prefix + std::string(node.identifier("name"));
        visit_fields(node, prefix, {"decorator_list", "bases", "keywords"});
        const std::string outer_class = class_name_;
        class_name_ = std::string(node.identifier("name"));
        sites.push_back({qualname, node.range.line, node.range.column, &node, class_name_});
        visit_fields(node, qualname + ".", {"body"});
        class_name_ = outer_class;
        return;
      }
      default:
        for (const ast::Field& field : node.fields) visit_value(field.value, prefix);
    }
  }

 private:
  std::string class_name_;  // the innermost class being visited

  void visit_fields(const ast::Node& node, const std::string& prefix,
                    std::initializer_list<const char*> names) {
    for (const char* name : names) {
      if (const ast::Value* value = node.field(name)) visit_value(*value, prefix);
    }
  }

  void visit_value(const ast::Value& value, const std::string& prefix) {
    if (value.tag == ast::Value::Tag::Node) {
      visit(*value.node, prefix);
    } else if (value.tag == ast::Value::Tag::List) {
      for (const ast::Value& item : value.list) visit_value(item, prefix);
    }
  }
};

}  // namespace

std::vector<FunctionSite> list_functions(const ast::Node& module) {
  FunctionLister lister;
  lister.sites.push_back({"<module>", 1, 0, &module});
  lister.visit(module, "");
  return lister.sites;
}

}  // namespace pyaot::frontend
