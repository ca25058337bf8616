/* The operations native function bodies are made of.
 *
 * Compiled to bitcode and linked into every package object before
 * optimization, so each call inlines at its use; this file must therefore
 * hold no state (no mutable globals): every copy is private to its object.
 *
 * A native body runs inside the frame CPython pushed for its trampoline
 * (frontend/python_parser.cc): arguments are already bound in the frame's
 * slots, locals live there (so f_locals, locals() and tracebacks see them),
 * and the instruction pointer is kept at the CPython instruction an op
 * stands for, so line numbers and traceback carets are the interpreter's.
 *
 * Conventions: object results are new references, NULL on error; int
 * results are 0/1, -1 on error. Operands are borrowed unless the IR op
 * steals (ir/ops.def).
 */
#define PY_SSIZE_T_CLEAN
#define Py_BUILD_CORE 1
#include <Python.h>
#include <opcode.h>

#include "internal/pycore_ceval.h"
#include "internal/pycore_dict.h"
#include "internal/pycore_frame.h"
#include "internal/pycore_moduleobject.h"
#include "internal/pycore_interp.h"
#include "internal/pycore_object.h"
#include "internal/pycore_pystate.h"
#include "structmember.h"

#include "native_entry.h"

typedef _PyInterpreterFrame Frame;

/* Helpers too big to pay off inlined at every use (calls, raising, building
 * containers): one copy per object, called. */
#define PYAOT_OUT_OF_LINE __attribute__((noinline))

/* Small fast paths worth inlining at every use, whatever the inliner
 * guesses (their `kind` operands are constants there). */
#define PYAOT_HOT __attribute__((always_inline))

/* The frame of the running native body: the trampoline's. */
Frame *pyaot_frame(void) { return _PyThreadState_GET()->cframe->current_frame; }

void pyaot_set_instr(Frame *frame, int64_t offset) {
  frame->prev_instr = _PyCode_CODE(frame->f_code) + offset;
}

/* A constant, borrowed: the code object keeps it alive. */
PyObject *pyaot_borrow_const(Frame *frame, int64_t index) {
  return PyTuple_GET_ITEM(frame->f_code->co_consts, index);
}

PyObject *pyaot_borrow_none(void) { return Py_None; }

PyObject *pyaot_true(void) { return Py_True; }

PyObject *pyaot_load_none(void) { Py_RETURN_NONE; }

PyObject *pyaot_load_bool(int value) {
  PyObject *result = value ? Py_True : Py_False;
  Py_INCREF(result);
  return result;
}

void pyaot_incref(PyObject *value) { Py_INCREF(value); }
void pyaot_decref(PyObject *value) { Py_DECREF(value); }
void pyaot_xdecref(PyObject *value) { Py_XDECREF(value); }

/* Releases on error paths: out of line, they are rare and would be many. */
__attribute__((noinline, cold)) void pyaot_release_on_error(PyObject *value) {
  Py_XDECREF(value);
}

/* ---- locals and globals ------------------------------------------------ */

PYAOT_OUT_OF_LINE static void unbound_local(Frame *frame, int64_t slot) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_localsplusnames, slot);
  PyErr_Format(PyExc_UnboundLocalError,
               "cannot access local variable '%s' where it is not associated with a value",
               PyUnicode_AsUTF8(name));
}

PyObject *pyaot_load_fast(Frame *frame, int64_t slot) {
  PyObject *value = frame->localsplus[slot];
  if (value == NULL) {
    unbound_local(frame, slot);
    return NULL;
  }
  Py_INCREF(value);
  return value;
}

/* A local bound on every path here (ir/bound_locals.h). */
PyObject *pyaot_load_bound(Frame *frame, int64_t slot) {
  return Py_NewRef(frame->localsplus[slot]);
}

PyObject *pyaot_borrow_bound(Frame *frame, int64_t slot) { return frame->localsplus[slot]; }

/* A local borrowed from its slot (the refcount pass proved nothing can
 * rebind the slot while the value is used). */
PyObject *pyaot_borrow_fast(Frame *frame, int64_t slot) {
  PyObject *value = frame->localsplus[slot];
  if (value == NULL) unbound_local(frame, slot);
  return value;
}

void pyaot_store_fast(Frame *frame, int64_t slot, PyObject *value) {
  PyObject *old = frame->localsplus[slot];
  frame->localsplus[slot] = value;
  Py_XDECREF(old);
}

int pyaot_delete_fast(Frame *frame, int64_t slot) {
  PyObject *old = frame->localsplus[slot];
  if (old == NULL) {
    unbound_local(frame, slot);
    return -1;
  }
  frame->localsplus[slot] = NULL;
  Py_DECREF(old);
  return 0;
}

/* Borrows `value` (StoreDeref does not steal): the cell takes its own reference. */
void pyaot_store_deref(Frame *frame, int64_t slot, PyObject *value) {
  PyObject *cell = frame->localsplus[slot];
  PyObject *old = PyCell_GET(cell);
  Py_INCREF(value);
  PyCell_SET(cell, value);
  Py_XDECREF(old);
}

PyObject *pyaot_load_closure(Frame *frame, int64_t slot) {
  PyObject *cell = frame->localsplus[slot];
  Py_INCREF(cell);
  return cell;
}

static _PyCFunctionFast native_body(PyCodeObject *code);
static _PyCFunctionFast direct_body(PyCodeObject *code);
static PyObject *native_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                                   PyObject *kwnames);

/* MAKE_FUNCTION: a function of `code` in this frame's globals; the other
 * parts may be NULL. A function whose body is native gets a vectorcall
 * entry that runs it without the interpreter when called from C (sorted's
 * key, a slot wrapper such as __eq__, a bytecode caller). */
PYAOT_OUT_OF_LINE PyObject *pyaot_make_function(Frame *frame, PyObject *code, PyObject *closure,
                                                PyObject *annotations, PyObject *kwdefaults,
                                                PyObject *defaults) {
  PyFunctionObject *function = (PyFunctionObject *)PyFunction_New(code, frame->f_globals);
  if (function == NULL) return NULL;
  if (closure != NULL) function->func_closure = Py_NewRef(closure);
  if (annotations != NULL) Py_XSETREF(function->func_annotations, Py_NewRef(annotations));
  if (kwdefaults != NULL) function->func_kwdefaults = Py_NewRef(kwdefaults);
  if (defaults != NULL) function->func_defaults = Py_NewRef(defaults);
  if (native_body((PyCodeObject *)code) != NULL) function->vectorcall = native_vectorcall;
  return (PyObject *)function;
}

/* NameError with .name set, as the interpreter raises it (the traceback's
 * "Did you mean" suggestion reads it). */
PYAOT_OUT_OF_LINE static void name_error(const char *format, PyObject *name) {
  PyErr_Format(PyExc_NameError, format, PyUnicode_AsUTF8(name));
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value != NULL && PyErr_GivenExceptionMatches(value, PyExc_NameError)) {
    (void)PyObject_SetAttrString(value, "name", name);
  }
  PyErr_Restore(type, value, traceback);
}

/* The exception being raised, taken (no longer set): normalized, with its
 * traceback attached. A new reference. */
static PyObject *take_exception(void) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyException_SetTraceback(value, traceback != NULL ? traceback : Py_None);
  Py_XDECREF(traceback);
  Py_XDECREF(type);
  return value;
}

/* Closure variables: the frame slot holds the cell. */
PyObject *pyaot_load_deref(Frame *frame, int64_t slot) {
  PyObject *value = PyCell_GET(frame->localsplus[slot]);
  if (value == NULL) {
    PyCodeObject *code = frame->f_code;
    if (slot < code->co_nlocalsplus - code->co_nfreevars) {
      unbound_local(frame, slot);
    } else {
      name_error("cannot access free variable '%s' where it is not associated with a value "
                 "in enclosing scope",
                 PyTuple_GET_ITEM(code->co_localsplusnames, slot));
    }
    return NULL;
  }
  Py_INCREF(value);
  return value;
}

/* One LOAD_GLOBAL site's cache. A dict's ma_version_tag is unique across
 * all dicts and changes with every modification, so equal tags mean the
 * borrowed value is still the dict's. */
typedef struct {
  uint64_t globals_version;
  uint64_t builtins_version;
  PyObject *value; /* borrowed from globals or builtins */
} GlobalCache;

PYAOT_OUT_OF_LINE static PyObject *load_global_slow(Frame *frame, int64_t name_index,
                                                    GlobalCache *cache) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value;
  if (PyDict_CheckExact(frame->f_globals) && PyDict_CheckExact(frame->f_builtins)) {
    value = PyDict_GetItemWithError(frame->f_globals, name);
    if (value == NULL && !PyErr_Occurred()) value = PyDict_GetItemWithError(frame->f_builtins, name);
    if (value == NULL) {
      if (!PyErr_Occurred()) name_error("name '%s' is not defined", name);
      return NULL;
    }
    cache->globals_version = ((PyDictObject *)frame->f_globals)->ma_version_tag;
    cache->builtins_version = ((PyDictObject *)frame->f_builtins)->ma_version_tag;
    cache->value = value;
    Py_INCREF(value);
    return value;
  }
  value = PyObject_GetItem(frame->f_globals, name);
  if (value != NULL || !PyErr_ExceptionMatches(PyExc_KeyError)) return value;
  PyErr_Clear();
  value = PyObject_GetItem(frame->f_builtins, name);
  if (value == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyErr_Clear();
    name_error("name '%s' is not defined", name);
  }
  return value;
}

/* The cached value while neither dict changed since (inlined at each use). */
PyObject *pyaot_load_global(Frame *frame, int64_t name_index, GlobalCache *cache) {
  PyObject *globals = frame->f_globals, *builtins = frame->f_builtins;
  if (cache->value != NULL && PyDict_CheckExact(globals) && PyDict_CheckExact(builtins) &&
      cache->globals_version == ((PyDictObject *)globals)->ma_version_tag &&
      cache->builtins_version == ((PyDictObject *)builtins)->ma_version_tag) {
    Py_INCREF(cache->value);
    return cache->value;
  }
  return load_global_slow(frame, name_index, cache);
}

/* DELETE_DEREF: the cell emptied; unbound: the errors of a load. */
int pyaot_delete_deref(Frame *frame, int64_t slot) {
  PyObject *cell = frame->localsplus[slot];
  PyObject *old = PyCell_GET(cell);
  if (old == NULL) {
    PyObject *none = pyaot_load_deref(frame, slot); /* sets the interpreter's error */
    Py_XDECREF(none);
    return -1;
  }
  PyCell_SET(cell, NULL);
  Py_DECREF(old);
  return 0;
}

/* DELETE_GLOBAL: NameError when the module has no such name. */
int pyaot_delete_global(Frame *frame, int64_t name_index) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  if (PyDict_DelItem(frame->f_globals, name) == 0) return 0;
  if (PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyErr_Clear();
    name_error("name '%s' is not defined", name);
  }
  return -1;
}

int pyaot_store_global(Frame *frame, int64_t name_index, PyObject *value) {
  return PyDict_SetItem(frame->f_globals, PyTuple_GET_ITEM(frame->f_code->co_names, name_index),
                        value);
}

/* ---- names of class and module bodies (f_locals is the namespace) ------ */

/* A namespace lookup: a new reference, NULL with no error when absent. */
static PyObject *namespace_get(PyObject *namespace, PyObject *name) {
  if (PyDict_CheckExact(namespace)) return Py_XNewRef(PyDict_GetItemWithError(namespace, name));
  PyObject *value = PyObject_GetItem(namespace, name);
  if (value == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) PyErr_Clear();
  return value;
}

static int namespace_set(PyObject *namespace, PyObject *name, PyObject *value) {
  return PyDict_CheckExact(namespace) ? PyDict_SetItem(namespace, name, value)
                                      : PyObject_SetItem(namespace, name, value);
}

/* The frame's namespace, or SystemError as the interpreter words it. */
static PyObject *frame_namespace(Frame *frame, const char *format, PyObject *name) {
  if (frame->f_locals == NULL) PyErr_Format(PyExc_SystemError, format, name);
  return frame->f_locals;
}

/* LOAD_NAME: the namespace, then globals, then builtins. */
PYAOT_OUT_OF_LINE PyObject *pyaot_load_name(Frame *frame, int64_t name_index) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *namespace = frame_namespace(frame, "no locals when loading %R", name);
  if (namespace == NULL) return NULL;
  PyObject *value = namespace_get(namespace, name);
  if (value != NULL || PyErr_Occurred()) return value;
  value = Py_XNewRef(PyDict_GetItemWithError(frame->f_globals, name));
  if (value != NULL || PyErr_Occurred()) return value;
  if (PyDict_CheckExact(frame->f_builtins)) {
    value = Py_XNewRef(PyDict_GetItemWithError(frame->f_builtins, name));
    if (value == NULL && !PyErr_Occurred()) name_error("name '%s' is not defined", name);
    return value;
  }
  value = PyObject_GetItem(frame->f_builtins, name);
  if (value == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyErr_Clear();
    name_error("name '%s' is not defined", name);
  }
  return value;
}

int pyaot_store_name(Frame *frame, int64_t name_index, PyObject *value) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *namespace = frame_namespace(frame, "no locals found when storing %R", name);
  return namespace == NULL ? -1 : namespace_set(namespace, name, value);
}

int pyaot_delete_name(Frame *frame, int64_t name_index) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *namespace = frame_namespace(frame, "no locals when deleting %R", name);
  if (namespace == NULL) return -1;
  if (PyObject_DelItem(namespace, name) == 0) return 0;
  name_error("name '%s' is not defined", name);
  return -1;
}

/* LOAD_CLASSDEREF: a class body's free variable, unless its namespace binds the name. */
PyObject *pyaot_load_class_deref(Frame *frame, int64_t slot) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_localsplusnames, slot);
  PyObject *namespace = frame_namespace(frame, "no locals when loading %R", name);
  if (namespace == NULL) return NULL;
  PyObject *value = namespace_get(namespace, name);
  if (value != NULL || PyErr_Occurred()) return value;
  return pyaot_load_deref(frame, slot);
}

/* SETUP_ANNOTATIONS: a new __annotations__ dict unless the namespace has one. */
int pyaot_setup_annotations(Frame *frame) {
  PyObject *name = &_Py_ID(__annotations__);
  PyObject *namespace = frame_namespace(frame, "no locals found when setting up annotations", name);
  if (namespace == NULL) return -1;
  PyObject *annotations = namespace_get(namespace, name);
  if (annotations != NULL) {
    Py_DECREF(annotations);
    return 0;
  }
  if (PyErr_Occurred()) return -1;
  annotations = PyDict_New();
  if (annotations == NULL) return -1;
  int status = namespace_set(namespace, name, annotations);
  Py_DECREF(annotations);
  return status;
}

/* IMPORT_STAR at module level: every public name of `module` (its __all__,
 * else its __dict__'s keys without a leading underscore) into the namespace. */
PYAOT_OUT_OF_LINE int pyaot_import_star(Frame *frame, PyObject *module) {
  PyObject *namespace = frame_namespace(frame, "no locals found during 'import *'", NULL);
  if (namespace == NULL) return -1;
  PyObject *names;
  if (_PyObject_LookupAttr(module, &_Py_ID(__all__), &names) < 0) return -1;
  const int from_dict = names == NULL;
  if (from_dict) {
    PyObject *dict;
    if (_PyObject_LookupAttr(module, &_Py_ID(__dict__), &dict) < 0) return -1;
    if (dict == NULL) {
      PyErr_SetString(PyExc_ImportError, "from-import-* object has no __dict__ and no __all__");
      return -1;
    }
    names = PyMapping_Keys(dict);
    Py_DECREF(dict);
    if (names == NULL) return -1;
  }
  int status = 0;
  for (Py_ssize_t k = 0;; ++k) {
    PyObject *name = PySequence_GetItem(names, k);
    if (name == NULL) {
      if (PyErr_ExceptionMatches(PyExc_IndexError)) PyErr_Clear();
      else status = -1;
      break;
    }
    if (!PyUnicode_Check(name)) {
      PyObject *module_name = PyObject_GetAttr(module, &_Py_ID(__name__));
      if (module_name != NULL && !PyUnicode_Check(module_name)) {
        PyErr_Format(PyExc_TypeError, "module __name__ must be a string, not %.100s",
                     Py_TYPE(module_name)->tp_name);
      } else if (module_name != NULL) {
        PyErr_Format(PyExc_TypeError, "%s in %U.%s must be str, not %.100s",
                     from_dict ? "Key" : "Item", module_name, from_dict ? "__dict__" : "__all__",
                     Py_TYPE(name)->tp_name);
      }
      Py_XDECREF(module_name);
      Py_DECREF(name);
      status = -1;
      break;
    }
    if (from_dict && PyUnicode_READY(name) == 0 && PyUnicode_GET_LENGTH(name) > 0 &&
        PyUnicode_READ_CHAR(name, 0) == '_') {
      Py_DECREF(name);
      continue;
    }
    PyObject *value = PyObject_GetAttr(module, name);
    status = value == NULL ? -1 : namespace_set(namespace, name, value);
    Py_DECREF(name);
    Py_XDECREF(value);
    if (status != 0) break;
  }
  Py_DECREF(names);
  return status;
}

/* ---- operators ----------------------------------------------------------- */

/* kind: ir::BinaryKind (CPython's NB_* order). Constant at each call site,
 * so the switch folds away once inlined. */
/* Small ints (one 30-bit digit) as a C long, like the interpreter's
 * specialized BINARY_OP_*_INT fast paths. */
static inline int compact_long(PyObject *v, long *out) {
  if (!PyLong_CheckExact(v)) return 0;
  Py_ssize_t size = Py_SIZE(v);
  if (size < -1 || size > 1) return 0;
  *out = size == 0 ? 0 : (long)((PyLongObject *)v)->ob_digit[0] * (long)size;
  return 1;
}

/* Exact float and small int arithmetic without the generic dispatch; the
 * results are the values the generic path computes. NULL without an
 * exception: take the generic path. */
/* int and float arithmetic the interpreter specializes; NULL when not one
 * of those cases (or when the result could not be made: then an error is
 * set, which the out-of-line path checks first). `kind` is a constant at
 * each use, so only its case stays after inlining. */
static inline PyObject *arithmetic_fast_path(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) {
    switch (kind) {
      case 0: return PyLong_FromLong(x + y);
      case 5: return PyLong_FromLong(x * y); /* |x|, |y| < 2**30: no overflow */
      case 10: return PyLong_FromLong(x - y);
      case 1: return PyLong_FromLong(x & y);
      case 7: return PyLong_FromLong(x | y);
      case 12: return PyLong_FromLong(x ^ y);
      case 2:
      case 6:
        if (y == 0) return NULL; /* ZeroDivisionError from the generic path */
        {
          long q = x / y, r = x % y;
          if (r != 0 && ((r < 0) != (y < 0))) { /* Python rounds toward -inf */
            q -= 1;
            r += y;
          }
          return PyLong_FromLong(kind == 2 ? q : r);
        }
      default: return NULL;
    }
  }
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double p = PyFloat_AS_DOUBLE(a), q = PyFloat_AS_DOUBLE(b);
    switch (kind) {
      case 0: return PyFloat_FromDouble(p + q);
      case 5: return PyFloat_FromDouble(p * q);
      case 10: return PyFloat_FromDouble(p - q);
      case 11: return q != 0.0 ? PyFloat_FromDouble(p / q) : NULL;
      default: return NULL;
    }
  }
  return NULL;
}

__attribute__((noinline)) static PyObject *binary_op_generic(PyObject *a, PyObject *b,
                                                             int64_t kind) {
  switch (kind) {
    case 0: return PyNumber_Add(a, b);
    case 1: return PyNumber_And(a, b);
    case 2: return PyNumber_FloorDivide(a, b);
    case 3: return PyNumber_Lshift(a, b);
    case 4: return PyNumber_MatrixMultiply(a, b);
    case 5: return PyNumber_Multiply(a, b);
    case 6: return PyNumber_Remainder(a, b);
    case 7: return PyNumber_Or(a, b);
    case 8: return PyNumber_Power(a, b, Py_None);
    case 9: return PyNumber_Rshift(a, b);
    case 10: return PyNumber_Subtract(a, b);
    case 11: return PyNumber_TrueDivide(a, b);
    default: return PyNumber_Xor(a, b);
  }
}

/* An exact int of two or more digits times an exact int of one digit (the
 * loops of factorials, digit accumulators and spigots): one pass over the
 * digits. CPython's x_mul zeroes the result first and reloads each result
 * digit. NULL without an exception: not that case. */
static PyObject *multiply_by_digit(PyObject *a, PyObject *b) {
  if (!PyLong_CheckExact(a) || !PyLong_CheckExact(b)) return NULL;
  if (Py_ABS(Py_SIZE(a)) < Py_ABS(Py_SIZE(b))) {
    PyObject *swap = a;
    a = b;
    b = swap;
  }
  const Py_ssize_t size = Py_ABS(Py_SIZE(a)), small_size = Py_SIZE(b);
  if (size < 2 || small_size < -1 || small_size > 1) return NULL;
  if (small_size == 0) return PyLong_FromLong(0);
  const twodigits factor = ((PyLongObject *)b)->ob_digit[0];
  PyLongObject *product = _PyLong_New(size + 1);
  if (product == NULL) return NULL;
  const digit *in = ((PyLongObject *)a)->ob_digit;
  digit *out = product->ob_digit;
  twodigits carry = 0;
  for (Py_ssize_t i = 0; i < size; i++) {
    carry += in[i] * factor;
    out[i] = (digit)(carry & PyLong_MASK);
    carry >>= PyLong_SHIFT;
  }
  out[size] = (digit)carry;
  const Py_ssize_t product_size = size + (carry != 0);
  Py_SET_SIZE(product, (Py_SIZE(a) < 0) != (small_size < 0) ? -product_size : product_size);
  return (PyObject *)product;
}

/* The operations on exact ints done here rather than by the generic path. */
static PyObject *long_op_fast_path(PyObject *a, PyObject *b, int64_t kind) {
  return kind == 5 ? multiply_by_digit(a, b) : NULL;
}

PYAOT_OUT_OF_LINE static PyObject *binary_op_slow(PyObject *a, PyObject *b, int64_t kind) {
  if (PyErr_Occurred()) return NULL; /* the fast path failed to make its result */
  PyObject *result = long_op_fast_path(a, b, kind);
  if (result != NULL || PyErr_Occurred()) return result;
  return binary_op_generic(a, b, kind);
}

PYAOT_HOT PyObject *pyaot_binary_op(PyObject *a, PyObject *b, int64_t kind) {
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  return fast != NULL ? fast : binary_op_slow(a, b, kind);
}

/* Float arithmetic kept unboxed by the emitter (backend/emit_native.cc):
 * an operand is an object, or NULL with its value as a double. */
PYAOT_HOT int pyaot_is_float(PyObject *value) { return value == NULL || PyFloat_CheckExact(value); }

PYAOT_HOT double pyaot_float_number(PyObject *value, double unboxed) {
  return value == NULL ? unboxed : PyFloat_AS_DOUBLE(value);
}

PYAOT_HOT PyObject *pyaot_box_float(double value) { return PyFloat_FromDouble(value); }

PyObject *pyaot_inplace_op(PyObject *a, PyObject *b, int64_t kind);
/* The int arithmetic kept unboxed: an operand is an int object that fits
 * 64 bits, or NULL with its value in `unboxed`. 1 and the value in *out;
 * 0: not such an int. */
PYAOT_HOT int32_t pyaot_int_operand(PyObject *value, int64_t unboxed, int64_t *out) {
  if (value == NULL) {
    *out = unboxed;
    return 1;
  }
  if (!PyLong_CheckExact(value)) return 0;
  Py_ssize_t size = Py_SIZE(value);
  const digit *digits = ((PyLongObject *)value)->ob_digit;
  if (size == 0 || size == 1 || size == -1) {
    *out = size == 0 ? 0 : (int64_t)digits[0] * size;
    return 1;
  }
  if (size == 2 || size == -2) { /* below 2**60 */
    int64_t magnitude = (int64_t)digits[0] | ((int64_t)digits[1] << PyLong_SHIFT);
    *out = size < 0 ? -magnitude : magnitude;
    return 1;
  }
  return 0;
}

/* a op b for two ints when the exact result fits 64 bits and nothing is
 * raised: 1 and the result in *out; else 0 (the generic path). */
PYAOT_HOT int32_t pyaot_int_arithmetic(int64_t a, int64_t b, int64_t kind, int64_t *out) {
  int64_t result;
  switch (kind) {
    case 0: if (__builtin_add_overflow(a, b, &result)) return 0; break;
    case 10: if (__builtin_sub_overflow(a, b, &result)) return 0; break;
    case 5: if (__builtin_mul_overflow(a, b, &result)) return 0; break;
    case 1: result = a & b; break; /* two's complement, as Python's ints behave */
    case 7: result = a | b; break;
    case 12: result = a ^ b; break;
    case 2:
    case 6: {
      if (b == 0 || (a == INT64_MIN && b == -1)) return 0;
      int64_t quotient = a / b, remainder = a % b;
      if (remainder != 0 && ((remainder < 0) != (b < 0))) { /* Python floors */
        quotient -= 1;
        remainder += b;
      }
      result = kind == 2 ? quotient : remainder;
      break;
    }
    case 9: /* >> floors, as an arithmetic shift does */
      if (b < 0) return 0; /* ValueError */
      result = b >= 64 ? (a < 0 ? -1 : 0) : a >> b;
      break;
    case 3:
      if (b < 0 || b >= 63) return 0;
      result = (int64_t)((uint64_t)a << b);
      if ((result >> b) != a) return 0; /* bits lost */
      break;
    default: return 0;
  }
  *out = result;
  return 1;
}

PYAOT_HOT PyObject *pyaot_box_int(int64_t value) { return PyLong_FromLongLong(value); }


/* The generic operation, unboxed operands boxed for it (`box` makes an
 * object of a number's bits). */
PYAOT_OUT_OF_LINE static PyObject *arithmetic_boxing(PyObject *a, int64_t a_bits, PyObject *b,
                                                     int64_t b_bits, int64_t kind, int32_t inplace,
                                                     PyObject *(*box)(int64_t)) {
  PyObject *left = a != NULL ? Py_NewRef(a) : box(a_bits);
  if (left == NULL) return NULL;
  PyObject *right = b != NULL ? Py_NewRef(b) : box(b_bits);
  PyObject *result = NULL;
  if (right != NULL) {
    result = inplace ? pyaot_inplace_op(left, right, kind) : pyaot_binary_op(left, right, kind);
    Py_DECREF(right);
  }
  Py_DECREF(left);
  return result;
}

static PyObject *box_double_bits(int64_t bits) {
  double value;
  memcpy(&value, &bits, sizeof value);
  return PyFloat_FromDouble(value);
}

static PyObject *box_int(int64_t value) { return PyLong_FromLongLong(value); }

/* Not two floats: the operation as for any objects (ints keep their fast
 * path), boxing an unboxed operand first. */
PYAOT_HOT PyObject *pyaot_float_arithmetic_generic(PyObject *a, double a_unboxed, PyObject *b,
                                                   double b_unboxed, int64_t kind,
                                                   int32_t inplace) {
  if (a != NULL && b != NULL) {
    return inplace ? pyaot_inplace_op(a, b, kind) : pyaot_binary_op(a, b, kind);
  }
  int64_t a_bits, b_bits;
  memcpy(&a_bits, &a_unboxed, sizeof a_bits);
  memcpy(&b_bits, &b_unboxed, sizeof b_bits);
  return arithmetic_boxing(a, a_bits, b, b_bits, kind, inplace, box_double_bits);
}

/* Not two ints that fit, or the result would not: likewise. */
PYAOT_HOT PyObject *pyaot_int_arithmetic_generic(PyObject *a, int64_t a_unboxed, PyObject *b,
                                                 int64_t b_unboxed, int64_t kind,
                                                 int32_t inplace) {
  if (a != NULL && b != NULL) {
    return inplace ? pyaot_inplace_op(a, b, kind) : pyaot_binary_op(a, b, kind);
  }
  return arithmetic_boxing(a, a_unboxed, b, b_unboxed, kind, inplace, box_int);
}

__attribute__((noinline)) static PyObject *inplace_op_generic(PyObject *a, PyObject *b,
                                                              int64_t kind) {
  switch (kind) {
    case 0: return PyNumber_InPlaceAdd(a, b);
    case 1: return PyNumber_InPlaceAnd(a, b);
    case 2: return PyNumber_InPlaceFloorDivide(a, b);
    case 3: return PyNumber_InPlaceLshift(a, b);
    case 4: return PyNumber_InPlaceMatrixMultiply(a, b);
    case 5: return PyNumber_InPlaceMultiply(a, b);
    case 6: return PyNumber_InPlaceRemainder(a, b);
    case 7: return PyNumber_InPlaceOr(a, b);
    case 8: return PyNumber_InPlacePower(a, b, Py_None);
    case 9: return PyNumber_InPlaceRshift(a, b);
    case 10: return PyNumber_InPlaceSubtract(a, b);
    case 11: return PyNumber_InPlaceTrueDivide(a, b);
    default: return PyNumber_InPlaceXor(a, b);
  }
}

PYAOT_OUT_OF_LINE static PyObject *inplace_op_slow(PyObject *a, PyObject *b, int64_t kind) {
  if (PyErr_Occurred()) return NULL;
  PyObject *result = long_op_fast_path(a, b, kind);
  if (result != NULL || PyErr_Occurred()) return result;
  return inplace_op_generic(a, b, kind);
}

/* int and float have no in-place methods: a op= b is a op b for them. */
PYAOT_HOT PyObject *pyaot_inplace_op(PyObject *a, PyObject *b, int64_t kind) {
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  return fast != NULL ? fast : inplace_op_slow(a, b, kind);
}

PyObject *pyaot_unary_op(PyObject *a, int64_t kind) {
  switch (kind) {
    case 0: return PyNumber_Negative(a);
    case 1: return PyNumber_Positive(a);
    default: return PyNumber_Invert(a);
  }
}

/* kind: Py_LT .. Py_GE */
static inline PyObject *compare_result(int truth) { return pyaot_load_bool(truth); }

static inline int compare_order(int less, int equal, int64_t kind) {
  switch (kind) {
    case Py_LT: return less;
    case Py_LE: return less || equal;
    case Py_EQ: return equal;
    case Py_NE: return !equal;
    case Py_GT: return !less && !equal;
    default: return !less;
  }
}

PYAOT_OUT_OF_LINE static int same_characters(PyObject *a, PyObject *b) {
  return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b),
                (size_t)(PyUnicode_GET_LENGTH(a) * PyUnicode_KIND(a))) == 0;
}

/* a == b for two exact strs: identity, then length and kind, then the
 * first character (which decides one-character strings), then the rest. */
static inline int equal_strs(PyObject *a, PyObject *b) {
  if (a == b) return 1;
  const Py_ssize_t length = PyUnicode_GET_LENGTH(a);
  const int kind = PyUnicode_KIND(a);
  if (length != PyUnicode_GET_LENGTH(b) || kind != (int)PyUnicode_KIND(b)) return 0;
  if (length == 0) return 1;
  if (PyUnicode_READ(kind, PyUnicode_DATA(a), 0) != PyUnicode_READ(kind, PyUnicode_DATA(b), 0)) {
    return 0;
  }
  return length == 1 || same_characters(a, b);
}

/* a == b (kind Py_EQ) or a != b (Py_NE) for two exact strs: 0 or 1. */
static inline int compare_strs(PyObject *a, PyObject *b, int64_t kind) {
  const int equal = equal_strs(a, b);
  return kind == Py_EQ ? equal : !equal;
}

/* a <kind> b for exact floats and str equality (what the interpreter
 * specializes besides small ints): 0 or 1; -2 when not one of those. */
static int compare_builtin(PyObject *a, PyObject *b, int64_t kind) {
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double p = PyFloat_AS_DOUBLE(a), q = PyFloat_AS_DOUBLE(b);
    switch (kind) { /* NaN compares false, as C does */
      case Py_LT: return p < q;
      case Py_LE: return p <= q;
      case Py_EQ: return p == q;
      case Py_NE: return p != q;
      case Py_GT: return p > q;
      default: return p >= q;
    }
  }
  if ((kind == Py_EQ || kind == Py_NE) && PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
    return compare_strs(a, b, kind);
  }
  return -2;
}

PYAOT_OUT_OF_LINE static PyObject *compare_slow(PyObject *a, PyObject *b, int64_t kind) {
  int known = compare_builtin(a, b, kind);
  if (known >= 0) return compare_result(known);
  return PyObject_RichCompare(a, b, (int)kind);
}

PYAOT_HOT PyObject *pyaot_compare(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) return compare_result(compare_order(x < y, x == y, kind));
  return compare_slow(a, b, kind);
}

PYAOT_OUT_OF_LINE static int compare_bool_slow(PyObject *a, PyObject *b, int64_t kind) {
  int known = compare_builtin(a, b, kind);
  if (known >= 0) return known;
  PyObject *result = PyObject_RichCompare(a, b, (int)kind);
  if (result == NULL) return -1;
  int truth = result == Py_True ? 1 : result == Py_False ? 0 : PyObject_IsTrue(result);
  Py_DECREF(result);
  return truth;
}

/* bool(a <kind> b) for a branch: no bool object. */
PYAOT_HOT int pyaot_compare_bool(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) return compare_order(x < y, x == y, kind);
  return compare_bool_slow(a, b, kind);
}

/* `a == b` (kind Py_EQ) or `a != b` (Py_NE) with a str literal on one side:
 * two exact strs compare inline; anything else the generic way. 0 or 1,
 * -1 on error. */
PYAOT_HOT int pyaot_compare_bool_str(PyObject *a, PyObject *b, int64_t kind) {
  if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) return compare_strs(a, b, kind);
  return compare_bool_slow(a, b, kind);
}

PYAOT_HOT PyObject *pyaot_compare_str(PyObject *a, PyObject *b, int64_t kind) {
  if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
    return compare_result(compare_strs(a, b, kind));
  }
  return compare_slow(a, b, kind);
}

/* A comparison of an unboxed number (backend/emit_native.cc) that is not
 * of two numbers of its kind: the generic comparison, the number boxed. */
PYAOT_OUT_OF_LINE static int compare_boxing(PyObject *a, int64_t a_bits, PyObject *b, int64_t b_bits,
                                            int64_t kind, PyObject *(*box)(int64_t)) {
  PyObject *left = a != NULL ? Py_NewRef(a) : box(a_bits);
  if (left == NULL) return -1;
  PyObject *right = b != NULL ? Py_NewRef(b) : box(b_bits);
  int result = right != NULL ? pyaot_compare_bool(left, right, kind) : -1;
  Py_XDECREF(right);
  Py_DECREF(left);
  return result;
}

static PyObject *box_double_bits(int64_t bits);
static PyObject *box_int(int64_t value);

PYAOT_HOT int pyaot_float_compare_generic(PyObject *a, double a_unboxed, PyObject *b,
                                          double b_unboxed, int64_t kind) {
  if (a != NULL && b != NULL) return pyaot_compare_bool(a, b, kind);
  int64_t a_bits, b_bits;
  memcpy(&a_bits, &a_unboxed, sizeof a_bits);
  memcpy(&b_bits, &b_unboxed, sizeof b_bits);
  return compare_boxing(a, a_bits, b, b_bits, kind, box_double_bits);
}

PYAOT_HOT int pyaot_int_compare_generic(PyObject *a, int64_t a_unboxed, PyObject *b,
                                        int64_t b_unboxed, int64_t kind) {
  if (a != NULL && b != NULL) return pyaot_compare_bool(a, b, kind);
  return compare_boxing(a, a_unboxed, b, b_unboxed, kind, box_int);
}

int pyaot_is_true(PyObject *value) {
  if (value == Py_True) return 1;
  if (value == Py_False || value == Py_None) return 0;
  if (PyLong_CheckExact(value)) return Py_SIZE(value) != 0;
  return PyObject_IsTrue(value);
}

int pyaot_contains(PyObject *container, PyObject *item) {
  return PySequence_Contains(container, item);
}

/* ---- attributes and items -------------------------------------------------- */

/* One attribute site's cache, as the interpreter's specialized LOAD_ATTR
 * and STORE_ATTR keep it. For instances of a type whose version tag is
 * `type_version` (the type and its bases unchanged since) the attribute is
 *  - kAttrInline: slot `index` of the instance's inline values;
 *  - kAttrSlot: the __slots__ member at byte offset `index`;
 *  - kAttrProperty: what property getter `object` returns (called
 *    directly when its body is native);
 *  - kAttrGeneric: found the generic way (no fast path; do not look again).
 * kAttrModule: `object`, from module dict `dict` while its version is
 * `dict_version` (LOAD_ATTR_MODULE). */
enum { kAttrInline = 0, kAttrSlot, kAttrProperty, kAttrGeneric, kAttrModule };

typedef struct {
  uint32_t type_version; /* 0: empty */
  uint32_t kind;
  uint32_t index;
  PyObject *object;      /* kAttrModule: borrowed value; kAttrProperty: strong getter */
  PyObject *dict;        /* kAttrModule: the module's dict (compared only) */
  uint64_t dict_version;
  _PyCFunctionFast body; /* kAttrProperty: the getter's native body, or NULL */
} AttrCache;

static PyObject *call_directly(PyFunctionObject *function, _PyCFunctionFast body,
                               PyObject *const *args, Py_ssize_t nargs);

/* Where `name` of instances of `object`'s type is found, for loads
 * (`for_store` 0) or stores. */
PYAOT_OUT_OF_LINE static void fill_attr_cache(PyObject *object, PyObject *name, AttrCache *cache,
                                              int for_store) {
  PyTypeObject *type = Py_TYPE(object);
  if (PyModule_CheckExact(object) && !for_store) {
    PyObject *dict = ((PyModuleObject *)object)->md_dict;
    PyObject *value = dict != NULL && PyDict_CheckExact(dict) ? PyDict_GetItemWithError(dict, name) : NULL;
    if (value == NULL) {
      PyErr_Clear();
      return;
    }
    if (cache->kind == kAttrProperty) Py_CLEAR(cache->object); /* a strong getter */
    cache->type_version = 0;
    cache->kind = kAttrModule;
    cache->object = value;
    cache->dict = dict;
    cache->dict_version = ((PyDictObject *)dict)->ma_version_tag;
    return;
  }
  if (type->tp_version_tag == 0 || !(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) ||
      !PyUnicode_CheckExact(name) ||
      (for_store ? type->tp_setattro != PyObject_GenericSetAttr
                 : type->tp_getattro != PyObject_GenericGetAttr)) {
    return;
  }
  if (cache->kind == kAttrProperty) Py_CLEAR(cache->object); /* a strong getter */
  cache->object = NULL;
  cache->type_version = type->tp_version_tag;
  cache->kind = kAttrGeneric;
  PyObject *descriptor = _PyType_Lookup(type, name);
  if (descriptor == NULL) {
    if (!(type->tp_flags & Py_TPFLAGS_MANAGED_DICT)) return;
    PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
    if (keys == NULL || keys->dk_kind != DICT_KEYS_SPLIT) return;
    PyDictUnicodeEntry *entries = DK_UNICODE_ENTRIES(keys);
    for (Py_ssize_t i = 0; i < keys->dk_nentries; i++) {
      if (entries[i].me_key == name) {
        cache->kind = kAttrInline;
        cache->index = (uint32_t)i;
        return;
      }
    }
  } else if (Py_TYPE(descriptor) == &PyMemberDescr_Type) {
    PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
    if (member->type == T_OBJECT_EX && !(for_store && (member->flags & READONLY))) {
      cache->kind = kAttrSlot;
      cache->index = (uint32_t)member->offset;
    }
  } else if (Py_TYPE(descriptor) == &PyProperty_Type && !for_store) {
    PyObject *getter = PyObject_GetAttrString(descriptor, "fget");
    if (getter == NULL || getter == Py_None) {
      PyErr_Clear();
      Py_XDECREF(getter);
      return;
    }
    cache->kind = kAttrProperty;
    cache->object = getter;
    cache->body = PyFunction_Check(getter)
                      ? direct_body((PyCodeObject *)((PyFunctionObject *)getter)->func_code)
                      : NULL;
  }
}

/* Each attribute site has two entries: site[0], checked inline, holds the
 * receiver type seen last; site[1], checked out of line, the one before.
 * A site that sees two types (a base class and a subclass) keeps both. */
static inline int entry_matches(const AttrCache *entry, PyTypeObject *type) {
  return entry->type_version != 0 && type->tp_version_tag == entry->type_version;
}

/* The attribute as a matching inline or slot entry finds it (a new
 * reference), or NULL: not there that way. */
static inline PyObject *read_cached_attr(PyObject *object, const AttrCache *entry) {
  if (entry->kind == kAttrInline) {
    PyDictValues *values = *_PyObject_ValuesPointer(object);
    if (values != NULL) {
      PyObject *value = values->values[entry->index];
      if (value != NULL) return Py_NewRef(value);
    }
  } else if (entry->kind == kAttrSlot) {
    PyObject *value = *(PyObject **)((char *)object + entry->index);
    if (value != NULL) return Py_NewRef(value);
  }
  return NULL;
}

/* Sets the attribute where a matching inline or slot entry keeps it, as
 * STORE_ATTR_INSTANCE_VALUE and STORE_ATTR_SLOT do: 1; 0: not that way. */
static inline int write_cached_attr(PyObject *object, const AttrCache *entry, PyObject *value) {
  if (entry->kind == kAttrInline) {
    PyDictValues *values = *_PyObject_ValuesPointer(object);
    if (values == NULL) return 0;
    PyObject *old = values->values[entry->index];
    values->values[entry->index] = Py_NewRef(value);
    if (old == NULL) {
      _PyDictValues_AddToInsertionOrder(values, entry->index); /* a new attribute */
    } else {
      Py_DECREF(old);
    }
    return 1;
  }
  if (entry->kind == kAttrSlot) {
    PyObject **slot = (PyObject **)((char *)object + entry->index);
    PyObject *old = *slot;
    *slot = Py_NewRef(value);
    Py_XDECREF(old);
    return 1;
  }
  return 0;
}

/* The entry a new receiver type fills: site[0], its previous type moving
 * to site[1] (whose own is dropped). */
static AttrCache *make_room(AttrCache *site) {
  const int empty = site[0].type_version == 0 && site[0].kind != kAttrModule;
  if (!empty) {
    if (site[1].kind == kAttrProperty) Py_CLEAR(site[1].object); /* a strong getter */
    site[1] = site[0];
    site[0].type_version = 0;
    site[0].kind = kAttrGeneric;
    site[0].object = NULL;
  }
  return &site[0];
}

PYAOT_OUT_OF_LINE static PyObject *load_attr_slow(Frame *frame, PyObject *object,
                                                  int64_t name_index, AttrCache *site) {
  if (site[0].kind == kAttrModule && PyModule_CheckExact(object)) {
    PyObject *dict = ((PyModuleObject *)object)->md_dict;
    if (dict == site[0].dict && ((PyDictObject *)dict)->ma_version_tag == site[0].dict_version) {
      return Py_NewRef(site[0].object);
    }
  }
  PyTypeObject *type = Py_TYPE(object);
  AttrCache *entry = entry_matches(&site[0], type)   ? &site[0]
                     : entry_matches(&site[1], type) ? &site[1]
                                                     : NULL;
  if (entry != NULL && entry->kind == kAttrProperty) {
    PyObject *getter = entry->object;
    PyFunctionObject *function = (PyFunctionObject *)getter;
    if (entry->body != NULL && PyFunction_Check(getter) &&
        ((PyCodeObject *)function->func_code)->co_argcount == 1 &&
        !_PyThreadState_GET()->cframe->use_tracing) {
      return call_directly(function, entry->body, &object, 1);
    }
    return PyObject_CallOneArg(getter, object);
  }
  if (entry == &site[1]) {
    PyObject *value = read_cached_attr(object, entry);
    if (value != NULL) return value;
  }
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value = PyObject_GetAttr(object, name);
  if (value != NULL && entry == NULL) fill_attr_cache(object, name, make_room(site), 0);
  return value;
}

PYAOT_HOT PyObject *pyaot_load_attr(Frame *frame, PyObject *object, int64_t name_index,
                                    AttrCache *site) {
  if (entry_matches(&site[0], Py_TYPE(object))) {
    PyObject *value = read_cached_attr(object, &site[0]);
    if (value != NULL) return value;
  }
  return load_attr_slow(frame, object, name_index, site);
}

PYAOT_OUT_OF_LINE static int store_attr_slow(Frame *frame, PyObject *object, int64_t name_index,
                                             PyObject *value, AttrCache *site) {
  PyTypeObject *type = Py_TYPE(object);
  AttrCache *entry = entry_matches(&site[0], type)   ? &site[0]
                     : entry_matches(&site[1], type) ? &site[1]
                                                     : NULL;
  if (entry == &site[1] && write_cached_attr(object, entry, value)) return 0;
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  if (PyObject_SetAttr(object, name, value) < 0) return -1;
  if (entry == NULL) fill_attr_cache(object, name, make_room(site), 1);
  return 0;
}

/* Sets an instance attribute held in the object's inline values or a
 * __slots__ member (the site's cache); other stores go the generic way. */
PYAOT_HOT int pyaot_store_attr(Frame *frame, PyObject *object, int64_t name_index,
                               PyObject *value, AttrCache *site) {
  if (entry_matches(&site[0], Py_TYPE(object)) && write_cached_attr(object, &site[0], value)) {
    return 0;
  }
  return store_attr_slow(frame, object, name_index, value, site);
}

/* A compact int as an index into a list or tuple of `size` items, or -1. */
static inline Py_ssize_t small_index(PyObject *key, Py_ssize_t size) {
  if (!PyLong_CheckExact(key) || (size_t)(Py_SIZE(key) + 1) > 2) return -1;
  Py_ssize_t i = (Py_ssize_t)((PyLongObject *)key)->ob_digit[0] * Py_SIZE(key);
  if (i < 0) i += size;
  return i >= 0 && i < size ? i : -1;
}

/* The one-character str CPython keeps for a code point below 256 (what
 * its unicode_char returns). */
static inline PyObject *latin1_character(Py_UCS4 ch) {
  return ch < 128 ? (PyObject *)&_Py_SINGLETON(strings).ascii[ch]
                  : (PyObject *)&_Py_SINGLETON(strings).latin1[ch - 128];
}

PYAOT_OUT_OF_LINE static PyObject *get_item_slow(PyObject *object, PyObject *key) {
  if (PyDict_CheckExact(object)) {
    PyObject *value = PyDict_GetItemWithError(object, key);
    if (value != NULL) return Py_NewRef(value);
    if (PyErr_Occurred()) return NULL;
  } else if (PyUnicode_CheckExact(object) && PyUnicode_IS_READY(object)) {
    Py_ssize_t i = small_index(key, PyUnicode_GET_LENGTH(object));
    if (i >= 0) {
      Py_UCS4 ch = PyUnicode_READ_CHAR(object, i);
      return ch < 256 ? Py_NewRef(latin1_character(ch)) : PyUnicode_FromOrdinal((int)ch);
    }
  }
  return PyObject_GetItem(object, key);
}

/* a[b]: lists and tuples by int inline, dicts found directly (what the
 * interpreter specializes); everything else, and every error, generic. */
PYAOT_HOT PyObject *pyaot_get_item(PyObject *object, PyObject *key) {
  if (PyList_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyList_GET_SIZE(object));
    if (i >= 0) return Py_NewRef(PyList_GET_ITEM(object, i));
  } else if (PyTuple_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyTuple_GET_SIZE(object));
    if (i >= 0) return Py_NewRef(PyTuple_GET_ITEM(object, i));
  }
  return get_item_slow(object, key);
}

int pyaot_delete_attr(Frame *frame, PyObject *object, int64_t name_index) {
  return PyObject_SetAttr(object, PyTuple_GET_ITEM(frame->f_code->co_names, name_index), NULL);
}

/* LOAD_BUILD_CLASS: builtins.__build_class__ of this frame's builtins. */
PYAOT_OUT_OF_LINE PyObject *pyaot_load_build_class(Frame *frame) {
  PyObject *builtins = frame->f_builtins;
  if (PyDict_CheckExact(builtins)) {
    PyObject *build_class = PyDict_GetItemWithError(builtins, &_Py_ID(__build_class__));
    if (build_class == NULL) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_NameError, "__build_class__ not found");
      return NULL;
    }
    return Py_NewRef(build_class);
  }
  PyObject *build_class = PyObject_GetItem(builtins, &_Py_ID(__build_class__));
  if (build_class == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyErr_SetString(PyExc_NameError, "__build_class__ not found");
  }
  return build_class;
}


int pyaot_set_item(PyObject *object, PyObject *key, PyObject *value) {
  if (PyList_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyList_GET_SIZE(object));
    if (i >= 0) {
      PyObject *old = PyList_GET_ITEM(object, i);
      PyList_SET_ITEM(object, i, Py_NewRef(value));
      Py_DECREF(old);
      return 0;
    }
  } else if (PyDict_CheckExact(object)) {
    return PyDict_SetItem(object, key, value);
  }
  return PyObject_SetItem(object, key, value);
}

int pyaot_delete_item(PyObject *object, PyObject *key) { return PyObject_DelItem(object, key); }

PyObject *pyaot_build_slice(PyObject *start, PyObject *stop, PyObject *step) {
  return PySlice_New(start, stop, step);
}

/* A slice bound that is None (*out keeps its default) or a compact int:
 * 1; anything else (big ints clip, other types call __index__): 0. */
static inline int compact_slice_bound(PyObject *bound, Py_ssize_t *out) {
  long value;
  if (bound == Py_None) return 1;
  if (!compact_long(bound, &value)) return 0;
  *out = value;
  return 1;
}

/* object[start:stop]: exact lists, tuples and strs with None or small int
 * bounds are sliced without a slice object, with the results of their
 * subscript methods (list_subscript, tuple_subscript, unicode_subscript);
 * anything else builds the slice and subscripts the generic way. */
PyObject *pyaot_get_slice(PyObject *object, PyObject *start, PyObject *stop) {
  Py_ssize_t low = 0, high = PY_SSIZE_T_MAX;
  const int sliceable = PyList_CheckExact(object) || PyTuple_CheckExact(object) ||
                        (PyUnicode_CheckExact(object) && PyUnicode_IS_READY(object));
  if (sliceable && compact_slice_bound(start, &low) && compact_slice_bound(stop, &high)) {
    if (PyList_CheckExact(object)) {
      PySlice_AdjustIndices(PyList_GET_SIZE(object), &low, &high, 1);
      return PyList_GetSlice(object, low, high);
    }
    if (PyTuple_CheckExact(object)) {
      PySlice_AdjustIndices(PyTuple_GET_SIZE(object), &low, &high, 1);
      return PyTuple_GetSlice(object, low, high);
    }
    if (PySlice_AdjustIndices(PyUnicode_GET_LENGTH(object), &low, &high, 1) <= 0) {
      return PyUnicode_New(0, 0);
    }
    return PyUnicode_Substring(object, low, high);
  }
  PyObject *slice = PySlice_New(start, stop, NULL);
  if (slice == NULL) return NULL;
  PyObject *result = PyObject_GetItem(object, slice);
  Py_DECREF(slice);
  return result;
}

/* ---- calls ------------------------------------------------------------------- */

/* ---- direct calls between native bodies ------------------------------------
 *
 * A call from native code to a function whose body is native skips the
 * interpreter: the callee's frame is made here, on the C stack, exactly as
 * the interpreter would make it (same code object, arguments in its slots),
 * linked as the thread's current frame, and the body runs in it. If someone
 * made a frame object for it (sys._getframe, a traceback), the frame object
 * takes over the frame's contents when the call ends, as CPython does when
 * a frame dies before its frame object. Only simple calls take this path:
 * positional arguments (defaults filled in), no cells, no tracing. */

typedef struct {
  PyObject *code;  /* strong: the callee code this site saw last */
  _PyCFunctionFast body; /* its native body, or NULL when the callee is not eligible */
  /* A class called here: its version, and its __init__ (borrowed from the
   * class, NULL when instances are not made directly) with native body. */
  uint32_t type_version;
  PyFunctionObject *init;
  _PyCFunctionFast init_body;
} CallCache;

enum { kFrameStorageWords = 96 };

/* Whether `object` is a native entry (native_entry.h). This module's
 * entries share one type, so after the first match a pointer comparison
 * will do; entries of other pyaot modules compare by type name. */
static int is_native_entry(PyObject *object) {
  static PyTypeObject *seen;
  PyTypeObject *type = Py_TYPE(object);
  if (type == seen) return 1;
  if (strcmp(type->tp_name, PYAOT_NATIVE_ENTRY_TYPE) != 0 ||
      type->tp_basicsize != (Py_ssize_t)sizeof(PyaotNativeEntry)) {
    return 0;
  }
  seen = type;
  return 1;
}

enum { kSuspending = CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR };

/* The send entry of `code` if it is a pyaot trampoline, else NULL. The
 * loader marks trampolines (runtime_shim/package_loader.c, show_source):
 * their co_code reads as the source's bytecode, shorter than the trampoline
 * the interpreter runs; nothing else makes a code so. The entry is the
 * first of the trampoline's own constants, which follow the source's
 * (hidden past the tuple's end, but in debug builds). */
static PyaotNativeEntry *trampoline_entry(PyCodeObject *code) {
  PyObject *source = code->_co_code;
  if (source == NULL || PyBytes_GET_SIZE(source) >= _PyCode_NBYTES(code)) return NULL;
  PyTupleObject *consts = (PyTupleObject *)code->co_consts;
#ifdef Py_DEBUG
  PyObject *entry = consts->ob_item[Py_SIZE(consts) - ((code->co_flags & kSuspending) ? 3 : 1)];
#else
  PyObject *entry = consts->ob_item[Py_SIZE(consts)];
#endif
  return is_native_entry(entry) ? (PyaotNativeEntry *)entry : NULL;
}

/* The native body behind `code` (a pyaot trampoline) of a plain function
 * (not a generator or coroutine) whose frame fits kFrameStorageWords. */
static _PyCFunctionFast native_body(PyCodeObject *code) {
  if (code->co_flags & kSuspending) return NULL;
  if ((Py_ssize_t)(sizeof(Frame) / sizeof(PyObject *)) + code->co_nlocalsplus +
          code->co_stacksize > kFrameStorageWords) {
    return NULL;
  }
  PyaotNativeEntry *entry = trampoline_entry(code);
  return entry ? (_PyCFunctionFast)(void (*)(void))entry->def->ml_meth : NULL;
}

/* native_body through a small table keyed by code object, for the
 * vectorcall entry, which cannot keep a per-site cache. An entry holds
 * its code object, so an address is never reused while cached. */
static _PyCFunctionFast cached_native_body(PyCodeObject *code) {
  enum { kEntries = 64 };
  static struct {
    PyCodeObject *code;
    _PyCFunctionFast body;
  } table[kEntries];
  const size_t slot = ((uintptr_t)code >> 6) % kEntries;
  if (table[slot].code == code) return table[slot].body;
  _PyCFunctionFast body = native_body(code);
  PyCodeObject *old = table[slot].code;
  table[slot].code = (PyCodeObject *)Py_NewRef((PyObject *)code);
  table[slot].body = body;
  Py_XDECREF(old); /* last: freeing it may run a weakref callback */
  return body;
}

/* native_body, for code whose arguments bind the simple way: positional
 * parameters only (no *args, **kwargs or keyword-only ones). */
static _PyCFunctionFast direct_body(PyCodeObject *code) {
  if ((code->co_flags & (CO_VARARGS | CO_VARKEYWORDS)) || code->co_kwonlyargcount != 0) return NULL;
  return native_body(code);
}

/* The frame dies before its frame object: hand the contents over (what
 * CPython's frameobject.c does in take_ownership). */
static void give_frame_to_object(PyFrameObject *object, Frame *frame) {
  PyFrameObject *back = PyFrame_GetBack(object); /* while `frame` is still linked */
  Py_ssize_t size = (char *)&frame->localsplus[frame->stacktop] - (char *)frame;
  Frame *owned = (Frame *)object->_f_frame_data;
  memcpy(owned, frame, (size_t)size);
  object->f_frame = owned;
  owned->owner = FRAME_OWNED_BY_FRAME_OBJECT;
  owned->previous = NULL;
  if (_PyFrame_IsIncomplete(owned)) {
    owned->prev_instr = _PyCode_CODE(owned->f_code) + owned->f_code->_co_firsttraceable;
  }
  if (object->f_back == NULL) {
    object->f_back = back;
  } else {
    Py_XDECREF(back);
  }
  if (!PyObject_GC_IsTracked((PyObject *)object)) PyObject_GC_Track(object);
}

/* The prologue the trampoline runs as bytecode before the body: MAKE_CELL
 * for each cell (an argument's value moves into its cell), COPY_FREE_VARS.
 * -1 on MemoryError. */
static int make_cells(Frame *frame, PyCodeObject *code, PyFunctionObject *function) {
  int free = 0;
  for (int i = 0; i < code->co_nlocalsplus; i++) {
    _PyLocals_Kind kind = _PyLocals_GetKind(code->co_localspluskinds, i);
    if (kind & CO_FAST_FREE) {
      frame->localsplus[i] = Py_NewRef(PyTuple_GET_ITEM(function->func_closure, free++));
    } else if (kind & CO_FAST_CELL) {
      PyObject *cell = PyCell_New(frame->localsplus[i]);
      if (cell == NULL) return -1;
      Py_XSETREF(frame->localsplus[i], cell);
    }
  }
  return 0;
}

/* Runs `body` in a frame made here, on the C stack, for `function`, whose
 * argument slots are bound already (the rest of localsplus is NULL). */
PYAOT_HOT static PyObject *run_in_frame(PyFunctionObject *function, _PyCFunctionFast body, Frame *frame) {
  PyCodeObject *code = (PyCodeObject *)function->func_code;
  PyThreadState *tstate = _PyThreadState_GET();
  if (_Py_EnterRecursiveCallTstate(tstate, "")) {
    for (int i = 0; i < code->co_nlocalsplus; i++) Py_XDECREF(frame->localsplus[i]);
    return NULL;
  }
  Py_INCREF(function);
  _PyFrame_InitializeSpecials(frame, function, NULL, code->co_nlocalsplus);
  PyObject *result = NULL;
  if ((code->co_ncellvars == 0 && code->co_nfreevars == 0) ||
      make_cells(frame, code, function) == 0) {
    frame->previous = tstate->cframe->current_frame;
    tstate->cframe->current_frame = frame;
    result = body(NULL, NULL, 0);
    if (result == NULL && !_PyFrame_IsIncomplete(frame)) {
      /* The interpreter records this frame in the traceback as the error leaves it. */
      PyFrameObject *object = PyEval_GetFrame();
      if (object != NULL) PyTraceBack_Here(object);
    }
    tstate->cframe->current_frame = frame->previous;
  }
  _Py_LeaveRecursiveCallTstate(tstate);

  if (frame->frame_obj != NULL) {
    PyFrameObject *object = frame->frame_obj;
    frame->frame_obj = NULL;
    give_frame_to_object(object, frame);
    Py_DECREF(object); /* the frame's reference to its object */
  } else {
    for (int i = 0; i < frame->stacktop; i++) Py_XDECREF(frame->localsplus[i]);
    Py_XDECREF(frame->f_locals); /* made by locals() or a tracer (FastToLocals) */
    Py_DECREF(frame->f_code);
    Py_DECREF(function);
  }
  return result;
}

/* A direct call of a function with direct_body: `nargs` positional
 * arguments, as many as it has parameters once its defaults are added
 * (the caller checked). */
PYAOT_OUT_OF_LINE static PyObject *call_directly(PyFunctionObject *function, _PyCFunctionFast body,
                                                 PyObject *const *args, Py_ssize_t nargs) {
  PyCodeObject *code = (PyCodeObject *)function->func_code;
  PyObject *storage[kFrameStorageWords];
  Frame *frame = (Frame *)storage;
  for (Py_ssize_t i = 0; i < nargs; i++) frame->localsplus[i] = Py_NewRef(args[i]);
  Py_ssize_t first_default = code->co_argcount - (function->func_defaults
                                                      ? PyTuple_GET_SIZE(function->func_defaults)
                                                      : 0);
  for (Py_ssize_t i = nargs; i < code->co_argcount; i++) {
    frame->localsplus[i] = Py_NewRef(PyTuple_GET_ITEM(function->func_defaults, i - first_default));
  }
  for (Py_ssize_t i = code->co_argcount; i < code->co_nlocalsplus; i++) frame->localsplus[i] = NULL;
  return run_in_frame(function, body, frame);
}

/* The parameter slot keyword `name` binds (positional-or-keyword and
 * keyword-only parameters), -1 if none: names are compared by identity
 * first, as they are normally interned, then by value. */
static Py_ssize_t keyword_slot(PyCodeObject *code, PyObject *name) {
  const Py_ssize_t end = code->co_argcount + code->co_kwonlyargcount;
  for (Py_ssize_t j = code->co_posonlyargcount; j < end; j++) {
    if (PyTuple_GET_ITEM(code->co_localsplusnames, j) == name) return j;
  }
  for (Py_ssize_t j = code->co_posonlyargcount; j < end; j++) {
    if (PyUnicode_Compare(name, PyTuple_GET_ITEM(code->co_localsplusnames, j)) == 0) return j;
  }
  return -1;
}

/* Binds a call's arguments into `slots` as the interpreter's
 * initialize_locals does when the call is valid: positional arguments,
 * keywords, defaults, keyword-only defaults, *args and **kwargs. 1: bound;
 * 0: the call is unusual or wrong, every slot is empty again and nothing
 * else happened (the interpreter's path binds it, or raises its error);
 * -1: MemoryError. */
static int bind_arguments(PyObject **slots, PyFunctionObject *function, PyCodeObject *code,
                          PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
  const Py_ssize_t positional = code->co_argcount, keyword_only = code->co_kwonlyargcount;
  const int varargs = (code->co_flags & CO_VARARGS) != 0;
  const int varkeywords = (code->co_flags & CO_VARKEYWORDS) != 0;
  int status = 0;
  for (int i = 0; i < code->co_nlocalsplus; i++) slots[i] = NULL;
  if (nargs > positional && !varargs) return 0;
  const Py_ssize_t bound = nargs < positional ? nargs : positional;
  for (Py_ssize_t i = 0; i < bound; i++) slots[i] = Py_NewRef(args[i]);
  if (varargs) {
    PyObject *rest = slots[positional + keyword_only] = PyTuple_New(nargs - bound);
    if (rest == NULL) goto failed;
    for (Py_ssize_t i = bound; i < nargs; i++) PyTuple_SET_ITEM(rest, i - bound, Py_NewRef(args[i]));
  }
  PyObject *extra_keywords = NULL;
  if (varkeywords) {
    extra_keywords = slots[positional + keyword_only + varargs] = PyDict_New();
    if (extra_keywords == NULL) goto failed;
  }
  const Py_ssize_t nkeywords = kwnames != NULL ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t k = 0; k < nkeywords; k++) {
    PyObject *name = PyTuple_GET_ITEM(kwnames, k), *value = args[nargs + k];
    if (!PyUnicode_CheckExact(name)) goto unusual;
    Py_ssize_t j = keyword_slot(code, name);
    if (j < 0) {
      if (extra_keywords == NULL) goto unusual;
      if (PyDict_SetItem(extra_keywords, name, value) < 0) goto failed;
    } else if (slots[j] != NULL) {
      goto unusual; /* multiple values */
    } else {
      slots[j] = Py_NewRef(value);
    }
  }
  const Py_ssize_t defaults = function->func_defaults ? PyTuple_GET_SIZE(function->func_defaults) : 0;
  for (Py_ssize_t i = bound; i < positional; i++) {
    if (slots[i] != NULL) continue;
    if (i < positional - defaults) goto unusual; /* missing */
    slots[i] = Py_NewRef(PyTuple_GET_ITEM(function->func_defaults, i - (positional - defaults)));
  }
  for (Py_ssize_t i = positional; i < positional + keyword_only; i++) {
    if (slots[i] != NULL) continue;
    PyObject *value = function->func_kwdefaults == NULL
                          ? NULL
                          : PyDict_GetItemWithError(function->func_kwdefaults,
                                                    PyTuple_GET_ITEM(code->co_localsplusnames, i));
    if (value == NULL) {
      if (PyErr_Occurred()) goto failed;
      goto unusual; /* missing */
    }
    slots[i] = Py_NewRef(value);
  }
  return 1;
failed:
  status = -1;
unusual:
  for (int i = 0; i < code->co_nlocalsplus; i++) Py_CLEAR(slots[i]);
  return status;
}

/* A call `callable(*args)` with positional arguments only, through the
 * site's cache; NULL with no exception set: not a direct call. */
PYAOT_HOT static PyObject *try_direct_call(CallCache *cache, PyObject *callable, PyObject *const *args,
                                 Py_ssize_t nargs, int *taken) {
  *taken = 0;
  if (!PyFunction_Check(callable)) return NULL;
  PyFunctionObject *function = (PyFunctionObject *)callable;
  PyCodeObject *code = (PyCodeObject *)function->func_code;
  if ((PyObject *)code != cache->code) {
    Py_XSETREF(cache->code, Py_NewRef((PyObject *)code));
    cache->body = direct_body(code);
  }
  if (cache->body == NULL || nargs > code->co_argcount) return NULL;
  Py_ssize_t defaults = function->func_defaults ? PyTuple_GET_SIZE(function->func_defaults) : 0;
  if (nargs + defaults < code->co_argcount) return NULL; /* the interpreter raises TypeError */
  if (_PyThreadState_GET()->cframe->use_tracing) return NULL; /* tracers see every frame */
  *taken = 1;
  return call_directly(function, cache->body, args, nargs);
}

/* The vectorcall entry of functions with a native body: calls that bind
 * as the interpreter would bind them run the body directly (as a native
 * caller would); a call the interpreter would reject, a tracer, or a
 * __code__ replaced by one without a native body, goes the interpreter's
 * way. */
static PyObject *native_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                                   PyObject *kwnames) {
  PyFunctionObject *function = (PyFunctionObject *)callable;
  PyCodeObject *code = (PyCodeObject *)function->func_code;
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  _PyCFunctionFast body = cached_native_body(code);
  if (body != NULL && !_PyThreadState_GET()->cframe->use_tracing) {
    const int simple = !(code->co_flags & (CO_VARARGS | CO_VARKEYWORDS)) &&
                       code->co_kwonlyargcount == 0;
    if (simple && kwnames == NULL && nargs == code->co_argcount) {
      return call_directly(function, body, args, nargs);
    }
    PyObject *storage[kFrameStorageWords];
    Frame *frame = (Frame *)storage;
    int bound = bind_arguments(frame->localsplus, function, code, args, nargs, kwnames);
    if (bound < 0) return NULL;
    if (bound) return run_in_frame(function, body, frame);
  }
  return _PyFunction_Vectorcall(callable, args, nargsf, kwnames);
}

PYAOT_OUT_OF_LINE static void fill_construct_cache(CallCache *cache, PyTypeObject *type) {
  cache->type_version = type->tp_version_tag;
  cache->init = NULL;
  if (Py_TYPE(type) != &PyType_Type || !(type->tp_flags & Py_TPFLAGS_HEAPTYPE) ||
      !(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) ||
      (type->tp_flags & Py_TPFLAGS_IS_ABSTRACT) || type->tp_new != PyBaseObject_Type.tp_new) {
    return;
  }
  PyObject *init = _PyType_Lookup(type, &_Py_ID(__init__));
  if (init == NULL || !PyFunction_Check(init)) return;
  _PyCFunctionFast body = direct_body((PyCodeObject *)((PyFunctionObject *)init)->func_code);
  if (body == NULL) return;
  cache->init = (PyFunctionObject *)init;
  cache->init_body = body;
}

/* `cls(*args)` for a plain class (object.__new__, type's own __call__)
 * whose __init__ is native: the instance is made as object.__new__ makes
 * it and __init__ is called directly, as type.__call__ would call it.
 * args[-1] is free. NULL with no exception set: not taken. */
static PyObject *try_direct_construct(CallCache *cache, PyTypeObject *type, PyObject **args,
                                      Py_ssize_t nargs, int *taken) {
  *taken = 0;
  if (cache->type_version == 0 || type->tp_version_tag != cache->type_version) {
    fill_construct_cache(cache, type);
  }
  PyFunctionObject *init = cache->init;
  if (init == NULL) return NULL;
  PyCodeObject *code = (PyCodeObject *)init->func_code;
  Py_ssize_t defaults = init->func_defaults ? PyTuple_GET_SIZE(init->func_defaults) : 0;
  if (nargs + 1 > code->co_argcount || nargs + 1 + defaults < code->co_argcount ||
      _PyThreadState_GET()->cframe->use_tracing) {
    return NULL; /* the generic path raises the TypeError, or traces */
  }
  *taken = 1;
  PyObject *no_args = PyTuple_New(0);
  if (no_args == NULL) return NULL;
  PyObject *self = type->tp_new(type, no_args, NULL);
  Py_DECREF(no_args);
  if (self == NULL) return NULL;
  PyObject *saved = args[-1];
  args[-1] = self;
  PyObject *result = call_directly(init, cache->init_body, args - 1, nargs + 1);
  args[-1] = saved;
  if (result == NULL) {
    Py_DECREF(self);
    return NULL;
  }
  if (result != Py_None) {
    PyErr_Format(PyExc_TypeError, "__init__() should return None, not '%.200s'",
                 Py_TYPE(result)->tp_name);
    Py_DECREF(result);
    Py_DECREF(self);
    return NULL;
  }
  Py_DECREF(result);
  return self;
}

/* A builtin function or method descriptor's C function called with
 * positional arguments (METH_O, METH_FASTCALL, METH_NOARGS), as the
 * interpreter's PRECALL_NO_KW_BUILTIN_* and _METHOD_DESCRIPTOR_*
 * specializations call it: no vectorcall dispatch, the recursion check
 * kept. `def` and `self` come from the callable (for a descriptor, `self`
 * is the receiver its lookup found it for); other flags are not taken. */
static PyObject *call_method_def(PyMethodDef *def, PyObject *self, PyObject *const *args,
                                 Py_ssize_t nargs, int *taken) {
  const int flags = def->ml_flags & ~METH_COEXIST;
  *taken = (flags == METH_O && nargs == 1) || flags == METH_FASTCALL ||
           (flags == METH_NOARGS && nargs == 0);
  if (!*taken) return NULL;
  PyThreadState *tstate = _PyThreadState_GET();
  if (_Py_EnterRecursiveCallTstate(tstate, " while calling a Python object")) return NULL;
  PyObject *result = flags == METH_FASTCALL
                         ? ((_PyCFunctionFast)(void (*)(void))def->ml_meth)(self, args, nargs)
                         : def->ml_meth(self, flags == METH_O ? args[0] : NULL);
  _Py_LeaveRecursiveCallTstate(tstate);
  return result;
}

/* ---- calls under a profiler ------------------------------------------------
 * The interpreter tells a profiler (sys.setprofile, cProfile) of each call
 * of a C function with c_call, then c_return or c_exception
 * (ceval.c's trace_call_function); native bodies do the same. */

/* Whether a profiler wants C call events. */
static inline int profiling(PyThreadState *tstate) {
  return tstate->cframe->use_tracing && tstate->c_profilefunc != NULL;
}

/* One profiler event from the running native body's frame about C
 * function `function`, as the interpreter's call_trace sends it: nonzero
 * when the profiler failed. */
PYAOT_OUT_OF_LINE static int profile_event(PyThreadState *tstate, int what, PyObject *function) {
  if (tstate->tracing) return 0;
  PyFrameObject *object = PyEval_GetFrame(); /* borrowed */
  if (object == NULL) return -1;
  Frame *frame = object->f_frame;
  int old_what = tstate->tracing_what;
  tstate->tracing_what = what;
  PyThreadState_EnterTracing(tstate);
  object->f_lineno =
      PyCode_Addr2Line(frame->f_code, _PyInterpreterFrame_LASTI(frame) * (int)sizeof(_Py_CODEUNIT));
  int failed = tstate->c_profilefunc(tstate->c_profileobj, object, what, function);
  object->f_lineno = 0;
  PyThreadState_LeaveTracing(tstate);
  tstate->tracing_what = old_what;
  return failed;
}

/* The events after C function `function` returned `result` (NULL: it
 * raised): c_return or c_exception. Returns `result`, or NULL if the
 * profiler failed. */
PYAOT_OUT_OF_LINE static PyObject *profile_return(PyThreadState *tstate, PyObject *function,
                                                  PyObject *result) {
  if (tstate->c_profilefunc == NULL) return result;
  if (result != NULL) {
    if (profile_event(tstate, PyTrace_C_RETURN, function) != 0) Py_CLEAR(result);
    return result;
  }
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (profile_event(tstate, PyTrace_C_EXCEPTION, function) == 0) {
    PyErr_Restore(type, value, traceback);
  } else {
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
  }
  return NULL;
}

/* What a profiler is told a call of `callable` with first argument `self`
 * (NULL: none) calls: a builtin function; a method descriptor bound to
 * `self` (the call then drops that argument); else NULL, a call it is not
 * told of. A new reference; NULL with an error set if binding failed. */
static PyObject *profiled_function(PyObject *callable, PyObject *self) {
  if (PyCFunction_CheckExact(callable) || Py_IS_TYPE(callable, &PyCMethod_Type)) {
    return Py_NewRef(callable);
  }
  if (Py_IS_TYPE(callable, &PyMethodDescr_Type) && self != NULL) {
    return Py_TYPE(callable)->tp_descr_get(callable, self, (PyObject *)Py_TYPE(self));
  }
  return NULL;
}

/* callable(*args) from a native body while profiling (args[-1] free). */
PYAOT_OUT_OF_LINE static PyObject *call_profiled(PyThreadState *tstate, PyObject *callable,
                                                 PyObject **args, Py_ssize_t nargs,
                                                 PyObject *kwnames) {
  const size_t offset = PY_VECTORCALL_ARGUMENTS_OFFSET;
  PyObject *function = profiled_function(callable, nargs > 0 ? args[0] : NULL);
  if (function == NULL) {
    if (PyErr_Occurred()) return NULL;
    return PyObject_Vectorcall(callable, args, (size_t)nargs | offset, kwnames);
  }
  if (function != callable) { /* a bound descriptor */
    args++;
    nargs--;
  }
  PyObject *result = NULL;
  if (profile_event(tstate, PyTrace_C_CALL, function) == 0) {
    result = profile_return(tstate, function,
                            PyObject_Vectorcall(function, args, (size_t)nargs | offset, kwnames));
  }
  Py_DECREF(function);
  return result;
}

/* args[-1] is free for the callee (PY_VECTORCALL_ARGUMENTS_OFFSET); the
 * last len(kwnames) arguments are keyword values. */
static PyObject *call_consuming_generator(PyObject *callable, PyObject **args,
                                          PyObject *kwnames, int *taken);
static PyObject *join_native_generator(PyObject *separator, PyObject *generator, int *taken);
static int is_str_join(PyObject *method);

PYAOT_OUT_OF_LINE PyObject *pyaot_call(Frame *frame, PyObject *callable, PyObject **args, int64_t count,
                     int64_t kwnames_index, CallCache *cache) {
  PyObject *kwnames = NULL;
  Py_ssize_t positional = (Py_ssize_t)count;
  if (kwnames_index >= 0) {
    kwnames = PyTuple_GET_ITEM(frame->f_code->co_consts, kwnames_index);
    positional -= PyTuple_GET_SIZE(kwnames);
  }
  PyThreadState *tstate = _PyThreadState_GET();
  if (profiling(tstate)) return call_profiled(tstate, callable, args, positional, kwnames);
  if (positional == 1 && PyGen_CheckExact(args[0])) {
    int taken;
    PyObject *result = call_consuming_generator(callable, args, kwnames, &taken);
    if (taken) return result;
  }
  if (kwnames == NULL) {
    int taken;
    PyObject *result =
        PyType_Check(callable)
            ? try_direct_construct(cache, (PyTypeObject *)callable, args, positional, &taken)
        : PyCFunction_CheckExact(callable)
            ? call_method_def(((PyCFunctionObject *)callable)->m_ml, PyCFunction_GET_SELF(callable),
                              args, positional, &taken)
            : try_direct_call(cache, callable, args, positional, &taken);
    if (taken) return result;
  }
  return PyObject_Vectorcall(callable, args, (size_t)positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                             kwnames);
}

/* Whether `callable` is the function this site called directly before and
 * `nargs` positional arguments fill its parameters exactly: its body can
 * run with no more checks. */
static inline int calls_directly_again(const CallCache *cache, PyObject *callable,
                                       Py_ssize_t nargs) {
  return Py_IS_TYPE(callable, &PyFunction_Type) &&
         ((PyFunctionObject *)callable)->func_code == cache->code && cache->body != NULL &&
         nargs == ((PyCodeObject *)cache->code)->co_argcount &&
         !_PyThreadState_GET()->cframe->use_tracing;
}

/* `callable(*args)`, positional arguments only: a call of the function
 * this site called directly before, with as many arguments as it has
 * parameters, goes straight to its body; anything else through pyaot_call. */
PYAOT_HOT PyObject *pyaot_call_positional(Frame *frame, PyObject *callable, PyObject **args,
                                          int64_t count, CallCache *cache) {
  if (calls_directly_again(cache, callable, (Py_ssize_t)count)) {
    return call_directly((PyFunctionObject *)callable, cache->body, args, (Py_ssize_t)count);
  }
  return pyaot_call(frame, callable, args, count, -1, cache);
}

/* A method-call site's cache of the method its receivers' type has (as
 * LOAD_METHOD_NO_DICT / LOAD_METHOD_WITH_VALUES): valid while the type is
 * unchanged and no instance attribute can shadow the name: the type has
 * no instance dict, or the instance keeps its attributes in the type's
 * shared keys, which did not grow since the name was found absent. */
typedef struct {
  uint32_t type_version; /* 0: empty */
  uint32_t shared_keys;  /* kNoInstanceDict, or the shared keys' entry count */
  PyObject *method;      /* borrowed from the type's dict */
} MethodCache;

enum { kNoInstanceDict = 0xFFFFFFFFu };

static inline PyObject *cached_method_entry(PyObject *object, const MethodCache *cache) {
  PyTypeObject *type = Py_TYPE(object);
  if (cache->type_version == 0 || type->tp_version_tag != cache->type_version) return NULL;
  if (cache->shared_keys != kNoInstanceDict) {
    if (*_PyObject_ValuesPointer(object) == NULL) return NULL; /* a real __dict__ now */
    if ((uint32_t)((PyHeapTypeObject *)type)->ht_cached_keys->dk_nentries != cache->shared_keys)
      return NULL;
  }
  return cache->method;
}

/* Each method-call site has two entries (two receiver types: a base class
 * and a subclass); site[0] holds the type seen last. */
static inline PyObject *cached_method(PyObject *object, const MethodCache *site) {
  PyObject *method = cached_method_entry(object, &site[0]);
  return method != NULL ? method : cached_method_entry(object, &site[1]);
}

PYAOT_OUT_OF_LINE static void fill_method_cache(PyObject *object, PyObject *name, PyObject *method,
                                                MethodCache *site) {
  MethodCache *cache = &site[0];
  PyTypeObject *type = Py_TYPE(object);
  if (type->tp_version_tag == 0 || !(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) ||
      type->tp_getattro != PyObject_GenericGetAttr || !PyUnicode_CheckExact(name)) {
    return;
  }
  uint32_t shared_keys = kNoInstanceDict;
  if (type->tp_flags & Py_TPFLAGS_MANAGED_DICT) {
    PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
    if (*_PyObject_ValuesPointer(object) == NULL || keys == NULL ||
        keys->dk_kind != DICT_KEYS_SPLIT) {
      return;
    }
    PyDictUnicodeEntry *entries = DK_UNICODE_ENTRIES(keys);
    for (Py_ssize_t i = 0; i < keys->dk_nentries; i++) {
      if (entries[i].me_key == name) return;
    }
    shared_keys = (uint32_t)keys->dk_nentries;
  } else if (type->tp_dictoffset != 0) {
    return;
  }
  site[1] = site[0];
  cache->type_version = type->tp_version_tag;
  cache->shared_keys = shared_keys;
  cache->method = method;
}

/* obj.name(args): args[-2] and args[-1] are free. Lookup errors point at
 * the LOAD_METHOD instruction, call errors at the CALL, as in CPython. */
PYAOT_OUT_OF_LINE PyObject *pyaot_call_method(Frame *frame, PyObject *object, int64_t name_index,
                                              PyObject **args, int64_t count,
                                              int64_t kwnames_index, int64_t method_offset,
                                              int64_t call_offset, CallCache *cache,
                                              MethodCache *methods) {
  PyObject *method = cached_method(object, methods);
  if (method != NULL && kwnames_index < 0 &&
      calls_directly_again(cache, method, (Py_ssize_t)count + 1)) {
    /* straight to its body, which holds the function meanwhile */
    pyaot_set_instr(frame, call_offset);
    args[-1] = object; /* self, borrowed */
    return call_directly((PyFunctionObject *)method, cache->body, args - 1,
                         (Py_ssize_t)count + 1);
  }
  int unbound = 1;
  if (method != NULL) {
    Py_INCREF(method); /* the call could drop it from the type */
  } else {
    PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
    pyaot_set_instr(frame, method_offset);
    unbound = _PyObject_GetMethod(object, name, &method);
    if (method == NULL) return NULL;
    if (unbound) fill_method_cache(object, name, method, methods);
  }
  pyaot_set_instr(frame, call_offset);
  PyObject *kwnames = NULL;
  Py_ssize_t positional = (Py_ssize_t)count;
  if (kwnames_index >= 0) {
    kwnames = PyTuple_GET_ITEM(frame->f_code->co_consts, kwnames_index);
    positional -= PyTuple_GET_SIZE(kwnames);
  }
  PyObject *result;
  PyThreadState *tstate = _PyThreadState_GET();
  if (profiling(tstate)) {
    if (unbound) args[-1] = object; /* self, borrowed */
    result = unbound ? call_profiled(tstate, method, args - 1, positional + 1, kwnames)
                     : call_profiled(tstate, method, args, positional, kwnames);
  } else if (unbound) {
    args[-1] = object; /* self, borrowed */
    int taken = 0;
    if (positional == 1 && kwnames == NULL && PyGen_CheckExact(args[0]) &&
        PyUnicode_CheckExact(object) && is_str_join(method)) {
      result = join_native_generator(object, args[0], &taken);
    }
    if (!taken && kwnames == NULL && PyFunction_Check(method)) {
      result = try_direct_call(cache, method, args - 1, positional + 1, &taken);
    } else if (!taken && kwnames == NULL && Py_IS_TYPE(method, &PyMethodDescr_Type)) {
      /* found on the receiver's type, so it applies to the receiver */
      result = call_method_def(((PyMethodDescrObject *)method)->d_method, object, args, positional,
                               &taken);
    }
    if (!taken) {
      result = PyObject_Vectorcall(method, args - 1,
                                   (size_t)(positional + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                   kwnames);
    }
  } else {
    result = PyObject_Vectorcall(method, args, (size_t)positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                 kwnames);
  }
  Py_DECREF(method);
  return result;
}

/* `object.append(item)`, args[0] the item. An exact list's `append` is
 * always list.append (a static type: nothing can replace or shadow it), so
 * the item is appended here, as the interpreter's
 * PRECALL_NO_KW_LIST_APPEND does; any other receiver calls the method. */
PYAOT_HOT PyObject *pyaot_call_method_append(Frame *frame, PyObject *object, int64_t name_index,
                                             PyObject **args, int64_t count,
                                             int64_t kwnames_index, int64_t method_offset,
                                             int64_t call_offset, CallCache *cache,
                                             MethodCache *methods) {
  if (PyList_CheckExact(object) && !_PyThreadState_GET()->cframe->use_tracing) {
    PyListObject *list = (PyListObject *)object;
    const Py_ssize_t size = Py_SIZE(list);
    if (size < list->allocated) {
      list->ob_item[size] = Py_NewRef(args[0]);
      Py_SET_SIZE(list, size + 1);
    } else if (PyList_Append(object, args[0]) < 0) {
      pyaot_set_instr(frame, call_offset);
      return NULL;
    }
    return Py_NewRef(Py_None);
  }
  return pyaot_call_method(frame, object, name_index, args, count, kwnames_index, method_offset,
                           call_offset, cache, methods);
}

/* f(*args, **kwargs): CALL_FUNCTION_EX. kwargs may be NULL. */
PYAOT_OUT_OF_LINE PyObject *pyaot_call_ex(PyObject *callable, PyObject *args, PyObject *kwargs) {
  PyObject *tuple;
  if (PyTuple_CheckExact(args)) {
    tuple = Py_NewRef(args);
  } else {
    if (Py_TYPE(args)->tp_iter == NULL && !PySequence_Check(args)) {
      PyObject *name = _PyObject_FunctionStr(callable);
      if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "%U argument after * must be an iterable, not %.200s", name,
                     Py_TYPE(args)->tp_name);
        Py_DECREF(name);
      }
      return NULL;
    }
    tuple = PySequence_Tuple(args);
    if (tuple == NULL) return NULL;
  }
  PyObject *result;
  PyThreadState *tstate = _PyThreadState_GET();
  PyObject *function = NULL;
  if (profiling(tstate)) {
    function = profiled_function(callable, PyTuple_GET_SIZE(tuple) ? PyTuple_GET_ITEM(tuple, 0) : NULL);
    if (function == NULL && PyErr_Occurred()) {
      Py_DECREF(tuple);
      return NULL;
    }
  }
  if (function != NULL) {
    result = NULL;
    if (profile_event(tstate, PyTrace_C_CALL, function) == 0) {
      result = function == callable
                   ? PyObject_Call(callable, tuple, kwargs)
                   : PyObject_VectorcallDict(function, &PyTuple_GET_ITEM(tuple, 1),
                                             (size_t)PyTuple_GET_SIZE(tuple) - 1, kwargs);
      result = profile_return(tstate, function, result);
    }
    Py_DECREF(function);
  } else {
    result = PyObject_Call(callable, tuple, kwargs);
  }
  Py_DECREF(tuple);
  return result;
}

int pyaot_list_append(PyObject *list, PyObject *item) { return PyList_Append(list, item); }

PYAOT_OUT_OF_LINE int pyaot_list_extend(PyObject *list, PyObject *iterable) {
  PyObject *none = _PyList_Extend((PyListObject *)list, iterable);
  if (none == NULL) {
    if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(iterable)->tp_iter == NULL &&
        !PySequence_Check(iterable)) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "Value after * must be an iterable, not %.200s",
                   Py_TYPE(iterable)->tp_name);
    }
    return -1;
  }
  Py_DECREF(none);
  return 0;
}

int pyaot_set_add(PyObject *set, PyObject *item) { return PySet_Add(set, item); }

PYAOT_OUT_OF_LINE int pyaot_set_update(PyObject *set, PyObject *iterable) {
  return _PySet_Update(set, iterable);
}

/* DICT_UPDATE: {**mapping}, with the interpreter's message for a non-mapping. */
PYAOT_OUT_OF_LINE int pyaot_dict_update(PyObject *dict, PyObject *mapping) {
  if (PyDict_Update(dict, mapping) == 0) return 0;
  if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not a mapping", Py_TYPE(mapping)->tp_name);
  }
  return -1;
}

PyObject *pyaot_list_to_tuple(PyObject *list) { return PyList_AsTuple(list); }

/* DICT_MERGE for f(**mapping), with the interpreter's messages. */
PYAOT_OUT_OF_LINE int pyaot_dict_merge(PyObject *callable, PyObject *dict, PyObject *mapping) {
  if (_PyDict_MergeEx(dict, mapping, 2) == 0) return 0;
  if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyObject *name = _PyObject_FunctionStr(callable);
    if (name != NULL) {
      PyErr_Format(PyExc_TypeError, "%U argument after ** must be a mapping, not %.200s", name,
                   Py_TYPE(mapping)->tp_name);
      Py_DECREF(name);
    }
  } else if (PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    if (value != NULL && PyTuple_Check(value) && PyTuple_GET_SIZE(value) == 1) {
      PyObject *name = _PyObject_FunctionStr(callable);
      if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "%U got multiple values for keyword argument '%S'", name,
                     PyTuple_GET_ITEM(value, 0));
        Py_DECREF(name);
      }
      Py_XDECREF(type);
      Py_XDECREF(value);
      Py_XDECREF(traceback);
    } else {
      PyErr_Restore(type, value, traceback);
    }
  }
  return -1;
}

/* ---- imports (ceval's import_name and import_from) ----------------------- */

/* IMPORT_NAME: builtins.__import__(name, globals, locals or None, fromlist,
 * level), through the import machinery directly unless __import__ was
 * replaced. */
PYAOT_OUT_OF_LINE PyObject *pyaot_import_name(Frame *frame, int64_t name_index, PyObject *fromlist,
                                              PyObject *level) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *import_func = PyDict_GetItemWithError(frame->f_builtins, &_Py_ID(__import__));
  if (import_func == NULL) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ImportError, "__import__ not found");
    return NULL;
  }
  PyObject *locals = frame->f_locals != NULL ? frame->f_locals : Py_None;
  if (import_func == _PyThreadState_GET()->interp->import_func) {
    int ilevel = _PyLong_AsInt(level);
    if (ilevel == -1 && PyErr_Occurred()) return NULL;
    return PyImport_ImportModuleLevelObject(name, frame->f_globals, locals, fromlist, ilevel);
  }
  Py_INCREF(import_func);
  PyObject *args[5] = {name, frame->f_globals, locals, fromlist, level};
  PyObject *result = PyObject_Vectorcall(import_func, args, 5, NULL);
  Py_DECREF(import_func);
  return result;
}

/* IMPORT_FROM: module.name, else sys.modules["<module.__name__>.name"] (a
 * circular relative import), else ImportError with the interpreter's message. */
PYAOT_OUT_OF_LINE PyObject *pyaot_import_from(Frame *frame, PyObject *module, int64_t name_index) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value;
  if (_PyObject_LookupAttr(module, name, &value) != 0) return value;
  PyObject *package_name = PyObject_GetAttr(module, &_Py_ID(__name__));
  if (package_name != NULL && !PyUnicode_Check(package_name)) Py_CLEAR(package_name);
  if (package_name != NULL) {
    PyObject *full_name = PyUnicode_FromFormat("%U.%U", package_name, name);
    if (full_name == NULL) {
      Py_DECREF(package_name);
      return NULL;
    }
    value = PyImport_GetModule(full_name);
    Py_DECREF(full_name);
    if (value != NULL || PyErr_Occurred()) {
      Py_DECREF(package_name);
      return value;
    }
  }
  PyObject *path = PyModule_GetFilenameObject(module);
  PyObject *shown_name = package_name;
  if (shown_name == NULL) {
    shown_name = PyUnicode_FromString("<unknown module name>");
    if (shown_name == NULL) {
      Py_XDECREF(path);
      return NULL;
    }
  }
  PyObject *message;
  if (path == NULL || !PyUnicode_Check(path)) {
    PyErr_Clear();
    message = PyUnicode_FromFormat("cannot import name %R from %R (unknown location)", name,
                                   shown_name);
    PyErr_SetImportError(message, package_name, NULL);
  } else {
    PyObject *spec = PyObject_GetAttr(module, &_Py_ID(__spec__));
    const char *format = _PyModuleSpec_IsInitializing(spec)
                             ? "cannot import name %R from partially initialized module %R "
                               "(most likely due to a circular import) (%S)"
                             : "cannot import name %R from %R (%S)";
    Py_XDECREF(spec);
    message = PyUnicode_FromFormat(format, name, shown_name, path);
    PyErr_SetImportError(message, package_name, path);
  }
  Py_XDECREF(message);
  Py_DECREF(shown_name);
  Py_XDECREF(path);
  return NULL;
}

PyObject *pyaot_load_string(const char *text) { return PyUnicode_InternFromString(text); }

/* ---- displays ---------------------------------------------------------------- */

PYAOT_OUT_OF_LINE PyObject *pyaot_build_tuple(PyObject **items, int64_t count) {
  PyObject *tuple = PyTuple_New((Py_ssize_t)count);
  if (tuple == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    Py_INCREF(items[i]);
    PyTuple_SET_ITEM(tuple, i, items[i]);
  }
  return tuple;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_list(PyObject **items, int64_t count) {
  PyObject *list = PyList_New((Py_ssize_t)count);
  if (list == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    Py_INCREF(items[i]);
    PyList_SET_ITEM(list, i, items[i]);
  }
  return list;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_set(PyObject **items, int64_t count) {
  PyObject *set = PySet_New(NULL);
  if (set == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    if (PySet_Add(set, items[i]) < 0) {
      Py_DECREF(set);
      return NULL;
    }
  }
  return set;
}

/* items: key, value, key, value... */
PYAOT_OUT_OF_LINE PyObject *pyaot_build_dict(PyObject **items, int64_t count) {
  /* Grown by insertion: str keys keep the compact unicode table, as the
   * interpreter's presized dicts do (_PyDict_NewPresized would not). */
  PyObject *dict = PyDict_New();
  if (dict == NULL) return NULL;
  for (int64_t i = 0; i + 1 < count; i += 2) {
    if (PyDict_SetItem(dict, items[i], items[i + 1]) < 0) {
      Py_DECREF(dict);
      return NULL;
    }
  }
  return dict;
}

/* keys: a tuple of as many keys as values (BUILD_CONST_KEY_MAP). */
PYAOT_OUT_OF_LINE PyObject *pyaot_build_dict_from_keys(PyObject *keys, PyObject **values, int64_t count) {
  if (!PyTuple_CheckExact(keys) || PyTuple_GET_SIZE(keys) != count) {
    PyErr_SetString(PyExc_SystemError, "pyaot: constant keys do not match the dict's values");
    return NULL;
  }
  PyObject *dict = PyDict_New(); /* see pyaot_build_dict */
  if (dict == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    if (PyDict_SetItem(dict, PyTuple_GET_ITEM(keys, i), values[i]) < 0) {
      Py_DECREF(dict);
      return NULL;
    }
  }
  return dict;
}

PyObject *pyaot_list_from_constant(PyObject *items) { return PySequence_List(items); }

PyObject *pyaot_set_from_constant(PyObject *items) { return PySet_New(items); }

/* conversion: -1 none, 's', 'r' or 'a'; spec may be NULL. */
PYAOT_OUT_OF_LINE PyObject *pyaot_format_value(PyObject *value, int64_t conversion, PyObject *spec) {
  PyObject *converted = NULL;
  switch (conversion) {
    case 's': converted = PyObject_Str(value); break;
    case 'r': converted = PyObject_Repr(value); break;
    case 'a': converted = PyObject_ASCII(value); break;
    default: Py_INCREF(value); converted = value;
  }
  if (converted == NULL) return NULL;
  if (spec == NULL && PyUnicode_CheckExact(converted)) return converted;
  PyObject *result = PyObject_Format(converted, spec);
  Py_DECREF(converted);
  return result;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_string(PyObject **items, int64_t count) {
  PyObject *empty = PyUnicode_New(0, 0);
  if (empty == NULL) return NULL;
  PyObject *result = _PyUnicode_JoinArray(empty, items, (Py_ssize_t)count);
  Py_DECREF(empty);
  return result;
}

/* ---- iteration -------------------------------------------------------------- */

PyObject *pyaot_get_iter(PyObject *iterable) { return PyObject_GetIter(iterable); }

/* 1: *item is the next item; 0: exhausted; -1: error. */
/* ---- resuming native generators from native code --------------------------
 * A native loop over a generator whose body is native resumes it without
 * the interpreter: as the trampoline would, its frame becomes the current
 * one, None is the value sent in and the body is called; a yield leaves
 * the frame as the trampoline's YIELD_VALUE does. When the body finishes,
 * the interpreter finishes the generator from the trampoline's call (the
 * result sent in, or the error thrown in), so StopIteration, PEP 479 and
 * clearing the frame stay CPython's. */

typedef struct {
  PyObject *code;        /* strong: the generator code this site saw last */
  _PyCFunctionFast body; /* its native body; NULL: resume it the usual way */
  int32_t slots;         /* stack slots kept while suspended */
  int32_t returned;      /* code unit after the trampoline's call */
  int32_t yield;         /* code unit of its YIELD_VALUE */
} ResumeCache;

PYAOT_OUT_OF_LINE static void fill_resume_cache(PyCodeObject *code, ResumeCache *cache) {
  Py_XSETREF(cache->code, Py_NewRef((PyObject *)code));
  cache->body = NULL;
  if ((code->co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR)) ||
      !(code->co_flags & CO_GENERATOR)) {
    return;
  }
  PyaotNativeEntry *entry = trampoline_entry(code);
  PyObject *how = entry ? entry->self : NULL;
  if (how == NULL || !PyTuple_CheckExact(how) || PyTuple_GET_SIZE(how) != 3) return;
  cache->slots = (int32_t)PyLong_AsLong(PyTuple_GET_ITEM(how, 0));
  cache->returned = (int32_t)PyLong_AsLong(PyTuple_GET_ITEM(how, 1));
  cache->yield = (int32_t)PyLong_AsLong(PyTuple_GET_ITEM(how, 2));
  cache->body = (_PyCFunctionFast)(void (*)(void))entry->def->ml_meth;
}

/* Points the traceback entry the interpreter gave `frame_object` (at the
 * trampoline's CALL) at the op that failed: in the error, or in its cause
 * when PEP 479 replaced it. */
static void point_traceback_at(PyObject *frame_object, PyCodeObject *code, int offset) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value != NULL && traceback != NULL) PyException_SetTraceback(value, traceback);
  PyObject *error = Py_XNewRef(value);
  while (error != NULL) {
    PyObject *chain = PyException_GetTraceback(error);
    int found = 0;
    for (PyTracebackObject *entry = (PyTracebackObject *)chain; entry != NULL && !found;
         entry = entry->tb_next) {
      if ((PyObject *)entry->tb_frame != frame_object) continue;
      entry->tb_lasti = offset * (int)sizeof(_Py_CODEUNIT);
      entry->tb_lineno = PyCode_Addr2Line(code, entry->tb_lasti);
      found = 1;
    }
    Py_XDECREF(chain);
    PyObject *cause = found ? NULL : PyException_GetCause(error);
    Py_DECREF(error);
    error = cause;
  }
  PyErr_Restore(type, value, traceback);
}

/* next(gen) for a suspended native generator: 1 and *item, 0 when it is
 * exhausted, -1 on error. */
PYAOT_OUT_OF_LINE static int resume_native_generator(PyGenObject *gen, const ResumeCache *site,
                                                     PyObject **item) {
  /* A copy: the body may resume another generator through the same site
   * (a recursive generator) and refill its cache. */
  const ResumeCache resume = *site;
  const ResumeCache *cache = &resume;
  PyThreadState *tstate = _PyThreadState_GET();
  Frame *frame = (Frame *)gen->gi_iframe;
  PyCodeObject *code = frame->f_code;
  PyObject **stack = frame->localsplus + code->co_nlocalsplus;
  const int slots = cache->slots;
  if (_Py_EnterRecursiveCallTstate(tstate, "")) return -1;
  stack[slots] = Py_NewRef(Py_None); /* the value sent in */
  frame->stacktop = code->co_nlocalsplus + slots + 1; /* counted from localsplus */
  gen->gi_frame_state = FRAME_EXECUTING;
  gen->gi_exc_state.previous_item = tstate->exc_info;
  tstate->exc_info = &gen->gi_exc_state;
  frame->previous = tstate->cframe->current_frame;
  tstate->cframe->current_frame = frame;
  PyObject *result = cache->body(NULL, NULL, 0);
  tstate->cframe->current_frame = frame->previous;
  frame->previous = NULL;
  tstate->exc_info = gen->gi_exc_state.previous_item;
  gen->gi_exc_state.previous_item = NULL;
  _Py_LeaveRecursiveCallTstate(tstate);
  gen->gi_frame_state = FRAME_SUSPENDED;
  if (result != NULL && stack[0] != Py_None) { /* it yielded */
    Py_CLEAR(stack[slots]);
    frame->stacktop = code->co_nlocalsplus + slots;
    frame->prev_instr = _PyCode_CODE(code) + cache->yield;
    *item = result;
    return 1;
  }
  /* It finished: on from the trampoline's call, in the interpreter. */
  int failed_at = (int)(frame->prev_instr - _PyCode_CODE(code));
  frame->prev_instr = _PyCode_CODE(code) + cache->returned - 1;
  *item = NULL;
  if (result != NULL) {
    PyObject *value;
    PySendResult status = PyIter_Send((PyObject *)gen, result, &value);
    Py_DECREF(result);
    if (status == PYGEN_ERROR) return -1;
    Py_DECREF(value);
    return 0;
  }
  PyObject *error = take_exception();
  /* The frame's object, which its traceback entry will name. */
  PyObject *frame_object = PyObject_GetAttrString((PyObject *)gen, "gi_frame");
  PyObject *thrown = frame_object != NULL
                         ? PyObject_CallMethodOneArg((PyObject *)gen, &_Py_ID(throw), error)
                         : NULL;
  Py_DECREF(error);
  if (thrown != NULL) { /* cannot happen: nothing in the trampoline catches */
    Py_DECREF(thrown);
    Py_DECREF(frame_object);
    return 0;
  }
  if (frame_object != NULL) {
    point_traceback_at(frame_object, code, failed_at);
    Py_DECREF(frame_object);
  }
  return -1;
}

int pyaot_iter_next(PyObject *iterator, PyObject **item, ResumeCache *cache) {
  if (PyGen_CheckExact(iterator)) {
    PyGenObject *gen = (PyGenObject *)iterator;
    if ((PyObject *)gen->gi_code != cache->code) fill_resume_cache((PyCodeObject *)gen->gi_code, cache);
    if (cache->body != NULL && gen->gi_frame_state == FRAME_SUSPENDED &&
        !_PyThreadState_GET()->cframe->use_tracing) {
      return resume_native_generator(gen, cache, item);
    }
  }
  PyObject *next = (*Py_TYPE(iterator)->tp_iternext)(iterator);
  if (next != NULL) {
    *item = next;
    return 1;
  }
  if (PyErr_Occurred()) {
    if (!PyErr_ExceptionMatches(PyExc_StopIteration)) return -1;
    PyErr_Clear();
  }
  *item = NULL;
  return 0;
}

/* Builtins whose first step is one loop over their only positional
 * argument, when it is a generator: sum(g), any(g), all(g), list(g),
 * tuple(g); sorted(g, ...) and str.join(g) make a list of it first. */
typedef enum {
  kConsumeSum, kConsumeAny, kConsumeAll, kConsumeList, kConsumeTuple, kConsumeSorted
} ConsumeKind;

static int consume_kind(PyObject *callable, ConsumeKind *kind) {
  if (callable == (PyObject *)&PyList_Type) return *kind = kConsumeList, 1;
  if (callable == (PyObject *)&PyTuple_Type) return *kind = kConsumeTuple, 1;
  if (!PyCFunction_CheckExact(callable)) return 0;
  /* The real builtins (whatever names they are bound to now). */
  PyObject *module = ((PyCFunctionObject *)callable)->m_self;
  if (module == NULL || !PyModule_CheckExact(module) ||
      PyModule_GetDict(module) != _PyInterpreterState_GET()->builtins) {
    return 0;
  }
  const char *name = ((PyCFunctionObject *)callable)->m_ml->ml_name;
  if (strcmp(name, "sum") == 0) return *kind = kConsumeSum, 1;
  if (strcmp(name, "any") == 0) return *kind = kConsumeAny, 1;
  if (strcmp(name, "all") == 0) return *kind = kConsumeAll, 1;
  if (strcmp(name, "sorted") == 0) return *kind = kConsumeSorted, 1;
  return 0;
}

/* The builtin's loop over `generator` when its body is native, each item
 * resumed natively rather than through the interpreter. Results, errors
 * and how far the generator runs are the builtin's: sum adds with +,
 * starting from 0; any and all stop at the first item that decides.
 * *taken = 0: not a native generator, call the builtin. */
static PyObject *consume_native_generator(ConsumeKind kind, PyObject *generator, int *taken) {
  ResumeCache cache = {0};
  fill_resume_cache((PyCodeObject *)((PyGenObject *)generator)->gi_code, &cache);
  *taken = cache.body != NULL;
  if (!*taken) {
    Py_XDECREF(cache.code);
    return NULL;
  }
  PyObject *result = kind == kConsumeSum   ? PyLong_FromLong(0)
                     : kind == kConsumeAny ? Py_NewRef(Py_False)
                     : kind == kConsumeAll ? Py_NewRef(Py_True)
                                           : PyList_New(0);
  while (result != NULL) {
    PyObject *item;
    int status = pyaot_iter_next(generator, &item, &cache);
    if (status <= 0) {
      if (status < 0) Py_CLEAR(result);
      break;
    }
    if (kind == kConsumeSum) {
      Py_SETREF(result, PyNumber_Add(result, item));
    } else if (kind == kConsumeAny || kind == kConsumeAll) {
      int truth = PyObject_IsTrue(item);
      if (truth < 0) {
        Py_CLEAR(result);
      } else if (truth == (kind == kConsumeAny)) {
        Py_DECREF(item);
        Py_SETREF(result, Py_NewRef(truth ? Py_True : Py_False));
        break;
      }
    } else if (PyList_Append(result, item) < 0) {
      Py_CLEAR(result);
    }
    Py_DECREF(item);
  }
  Py_XDECREF(cache.code);
  if (result != NULL && kind == kConsumeTuple) Py_SETREF(result, PyList_AsTuple(result));
  return result;
}

/* callable(args[0], **kwnames) for those builtins: a list of the generator
 * first where the builtin makes one (its keywords apply after). */
static PyObject *call_consuming_generator(PyObject *callable, PyObject **args,
                                          PyObject *kwnames, int *taken) {
  ConsumeKind kind;
  *taken = 0;
  if (!consume_kind(callable, &kind) || (kwnames != NULL && kind != kConsumeSorted)) return NULL;
  PyObject *generator = args[0];
  PyObject *items = consume_native_generator(kind, generator, taken);
  if (!*taken || kind != kConsumeSorted || items == NULL) return items;
  args[0] = items;
  PyObject *result = PyObject_Vectorcall(callable, args, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
  args[0] = generator;
  Py_DECREF(items);
  return result;
}

/* separator.join(generator): str.join makes a list of it first. */
static PyObject *join_native_generator(PyObject *separator, PyObject *generator, int *taken) {
  PyObject *items = consume_native_generator(kConsumeList, generator, taken);
  if (items == NULL) return NULL;
  PyObject *result = PyUnicode_Join(separator, items);
  Py_DECREF(items);
  return result;
}

/* Whether `method` is str.join, as found on a str. */
static int is_str_join(PyObject *method) {
  if (Py_TYPE(method) != &PyMethodDescr_Type) return 0;
  PyMethodDescrObject *descriptor = (PyMethodDescrObject *)method;
  return descriptor->d_common.d_type == &PyUnicode_Type &&
         strcmp(descriptor->d_method->ml_name, "join") == 0;
}

/* a, b = value: exactly `count` items, stored in order into the slots. */
PYAOT_OUT_OF_LINE int pyaot_unpack_to_locals(Frame *frame, PyObject *value, int64_t count, const int64_t *slots) {
  PyObject *items[16];
  PyObject **out = items;
  if (count > 16) {
    out = PyMem_Malloc(sizeof(PyObject *) * (size_t)count);
    if (out == NULL) {
      PyErr_NoMemory();
      return -1;
    }
  }
  int64_t got = 0;
  int status = -1;
  if ((PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == count) ||
      (PyList_CheckExact(value) && PyList_GET_SIZE(value) == count)) {
    PyObject **source = PyTuple_CheckExact(value) ? &PyTuple_GET_ITEM(value, 0)
                                                  : ((PyListObject *)value)->ob_item;
    for (; got < count; got++) {
      out[got] = source[got];
      Py_INCREF(out[got]);
    }
    status = 0;
  } else {
    PyObject *iterator = PyObject_GetIter(value);
    if (iterator == NULL) {
      if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(value)->tp_iter == NULL &&
          !PySequence_Check(value)) {
        PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object",
                     Py_TYPE(value)->tp_name);
      }
      goto done;
    }
    for (; got < count; got++) {
      PyObject *item = PyIter_Next(iterator);
      if (item == NULL) {
        if (!PyErr_Occurred()) {
          PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected %d, got %d)",
                       (int)count, (int)got);
        }
        Py_DECREF(iterator);
        goto done;
      }
      out[got] = item;
    }
    PyObject *extra = PyIter_Next(iterator);
    Py_DECREF(iterator);
    if (extra != NULL) {
      Py_DECREF(extra);
      PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %d)", (int)count);
      goto done;
    }
    if (PyErr_Occurred()) goto done;
    status = 0;
  }
done:
  for (int64_t i = 0; i < got; i++) {
    if (status == 0) {
      pyaot_store_fast(frame, slots[i], out[i]);
    } else {
      Py_DECREF(out[i]);
    }
  }
  if (out != items) PyMem_Free(out);
  return status;
}

/* The items of `value` as a tuple, as UNPACK_SEQUENCE (after < 0: exactly
 * `before` items) or UNPACK_EX (`before` items, a list of the rest, `after`
 * items) leave them on the stack; the interpreter's messages. */
PYAOT_OUT_OF_LINE PyObject *pyaot_unpack(PyObject *value, int64_t before, int64_t after) {
  if (after < 0 && ((PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == before) ||
                    (PyList_CheckExact(value) && PyList_GET_SIZE(value) == before))) {
    return PySequence_Tuple(value);
  }
  PyObject *iterator = PyObject_GetIter(value);
  if (iterator == NULL) {
    if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(value)->tp_iter == NULL &&
        !PySequence_Check(value)) {
      PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object",
                   Py_TYPE(value)->tp_name);
    }
    return NULL;
  }
  PyObject *result = PyTuple_New((Py_ssize_t)(before + (after < 0 ? 0 : 1 + after)));
  if (result == NULL) goto error;
  for (int64_t i = 0; i < before; i++) {
    PyObject *item = PyIter_Next(iterator);
    if (item == NULL) {
      if (!PyErr_Occurred()) {
        if (after < 0) {
          PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected %d, got %d)",
                       (int)before, (int)i);
        } else {
          PyErr_Format(PyExc_ValueError,
                       "not enough values to unpack (expected at least %d, got %d)",
                       (int)(before + after), (int)i);
        }
      }
      goto error;
    }
    PyTuple_SET_ITEM(result, i, item);
  }
  if (after < 0) {
    PyObject *extra = PyIter_Next(iterator);
    if (extra != NULL) {
      Py_DECREF(extra);
      PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %d)", (int)before);
      goto error;
    }
    if (PyErr_Occurred()) goto error;
  } else {
    PyObject *rest = PySequence_List(iterator);
    if (rest == NULL) goto error;
    PyTuple_SET_ITEM(result, before, rest);
    Py_ssize_t size = PyList_GET_SIZE(rest);
    if (size < after) {
      PyErr_Format(PyExc_ValueError,
                   "not enough values to unpack (expected at least %d, got %zd)",
                   (int)(before + after), (Py_ssize_t)before + size);
      goto error;
    }
    for (int64_t j = 0; j < after; j++) {
      PyTuple_SET_ITEM(result, before + 1 + j, PyList_GET_ITEM(rest, size - after + j));
    }
    Py_SET_SIZE(rest, size - after); /* the moved items' references go with them */
  }
  Py_DECREF(iterator);
  return result;
error:
  Py_DECREF(iterator);
  Py_XDECREF(result);
  return NULL;
}

/* ---- pattern matching (ceval's MATCH_* and GET_LEN) ------------------------ */

int pyaot_match_sequence(PyObject *subject) {
  return PyType_HasFeature(Py_TYPE(subject), Py_TPFLAGS_SEQUENCE);
}

int pyaot_match_mapping(PyObject *subject) {
  return PyType_HasFeature(Py_TYPE(subject), Py_TPFLAGS_MAPPING);
}

PyObject *pyaot_get_len(PyObject *object) {
  Py_ssize_t length = PyObject_Length(object);
  return length < 0 ? NULL : PyLong_FromSsize_t(length);
}

/* Adds `name` to the names a pattern has used (a TypeError naming `type`
 * when it is there already), then gets it from `subject`. NULL without an
 * error: no such attribute. */
static PyObject *match_class_attribute(PyObject *subject, PyTypeObject *type, PyObject *name,
                                       PyObject *seen) {
  int repeated = PySet_Contains(seen, name);
  if (repeated != 0 || PySet_Add(seen, name) < 0) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "%s() got multiple sub-patterns for attribute %R",
                   type->tp_name, name);
    }
    return NULL;
  }
  PyObject *value = PyObject_GetAttr(subject, name);
  if (value == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
  return value;
}

/* The names of class pattern `type`'s first `positional` sub-patterns: its
 * __match_args__. Without one, an empty tuple, with *self_match set when
 * the type matches itself (int(x), str(x): _Py_TPFLAGS_MATCH_SELF). */
static PyObject *positional_names(PyTypeObject *type, Py_ssize_t positional, int *self_match) {
  *self_match = 0;
  PyObject *names = PyObject_GetAttrString((PyObject *)type, "__match_args__");
  if (names == NULL) {
    if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return NULL;
    PyErr_Clear();
    *self_match = PyType_HasFeature(type, _Py_TPFLAGS_MATCH_SELF);
    names = PyTuple_New(0);
    if (names == NULL) return NULL;
  } else if (!PyTuple_CheckExact(names)) {
    PyErr_Format(PyExc_TypeError, "%s.__match_args__ must be a tuple (got %s)", type->tp_name,
                 Py_TYPE(names)->tp_name);
    Py_DECREF(names);
    return NULL;
  }
  Py_ssize_t allowed = *self_match ? 1 : PyTuple_GET_SIZE(names);
  if (allowed < positional) {
    PyErr_Format(PyExc_TypeError, "%s() accepts %zd positional sub-pattern%s (%zd given)",
                 type->tp_name, allowed, allowed == 1 ? "" : "s", positional);
    Py_DECREF(names);
    return NULL;
  }
  return names;
}

/* MATCH_CLASS (ceval's match_class): whether `subject` is an instance of
 * `cls`, then the attributes its `positional` sub-patterns (named by
 * __match_args__) and keyword sub-patterns (named by `keywords`) take.
 * 1: *attributes is a tuple of them; 0: no match (NULL); -1: an error. */
PYAOT_OUT_OF_LINE int pyaot_match_class(PyObject *subject, PyObject *cls, PyObject *keywords,
                                        int64_t positional, PyObject **attributes) {
  *attributes = NULL;
  if (!PyType_Check(cls)) {
    PyErr_SetString(PyExc_TypeError, "called match pattern must be a type");
    return -1;
  }
  PyTypeObject *type = (PyTypeObject *)cls;
  int instance = PyObject_IsInstance(subject, cls);
  if (instance <= 0) return instance;
  Py_ssize_t count = (Py_ssize_t)positional + PyTuple_GET_SIZE(keywords);
  PyObject *seen = PySet_New(NULL);
  PyObject *names = NULL;
  PyObject *result = seen != NULL ? PyTuple_New(count) : NULL;
  if (result == NULL) goto failed;
  int self_match = 0;
  if (positional > 0) {
    names = positional_names(type, (Py_ssize_t)positional, &self_match);
    if (names == NULL) goto failed;
  }
  for (Py_ssize_t i = 0; i < count; i++) {
    PyObject *value;
    if (i < positional && self_match) {
      value = Py_NewRef(subject);
    } else {
      PyObject *name = i < positional ? PyTuple_GET_ITEM(names, i)
                                      : PyTuple_GET_ITEM(keywords, i - (Py_ssize_t)positional);
      if (!PyUnicode_CheckExact(name)) {
        PyErr_Format(PyExc_TypeError, "__match_args__ elements must be strings (got %s)",
                     Py_TYPE(name)->tp_name);
        goto failed;
      }
      value = match_class_attribute(subject, type, name, seen);
      if (value == NULL) goto failed;
    }
    PyTuple_SET_ITEM(result, i, value);
  }
  Py_XDECREF(names);
  Py_DECREF(seen);
  *attributes = result;
  return 1;
failed:
  Py_XDECREF(names);
  Py_XDECREF(seen);
  Py_XDECREF(result);
  return PyErr_Occurred() ? -1 : 0;
}

/* MATCH_KEYS (ceval's match_keys): the values at `keys` in `mapping`, each
 * looked up with mapping.get(key, <a fresh object>) so that no __missing__
 * runs. 1: *values is a tuple of them; 0: a key is missing (NULL); -1: an
 * error (a key repeated is a ValueError). */
PYAOT_OUT_OF_LINE int pyaot_match_keys(PyObject *mapping, PyObject *keys, PyObject **values) {
  *values = NULL;
  Py_ssize_t count = PyTuple_GET_SIZE(keys);
  if (count == 0) {
    *values = PyTuple_New(0);
    return *values != NULL ? 1 : -1;
  }
  PyObject *seen = NULL, *missing = NULL, *result = NULL;
  PyObject *get = NULL;
  int unbound = _PyObject_GetMethod(mapping, &_Py_ID(get), &get);
  int status = -1;
  if (get == NULL || (seen = PySet_New(NULL)) == NULL ||
      (missing = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)) == NULL ||
      (result = PyTuple_New(count)) == NULL) {
    goto done;
  }
  for (Py_ssize_t i = 0; i < count; i++) {
    PyObject *key = PyTuple_GET_ITEM(keys, i);
    if (PySet_Contains(seen, key) != 0 || PySet_Add(seen, key) < 0) {
      if (!PyErr_Occurred()) {
        PyErr_Format(PyExc_ValueError, "mapping pattern checks duplicate key (%R)", key);
      }
      goto done;
    }
    PyObject *args[3] = {mapping, key, missing};
    PyObject *value = unbound ? PyObject_Vectorcall(get, args, 3, NULL)
                              : PyObject_Vectorcall(get, args + 1, 2, NULL);
    if (value == NULL) goto done;
    if (value == missing) {
      Py_DECREF(value);
      status = 0;
      goto done;
    }
    PyTuple_SET_ITEM(result, i, value);
  }
  *values = result;
  result = NULL;
  status = 1;
done:
  Py_XDECREF(get);
  Py_XDECREF(seen);
  Py_XDECREF(missing);
  Py_XDECREF(result);
  return status;
}

/* ---- raising ------------------------------------------------------------------- */

/* raise exc [from cause]: CPython's RAISE_VARARGS (do_raise); always -1.
 * cause may be NULL (no `from`). */
PYAOT_OUT_OF_LINE int pyaot_raise(PyObject *exc, PyObject *cause) {
  PyObject *type, *value;
  if (PyExceptionClass_Check(exc)) {
    type = exc; /* raised as this class, as do_raise does */
    value = PyObject_CallNoArgs(exc);
    if (value == NULL) return -1;
    if (!PyExceptionInstance_Check(value)) {
      PyErr_Format(PyExc_TypeError,
                   "calling %R should have returned an instance of BaseException, not %R", type,
                   Py_TYPE(value));
      Py_DECREF(value);
      return -1;
    }
  } else if (PyExceptionInstance_Check(exc)) {
    value = Py_NewRef(exc);
    type = PyExceptionInstance_Class(exc);
  } else {
    PyErr_SetString(PyExc_TypeError, "exceptions must derive from BaseException");
    return -1;
  }
  if (cause != NULL) {
    PyObject *fixed_cause;
    if (PyExceptionClass_Check(cause)) {
      fixed_cause = PyObject_CallNoArgs(cause);
      if (fixed_cause == NULL) {
        Py_DECREF(value);
        return -1;
      }
    } else if (PyExceptionInstance_Check(cause)) {
      fixed_cause = Py_NewRef(cause);
    } else if (cause == Py_None) {
      fixed_cause = NULL;
    } else {
      PyErr_SetString(PyExc_TypeError, "exception causes must derive from BaseException");
      Py_DECREF(value);
      return -1;
    }
    PyException_SetCause(value, fixed_cause); /* steals fixed_cause */
  }
  PyErr_SetObject(type, value);
  Py_DECREF(value);
  return -1;
}

/* ---- with statements (BEFORE_WITH, WITH_EXCEPT_START) ---------------------- */

/* (bound __exit__, __enter__()): the context manager entered. */
/* (bound __exit__, __enter__()) of a with statement, or of an async
 * with's __aexit__ and __aenter__, with the interpreter's messages. */
static PyObject *enter_context(PyObject *manager, int is_async) {
  const char *protocol = is_async ? "asynchronous context manager" : "context manager";
  PyObject *enter = _PyObject_LookupSpecial(
      manager, is_async ? &_Py_ID(__aenter__) : &_Py_ID(__enter__));
  if (enter == NULL) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "'%.200s' object does not support the %s protocol",
                   Py_TYPE(manager)->tp_name, protocol);
    }
    return NULL;
  }
  PyObject *exit = _PyObject_LookupSpecial(manager,
                                           is_async ? &_Py_ID(__aexit__) : &_Py_ID(__exit__));
  if (exit == NULL) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "'%.200s' object does not support the %s protocol "
                   "(missed %s method)",
                   Py_TYPE(manager)->tp_name, protocol, is_async ? "__aexit__" : "__exit__");
    }
    Py_DECREF(enter);
    return NULL;
  }
  PyObject *result = PyObject_CallNoArgs(enter);
  Py_DECREF(enter);
  if (result == NULL) {
    Py_DECREF(exit);
    return NULL;
  }
  PyObject *pair = PyTuple_Pack(2, exit, result);
  Py_DECREF(exit);
  Py_DECREF(result);
  return pair;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_before_with(PyObject *manager) {
  return enter_context(manager, 0);
}

PyObject *pyaot_tuple_item(PyObject *tuple, int64_t index) {
  return Py_NewRef(PyTuple_GET_ITEM(tuple, index));
}

/* __exit__(type, value, traceback) for the exception leaving a with block. */
PYAOT_OUT_OF_LINE PyObject *pyaot_with_except_start(PyObject *exit, PyObject *exception) {
  PyObject *traceback = PyException_GetTraceback(exception);
  PyObject *args[3] = {(PyObject *)Py_TYPE(exception), exception,
                       traceback != NULL ? traceback : Py_None};
  PyObject *result = PyObject_Vectorcall(exit, args, 3, NULL);
  Py_XDECREF(traceback);
  return result;
}

/* ---- except clauses (CPython's exception_unwind, PUSH_EXC_INFO,
 *      CHECK_EXC_MATCH, POP_EXCEPT, RERAISE) ------------------------------ */

/* Lines of recently failing instructions. A traceback entry takes its line
 * from PyCode_Addr2Line, which scans the code's line table from the start;
 * code that raises in a loop asks for the same few instructions again and
 * again. An entry holds its code object, so the instruction's address
 * cannot be reused by other code while it is cached. */
typedef struct {
  const _Py_CODEUNIT *instruction;
  PyCodeObject *code; /* strong */
  int line;
} LineCacheEntry;
static LineCacheEntry line_cache[256];

/* The line CPython gives `frame`'s current instruction (-1: none). */
static int current_line(Frame *frame) {
  const _Py_CODEUNIT *instruction = frame->prev_instr;
  uintptr_t key = (uintptr_t)instruction;
  LineCacheEntry *entry = &line_cache[((key >> 1) ^ (key >> 9)) & 255];
  if (entry->instruction == instruction && entry->code == frame->f_code) return entry->line;
  int line = PyCode_Addr2Line(frame->f_code, _PyInterpreterFrame_LASTI(frame) * sizeof(_Py_CODEUNIT));
  PyCodeObject *evicted = entry->code;
  entry->instruction = instruction;
  entry->code = (PyCodeObject *)Py_NewRef(frame->f_code);
  entry->line = line;
  Py_XDECREF(evicted); /* last: its dealloc may run code that raises */
  return line;
}

/* A frame object's f_lineno, when set, is the line PyFrame_GetLineNumber
 * reports (tracers set it; otherwise it is 0 and the line is computed from
 * the instruction). Set from the cache, it is the same line, found faster,
 * for the traceback entries made of this frame. */
static int line_is_ours(PyFrameObject *object) {
  if (object->f_lineno != 0 || _PyThreadState_GET()->cframe->use_tracing) return 0;
  object->f_lineno = current_line(object->f_frame);
  return 1;
}

/* The running frame's object, made if needed; NULL for a frame that has
 * not reached its first instruction (the interpreter makes no traceback
 * entry for it). */
static PyFrameObject *running_frame_object(void) {
  Frame *frame = _PyThreadState_GET()->cframe->current_frame;
  return frame == NULL || _PyFrame_IsIncomplete(frame) ? NULL : PyEval_GetFrame();
}

/* An error leaves an op for a handler in this frame: the frame joins the
 * traceback here, as the interpreter adds it before looking for handlers. */
PYAOT_OUT_OF_LINE void pyaot_add_traceback(void) {
  PyFrameObject *frame = running_frame_object();
  if (frame == NULL) return;
  const int reset = line_is_ours(frame);
  PyTraceBack_Here(frame);
  if (reset) frame->f_lineno = 0; /* the frame runs on: its line moves */
}

/* An error leaves the body: whoever called it (the trampoline's call, a
 * direct call) adds this frame to the traceback next, at the line the
 * frame object now carries. The frame has finished, so the line stays. */
PYAOT_OUT_OF_LINE void pyaot_error_leaves(void) {
  PyFrameObject *object = running_frame_object();
  if (object != NULL) (void)line_is_ours(object);
}

/* The exception being raised, now caught: normalized, its traceback attached. */
PYAOT_OUT_OF_LINE PyObject *pyaot_catch_exception(void) { return take_exception(); }

/* sys.exception() becomes `exception`; returns the one it was (or None). */
PyObject *pyaot_push_exc_info(PyObject *exception) {
  _PyErr_StackItem *exc_info = _PyThreadState_GET()->exc_info;
  PyObject *previous = exc_info->exc_value != NULL ? exc_info->exc_value : Py_NewRef(Py_None);
  exc_info->exc_value = Py_NewRef(exception);
  return previous;
}

/* sys.exception() is `previous` again (stolen). */
void pyaot_pop_exc_info(PyObject *previous) {
  _PyErr_StackItem *exc_info = _PyThreadState_GET()->exc_info;
  PyObject *value = exc_info->exc_value;
  exc_info->exc_value = previous;
  Py_XDECREF(value);
}

PYAOT_OUT_OF_LINE int pyaot_exception_matches(PyObject *exception, PyObject *types) {
  static const char cannot_catch[] =
      "catching classes that do not inherit from BaseException is not allowed";
  if (PyTuple_Check(types)) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(types); i++) {
      if (!PyExceptionClass_Check(PyTuple_GET_ITEM(types, i))) {
        PyErr_SetString(PyExc_TypeError, cannot_catch);
        return -1;
      }
    }
  } else if (!PyExceptionClass_Check(types)) {
    PyErr_SetString(PyExc_TypeError, cannot_catch);
    return -1;
  }
  return PyErr_GivenExceptionMatches(exception, types);
}

/* A re-raise leaving the function adds no traceback entry for its frame
 * (the interpreter goes straight to exception_unwind): the frame reads as
 * not started, which whoever unwinds it next (the trampoline's caller, a
 * direct call) skips, as for a frame that failed before its first
 * instruction. */
static void leave_out_of_traceback(Frame *frame) {
  /* A frame object that outlives the call keeps the raise's line. */
  if (frame->frame_obj != NULL) (void)line_is_ours(frame->frame_obj);
  frame->prev_instr = _PyCode_CODE(frame->f_code) + frame->f_code->_co_firsttraceable - 1;
}

/* Raise `exception` again with its traceback; always -1. Leaving the
 * function, the frame's own entry (added when the error first left an op)
 * is taken off and the frame pointed back at that op, because whoever
 * called this body adds the entry for the frame once more. */
PYAOT_OUT_OF_LINE int pyaot_reraise(Frame *frame, PyObject *exception, int leaving_function) {
  PyObject *traceback = PyException_GetTraceback(exception);
  if (leaving_function && traceback != NULL && PyTraceBack_Check(traceback) &&
      frame->frame_obj != NULL &&
      ((PyTracebackObject *)traceback)->tb_frame == frame->frame_obj) {
    PyTracebackObject *entry = (PyTracebackObject *)traceback;
    frame->prev_instr = _PyCode_CODE(frame->f_code) + entry->tb_lasti / sizeof(_Py_CODEUNIT);
    PyObject *rest = Py_XNewRef((PyObject *)entry->tb_next);
    Py_SETREF(traceback, rest);
  } else if (leaving_function && frame->owner != FRAME_OWNED_BY_GENERATOR) {
    leave_out_of_traceback(frame); /* its traceback has no entry of this frame */
  }
  PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(exception)), Py_NewRef(exception), traceback);
  return -1;
}

/* A bare `raise` outside an except clause: the exception a caller is
 * handling (sys.exception()), its traceback unchanged, with no traceback
 * entry for this frame (the interpreter's do_raise). With nothing handled,
 * a RuntimeError from this frame. */
PYAOT_OUT_OF_LINE int pyaot_reraise_handled(Frame *frame, int leaving_function) {
  PyObject *exception = PyErr_GetHandledException();
  if (exception == NULL) {
    PyErr_SetString(PyExc_RuntimeError, "No active exception to reraise");
    if (!leaving_function) pyaot_add_traceback(); /* as for any error caught here */
    return -1;
  }
  pyaot_reraise(frame, exception, leaving_function);
  Py_DECREF(exception);
  return -1;
}

/* assert test, message: always fails (returns -1). message may be NULL. */
PYAOT_OUT_OF_LINE int pyaot_raise_assertion(PyObject *message) {
  PyObject *error = message ? PyObject_CallOneArg(PyExc_AssertionError, message)
                            : PyObject_CallNoArgs(PyExc_AssertionError);
  if (error != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(error), error);
    Py_DECREF(error);
  }
  return -1;
}

/* The interpreter's eval breaker was set: let a thread waiting for the GIL
 * run, then handle signals (KeyboardInterrupt) and pending calls. */
PYAOT_OUT_OF_LINE static int eval_breaker_slow(PyThreadState *tstate) {
  if (_Py_atomic_load_relaxed(&tstate->interp->ceval.gil_drop_request)) {
    PyThreadState *saved = PyEval_SaveThread();
    PyEval_RestoreThread(saved);
  }
  return Py_MakePendingCalls();
}

/* At loop back-edges, as the interpreter's backward jumps do. */
PYAOT_HOT int pyaot_check_eval_breaker(void) {
  PyThreadState *tstate = _PyThreadState_GET();
  if (!_Py_atomic_load_relaxed(&tstate->interp->ceval.eval_breaker)) return 0;
  return eval_breaker_slow(tstate);
}

/* ---- generators and coroutines -------------------------------------------
 * A generator body is resumed by its trampoline (frontend/python_parser.cc)
 * in its own frame, whose value stack holds (ir/suspend.h): slot 0 the
 * resume state (None before the start), the values saved across the
 * suspension, and above them the value sent in or the exception thrown in
 * (the body's `self` is True for the throw entry). */

static inline PyObject **suspend_slots(Frame *frame) {
  return frame->localsplus + frame->f_code->co_nlocalsplus;
}

int64_t pyaot_resume_state(Frame *frame) {
  PyObject *state = suspend_slots(frame)[0];
  return state == Py_None ? 0 : PyLong_AsLong(state);
}

/* Suspends at `state` (a small int: the pass numbers at most 255 points);
 * in an async generator `wrap` says whether the value is the generator's
 * own (slot 1; the trampoline wraps it), else it is -1. */
void pyaot_suspend(Frame *frame, int64_t state, int64_t wrap) {
  Py_SETREF(suspend_slots(frame)[0], PyLong_FromLong((long)state));
  if (wrap >= 0) Py_SETREF(suspend_slots(frame)[1], Py_NewRef(wrap ? Py_True : Py_False));
}

/* The body returns: the trampoline returns its value (StopIteration). */
void pyaot_finish(Frame *frame) { Py_SETREF(suspend_slots(frame)[0], Py_NewRef(Py_None)); }

/* Moves `value` into stack slot `slot` (the frame owns it while suspended). */
void pyaot_save(Frame *frame, int64_t slot, PyObject *value) {
  Py_SETREF(suspend_slots(frame)[slot], value);
}

/* Takes a saved value back; the slot holds None again. */
PyObject *pyaot_restore(Frame *frame, int64_t slot) {
  PyObject *value = suspend_slots(frame)[slot];
  suspend_slots(frame)[slot] = Py_NewRef(Py_None);
  return value;
}

PyObject *pyaot_sent_value(Frame *frame, int64_t slot) {
  return Py_NewRef(suspend_slots(frame)[slot]);
}

/* The traceback of an exception thrown in, less the entry the interpreter
 * added for the trampoline's YIELD_VALUE: the body's error path adds the
 * frame again at the suspension point, as the interpreter would. */
static PyObject *thrown_traceback(Frame *frame, PyObject *exception) {
  PyObject *traceback = PyException_GetTraceback(exception);
  if (traceback != NULL && PyTraceBack_Check(traceback) && frame->frame_obj != NULL &&
      ((PyTracebackObject *)traceback)->tb_frame == frame->frame_obj) {
    Py_SETREF(traceback, Py_XNewRef((PyObject *)((PyTracebackObject *)traceback)->tb_next));
  }
  PyException_SetTraceback(exception, traceback != NULL ? traceback : Py_None);
  return traceback;
}

static int raise_with(PyObject *exception, PyObject *traceback) {
  PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(exception)), Py_NewRef(exception), traceback);
  return -1;
}

/* Raises the exception thrown in (gen.throw, gen.close) at the yield. */
PYAOT_OUT_OF_LINE int pyaot_throw_here(Frame *frame, int64_t slot) {
  PyObject *exception = suspend_slots(frame)[slot];
  return raise_with(exception, thrown_traceback(frame, exception));
}

/* GET_YIELD_FROM_ITER: generators (and, in a coroutine, coroutines) are
 * their own iterators. */
PYAOT_OUT_OF_LINE PyObject *pyaot_get_yield_from_iter(PyObject *iterable, int64_t in_coroutine) {
  if (PyCoro_CheckExact(iterable)) {
    if (!in_coroutine) {
      PyErr_SetString(PyExc_TypeError,
                      "cannot 'yield from' a coroutine object in a non-coroutine generator");
      return NULL;
    }
    return Py_NewRef(iterable);
  }
  if (PyGen_CheckExact(iterable)) return Py_NewRef(iterable);
  return PyObject_GetIter(iterable);
}

static int is_iterable_coroutine(PyObject *object) {
  return PyGen_CheckExact(object) &&
         (((PyCodeObject *)((PyGenObject *)object)->gi_code)->co_flags & CO_ITERABLE_COROUTINE);
}

/* Whether coroutine `coro` is suspended inside an await (the
 * interpreter's test: RESUME with oparg >= 2 follows its last instruction). */
static int coroutine_is_awaiting(PyObject *coro) {
  PyCoroObject *c = (PyCoroObject *)coro;
  if (c->cr_frame_state >= FRAME_CLEARED || c->cr_frame_state == FRAME_CREATED) return 0;
  Frame *frame = (Frame *)c->cr_iframe;
  _Py_CODEUNIT next = frame->prev_instr[1];
  return (_Py_OPCODE(next) == RESUME || _Py_OPCODE(next) == RESUME_QUICK) && _Py_OPARG(next) >= 2;
}

/* The iterator `await value` drives (_PyCoro_GetAwaitableIter); NULL
 * with an exception when there is none. */
static PyObject *awaitable_iterator(PyObject *value) {
  if (PyCoro_CheckExact(value) || is_iterable_coroutine(value)) return Py_NewRef(value);
  PyTypeObject *type = Py_TYPE(value);
  unaryfunc await = type->tp_as_async != NULL ? type->tp_as_async->am_await : NULL;
  if (await == NULL) {
    PyErr_Format(PyExc_TypeError, "object %.100s can't be used in 'await' expression",
                 type->tp_name);
    return NULL;
  }
  PyObject *iterator = await(value);
  if (iterator == NULL) return NULL;
  if (PyCoro_CheckExact(iterator) || is_iterable_coroutine(iterator)) {
    PyErr_SetString(PyExc_TypeError, "__await__() returned a coroutine");
    Py_DECREF(iterator);
    return NULL;
  }
  if (!PyIter_Check(iterator)) {
    PyErr_Format(PyExc_TypeError, "__await__() returned non-iterator of type '%.100s'",
                 Py_TYPE(iterator)->tp_name);
    Py_DECREF(iterator);
    return NULL;
  }
  return iterator;
}

/* GET_AWAITABLE; `kind` 1 and 2 await what an async with's __aenter__ and
 * __aexit__ returned (their own error messages). */
PYAOT_OUT_OF_LINE PyObject *pyaot_get_awaitable(PyObject *value, int64_t kind) {
  PyObject *iterator = awaitable_iterator(value);
  if (iterator == NULL) {
    PyTypeObject *type = Py_TYPE(value);
    if ((kind == 1 || kind == 2) && (type->tp_as_async == NULL || type->tp_as_async->am_await == NULL)) {
      PyErr_Format(PyExc_TypeError,
                   "'async with' received an object from %s that does not implement __await__: "
                   "%.100s",
                   kind == 1 ? "__aenter__" : "__aexit__", type->tp_name);
    }
    return NULL;
  }
  if (PyCoro_CheckExact(iterator) && coroutine_is_awaiting(iterator)) {
    PyErr_SetString(PyExc_RuntimeError, "coroutine is being awaited already");
    Py_DECREF(iterator);
    return NULL;
  }
  return iterator;
}

/* GET_AITER */
PYAOT_OUT_OF_LINE PyObject *pyaot_get_aiter(PyObject *iterable) {
  PyTypeObject *type = Py_TYPE(iterable);
  unaryfunc aiter = type->tp_as_async != NULL ? type->tp_as_async->am_aiter : NULL;
  if (aiter == NULL) {
    PyErr_Format(PyExc_TypeError, "'async for' requires an object with __aiter__ method, got %.100s",
                 type->tp_name);
    return NULL;
  }
  PyObject *iterator = aiter(iterable);
  if (iterator == NULL) return NULL;
  if (Py_TYPE(iterator)->tp_as_async == NULL || Py_TYPE(iterator)->tp_as_async->am_anext == NULL) {
    PyErr_Format(PyExc_TypeError,
                 "'async for' received an object from __aiter__ that does not implement "
                 "__anext__: %.100s",
                 Py_TYPE(iterator)->tp_name);
    Py_DECREF(iterator);
    return NULL;
  }
  return iterator;
}

/* GET_ANEXT: the awaitable of iterator.__anext__(). */
PYAOT_OUT_OF_LINE PyObject *pyaot_get_anext(PyObject *iterator) {
  PyTypeObject *type = Py_TYPE(iterator);
  unaryfunc anext = type->tp_as_async != NULL ? type->tp_as_async->am_anext : NULL;
  if (PyAsyncGen_CheckExact(iterator)) return anext(iterator);
  if (anext == NULL) {
    PyErr_Format(PyExc_TypeError, "'async for' requires an iterator with __anext__ method, got %.100s",
                 type->tp_name);
    return NULL;
  }
  PyObject *next = anext(iterator);
  if (next == NULL) return NULL;
  PyObject *awaitable = awaitable_iterator(next);
  if (awaitable == NULL) {
    /* The TypeError says what __anext__ gave; the reason is its cause. */
    PyObject *cause = take_exception();
    PyErr_Format(PyExc_TypeError, "'async for' received an invalid object from __anext__: %.100s",
                 Py_TYPE(next)->tp_name);
    PyObject *error = take_exception();
    PyException_SetCause(error, Py_NewRef(cause));
    PyException_SetContext(error, cause);
    raise_with(error, PyException_GetTraceback(error));
    Py_DECREF(error);
  }
  Py_DECREF(next);
  return awaitable;
}

int pyaot_is_stop_async_iteration(PyObject *exception) {
  return PyErr_GivenExceptionMatches(exception, PyExc_StopAsyncIteration);
}

/* BEFORE_ASYNC_WITH: (bound __aexit__, __aenter__()). */
PYAOT_OUT_OF_LINE PyObject *pyaot_before_async_with(PyObject *manager) {
  return enter_context(manager, 1);
}

/* One step of `yield from` / `await` (SEND): sends `value` (stolen) into
 * `iterator`. 0: it yielded *out; 1: it returned *out; -1: error. */
PYAOT_OUT_OF_LINE int pyaot_delegate_send(PyObject *iterator, PyObject *value, PyObject **out) {
  PySendResult status = PyIter_Send(iterator, value, out);
  Py_DECREF(value);
  return status == PYGEN_NEXT ? 0 : status == PYGEN_RETURN ? 1 : -1;
}

/* An exception thrown into a generator suspended in `yield from iterator`:
 * GeneratorExit closes the iterator and is raised here; another goes to
 * iterator.throw(exception), whose outcome is as pyaot_delegate_send's (what the
 * interpreter's gen.throw does for a delegating generator). */
PYAOT_OUT_OF_LINE int pyaot_delegate_throw(Frame *frame, int64_t slot, PyObject *iterator,
                                           PyObject **out) {
  PyObject *exception = suspend_slots(frame)[slot];
  PyObject *traceback = thrown_traceback(frame, exception);
  PyObject *method = NULL;
  if (PyErr_GivenExceptionMatches(exception, PyExc_GeneratorExit)) {
    if (_PyObject_LookupAttr(iterator, &_Py_ID(close), &method) < 0) {
      Py_XDECREF(traceback);
      return -1;
    }
    if (method != NULL) {
      PyObject *result = PyObject_CallNoArgs(method);
      Py_DECREF(method);
      if (result == NULL) {
        Py_XDECREF(traceback);
        return -1;
      }
      Py_DECREF(result);
    }
    return raise_with(exception, traceback);
  }
  if (_PyObject_LookupAttr(iterator, &_Py_ID(throw), &method) < 0) {
    Py_XDECREF(traceback);
    return -1;
  }
  if (method == NULL) return raise_with(exception, traceback);
  /* The exception as one argument, as gen.throw(exc) passes it on. */
  Py_XDECREF(traceback);
  *out = PyObject_CallOneArg(method, exception);
  Py_DECREF(method);
  if (*out != NULL) return 0;
  return _PyGen_FetchStopIterationValue(out) == 0 ? 1 : -1;
}
