/* Source lines in the reports CPython's C code prints.
 *
 * CPython's built-in excepthook prints an uncaught exception itself
 * (PyErr_Display: "Did you mean" suggestions, notes, groups) and reads each
 * traceback line from the file named by the frame's code (io.open, then
 * the same name under each sys.path entry). When only the .so is deployed
 * that file is missing, so the loader registers each such module's embedded
 * source, and an audit hook on "sys.excepthook" (raised just before the
 * interpreter calls the hook) runs the built-in display itself with io.open
 * answering those names from memory. sys.excepthook stays the built-in one;
 * a hook the program installs is called as usual (traceback.print_exception
 * finds the source through linecache). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report_sources.h"

/* The interpreter's registry {filename: source memoryview}, shared by every
 * pyaot .so it loaded (the first one installs the audit hook); kept in the
 * interpreter's C-only dict, out of the program's sight. Borrowed; NULL
 * with an exception if making it failed, else without. */
static PyObject *embedded_sources(int create) {
  PyObject *interpreter_dict = PyInterpreterState_GetDict(PyInterpreterState_Get());
  if (interpreter_dict == NULL) return NULL; /* could not be made; no exception */
  static const char key[] = "pyaot.embedded_sources.v1";
  PyObject *sources = PyDict_GetItemString(interpreter_dict, key);
  if (sources != NULL || !create) return sources;
  sources = PyDict_New();
  if (sources == NULL || PyDict_SetItemString(interpreter_dict, key, sources) < 0) {
    Py_XDECREF(sources);
    return NULL;
  }
  Py_DECREF(sources); /* the interpreter dict holds it */
  return sources;
}

/* The bytes the source file held, as far as the display can tell: the
 * embedded text is UTF-8, and the display decodes with the source's coding
 * cookie. New reference. */
static PyObject *source_file_bytes(PyObject *source) {
  PyObject *data = PyBytes_FromObject(source);
  if (data == NULL) return NULL;
  PyObject *io = PyImport_ImportModule("io");
  PyObject *buffer = io ? PyObject_CallMethod(io, "BytesIO", "O", data) : NULL;
  PyObject *readline = buffer ? PyObject_GetAttrString(buffer, "readline") : NULL;
  PyObject *tokenize = readline ? PyImport_ImportModule("tokenize") : NULL;
  PyObject *detected = tokenize ? PyObject_CallMethod(tokenize, "detect_encoding", "O", readline)
                                : NULL;
  PyObject *encoding = detected && PyTuple_Check(detected) && PyTuple_GET_SIZE(detected) > 0
                           ? PyTuple_GET_ITEM(detected, 0) : NULL;
  PyObject *encoded = NULL;
  if (encoding != NULL && PyUnicode_Check(encoding) &&
      PyUnicode_CompareWithASCIIString(encoding, "utf-8") != 0 &&
      PyUnicode_CompareWithASCIIString(encoding, "utf-8-sig") != 0) {
    PyObject *text = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data),
                                          "surrogatepass");
    encoded = text ? PyUnicode_AsEncodedString(text, PyUnicode_AsUTF8(encoding), "strict") : NULL;
    Py_XDECREF(text);
  }
  PyErr_Clear(); /* whatever failed: the UTF-8 text as it is */
  Py_XDECREF(detected);
  Py_XDECREF(tokenize);
  Py_XDECREF(readline);
  Py_XDECREF(buffer);
  Py_XDECREF(io);
  if (encoded == NULL) return data;
  Py_DECREF(data);
  return encoded;
}

/* A binary file over `source` in an anonymous memory file: the built-in
 * display needs a real, seekable descriptor. */
static PyObject *open_in_memory(PyObject *open, PyObject *source) {
  PyObject *data = source_file_bytes(source);
  if (data == NULL) return NULL;
  int fd = memfd_create("pyaot-source", MFD_CLOEXEC);
  const char *next = PyBytes_AS_STRING(data);
  Py_ssize_t left = PyBytes_GET_SIZE(data);
  while (fd >= 0 && left > 0) {
    ssize_t written = write(fd, next, (size_t)left);
    if (written <= 0) {
      close(fd);
      fd = -1;
    } else {
      next += written;
      left -= written;
    }
  }
  Py_DECREF(data);
  if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0) {
    if (fd >= 0) close(fd);
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  PyObject *file = PyObject_CallFunction(open, "is", fd, "rb"); /* closes fd when closed */
  if (file == NULL) close(fd);
  return file;
}

/* io.open while the built-in display runs: a registered name opens its
 * embedded source; anything else goes to the real open. self is
 * (registry, real open). */
static PyObject *open_embedded(PyObject *self, PyObject *const *args, size_t nargsf,
                               PyObject *kwnames) {
  PyObject *sources = PyTuple_GET_ITEM(self, 0), *open = PyTuple_GET_ITEM(self, 1);
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  if (nargs >= 1 && PyUnicode_Check(args[0])) {
    PyObject *source = PyDict_GetItemWithError(sources, args[0]); /* borrowed */
    if (source != NULL) return open_in_memory(open, source);
    if (PyErr_Occurred()) return NULL;
  }
  return PyObject_Vectorcall(open, args, nargsf, kwnames);
}

static PyMethodDef open_embedded_def = {
    "open", (PyCFunction)(void (*)(void))open_embedded, METH_FASTCALL | METH_KEYWORDS,
    "pyaot: io.open that also opens embedded sources (only while an uncaught exception prints)."};

/* PyErr_Display with io.open answering embedded sources; io.open is the
 * program's own again afterwards. */
static void display_with_embedded_sources(PyObject *sources, PyObject *type, PyObject *value,
                                          PyObject *traceback) {
  PyObject *io = PyImport_ImportModule("io");
  PyObject *open = io ? PyObject_GetAttrString(io, "open") : NULL;
  PyObject *self = open ? PyTuple_Pack(2, sources, open) : NULL;
  PyObject *replacement = self ? PyCFunction_New(&open_embedded_def, self) : NULL;
  int patched = replacement != NULL && PyObject_SetAttrString(io, "open", replacement) == 0;
  PyErr_Clear(); /* without the patch, the display shows no source lines */
  PyErr_Display(type, value, traceback);
  if (patched && PyObject_SetAttrString(io, "open", open) < 0) PyErr_Clear();
  Py_XDECREF(replacement);
  Py_XDECREF(self);
  Py_XDECREF(open);
  Py_XDECREF(io);
}

/* Set while this thread is in the hook's own re-raise of the event. */
static _Thread_local int audit_reentered;

/* The audit hook. For "sys.excepthook" with the built-in hook about to be
 * called: the event goes on to the other hooks first (the program's
 * sys.addaudithook ones see it as from source; a RuntimeError from one
 * still suppresses the printing), then the built-in display runs here and
 * a RuntimeError tells the interpreter that it is done (pythonrun.c's
 * _PyErr_PrintEx then skips the hook). Embedders' C hooks registered
 * before this one see the event twice. */
static int on_audit_event(const char *event, PyObject *args, void *unused) {
  if (strcmp(event, "sys.excepthook") != 0 || audit_reentered) return 0;
  PyObject *sources = embedded_sources(0);
  if (sources == NULL || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) != 4) return 0;
  PyObject *hook = PyTuple_GET_ITEM(args, 0);
  PyObject *builtin = PySys_GetObject("__excepthook__"); /* borrowed */
  if (builtin == NULL || hook != builtin) return 0;
  PyObject *type = PyTuple_GET_ITEM(args, 1), *value = PyTuple_GET_ITEM(args, 2),
           *traceback = PyTuple_GET_ITEM(args, 3);
  audit_reentered = 1;
  int rc = PySys_Audit(event, "OOOO", hook, type, value, traceback);
  audit_reentered = 0;
  if (rc < 0) {
    if (PyErr_ExceptionMatches(PyExc_RuntimeError)) return -1; /* printing suppressed */
    _PyErr_WriteUnraisableMsg("in audit hook", NULL);
  }
  display_with_embedded_sources(sources, type, value, traceback);
  PyErr_SetString(PyExc_RuntimeError, "pyaot: the uncaught exception was printed");
  return -1;
}

/* The audit hook comes with the interpreter's first registry. */
int pyaot_register_report_source(const PyaotModuleEntry *entry) {
  PyObject *sources = embedded_sources(0);
  if (sources == NULL) {
    if (PyErr_Occurred()) return -1;
    if ((sources = embedded_sources(1)) == NULL) return PyErr_Occurred() ? -1 : 0;
    if (PySys_AddAuditHook(on_audit_event, NULL) < 0) PyErr_Clear(); /* refused: no lines */
  }
  PyObject *source = PyMemoryView_FromMemory((char *)entry->source,
                                             (Py_ssize_t)entry->source_size, PyBUF_READ);
  PyObject *filename = source ? PyUnicode_DecodeFSDefault(entry->filename) : NULL;
  int rc = filename ? PyDict_SetItem(sources, filename, source) : -1;
  Py_XDECREF(filename);
  Py_XDECREF(source);
  return rc;
}
