#include "frontend/python_parser.h"

#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "frontend/embedded_python.h"

namespace pyaot::frontend {
namespace {

// Runs in the embedded interpreter: compile exactly as the source loader
// does (bytes in, so PEP 263 and BOMs are honoured), and keep its warnings.
constexpr const char* kHelperSource = R"PY(
import ast, dis, importlib.util, marshal, types, warnings

def parse(data, filename):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tree = compile(data, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        code = compile(data, filename, "exec", dont_inherit=True, optimize=0)
    text = importlib.util.decode_source(data)
    found = [(w.category.__name__, str(w.message), w.lineno or 0) for w in caught]
    return (tree, marshal.dumps(code), text.encode("utf-8", "surrogatepass"), found,
            code_objects(code))

def dump(data):
    return ast.dump(ast.parse(data))

def _no_position(value):
    return -1 if value is None else value

_opname = dis._all_opname

def instructions_of(c):
    """What dis.get_instructions(c) says of each instruction (its offset in
    code units, name, argument, positions), without the Instruction objects
    and argument reprs that made it most of the parse stage."""
    positions = list(c.co_positions())  # one per code unit, caches included
    out = []
    for offset, op, arg in dis._unpack_opargs(c.co_code):
        line, end_line, col, end_col = positions[offset // 2]
        out.append((offset // 2, _opname[op], -1 if arg is None else arg, _no_position(line),
                    _no_position(col), _no_position(end_line), _no_position(end_col)))
    return out

def code_objects(code):
    """Every code object under `code` with what lowering needs of it."""
    found = []
    def visit(c):
        instructions = instructions_of(c)
        # Constants as lowering compares them with AST constants: their repr
        # (code objects and other non-literals as "").
        literal = (type(None), bool, int, float, complex, str, bytes, type(...))
        consts = [repr(k) if isinstance(k, literal) else "" for k in c.co_consts]
        found.append((c.co_qualname, c.co_firstlineno, c.co_flags, c.co_argcount,
                       c.co_posonlyargcount, c.co_kwonlyargcount, list(c.co_varnames),
                       list(c.co_cellvars), list(c.co_freevars), list(c.co_names),
                       consts, instructions,
                       [k.encode("utf-8", "surrogatepass") if type(k) is str else None
                        for k in c.co_consts],
                       [type(k).__name__ for k in c.co_consts]))
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                visit(k)
    visit(code)
    return found
)PY";

// ast.AST, the base class of the nodes `parse` returns.
PyObject* ast_base() {
  static PyObject* const base = [] {
    Ref ast_module(PyImport_ImportModule("ast"));
    if (!ast_module) fail_with_python_error("importing ast");
    PyObject* ast = PyObject_GetAttrString(ast_module.get(), "AST");
    if (ast == nullptr) fail_with_python_error("reading ast.AST");
    return ast;
  }();
  return base;
}

// Reads attribute `name` of `object` as an int; 0 when absent or None.
int int_field(PyObject* object, const char* name) {
  Ref value(PyObject_GetAttrString(object, name));
  if (!value || value.get() == Py_None || !PyLong_Check(value.get())) {
    PyErr_Clear();
    return 0;
  }
  return static_cast<int>(PyLong_AsLong(value.get()));
}

// Converts Python `ast` objects to ast::Node, caching each class's fields.
class AstConverter {
 public:
  explicit AstConverter(PyObject* ast_base) : ast_base_(ast_base) {}

  std::unique_ptr<ast::Node> convert(PyObject* object) {
    const ClassInfo& info = class_info(Py_TYPE(object));
    auto node = std::make_unique<ast::Node>();
    node->kind = info.kind;
    if (info.has_position) node->range = position_of(object);
    const bool constant_valued =
        info.kind == ast::NodeKind::Constant || info.kind == ast::NodeKind::MatchSingleton;
    node->fields.reserve(info.fields.size());
    for (const std::string& name : info.fields) {
      Ref value(PyObject_GetAttrString(object, name.c_str()));
      if (!value) fail_with_python_error("reading ast field " + name);
      ast::Field field;
      field.name = name;
      if (constant_valued && name == "value") {
        field.value.tag = ast::Value::Tag::Constant;
        field.value.constant = convert_constant(value.get());
      } else {
        field.value = convert_value(value.get());
      }
      node->fields.push_back(std::move(field));
    }
    return node;
  }

 private:
  struct ClassInfo {
    ast::NodeKind kind;
    std::vector<std::string> fields;
    bool has_position = false;
  };

  const ClassInfo& class_info(PyTypeObject* type) {
    auto found = classes_.find(type);
    if (found != classes_.end()) return found->second;
    ClassInfo info;
    Ref name(PyObject_GetAttrString(reinterpret_cast<PyObject*>(type), "__name__"));
    if (!name) fail_with_python_error("reading an ast class name");
    if (!ast::node_kind_from_name(utf8(name.get()), &info.kind)) {
      throw std::runtime_error("unknown ast node class " + utf8(name.get()));
    }
    Ref fields(PyObject_GetAttrString(reinterpret_cast<PyObject*>(type), "_fields"));
    if (!fields) fail_with_python_error("reading _fields");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(fields.get()); ++i) {
      info.fields.push_back(utf8(PyTuple_GET_ITEM(fields.get(), i)));
    }
    Ref attributes(PyObject_GetAttrString(reinterpret_cast<PyObject*>(type), "_attributes"));
    if (!attributes) fail_with_python_error("reading _attributes");
    info.has_position = PyTuple_GET_SIZE(attributes.get()) > 0;
    return classes_.emplace(type, std::move(info)).first->second;
  }

  static ast::SourceRange position_of(PyObject* object) {
    ast::SourceRange range;
    range.line = int_field(object, "lineno");
    range.column = int_field(object, "col_offset");
    range.end_line = int_field(object, "end_lineno");
    range.end_column = int_field(object, "end_col_offset");
    return range;
  }

  ast::Value convert_value(PyObject* object) {
    ast::Value value;
    if (object == Py_None) return value;
    if (PyList_Check(object)) {
      value.tag = ast::Value::Tag::List;
      Py_ssize_t size = PyList_GET_SIZE(object);
      value.list.reserve(size);
      for (Py_ssize_t i = 0; i < size; ++i) {
        value.list.push_back(convert_value(PyList_GET_ITEM(object, i)));
      }
    } else if (PyUnicode_Check(object)) {
      value.tag = ast::Value::Tag::Identifier;
      value.identifier = utf8(object);
    } else if (PyLong_Check(object)) {
      value.tag = ast::Value::Tag::Int;
      value.integer = PyLong_AsLongLong(object);
    } else {
      int is_node = PyObject_IsInstance(object, ast_base_);
      if (is_node < 0) fail_with_python_error("isinstance(ast.AST)");
      if (!is_node) {
        value.tag = ast::Value::Tag::Constant;
        value.constant = convert_constant(object);
        return value;
      }
      value.tag = ast::Value::Tag::Node;
      value.node = convert(object);
    }
    return value;
  }

  static ast::Constant convert_constant(PyObject* object) {
    using Kind = ast::Constant::Kind;
    ast::Constant constant;
    if (object == Py_None) {
      constant.kind = Kind::None;
    } else if (object == Py_True) {
      constant.kind = Kind::True;
    } else if (object == Py_False) {
      constant.kind = Kind::False;
    } else if (object == Py_Ellipsis) {
      constant.kind = Kind::Ellipsis;
    } else if (PyLong_Check(object)) {
      constant.kind = Kind::Int;
      Ref text(PyObject_Str(object));
      if (!text) fail_with_python_error("str(int)");
      constant.text = utf8(text.get());
    } else if (PyFloat_Check(object) || PyComplex_Check(object)) {
      constant.kind = PyFloat_Check(object) ? Kind::Float : Kind::Complex;
      Ref text(PyObject_Repr(object));
      if (!text) fail_with_python_error("repr(number)");
      constant.text = utf8(text.get());
    } else if (PyUnicode_Check(object)) {
      constant.kind = Kind::Str;
      constant.text = utf8(object);
    } else if (PyBytes_Check(object)) {
      constant.kind = Kind::Bytes;
      constant.text = bytes_of(object);
    } else {
      throw std::runtime_error(std::string("unexpected constant of type ") +
                               Py_TYPE(object)->tp_name);
    }
    Ref repr(PyObject_Repr(object));
    if (!repr) fail_with_python_error("repr(constant)");
    constant.repr = utf8(repr.get());
    return constant;
  }

  PyObject* ast_base_;
  std::unordered_map<PyTypeObject*, ClassInfo> classes_;
};

std::string str_field(PyObject* object, const char* name) {
  Ref value(PyObject_GetAttrString(object, name));
  if (!value || !PyUnicode_Check(value.get())) {
    PyErr_Clear();
    return {};
  }
  return utf8(value.get());
}

// Line `line` (1-based) of `text`, without its newline; "" if out of range.
std::string line_of(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string strip_newline(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

// The pending Python exception, as a diagnostic about `filename`.
Diagnostic diagnostic_from_exception(const std::string& filename) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  Diagnostic d;
  d.path = filename;
  if (value != nullptr && PyErr_GivenExceptionMatches(type, PyExc_SyntaxError)) {
    d.message = str_field(value, "msg");
    d.line = int_field(value, "lineno");
    d.column = int_field(value, "offset");
    d.source_line = strip_newline(str_field(value, "text"));
    int end_line = int_field(value, "end_lineno");
    int end_column = int_field(value, "end_offset");
    if (end_line == d.line && end_column > d.column) d.caret_width = end_column - d.column;
    if (type != PyExc_SyntaxError) {  // IndentationError, TabError: say which
      d.message = std::string(reinterpret_cast<PyTypeObject*>(type)->tp_name) + ": " + d.message;
    }
  } else {
    std::string detail;
    if (value != nullptr) {
      Ref text(PyObject_Str(value));
      if (text) detail = utf8(text.get());
    }
    d.message = std::string(type ? reinterpret_cast<PyTypeObject*>(type)->tp_name : "error") +
                (detail.empty() ? "" : ": " + detail);
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  PyErr_Clear();
  return d;
}

}  // namespace

namespace {

std::vector<std::string> string_list(PyObject* list) {
  std::vector<std::string> out;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i) out.push_back(utf8(PyList_GET_ITEM(list, i)));
  return out;
}

int as_int(PyObject* value) { return static_cast<int>(PyLong_AsLong(value)); }

// A list of bytes or None.
std::vector<std::optional<std::string>> optional_bytes_list(PyObject* list) {
  std::vector<std::optional<std::string>> out;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i) {
    PyObject* item = PyList_GET_ITEM(list, i);
    if (item == Py_None) {
      out.emplace_back();
    } else {
      out.emplace_back(std::string(PyBytes_AS_STRING(item), PyBytes_GET_SIZE(item)));
    }
  }
  return out;
}

std::vector<CodeObjectInfo> convert_code_objects(PyObject* found) {
  std::vector<CodeObjectInfo> out;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(found); ++i) {
    PyObject* t = PyList_GET_ITEM(found, i);
    CodeObjectInfo info;
    info.qualname = utf8(PyTuple_GET_ITEM(t, 0));
    info.first_line = as_int(PyTuple_GET_ITEM(t, 1));
    info.ordinal = static_cast<int>(i);
    info.flags = as_int(PyTuple_GET_ITEM(t, 2));
    info.argcount = as_int(PyTuple_GET_ITEM(t, 3));
    info.posonly_argcount = as_int(PyTuple_GET_ITEM(t, 4));
    info.kwonly_argcount = as_int(PyTuple_GET_ITEM(t, 5));
    info.varnames = string_list(PyTuple_GET_ITEM(t, 6));
    info.cellvars = string_list(PyTuple_GET_ITEM(t, 7));
    info.freevars = string_list(PyTuple_GET_ITEM(t, 8));
    info.names = string_list(PyTuple_GET_ITEM(t, 9));
    info.const_reprs = string_list(PyTuple_GET_ITEM(t, 10));
    info.const_strs = optional_bytes_list(PyTuple_GET_ITEM(t, 12));
    info.const_types = string_list(PyTuple_GET_ITEM(t, 13));
    PyObject* instructions = PyTuple_GET_ITEM(t, 11);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(instructions); ++k) {
      PyObject* ins = PyList_GET_ITEM(instructions, k);
      BytecodeInstruction b;
      b.offset = as_int(PyTuple_GET_ITEM(ins, 0));
      b.opname = utf8(PyTuple_GET_ITEM(ins, 1));
      b.arg = as_int(PyTuple_GET_ITEM(ins, 2));
      b.line = as_int(PyTuple_GET_ITEM(ins, 3));
      b.column = as_int(PyTuple_GET_ITEM(ins, 4));
      b.end_line = as_int(PyTuple_GET_ITEM(ins, 5));
      b.end_column = as_int(PyTuple_GET_ITEM(ins, 6));
      info.instructions.push_back(std::move(b));
    }
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace

std::optional<ParsedSource> parse_module(const std::string& bytes, const std::string& filename,
                                         DiagnosticSink& sink) {
  Interpreter& python = Interpreter::get();
  Ref data(PyBytes_FromStringAndSize(bytes.data(), static_cast<Py_ssize_t>(bytes.size())));
  Ref name(PyUnicode_DecodeFSDefault(filename.c_str()));
  if (!data || !name) fail_with_python_error("preparing " + filename);
  Ref result(PyObject_CallFunctionObjArgs(python.helper(kHelperSource, "parse"), data.get(), name.get(), nullptr));
  if (!result) {
    sink.report(diagnostic_from_exception(filename));
    return std::nullopt;
  }
  PyObject* tree = PyTuple_GET_ITEM(result.get(), 0);
  PyObject* code = PyTuple_GET_ITEM(result.get(), 1);
  PyObject* text = PyTuple_GET_ITEM(result.get(), 2);
  PyObject* warnings = PyTuple_GET_ITEM(result.get(), 3);

  ParsedSource parsed;
  parsed.tree = AstConverter(ast_base()).convert(tree);
  parsed.marshaled_code = bytes_of(code);
  parsed.text = bytes_of(text);
  parsed.code_objects = convert_code_objects(PyTuple_GET_ITEM(result.get(), 4));
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(warnings); ++i) {
    PyObject* warning = PyList_GET_ITEM(warnings, i);
    Diagnostic d;
    d.severity = Severity::Warning;
    d.path = filename;
    d.message = utf8(PyTuple_GET_ITEM(warning, 0)) + ": " + utf8(PyTuple_GET_ITEM(warning, 1));
    d.line = static_cast<int>(PyLong_AsLong(PyTuple_GET_ITEM(warning, 2)));
    d.source_line = line_of(parsed.text, d.line);
    sink.report(std::move(d));
  }
  return parsed;
}

std::string python_ast_dump(const std::string& bytes) {
  Interpreter& python = Interpreter::get();
  Ref data(PyBytes_FromStringAndSize(bytes.data(), static_cast<Py_ssize_t>(bytes.size())));
  Ref dumped(PyObject_CallFunctionObjArgs(python.helper(kHelperSource, "dump"), data.get(), nullptr));
  if (!dumped) fail_with_python_error("ast.dump");
  return utf8(dumped.get());
}

std::string python_version() {
  Interpreter::get();
  std::string version = Py_GetVersion();
  return version.substr(0, version.find(' '));
}

}  // namespace pyaot::frontend
