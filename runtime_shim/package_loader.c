/* The package loader: one .so serves a whole package.
 *
 * PyInit_<name> (emitted by the backend) returns a multi-phase PyModuleDef.
 * Its exec slot creates one PackageImporter for the .so, puts it first on
 * sys.meta_path, gives the top module a spec whose loader is that importer
 * (so importlib.reload, get_source and linecache work as for source), and
 * runs the module body. Submodules are then found by the importer.
 *
 * Where things are. The .so sits beside its top package's directory
 * (root/pkg.so) or inside it (root/pkg/__init__.so, as a wheel installs it);
 * either way data files, and plain modules, stay at their package paths
 * below root. A package's __path__ is the directory its source would sit in;
 * __file__ and __spec__.origin name the module's source place with the .so's
 * suffix (root/pkg/sub/mod.cpython-311-x86_64-linux-gnu.so, root/pkg/sub/
 * __init__.cpython-...so): a compiled module, in the directory of its data
 * files, so os.path.dirname(__file__), importlib.resources (a FileReader)
 * and pkgutil.get_data (get_data) find them as from source. A single-module
 * .so is its own __file__.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>
#include <string.h>
#include <stddef.h>
#include <sys/stat.h>

#include "native_entry.h"
#include "pyaot_runtime.h"
#include "report_sources.h"

_Static_assert(sizeof(PyaotModuleEntry) == 9 * 8, "backend mirrors this layout");
_Static_assert(sizeof(PyMethodDef) == 4 * 8 && offsetof(PyMethodDef, ml_doc) == 3 * 8,
               "backend emits PyMethodDef tables with this layout");
_Static_assert(offsetof(PyaotModuleEntry, is_package) == 6 * 8, "backend mirrors this layout");
_Static_assert(sizeof(PyaotPackage) == 3 * 8, "backend mirrors this layout");

typedef struct {
  PyObject_HEAD
  const PyaotPackage *package;
  PyObject *top_name;    /* str: the name the top module was imported as */
  PyObject *origin;      /* str: path of the .so */
  PyObject *search_root; /* str: the directory holding the top package's directory */
  PyObject *suffix;      /* str: the .so's file name from its first dot */
  Py_ssize_t path_start; /* where a runtime name's part below search_root begins */
  PyObject *index;       /* dict: runtime module name -> index in package */
} PackageImporter;

static PyTypeObject PackageImporter_Type;

/* Importlib's bootstrap module; always loaded in a running interpreter. */
static PyObject *import_bootstrap(void) {
  return PyImport_ImportModule("_frozen_importlib");
}

/* The runtime name of modules[i]: the top module's import name followed by
 * the entry's name below the top (they differ only when vendored). */
static PyObject *runtime_module_name(PyObject *top_name, const PyaotPackage *package,
                                     Py_ssize_t i) {
  const char *table_top = package->modules[0]->name;
  const char *suffix = package->modules[i]->name + strlen(table_top);
  return PyUnicode_FromFormat("%U%s", top_name, suffix);
}

/* search_root and suffix, from the .so's path. */
static int set_search_root(PackageImporter *self, PyObject *origin) {
  PyObject *os_path = PyImport_ImportModule("os.path");
  PyObject *directory = os_path ? PyObject_CallMethod(os_path, "dirname", "O", origin) : NULL;
  PyObject *file_name = directory ? PyObject_CallMethod(os_path, "basename", "O", origin) : NULL;
  int rc = -1;
  if (file_name == NULL) goto done;
  Py_ssize_t length = PyUnicode_GET_LENGTH(file_name);
  Py_ssize_t dot = PyUnicode_FindChar(file_name, '.', 0, length, 1);
  self->suffix = PyUnicode_Substring(file_name, dot < 0 ? length : dot, length);
  if (self->suffix == NULL) goto done;
  PyObject *init = PyUnicode_FromString("__init__.");
  int in_package_dir = init ? PyUnicode_Tailmatch(file_name, init, 0, length, -1) : -1;
  Py_XDECREF(init);
  if (in_package_dir < 0) goto done;
  self->search_root = in_package_dir && self->package->modules[0]->is_package
                          ? PyObject_CallMethod(os_path, "dirname", "O", directory)
                          : Py_NewRef(directory);
  rc = self->search_root ? 0 : -1;
done:
  Py_XDECREF(file_name);
  Py_XDECREF(directory);
  Py_XDECREF(os_path);
  return rc;
}

static PyObject *importer_new(const PyaotPackage *package, PyObject *top_name,
                              PyObject *origin) {
  PackageImporter *self = PyObject_GC_New(PackageImporter, &PackageImporter_Type);
  if (self == NULL) return NULL;
  self->package = package;
  self->top_name = Py_NewRef(top_name);
  self->origin = Py_NewRef(origin);
  self->search_root = NULL;
  self->suffix = NULL;
  self->index = NULL;
  PyObject_GC_Track(self);
  /* A vendored top ("vendor.pkg") is a directory "pkg" below search_root. */
  self->path_start = PyUnicode_FindChar(top_name, '.', 0, PY_SSIZE_T_MAX, -1) + 1;
  if (set_search_root(self, origin) < 0) goto fail;

  self->index = PyDict_New();
  if (self->index == NULL) goto fail;
  for (Py_ssize_t i = 0; i < (Py_ssize_t)package->module_count; i++) {
    PyObject *name = runtime_module_name(top_name, package, i);
    PyObject *position = name ? PyLong_FromSsize_t(i) : NULL;
    int rc = position ? PyDict_SetItem(self->index, name, position) : -1;
    Py_XDECREF(name);
    Py_XDECREF(position);
    if (rc < 0) goto fail;
  }
  return (PyObject *)self;
fail:
  Py_DECREF(self);
  return NULL;
}

static int importer_traverse(PackageImporter *self, visitproc visit, void *arg) {
  Py_VISIT(self->top_name);
  Py_VISIT(self->origin);
  Py_VISIT(self->search_root);
  Py_VISIT(self->suffix);
  Py_VISIT(self->index);
  return 0;
}

static int importer_clear(PackageImporter *self) {
  Py_CLEAR(self->top_name);
  Py_CLEAR(self->origin);
  Py_CLEAR(self->search_root);
  Py_CLEAR(self->suffix);
  Py_CLEAR(self->index);
  return 0;
}

static void importer_dealloc(PackageImporter *self) {
  PyObject_GC_UnTrack(self);
  importer_clear(self);
  PyObject_GC_Del(self);
}

static PyObject *importer_repr(PackageImporter *self) {
  return PyUnicode_FromFormat("<pyaot.PackageImporter for %R from %R>", self->top_name,
                              self->origin);
}

/* The entry for fullname; NULL without an exception when it is not ours. */
static const PyaotModuleEntry *importer_find(PackageImporter *self, PyObject *fullname) {
  if (self->index == NULL) return NULL;
  PyObject *position = PyDict_GetItemWithError(self->index, fullname);
  if (position == NULL) return NULL;
  Py_ssize_t i = PyLong_AsSsize_t(position);
  if (i < 0) return NULL;
  return self->package->modules[i];
}

/* As importer_find, but a name that is not ours is an ImportError. */
static const PyaotModuleEntry *importer_require(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_find(self, fullname);
  if (entry == NULL && !PyErr_Occurred()) {
    PyObject *message = PyUnicode_FromFormat("%R cannot find module %R", self, fullname);
    if (message != NULL) {
      PyErr_SetImportError(message, fullname, self->origin);
      Py_DECREF(message);
    }
  }
  return entry;
}

/* The directory where fullname's source would sit below search_root: the
 * package's own directory for a package. */
static PyObject *module_location(PackageImporter *self, PyObject *fullname) {
  PyObject *below = PyUnicode_Substring(fullname, self->path_start, PY_SSIZE_T_MAX);
  PyObject *dot = below ? PyUnicode_FromString(".") : NULL;
  PyObject *slash = dot ? PyUnicode_FromString("/") : NULL;
  PyObject *relative = slash ? PyUnicode_Replace(below, dot, slash, -1) : NULL;
  PyObject *location = relative ? PyUnicode_FromFormat("%U/%U", self->search_root, relative)
                                : NULL;
  Py_XDECREF(relative);
  Py_XDECREF(slash);
  Py_XDECREF(dot);
  Py_XDECREF(below);
  return location;
}

/* fullname's __file__ and __spec__.origin (see the header). */
static PyObject *module_file(PackageImporter *self, PyObject *fullname,
                             const PyaotModuleEntry *entry) {
  if (self->package->module_count == 1 && !entry->is_package) return Py_NewRef(self->origin);
  PyObject *location = module_location(self, fullname);
  if (location == NULL) return NULL;
  PyObject *file = PyUnicode_FromFormat(entry->is_package ? "%U/__init__%U" : "%U%U", location,
                                        self->suffix);
  Py_DECREF(location);
  return file;
}

/* ---- native entries (native_entry.h) ------------------------------------ */

static PyObject *native_entry_run(PyObject *object) {
  PyaotNativeEntry *entry = (PyaotNativeEntry *)object;
  return ((_PyCFunctionFast)(void (*)(void))entry->def->ml_meth)(entry->self, NULL, 0);
}

static void native_entry_dealloc(PyObject *object) {
  Py_XDECREF(((PyaotNativeEntry *)object)->self);
  Py_TYPE(object)->tp_free(object);
}

static PyObject *native_entry_repr(PyObject *object) {
  return PyUnicode_FromFormat("<pyaot native body %s>", ((PyaotNativeEntry *)object)->def->ml_name);
}

static PyNumberMethods native_entry_number = {.nb_negative = native_entry_run};

static PyTypeObject NativeEntry_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = PYAOT_NATIVE_ENTRY_TYPE,
    .tp_basicsize = sizeof(PyaotNativeEntry),
    .tp_dealloc = native_entry_dealloc,
    .tp_repr = native_entry_repr,
    .tp_as_number = &native_entry_number,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A native function body, as its trampoline runs it.",
};

static PyObject *new_native_entry(const PyMethodDef *def, PyObject *self) {
  PyaotNativeEntry *entry = PyObject_New(PyaotNativeEntry, &NativeEntry_Type);
  if (entry == NULL) return NULL;
  entry->def = def;
  entry->self = Py_XNewRef(self);
  return (PyObject *)entry;
}

/* ("__pyaot_native_entry__", k) or, for a generator,
 * ("__pyaot_native_entry__", k, self) (frontend/trampolines.cc). */
static int is_native_placeholder(PyObject *value) {
  return PyTuple_CheckExact(value) &&
         (PyTuple_GET_SIZE(value) == 2 || PyTuple_GET_SIZE(value) == 3) &&
         PyUnicode_Check(PyTuple_GET_ITEM(value, 0)) &&
         PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(value, 0),
                                          "__pyaot_native_entry__") == 0 &&
         PyLong_Check(PyTuple_GET_ITEM(value, 1));
}

/* ("__pyaot_source__", source constant count, source bytecode size, offset
 * and units of the bytecode the trampoline's jump replaced): the last
 * constant of a trampoline (frontend/trampolines.cc). */
static int is_source_marker(PyObject *value) {
  return PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == 5 &&
         PyUnicode_Check(PyTuple_GET_ITEM(value, 0)) &&
         PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(value, 0), "__pyaot_source__") == 0 &&
         PyLong_Check(PyTuple_GET_ITEM(value, 1)) && PyLong_Check(PyTuple_GET_ITEM(value, 2)) &&
         PyLong_Check(PyTuple_GET_ITEM(value, 3)) && PyBytes_CheckExact(PyTuple_GET_ITEM(value, 4));
}

#ifndef Py_DEBUG
/* The co_extra slot (PEP 523) in which a trampoline keeps the constants it
 * hides, for the interpreter it was requested in. */
static void release_hidden_constants(void *hidden) { Py_XDECREF((PyObject *)hidden); }

static Py_ssize_t hidden_constants_index(void) {
  static PyInterpreterState *interpreter;
  static Py_ssize_t index = -1;
  PyInterpreterState *current = PyInterpreterState_Get();
  if (interpreter != current) {
    index = _PyEval_RequestCodeExtraIndex(release_hidden_constants);
    interpreter = current;
  }
  return index;
}
#endif

/* Gives trampoline `code` (made by install_natives) the source's face:
 *  - co_code reads as the source's bytecode. The interpreter runs the
 *    trampoline, which it keeps apart (co_code_adaptive); copies, which are
 *    made from co_code (code.replace, marshal), run the source's bytecode.
 *  - co_consts lists the source's constants. The trampoline's own follow
 *    them past the tuple's end, where only its LOAD_CONSTs look (copies do
 *    not have them), owned by the code's co_extra. Debug builds bound-check
 *    LOAD_CONST, so there they stay listed.
 * runtime_shim/native_ops_calls.c finds the send entry, the first of them, the
 * same way. */
static int show_source(PyCodeObject *code) {
  PyTupleObject *consts = (PyTupleObject *)code->co_consts;
  Py_ssize_t size = Py_SIZE(consts);
  PyObject *marker = consts->ob_item[size - 1];
  Py_ssize_t visible = PyLong_AsSsize_t(PyTuple_GET_ITEM(marker, 1));
  Py_ssize_t source_size = PyLong_AsSsize_t(PyTuple_GET_ITEM(marker, 2));
  Py_ssize_t patched_at = PyLong_AsSsize_t(PyTuple_GET_ITEM(marker, 3));
  PyObject *patched = PyTuple_GET_ITEM(marker, 4);
  if (visible < 0 || visible >= size - 1 || source_size <= 0 || source_size % 2 != 0 ||
      source_size >= _PyCode_NBYTES(code) || patched_at < 0 ||
      patched_at + PyBytes_GET_SIZE(patched) > source_size) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_ImportError, "pyaot: bad trampoline marker");
    return -1;
  }
  /* The code has not run, so its instructions are still co_code's (not
   * quickened): the source's bytecode is their first source_size bytes. */
  PyObject *source = PyBytes_FromStringAndSize((const char *)_PyCode_CODE(code), source_size);
  if (source == NULL) return -1;
  memcpy(PyBytes_AS_STRING(source) + patched_at, PyBytes_AS_STRING(patched),
         (size_t)PyBytes_GET_SIZE(patched));
  Py_XSETREF(code->_co_code, source);
  consts->ob_item[size - 1] = NULL; /* nothing loads the marker */
  Py_SET_SIZE(consts, size - 1);
  Py_DECREF(marker);
#ifndef Py_DEBUG
  Py_ssize_t index = hidden_constants_index();
  if (index < 0) { /* CPython allows 255 co_extra users per interpreter */
    PyErr_SetString(PyExc_ImportError, "pyaot: no code extra slot left (PEP 523)");
    return -1;
  }
  PyObject *hidden = PyTuple_New(size - 1 - visible);
  if (hidden == NULL) return -1;
  for (Py_ssize_t i = visible; i < size - 1; i++) {
    PyTuple_SET_ITEM(hidden, i - visible, consts->ob_item[i]); /* the tuple's reference */
  }
  if (_PyCode_SetExtra((PyObject *)code, index, hidden) < 0) {
    for (Py_ssize_t i = visible; i < size - 1; i++) Py_INCREF(consts->ob_item[i]);
    Py_DECREF(hidden);
    return -1;
  }
  Py_SET_SIZE(consts, visible);
#endif
  return 0;
}

/* `code` with every native placeholder below it replaced by the native
 * body's entry (native_entry.h), a new reference. Code objects are
 * immutable once shared: a constants tuple only this fresh, unrun code
 * holds is updated in place (as cheap as the .pyc's import); others are
 * rebuilt with code.replace(co_consts=...). */
static PyObject *install_natives(PyObject *code, const PyaotModuleEntry *entry) {
  PyObject *consts = ((PyCodeObject *)code)->co_consts;
  Py_ssize_t size = PyTuple_GET_SIZE(consts);
  const int trampoline = size > 0 && is_source_marker(PyTuple_GET_ITEM(consts, size - 1));
  PyObject *updated = NULL;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(consts); i++) {
    PyObject *item = PyTuple_GET_ITEM(consts, i);
    PyObject *replacement = NULL;
    if (PyCode_Check(item)) {
      replacement = install_natives(item, entry);
      if (replacement == NULL) goto fail;
      if (replacement == item) {
        Py_DECREF(replacement);
        continue;
      }
    } else if (is_native_placeholder(item)) {
      Py_ssize_t k = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
      if (k < 0 || k >= entry->native_count) {
        PyErr_Format(PyExc_ImportError, "pyaot: bad native entry %zd in %s", k, entry->name);
        goto fail;
      }
      /* A generator body learns it is resumed to take a thrown exception
       * from its `self` (True); its send entry carries how to resume it. */
      PyObject *self = PyTuple_GET_SIZE(item) == 3 ? PyTuple_GET_ITEM(item, 2) : NULL;
      replacement = new_native_entry((const PyMethodDef *)entry->natives + k, self);
      if (replacement == NULL) goto fail;
    } else {
      continue;
    }
    if (updated == NULL && Py_REFCNT(consts) == 1) {
      Py_SETREF(((PyTupleObject *)consts)->ob_item[i], replacement);
      continue;
    }
    if (updated == NULL) {
      /* A fresh tuple (a full slice would return `consts` itself). */
      updated = PyTuple_New(PyTuple_GET_SIZE(consts));
      if (updated == NULL) {
        Py_DECREF(replacement);
        goto fail;
      }
      for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(consts); k++) {
        PyTuple_SET_ITEM(updated, k, Py_NewRef(PyTuple_GET_ITEM(consts, k)));
      }
    }
    Py_SETREF(PyTuple_GET_ITEM(updated, i), replacement);
  }
  if (updated == NULL) {
    if (trampoline && show_source((PyCodeObject *)code) < 0) return NULL;
    return Py_NewRef(code);
  }
  PyObject *replace = PyObject_GetAttrString(code, "replace");
  PyObject *args = replace ? PyTuple_New(0) : NULL;
  PyObject *kwargs = args ? Py_BuildValue("{s:O}", "co_consts", updated) : NULL;
  PyObject *result = kwargs ? PyObject_Call(replace, args, kwargs) : NULL;
  Py_XDECREF(kwargs);
  Py_XDECREF(args);
  Py_XDECREF(replace);
  Py_DECREF(updated);
  if (result != NULL && trampoline && show_source((PyCodeObject *)result) < 0) Py_CLEAR(result);
  return result;
fail:
  Py_XDECREF(updated);
  return NULL;
}

static PyObject *entry_code(const PyaotModuleEntry *entry) {
  PyObject *code = PyMarshal_ReadObjectFromString((const char *)entry->code,
                                                  (Py_ssize_t)entry->code_size);
  if (code == NULL || entry->native_count == 0) return code;
  PyObject *installed = install_natives(code, entry);
  Py_DECREF(code);
  return installed;
}

static PyObject *importer_make_spec(PackageImporter *self, PyObject *fullname,
                                    const PyaotModuleEntry *entry) {
  PyObject *bootstrap = import_bootstrap();
  if (bootstrap == NULL) return NULL;
  PyObject *spec_class = PyObject_GetAttrString(bootstrap, "ModuleSpec");
  Py_DECREF(bootstrap);
  if (spec_class == NULL) return NULL;

  PyObject *spec = NULL, *args = NULL, *kwargs = NULL;
  PyObject *origin = module_file(self, fullname, entry);
  args = origin ? PyTuple_Pack(2, fullname, (PyObject *)self) : NULL;
  kwargs = args ? Py_BuildValue("{s:O,s:O}", "origin", origin, "is_package",
                                entry->is_package ? Py_True : Py_False)
                : NULL;
  Py_XDECREF(origin);
  if (args == NULL || kwargs == NULL) goto done;
  spec = PyObject_Call(spec_class, args, kwargs);
  if (spec == NULL) goto done;
  if (PyObject_SetAttrString(spec, "has_location", Py_True) < 0) goto fail;
  if (entry->is_package) {
    PyObject *location = module_location(self, fullname);
    PyObject *locations = location ? PyList_New(1) : NULL;
    if (locations == NULL) {
      Py_XDECREF(location);
      goto fail;
    }
    PyList_SET_ITEM(locations, 0, location);
    int rc = PyObject_SetAttrString(spec, "submodule_search_locations", locations);
    Py_DECREF(locations);
    if (rc < 0) goto fail;
  }
  goto done;
fail:
  Py_CLEAR(spec);
done:
  Py_XDECREF(args);
  Py_XDECREF(kwargs);
  Py_DECREF(spec_class);
  return spec;
}

static PyObject *importer_find_spec(PackageImporter *self, PyObject *args, PyObject *kwds) {
  static char *kwlist[] = {"fullname", "path", "target", NULL};
  PyObject *fullname, *path = Py_None, *target = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|OO:find_spec", kwlist, &fullname, &path,
                                   &target))
    return NULL;
  const PyaotModuleEntry *entry = importer_find(self, fullname);
  if (entry == NULL) {
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_NONE;
  }
  return importer_make_spec(self, fullname, entry);
}

static PyObject *importer_create_module(PackageImporter *self, PyObject *spec) {
  Py_RETURN_NONE; /* the default module object */
}

/* When the .py file is not on disk (only the .so is deployed), tells
 * linecache to ask the loader for the source, so warnings and tracebacks
 * printed by Python code show source lines, and registers the source for
 * the built-in display of uncaught exceptions. Costs nothing otherwise. */
static int register_embedded_source(const PyaotModuleEntry *entry, PyObject *module) {
  struct stat info;
  if (stat(entry->filename, &info) == 0) return 0;
  PyObject *linecache = PyImport_ImportModule("linecache");
  if (linecache == NULL) return -1;
  PyObject *result = PyObject_CallMethod(linecache, "lazycache", "sO", entry->filename,
                                         PyModule_GetDict(module));
  Py_DECREF(linecache);
  if (result == NULL) return -1;
  Py_DECREF(result);
  return pyaot_register_report_source(entry);
}

/* Runs the body through importlib's _call_with_frames_removed, as the source
 * loader does, so import-time tracebacks hide the same importlib frames. */
static int importer_exec(PackageImporter *self, PyObject *module) {
  PyObject *name = PyModule_GetNameObject(module);
  if (name == NULL) return -1;
  const PyaotModuleEntry *entry = importer_require(self, name);
  Py_DECREF(name);
  if (entry == NULL) return -1;

  if (entry->source != NULL && register_embedded_source(entry, module) < 0) return -1;
  PyObject *code = entry_code(entry);
  if (code == NULL) return -1;
  PyObject *bootstrap = import_bootstrap();
  PyObject *runner = bootstrap ? PyObject_GetAttrString(bootstrap, "_call_with_frames_removed")
                               : NULL;
  Py_XDECREF(bootstrap);
  PyObject *exec = runner ? PyDict_GetItemString(PyEval_GetBuiltins(), "exec") : NULL;
  PyObject *result = NULL;
  if (exec != NULL) {
    result = PyObject_CallFunctionObjArgs(runner, exec, code, PyModule_GetDict(module), NULL);
  } else if (runner != NULL && !PyErr_Occurred()) {
    PyErr_SetString(PyExc_ImportError, "pyaot: builtins.exec is missing");
  }
  Py_XDECREF(runner);
  Py_DECREF(code);
  if (result == NULL) return -1;
  Py_DECREF(result);
  return 0;
}

static PyObject *importer_exec_module(PackageImporter *self, PyObject *module) {
  if (importer_exec(self, module) < 0) return NULL;
  Py_RETURN_NONE;
}

static PyObject *importer_get_code(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_require(self, fullname);
  return entry ? entry_code(entry) : NULL;
}

static PyObject *importer_get_source(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_require(self, fullname);
  if (entry == NULL) return NULL;
  if (entry->source == NULL) Py_RETURN_NONE; /* built with --no-source */
  return PyUnicode_DecodeUTF8(entry->source, (Py_ssize_t)entry->source_size, "surrogatepass");
}

/* What __file__ of the module is (ExecutionLoader.get_filename). */
static PyObject *importer_get_filename(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_require(self, fullname);
  return entry ? module_file(self, fullname, entry) : NULL;
}

/* The bytes of the file at `path`, as FileLoader.get_data reads them
 * (pkgutil.get_data joins the data file's name to dirname(__file__)). */
static PyObject *importer_get_data(PackageImporter *self, PyObject *path) {
  PyObject *io = PyImport_ImportModule("io");
  PyObject *file = io ? PyObject_CallMethod(io, "FileIO", "Os", path, "r") : NULL;
  Py_XDECREF(io);
  if (file == NULL) return NULL;
  PyObject *data = PyObject_CallMethod(file, "readall", NULL);
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyObject *closed = PyObject_CallMethod(file, "close", NULL);
  Py_DECREF(file);
  if (closed == NULL && data != NULL) {
    Py_CLEAR(data); /* the close's error */
  } else {
    if (closed == NULL) PyErr_Clear();
    PyErr_Restore(type, value, traceback);
  }
  Py_XDECREF(closed);
  return data;
}

/* importlib.resources' reader: the files of the directory of __file__, as
 * for a source module (importlib.readers.FileReader). */
static PyObject *importer_get_resource_reader(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_require(self, fullname);
  PyObject *file = entry ? module_file(self, fullname, entry) : NULL;
  if (file == NULL) return NULL;
  PyObject *types = PyImport_ImportModule("types");
  PyObject *namespace_class = types ? PyObject_GetAttrString(types, "SimpleNamespace") : NULL;
  PyObject *no_args = namespace_class ? PyTuple_New(0) : NULL;
  PyObject *kwargs = no_args ? Py_BuildValue("{s:O}", "path", file) : NULL;
  PyObject *loader_like = kwargs ? PyObject_Call(namespace_class, no_args, kwargs) : NULL;
  PyObject *readers = loader_like ? PyImport_ImportModule("importlib.readers") : NULL;
  PyObject *reader = readers ? PyObject_CallMethod(readers, "FileReader", "O", loader_like)
                             : NULL;
  Py_XDECREF(readers);
  Py_XDECREF(loader_like);
  Py_XDECREF(kwargs);
  Py_XDECREF(no_args);
  Py_XDECREF(namespace_class);
  Py_XDECREF(types);
  Py_DECREF(file);
  return reader;
}

static PyObject *importer_is_package(PackageImporter *self, PyObject *fullname) {
  const PyaotModuleEntry *entry = importer_require(self, fullname);
  if (entry == NULL) return NULL;
  return PyBool_FromLong(entry->is_package != 0);
}

static PyMethodDef importer_methods[] = {
    {"find_spec", (PyCFunction)(void (*)(void))importer_find_spec, METH_VARARGS | METH_KEYWORDS,
     "Return a spec for a module of this package, or None."},
    {"create_module", (PyCFunction)importer_create_module, METH_O,
     "Use the default module object."},
    {"exec_module", (PyCFunction)importer_exec_module, METH_O, "Run the module body."},
    {"get_code", (PyCFunction)importer_get_code, METH_O, "The module's code object."},
    {"get_source", (PyCFunction)importer_get_source, METH_O,
     "The module's source embedded in the .so, or None when built with --no-source."},
    {"get_filename", (PyCFunction)importer_get_filename, METH_O,
     "The module's __file__: its source's place, with the .so's suffix."},
    {"get_data", (PyCFunction)importer_get_data, METH_O, "The bytes of a file (a data file)."},
    {"get_resource_reader", (PyCFunction)importer_get_resource_reader, METH_O,
     "importlib.resources' reader: the files beside the module."},
    {"is_package", (PyCFunction)importer_is_package, METH_O, "Whether the module is a package."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PackageImporter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pyaot.PackageImporter",
    .tp_basicsize = sizeof(PackageImporter),
    .tp_dealloc = (destructor)importer_dealloc,
    .tp_repr = (reprfunc)importer_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Finder and loader for the modules of one pyaot-compiled package.",
    .tp_traverse = (traverseproc)importer_traverse,
    .tp_clear = (inquiry)importer_clear,
    .tp_methods = importer_methods,
};

/* ---- the top module ---------------------------------------------------- */

static const PyaotPackage *the_package;
static PyObject *the_importer; /* one per .so, kept for the process */

static int ensure_importer(PyObject *top_name, PyObject *origin) {
  if (the_importer == NULL) {
    the_importer = importer_new(the_package, top_name, origin);
    if (the_importer == NULL) return -1;
  }
  PyObject *meta_path = PySys_GetObject("meta_path"); /* borrowed */
  if (meta_path == NULL || !PyList_Check(meta_path)) {
    PyErr_SetString(PyExc_ImportError, "pyaot: sys.meta_path is not a list");
    return -1;
  }
  int present = PySequence_Contains(meta_path, the_importer);
  if (present < 0) return -1;
  return present ? 0 : PyList_Insert(meta_path, 0, the_importer);
}

/* importlib._bootstrap._init_module_attrs(spec, module, override=True) */
static PyObject *call_init_module_attrs(PyObject *bootstrap, PyObject *spec, PyObject *module) {
  PyObject *function = PyObject_GetAttrString(bootstrap, "_init_module_attrs");
  PyObject *args = function ? PyTuple_Pack(2, spec, module) : NULL;
  PyObject *kwargs = args ? Py_BuildValue("{s:O}", "override", Py_True) : NULL;
  PyObject *result = kwargs ? PyObject_Call(function, args, kwargs) : NULL;
  Py_XDECREF(kwargs);
  Py_XDECREF(args);
  Py_XDECREF(function);
  return result;
}

static PyObject *package_create(PyObject *spec, PyModuleDef *def) {
  PyObject *name = PyObject_GetAttrString(spec, "name");
  if (name == NULL) return NULL;
  PyObject *module = PyModule_NewObject(name);
  Py_DECREF(name);
  return module;
}

static int package_exec(PyObject *module) {
  PyObject *name = PyModule_GetNameObject(module);
  if (name == NULL) return -1;
  int rc = -1;
  PyObject *spec = NULL, *origin = NULL, *our_spec = NULL, *bootstrap = NULL, *result = NULL;

  spec = PyObject_GetAttrString(module, "__spec__");
  origin = spec ? PyObject_GetAttrString(spec, "origin") : NULL;
  if (origin == NULL) goto done;
  if (!PyUnicode_Check(origin)) {
    PyErr_SetString(PyExc_ImportError, "pyaot: the extension's spec has no origin path");
    goto done;
  }
  if (ensure_importer(name, origin) < 0) goto done;

  PackageImporter *importer = (PackageImporter *)the_importer;
  const PyaotModuleEntry *entry = importer_require(importer, name);
  if (entry == NULL) goto done;
  our_spec = importer_make_spec(importer, name, entry);
  bootstrap = our_spec ? import_bootstrap() : NULL;
  if (bootstrap == NULL) goto done;
  /* _initializing marks a module being imported, as _load_unlocked does. */
  if (PyObject_SetAttrString(our_spec, "_initializing", Py_True) < 0) goto done;
  result = call_init_module_attrs(bootstrap, our_spec, module);
  if (result == NULL) goto done;
  rc = importer_exec(importer, module);

  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (PyObject_SetAttrString(our_spec, "_initializing", Py_False) < 0) PyErr_Clear();
  PyErr_Restore(type, value, traceback);
done:
  Py_XDECREF(result);
  Py_XDECREF(bootstrap);
  Py_XDECREF(our_spec);
  Py_XDECREF(origin);
  Py_XDECREF(spec);
  Py_DECREF(name);
  return rc;
}

static PyModuleDef_Slot package_slots[] = {
    {Py_mod_create, (void *)package_create},
    {Py_mod_exec, (void *)package_exec},
    {0, NULL},
};

static PyModuleDef package_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = NULL, /* set from the package table */
    .m_doc = NULL,
    .m_size = 0,
    .m_slots = package_slots,
};

void *pyaot_package_init(const PyaotPackage *package) {
  if (PackageImporter_Type.tp_dict == NULL) {
    if (PyType_Ready(&PackageImporter_Type) < 0 || PyType_Ready(&NativeEntry_Type) < 0) return NULL;
    /* Instances answer __module__ as those of Python-defined classes do. */
    PyObject *module = PyUnicode_FromString("pyaot");
    int rc = module ? PyDict_SetItemString(PackageImporter_Type.tp_dict, "__module__", module) : -1;
    Py_XDECREF(module);
    if (rc < 0) return NULL;
    PyType_Modified(&PackageImporter_Type);
  }
  the_package = package;
  package_def.m_name = package->name;
  return PyModuleDef_Init(&package_def);
}
