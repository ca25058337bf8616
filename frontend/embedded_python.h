// The CPython embedded in pyaot, which the frontend runs its Python helpers
// in (python_parser.cc: parsing and compiling; trampolines.cc: rewriting
// code objects), and the few C API tools they share. Private to the
// frontend, and the only header that includes Python.h.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <map>
#include <string>

namespace pyaot::frontend {

// An owned reference.
class Ref {
 public:
  Ref() = default;
  explicit Ref(PyObject* object) : object_(object) {}
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  Ref(Ref&& other) noexcept : object_(other.object_) { other.object_ = nullptr; }
  ~Ref() { Py_XDECREF(object_); }
  PyObject* get() const { return object_; }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  PyObject* object_ = nullptr;
};

// Throws std::runtime_error saying `what` failed, with the pending Python
// exception's text; clears it.
[[noreturn]] void fail_with_python_error(const std::string& what);

// A str as UTF-8 (lone surrogates passed through).
std::string utf8(PyObject* text);

// The contents of a bytes object.
std::string bytes_of(PyObject* bytes);

// The interpreter, started on first use (isolated: no site, no .pyc files,
// no signal handlers) and kept for the life of the process.
class Interpreter {
 public:
  static Interpreter& get();

  // Function `name` of `helpers`, Python source run once, the first time
  // it is asked for, in a namespace of its own (borrowed).
  PyObject* helper(const char* helpers, const char* name);

 private:
  Interpreter();

  std::map<const char*, PyObject*> namespaces_;  // by helpers (the same text each call)
};

}  // namespace pyaot::frontend
