#include "frontend/embedded_python.h"

#include <stdexcept>

namespace pyaot::frontend {

[[noreturn]] void fail_with_python_error(const std::string& what) {
  std::string detail = "unknown error";
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (value != nullptr) {
    Ref text(PyObject_Str(value));
    if (text) detail = PyUnicode_AsUTF8(text.get());
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  PyErr_Clear();
  throw std::runtime_error(what + ": " + detail);
}

std::string utf8(PyObject* text) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (data == nullptr) {
    // Lone surrogates (possible in string constants) cannot be UTF-8 strictly.
    PyErr_Clear();
    Ref bytes(PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass"));
    if (!bytes) fail_with_python_error("encoding a string");
    return std::string(PyBytes_AS_STRING(bytes.get()), PyBytes_GET_SIZE(bytes.get()));
  }
  return std::string(data, size);
}

std::string bytes_of(PyObject* bytes) {
  return std::string(PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
}

Interpreter& Interpreter::get() {
  static Interpreter instance;
  return instance;
}

Interpreter::Interpreter() {
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.site_import = 0;
  config.write_bytecode = 0;
  config.install_signal_handlers = 0;
  PyStatus status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    throw std::runtime_error(std::string("cannot start the embedded Python: ") +
                             (status.err_msg ? status.err_msg : "unknown error"));
  }
}

PyObject* Interpreter::helper(const char* helpers, const char* name) {
  auto found = namespaces_.find(helpers);
  if (found == namespaces_.end()) {
    PyObject* names = PyDict_New();
    PyDict_SetItemString(names, "__builtins__", PyEval_GetBuiltins());
    Ref ran(PyRun_String(helpers, Py_file_input, names, names));
    if (!ran) fail_with_python_error(std::string("starting the helpers of ") + name);
    found = namespaces_.emplace(helpers, names).first;
  }
  PyObject* names = found->second;
  PyObject* function = PyDict_GetItemString(names, name);  // borrowed
  if (function == nullptr) throw std::runtime_error(std::string("no helper ") + name);
  return function;
}

}  // namespace pyaot::frontend
