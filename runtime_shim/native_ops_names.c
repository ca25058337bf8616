/* Native ops: constants and references; names, wherever they live: fast
 * locals and cells in the frame's slots, globals and builtins (LOAD_GLOBAL
 * with its per-site cache), the namespace of class and module bodies
 * (LOAD_NAME, STORE_NAME, SETUP_ANNOTATIONS, import *), imports and
 * LOAD_BUILD_CLASS. Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

/* ---- constants and references ------------------------------------------- */

/* A constant, borrowed: the code object keeps it alive. */
PyObject *pyaot_borrow_const(Frame *frame, int64_t index) {
  return PyTuple_GET_ITEM(frame->f_code->co_consts, index);
}

PyObject *pyaot_borrow_none(void) { return Py_None; }

PyObject *pyaot_true(void) { return Py_True; }

PyObject *pyaot_load_none(void) { Py_RETURN_NONE; }

PyObject *pyaot_load_string(const char *text) { return PyUnicode_InternFromString(text); }

void pyaot_incref(PyObject *value) { Py_INCREF(value); }
void pyaot_xincref(PyObject *value) { Py_XINCREF(value); }
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

void pyaot_store_fast(Frame *frame, int64_t slot, PyObject *value, int64_t offset) {
  PyObject *old = frame->localsplus[slot];
  frame->localsplus[slot] = value;
  pyaot_drop_at(frame, offset, old);
}

/* A promoted local's number stored (`value` NULL; ir/unbox_locals.h): the
 * frame's slot keeps its old float or int, stale until written back
 * (ir/frame_sync.h writes it back before anyone can look), so the write-back
 * can overwrite it in place; any other old value is dropped now, as the
 * interpreter drops it (its finaliser runs here). */
PYAOT_HOT void pyaot_store_fast_number(Frame *frame, int64_t slot, PyObject *value, int64_t offset) {
  PyObject *old = frame->localsplus[slot];
  if (value == NULL && old != NULL && (PyFloat_CheckExact(old) || PyLong_CheckExact(old))) return;
  pyaot_store_fast(frame, slot, value, offset);
}

/* A promoted local kept as a number or an object (ir/unbox_locals.h): the
 * frame's slot gets its value back (ir/frame_sync.h), the number boxed when
 * the object is NULL. -1 when boxing fails: with `must_succeed` the
 * MemoryError stands, else it is dropped and the slot left as it was. */
/* An input of frame-sync's phis where the frame holds the local already
 * (ir/frame_sync.h's FrameHolds): nothing to write back. */
#define FRAME_HOLDS_IT ((PyObject *)1)

static int sync_local(Frame *frame, int64_t slot, PyObject *object, PyObject *boxed,
                      int32_t must_succeed) {
  if (object != NULL) {
    if (frame->localsplus[slot] != object) Py_XSETREF(frame->localsplus[slot], Py_NewRef(object));
    return 0;
  }
  if (boxed == NULL) {
    if (!must_succeed) PyErr_Clear();
    return -1;
  }
  Py_XSETREF(frame->localsplus[slot], boxed);
  return 0;
}

/* The slot's old float or int that only the frame holds is overwritten in
 * place: nobody else can see it (a loop's local written back each turn). */
PYAOT_HOT int pyaot_sync_float(Frame *frame, int64_t slot, PyObject *object, double number,
                               int32_t must_succeed) {
  PyObject *old = frame->localsplus[slot];
  if (object == FRAME_HOLDS_IT) return 0;
  if (object == NULL && old != NULL && Py_REFCNT(old) == 1 && PyFloat_CheckExact(old)) {
    ((PyFloatObject *)old)->ob_fval = number;
    return 0;
  }
  return sync_local(frame, slot, object, object ? NULL : PyFloat_FromDouble(number), must_succeed);
}

PYAOT_HOT int pyaot_sync_int(Frame *frame, int64_t slot, PyObject *object, int64_t number,
                             int32_t must_succeed) {
  PyObject *old = frame->localsplus[slot];
  if (object == FRAME_HOLDS_IT) return 0;
  PyObject *small = object == NULL ? pyaot_small_int(number) : NULL;
  if (small != NULL) {
    if (old != small) Py_XSETREF(frame->localsplus[slot], Py_NewRef(small));
    return 0;
  }
  if (object == NULL && old != NULL && Py_REFCNT(old) == 1 && PyLong_CheckExact(old) &&
      pyaot_overwrite_int(old, number)) {
    return 0;
  }
  return sync_local(frame, slot, object, object ? NULL : PyLong_FromLongLong(number), must_succeed);
}

/* BoxNumber: the value as an object, a new reference. */
PYAOT_HOT PyObject *pyaot_box_float_value(PyObject *object, double number) {
  return object ? Py_NewRef(object) : PyFloat_FromDouble(number);
}

PYAOT_HOT PyObject *pyaot_box_int_value(PyObject *object, int64_t number) {
  return object ? Py_NewRef(object) : PyLong_FromLongLong(number);
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
void pyaot_store_deref(Frame *frame, int64_t slot, PyObject *value, int64_t offset) {
  PyObject *cell = frame->localsplus[slot];
  PyObject *old = PyCell_GET(cell);
  Py_INCREF(value);
  PyCell_SET(cell, value);
  pyaot_drop_at(frame, offset, old);
}

PyObject *pyaot_load_closure(Frame *frame, int64_t slot) {
  PyObject *cell = frame->localsplus[slot];
  Py_INCREF(cell);
  return cell;
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

/* A LOAD_GLOBAL site's cache (GlobalCache) holds the value it found and
 * both dicts' versions then. A dict's ma_version_tag is unique across all
 * dicts and changes with every modification, so equal tags mean the
 * borrowed value is still the dict's. */
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

/* The cached value while neither dict changed since, a new reference; NULL
 * (no error) otherwise. */
PYAOT_HOT PyObject *pyaot_cached_global(Frame *frame, GlobalCache *cache) {
  PyObject *globals = frame->f_globals, *builtins = frame->f_builtins;
  if (cache->value != NULL && PyDict_CheckExact(globals) && PyDict_CheckExact(builtins) &&
      cache->globals_version == ((PyDictObject *)globals)->ma_version_tag &&
      cache->builtins_version == ((PyDictObject *)builtins)->ma_version_tag) {
    return Py_NewRef(cache->value);
  }
  return NULL;
}

/* The cached value (inlined at each use), else the dicts looked up. */
PyObject *pyaot_load_global(Frame *frame, int64_t name_index, GlobalCache *cache) {
  PyObject *cached = pyaot_cached_global(frame, cache);
  return cached != NULL ? cached : load_global_slow(frame, name_index, cache);
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
