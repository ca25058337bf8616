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

#include "internal/pycore_dict.h"
#include "internal/pycore_frame.h"
#include "internal/pycore_interp.h"
#include "internal/pycore_object.h"

typedef _PyInterpreterFrame Frame;

/* Helpers too big to pay off inlined at every use (calls, raising, building
 * containers): one copy per object, called. */
#define PYAOT_OUT_OF_LINE __attribute__((noinline))

/* The frame of the running native body: the trampoline's. */
Frame *pyaot_frame(void) { return PyThreadState_Get()->cframe->current_frame; }

void pyaot_set_instr(Frame *frame, int64_t offset) {
  frame->prev_instr = _PyCode_CODE(frame->f_code) + offset;
}

PyObject *pyaot_load_const(Frame *frame, int64_t index) {
  PyObject *value = PyTuple_GET_ITEM(frame->f_code->co_consts, index);
  Py_INCREF(value);
  return value;
}

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

/* MAKE_FUNCTION: a function of `code` in this frame's globals; the other
 * parts may be NULL. */
PYAOT_OUT_OF_LINE PyObject *pyaot_make_function(Frame *frame, PyObject *code, PyObject *closure,
                              PyObject *kwdefaults, PyObject *defaults) {
  PyFunctionObject *function = (PyFunctionObject *)PyFunction_New(code, frame->f_globals);
  if (function == NULL) return NULL;
  if (closure != NULL) function->func_closure = Py_NewRef(closure);
  if (kwdefaults != NULL) function->func_kwdefaults = Py_NewRef(kwdefaults);
  if (defaults != NULL) function->func_defaults = Py_NewRef(defaults);
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

PyObject *pyaot_load_global(Frame *frame, int64_t name_index, GlobalCache *cache) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value;
  if (PyDict_CheckExact(frame->f_globals) && PyDict_CheckExact(frame->f_builtins)) {
    uint64_t globals_version = ((PyDictObject *)frame->f_globals)->ma_version_tag;
    uint64_t builtins_version = ((PyDictObject *)frame->f_builtins)->ma_version_tag;
    if (cache->value != NULL && cache->globals_version == globals_version &&
        cache->builtins_version == builtins_version) {
      Py_INCREF(cache->value);
      return cache->value;
    }
    value = PyDict_GetItemWithError(frame->f_globals, name);
    if (value == NULL && !PyErr_Occurred()) value = PyDict_GetItemWithError(frame->f_builtins, name);
    if (value == NULL) {
      if (!PyErr_Occurred()) name_error("name '%s' is not defined", name);
      return NULL;
    }
    cache->globals_version = globals_version;
    cache->builtins_version = builtins_version;
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
static inline PyObject *arithmetic_fast_path(PyObject *a, PyObject *b, int64_t kind) {
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double x = PyFloat_AS_DOUBLE(a), y = PyFloat_AS_DOUBLE(b);
    switch (kind) {
      case 0: return PyFloat_FromDouble(x + y);
      case 5: return PyFloat_FromDouble(x * y);
      case 10: return PyFloat_FromDouble(x - y);
      case 11: return y != 0.0 ? PyFloat_FromDouble(x / y) : NULL;
      default: return NULL;
    }
  }
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
  return NULL;
}

/* The generic paths stay out of line: inlined at every site they would
 * bloat the code (and the compile time) for no speed. */
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

PyObject *pyaot_binary_op(PyObject *a, PyObject *b, int64_t kind) {
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  if (fast != NULL || PyErr_Occurred()) return fast;
  return binary_op_generic(a, b, kind);
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

PyObject *pyaot_inplace_op(PyObject *a, PyObject *b, int64_t kind) {
  /* int and float have no in-place methods: a op= b is a op b for them. */
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  if (fast != NULL || PyErr_Occurred()) return fast;
  return inplace_op_generic(a, b, kind);
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

PyObject *pyaot_compare(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) {
    switch (kind) {
      case Py_LT: return compare_result(x < y);
      case Py_LE: return compare_result(x <= y);
      case Py_EQ: return compare_result(x == y);
      case Py_NE: return compare_result(x != y);
      case Py_GT: return compare_result(x > y);
      default: return compare_result(x >= y);
    }
  }
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double p = PyFloat_AS_DOUBLE(a), q = PyFloat_AS_DOUBLE(b);
    switch (kind) {
      case Py_LT: return compare_result(p < q);
      case Py_LE: return compare_result(p <= q);
      case Py_EQ: return compare_result(p == q);
      case Py_NE: return compare_result(p != q);
      case Py_GT: return compare_result(p > q);
      default: return compare_result(p >= q);
    }
  }
  return PyObject_RichCompare(a, b, (int)kind);
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

/* One attribute-load site's cache, as the interpreter's specialized
 * LOAD_ATTR_INSTANCE_VALUE keeps it: for instances of a type whose version
 * tag is `type_version` (the type and its bases unchanged since), the
 * attribute is slot `index` of the instance's inline values. */
typedef struct {
  uint32_t type_version; /* 0: empty */
  uint32_t index;
} AttrCache;

PYAOT_OUT_OF_LINE static void fill_attr_cache(PyObject *object, PyObject *name, AttrCache *cache) {
  PyTypeObject *type = Py_TYPE(object);
  if (!(type->tp_flags & Py_TPFLAGS_MANAGED_DICT) ||
      type->tp_getattro != PyObject_GenericGetAttr || !PyUnicode_CheckExact(name)) {
    return;
  }
  /* A class attribute (a descriptor, a method) of that name decides otherwise. */
  if (_PyType_Lookup(type, name) != NULL || type->tp_version_tag == 0) return;
  PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
  if (keys == NULL || keys->dk_kind != DICT_KEYS_SPLIT) return;
  PyDictUnicodeEntry *entries = DK_UNICODE_ENTRIES(keys);
  for (Py_ssize_t i = 0; i < keys->dk_nentries; i++) {
    if (entries[i].me_key == name) {
      cache->type_version = type->tp_version_tag;
      cache->index = (uint32_t)i;
      return;
    }
  }
}

PyObject *pyaot_load_attr(Frame *frame, PyObject *object, int64_t name_index, AttrCache *cache) {
  PyTypeObject *type = Py_TYPE(object);
  if (cache->type_version != 0 && type->tp_version_tag == cache->type_version) {
    PyDictValues *values = *_PyObject_ValuesPointer(object);
    if (values != NULL) {
      PyObject *value = values->values[cache->index];
      if (value != NULL) {
        Py_INCREF(value);
        return value;
      }
    }
  }
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value = PyObject_GetAttr(object, name);
  if (value != NULL) fill_attr_cache(object, name, cache);
  return value;
}

int pyaot_store_attr(Frame *frame, PyObject *object, int64_t name_index, PyObject *value) {
  return PyObject_SetAttr(object, PyTuple_GET_ITEM(frame->f_code->co_names, name_index), value);
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

PyObject *pyaot_get_item(PyObject *object, PyObject *key) { return PyObject_GetItem(object, key); }

int pyaot_set_item(PyObject *object, PyObject *key, PyObject *value) {
  return PyObject_SetItem(object, key, value);
}

int pyaot_delete_item(PyObject *object, PyObject *key) { return PyObject_DelItem(object, key); }

PyObject *pyaot_build_slice(PyObject *start, PyObject *stop, PyObject *step) {
  return PySlice_New(start, stop, step);
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

#define PYAOT_NATIVE_DOC "pyaot native body"

typedef struct {
  PyObject *code;  /* strong: the callee code this site saw last */
  _PyCFunctionFast body; /* its native body, or NULL when the callee is not eligible */
} CallCache;

enum { kFrameStorageWords = 96 };

/* The native body behind `code` (a pyaot trampoline), if a direct call of
 * it can bind arguments the simple way. */
static _PyCFunctionFast direct_body(PyCodeObject *code) {
  const int complex_flags = CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR | CO_COROUTINE |
                            CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR;
  if ((code->co_flags & complex_flags) || code->co_kwonlyargcount != 0 ||
      code->co_ncellvars != 0 || code->co_nfreevars != 0) {
    return NULL;
  }
  if ((Py_ssize_t)(sizeof(Frame) / sizeof(PyObject *)) + code->co_nlocalsplus +
          code->co_stacksize > kFrameStorageWords) {
    return NULL;
  }
  Py_ssize_t n = PyTuple_GET_SIZE(code->co_consts);
  PyObject *last = n ? PyTuple_GET_ITEM(code->co_consts, n - 1) : NULL;
  if (last == NULL || !PyCFunction_Check(last)) return NULL;
  PyMethodDef *def = ((PyCFunctionObject *)last)->m_ml;
  if (def->ml_flags != METH_FASTCALL || def->ml_doc == NULL ||
      strcmp(def->ml_doc, PYAOT_NATIVE_DOC) != 0) {
    return NULL;
  }
  return (_PyCFunctionFast)(void (*)(void))def->ml_meth;
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

PYAOT_OUT_OF_LINE static PyObject *call_directly(PyFunctionObject *function, _PyCFunctionFast body,
                               PyObject *const *args, Py_ssize_t nargs) {
  PyCodeObject *code = (PyCodeObject *)function->func_code;
  PyObject *storage[kFrameStorageWords];
  Frame *frame = (Frame *)storage;
  if (Py_EnterRecursiveCall("")) return NULL;
  Py_INCREF(function);
  _PyFrame_InitializeSpecials(frame, function, NULL, code->co_nlocalsplus);
  for (Py_ssize_t i = 0; i < nargs; i++) frame->localsplus[i] = Py_NewRef(args[i]);
  Py_ssize_t first_default = code->co_argcount - (function->func_defaults
                                                      ? PyTuple_GET_SIZE(function->func_defaults)
                                                      : 0);
  for (Py_ssize_t i = nargs; i < code->co_argcount; i++) {
    frame->localsplus[i] = Py_NewRef(PyTuple_GET_ITEM(function->func_defaults, i - first_default));
  }
  for (Py_ssize_t i = code->co_argcount; i < code->co_nlocalsplus; i++) frame->localsplus[i] = NULL;

  PyThreadState *tstate = PyThreadState_Get();
  frame->previous = tstate->cframe->current_frame;
  tstate->cframe->current_frame = frame;
  PyObject *result = body(NULL, NULL, 0);
  if (result == NULL && !_PyFrame_IsIncomplete(frame)) {
    /* The interpreter records this frame in the traceback as the error leaves it. */
    PyFrameObject *object = PyEval_GetFrame();
    if (object != NULL) PyTraceBack_Here(object);
  }
  tstate->cframe->current_frame = frame->previous;
  Py_LeaveRecursiveCall();

  if (frame->frame_obj != NULL) {
    PyFrameObject *object = frame->frame_obj;
    frame->frame_obj = NULL;
    give_frame_to_object(object, frame);
    Py_DECREF(object); /* the frame's reference to its object */
  } else {
    for (int i = 0; i < frame->stacktop; i++) Py_XDECREF(frame->localsplus[i]);
    Py_DECREF(frame->f_code);
    Py_DECREF(function);
  }
  return result;
}

/* A call `callable(*args)` with positional arguments only, through the
 * site's cache; NULL with no exception set: not a direct call. */
static PyObject *try_direct_call(CallCache *cache, PyObject *callable, PyObject *const *args,
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
  if (PyThreadState_Get()->cframe->use_tracing) return NULL; /* tracers see every frame */
  *taken = 1;
  return call_directly(function, cache->body, args, nargs);
}

/* args[-1] is free for the callee (PY_VECTORCALL_ARGUMENTS_OFFSET); the
 * last len(kwnames) arguments are keyword values. */
PyObject *pyaot_call(Frame *frame, PyObject *callable, PyObject **args, int64_t count,
                     int64_t kwnames_index, CallCache *cache) {
  PyObject *kwnames = NULL;
  Py_ssize_t positional = (Py_ssize_t)count;
  if (kwnames_index >= 0) {
    kwnames = PyTuple_GET_ITEM(frame->f_code->co_consts, kwnames_index);
    positional -= PyTuple_GET_SIZE(kwnames);
  } else {
    int taken;
    PyObject *result = try_direct_call(cache, callable, args, positional, &taken);
    if (taken) return result;
  }
  return PyObject_Vectorcall(callable, args, (size_t)positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                             kwnames);
}

/* obj.name(args): args[-2] and args[-1] are free. Lookup errors point at
 * the LOAD_METHOD instruction, call errors at the CALL, as in CPython. */
PYAOT_OUT_OF_LINE PyObject *pyaot_call_method(Frame *frame, PyObject *object, int64_t name_index, PyObject **args,
                            int64_t count, int64_t kwnames_index, int64_t method_offset,
                            int64_t call_offset, CallCache *cache) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *method = NULL;
  pyaot_set_instr(frame, method_offset);
  int unbound = _PyObject_GetMethod(object, name, &method);
  if (method == NULL) return NULL;
  pyaot_set_instr(frame, call_offset);
  PyObject *kwnames = NULL;
  Py_ssize_t positional = (Py_ssize_t)count;
  if (kwnames_index >= 0) {
    kwnames = PyTuple_GET_ITEM(frame->f_code->co_consts, kwnames_index);
    positional -= PyTuple_GET_SIZE(kwnames);
  }
  PyObject *result;
  if (unbound) {
    args[-1] = object; /* self, borrowed */
    int taken = 0;
    if (kwnames == NULL) {
      result = try_direct_call(cache, method, args - 1, positional + 1, &taken);
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
  PyObject *result = PyObject_Call(callable, tuple, kwargs);
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
  if (import_func == PyThreadState_Get()->interp->import_func) {
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
int pyaot_iter_next(PyObject *iterator, PyObject **item) {
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
PYAOT_OUT_OF_LINE PyObject *pyaot_before_with(PyObject *manager) {
  PyObject *enter = _PyObject_LookupSpecial(manager, &_Py_ID(__enter__));
  if (enter == NULL) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError,
                   "'%.200s' object does not support the context manager protocol",
                   Py_TYPE(manager)->tp_name);
    }
    return NULL;
  }
  PyObject *exit = _PyObject_LookupSpecial(manager, &_Py_ID(__exit__));
  if (exit == NULL) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError,
                   "'%.200s' object does not support the context manager protocol "
                   "(missed __exit__ method)",
                   Py_TYPE(manager)->tp_name);
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

/* An error leaves an op for a handler in this frame: the frame joins the
 * traceback here, as the interpreter adds it before looking for handlers. */
PYAOT_OUT_OF_LINE void pyaot_add_traceback(void) {
  PyFrameObject *frame = PyEval_GetFrame(); /* this frame, made an object if needed */
  if (frame != NULL) PyTraceBack_Here(frame);
}

/* The exception being raised, now caught: normalized, its traceback attached. */
PYAOT_OUT_OF_LINE PyObject *pyaot_catch_exception(void) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyException_SetTraceback(value, traceback != NULL ? traceback : Py_None);
  Py_XDECREF(traceback);
  Py_XDECREF(type);
  return value;
}

/* sys.exception() becomes `exception`; returns the one it was (or None). */
PyObject *pyaot_push_exc_info(PyObject *exception) {
  _PyErr_StackItem *exc_info = PyThreadState_Get()->exc_info;
  PyObject *previous = exc_info->exc_value != NULL ? exc_info->exc_value : Py_NewRef(Py_None);
  exc_info->exc_value = Py_NewRef(exception);
  return previous;
}

/* sys.exception() is `previous` again (stolen). */
void pyaot_pop_exc_info(PyObject *previous) {
  _PyErr_StackItem *exc_info = PyThreadState_Get()->exc_info;
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
  }
  PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(exception)), Py_NewRef(exception), traceback);
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

/* At loop back-edges: pending signals (KeyboardInterrupt). */
int pyaot_check_eval_breaker(void) { return PyErr_CheckSignals(); }
