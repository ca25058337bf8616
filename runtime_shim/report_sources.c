/* Source lines in the reports CPython's C code prints.
 *
 * CPython's built-in hooks print an uncaught exception (sys.excepthook:
 * PyErr_Display, with "Did you mean" suggestions, notes, groups), an
 * unraisable one ("Exception ignored in: ...", sys.unraisablehook) and one
 * a thread ended with (threading.excepthook) themselves, and read each
 * traceback line from the file named by the frame's code (io.open, then
 * the same name under each sys.path entry). When only the .so is deployed
 * that file is missing, so the loader registers each such module's
 * embedded source, and one audit hook makes those displays find it: for
 * the first two, on the event raised just before the interpreter calls
 * the hook, it runs the built-in hook itself with io.open answering those
 * names from memory; the third raises no event, so its display's "open"
 * is answered (below). The hooks stay the built-in ones; a hook the
 * program installs is called as usual (traceback.print_exception finds the
 * source through linecache).
 */
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

/* io.open while a built-in display runs: a registered name opens its
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
    "pyaot: io.open that also opens embedded sources (only while a report prints)."};

/* report(event_args) with io.open answering embedded sources; io.open is
 * the program's own again afterwards. */
static void report_with_embedded_sources(PyObject *sources, void (*report)(PyObject *),
                                         PyObject *event_args) {
  PyObject *io = PyImport_ImportModule("io");
  PyObject *open = io ? PyObject_GetAttrString(io, "open") : NULL;
  PyObject *self = open ? PyTuple_Pack(2, sources, open) : NULL;
  PyObject *replacement = self ? PyCFunction_New(&open_embedded_def, self) : NULL;
  int patched = replacement != NULL && PyObject_SetAttrString(io, "open", replacement) == 0;
  PyErr_Clear(); /* without the patch, the report shows no source lines */
  report(event_args);
  if (patched && PyObject_SetAttrString(io, "open", open) < 0) PyErr_Clear();
  Py_XDECREF(replacement);
  Py_XDECREF(self);
  Py_XDECREF(open);
  Py_XDECREF(io);
}

/* Set while this thread is in the hook's own re-raise of an event. */
static _Thread_local int audit_reentered;

/* The event on to the other audit hooks (the program's sys.addaudithook
 * ones see it as from source). Embedders' C hooks registered before this
 * one see it twice. */
static int reraise_event(const char *event, PyObject *args) {
  audit_reentered = 1;
  int rc = PySys_Audit(event, "O", args) < 0 ? -1 : 0; /* hooks see `args` itself */
  audit_reentered = 0;
  return rc;
}

/* ---- sys.excepthook ---- */

static void display_uncaught(PyObject *event_args) {
  PyErr_Display(PyTuple_GET_ITEM(event_args, 1), PyTuple_GET_ITEM(event_args, 2),
                PyTuple_GET_ITEM(event_args, 3));
}

/* "sys.excepthook" (hook, type, value, traceback), the built-in hook about
 * to be called: after the other hooks (a RuntimeError from one still
 * suppresses the printing), the built-in display runs here and a
 * RuntimeError tells the interpreter that it is done (pythonrun.c's
 * _PyErr_PrintEx then skips the hook). */
static int on_excepthook(PyObject *sources, PyObject *args) {
  PyObject *builtin = PySys_GetObject("__excepthook__"); /* borrowed */
  if (PyTuple_GET_SIZE(args) != 4 || builtin == NULL || PyTuple_GET_ITEM(args, 0) != builtin)
    return 0;
  if (reraise_event("sys.excepthook", args) < 0) {
    if (PyErr_ExceptionMatches(PyExc_RuntimeError)) return -1; /* printing suppressed */
    _PyErr_WriteUnraisableMsg("in audit hook", NULL);
  }
  report_with_embedded_sources(sources, display_uncaught, args);
  PyErr_SetString(PyExc_RuntimeError, "pyaot: the uncaught exception was printed");
  return -1;
}

/* ---- sys.unraisablehook ----
 * _PyErr_WriteUnraisableMsg raises the event, then calls the hook; an
 * error from an audit hook is reported instead ("Exception ignored in
 * audit hook") by the default hook's C code, which prints nothing while
 * sys.stderr is None. So the default hook runs here, then the audit hook
 * fails with sys.stderr set to None, and the error it raises carries the
 * program's sys.stderr and the hook's arguments: they are given back when
 * the interpreter drops that error, its last step. */

static const char silenced_report[] = "pyaot.silenced_unraisable_report";

/* The capsule's destructor: sys.stderr given back, then what was kept alive
 * (the exception reported may die here, as it would have). */
static void end_silence(PyObject *capsule) {
  PyObject *kept = PyCapsule_GetPointer(capsule, silenced_report); /* (stderr, ...) */
  if (kept == NULL) {
    PyErr_Clear();
    return;
  }
  if (PySys_SetObject("stderr", PyTuple_GET_ITEM(kept, 0)) < 0) PyErr_Clear();
  Py_DECREF(kept);
}

/* The hook's arguments (of type `like`'s) for the error being raised, as
 * the interpreter reports an error of the reporting: `message`, about
 * `obj`. The error is taken; NULL with it cleared on failure. */
static PyObject *args_for_error(PyObject *like, const char *message, PyObject *obj) {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyObject *fields = Py_BuildValue("(OOOsO)", type, value ? value : Py_None,
                                   traceback ? traceback : Py_None, message, obj);
  PyObject *args = fields ? PyObject_CallOneArg((PyObject *)Py_TYPE(like), fields) : NULL;
  if (args == NULL) PyErr_Clear();
  Py_XDECREF(fields);
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(traceback);
  return args;
}

/* The default hook on (hook, hook_args); if it fails, its own error is
 * reported by it as the interpreter would. */
static void call_default_unraisablehook(PyObject *event_args) {
  PyObject *hook = PyTuple_GET_ITEM(event_args, 0), *hook_args = PyTuple_GET_ITEM(event_args, 1);
  PyObject *result = PyObject_CallOneArg(hook, hook_args);
  if (result == NULL) {
    PyObject *failure = args_for_error(hook_args, "Exception ignored in sys.unraisablehook", hook);
    result = failure ? PyObject_CallOneArg(hook, failure) : NULL;
    Py_XDECREF(failure);
  }
  if (result == NULL) PyErr_Clear();
  Py_XDECREF(result);
}

/* "sys.unraisablehook" (hook, hook_args), the default hook about to be
 * called with sys.stderr to print to. */
static int on_unraisablehook(PyObject *sources, PyObject *args) {
  PyObject *builtin = PySys_GetObject("__unraisablehook__"); /* borrowed */
  PyObject *file = PySys_GetObject("stderr");                /* borrowed */
  if (PyTuple_GET_SIZE(args) != 2 || builtin == NULL || PyTuple_GET_ITEM(args, 0) != builtin ||
      file == NULL || file == Py_None)
    return 0;
  PyObject *report = args;
  Py_INCREF(report);
  if (reraise_event("sys.unraisablehook", args) < 0) { /* reported instead */
    PyObject *failure = args_for_error(PyTuple_GET_ITEM(args, 1),
                                       "Exception ignored in audit hook", Py_None);
    Py_SETREF(report, failure ? PyTuple_Pack(2, builtin, failure) : NULL);
    Py_XDECREF(failure);
    if (report == NULL) {
      PyErr_Clear();
      return 0;
    }
  }
  report_with_embedded_sources(sources, call_default_unraisablehook, report);
  file = PySys_GetObject("stderr"); /* the report may have run code that changed it */
  PyObject *kept = file && file != Py_None ? PyTuple_Pack(3, file, args, report) : NULL;
  PyObject *capsule = kept ? PyCapsule_New(kept, silenced_report, end_silence) : NULL;
  Py_DECREF(report);
  if (capsule == NULL) { /* the hook will print nothing or, on failure, print it again */
    Py_XDECREF(kept);
    PyErr_Clear();
    return 0;
  }
  if (PySys_SetObject("stderr", Py_None) < 0) {
    Py_DECREF(capsule); /* gives sys.stderr back */
    PyErr_Clear();
    return 0;
  }
  PyErr_SetObject(PyExc_RuntimeError, capsule);
  Py_DECREF(capsule);
  return -1;
}

/* ---- threading.excepthook ----
 * The default threading.excepthook (_thread._excepthook) prints with the
 * same C display but raises no event first. Its display's "open" of a
 * registered name (seen as an "open" event while threading's
 * invoke_excepthook is the running frame) fails here, and io.open is
 * swapped for a one-shot open: the display then looks for the file under
 * each sys.path entry through io.open, which gives it the embedded source
 * and puts the real open back. */

/* Whether `name` is `tail` or ends in "/" + `tail`. */
static int names_file(PyObject *name, PyObject *tail) {
  Py_ssize_t name_length = PyUnicode_GET_LENGTH(name), tail_length = PyUnicode_GET_LENGTH(tail);
  if (PyUnicode_Tailmatch(name, tail, 0, PY_SSIZE_T_MAX, 1) != 1) return 0;
  return name_length == tail_length ||
         PyUnicode_READ_CHAR(name, name_length - tail_length - 1) == '/';
}

/* io.open for that search; self is (io, real open, the file's last part,
 * source). */
static PyObject *open_once(PyObject *self, PyObject *const *args, size_t nargsf,
                           PyObject *kwnames) {
  PyObject *io = PyTuple_GET_ITEM(self, 0), *open = PyTuple_GET_ITEM(self, 1),
           *tail = PyTuple_GET_ITEM(self, 2), *source = PyTuple_GET_ITEM(self, 3);
  if (PyObject_SetAttrString(io, "open", open) < 0) return NULL;
  if (PyVectorcall_NARGS(nargsf) >= 1 && PyUnicode_Check(args[0]) && names_file(args[0], tail))
    return open_in_memory(open, source);
  return PyObject_Vectorcall(open, args, nargsf, kwnames);
}

static PyMethodDef open_once_def = {
    "open", (PyCFunction)(void (*)(void))open_once, METH_FASTCALL | METH_KEYWORDS,
    "pyaot: io.open that opens one embedded source (only while a thread's exception prints)."};

/* Whether the running frame is threading's invoke_excepthook, which calls
 * the hook: a built-in one, as no Python frame is above it. */
static int in_thread_excepthook(void) {
  PyFrameObject *frame = PyEval_GetFrame(); /* borrowed */
  if (frame == NULL) return 0;
  PyCodeObject *code = PyFrame_GetCode(frame);
  int found = PyUnicode_CompareWithASCIIString(code->co_name, "invoke_excepthook") == 0;
  Py_DECREF(code);
  if (!found) return 0;
  PyObject *name = PyUnicode_FromString("threading");
  PyObject *threading = name ? PyImport_GetModule(name) : NULL;
  PyObject *globals = PyFrame_GetGlobals(frame);
  found = threading != NULL && PyModule_Check(threading) &&
          PyModule_GetDict(threading) == globals;
  PyErr_Clear();
  Py_XDECREF(globals);
  Py_XDECREF(threading);
  Py_XDECREF(name);
  return found;
}

/* Whether the display's search will call io.open: sys.path is a list with
 * a str entry. */
static int sys_path_searched(void) {
  PyObject *path = PySys_GetObject("path"); /* borrowed */
  if (path == NULL || !PyList_Check(path)) return 0;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(path); i++)
    if (PyUnicode_Check(PyList_GET_ITEM(path, i))) return 1;
  return 0;
}

/* io.open swapped for a one-shot open of `source`, filed as `filename`. */
static int arm_open_once(PyObject *filename, PyObject *source) {
  Py_ssize_t slash = PyUnicode_FindChar(filename, '/', 0, PY_SSIZE_T_MAX, -1);
  if (slash == -2) return -1;
  PyObject *tail = PyUnicode_Substring(filename, slash + 1, PY_SSIZE_T_MAX);
  PyObject *io = tail ? PyImport_ImportModule("io") : NULL;
  PyObject *open = io ? PyObject_GetAttrString(io, "open") : NULL;
  if (open != NULL && PyCFunction_Check(open) &&
      ((PyCFunctionObject *)open)->m_ml == &open_once_def) { /* armed, never called */
    PyObject *real = PyTuple_GET_ITEM(PyCFunction_GET_SELF(open), 1);
    Py_INCREF(real);
    Py_SETREF(open, real);
  }
  PyObject *self = open ? PyTuple_Pack(4, io, open, tail, source) : NULL;
  PyObject *once = self ? PyCFunction_New(&open_once_def, self) : NULL;
  int rc = once ? PyObject_SetAttrString(io, "open", once) : -1;
  Py_XDECREF(once);
  Py_XDECREF(self);
  Py_XDECREF(open);
  Py_XDECREF(io);
  Py_XDECREF(tail);
  return rc;
}

/* "open" (path, FileIO's mode: "r" for "rb", flags): the display's open of
 * a registered name fails, io.open armed for its search of sys.path. */
static int on_open(PyObject *sources, PyObject *args) {
  if (PyTuple_GET_SIZE(args) < 2 || !PyUnicode_Check(PyTuple_GET_ITEM(args, 0))) return 0;
  PyObject *filename = PyTuple_GET_ITEM(args, 0), *mode = PyTuple_GET_ITEM(args, 1);
  PyObject *source = PyDict_GetItemWithError(sources, filename); /* borrowed */
  if (source == NULL) {
    PyErr_Clear();
    return 0;
  }
  if (!PyUnicode_Check(mode) || PyUnicode_CompareWithASCIIString(mode, "r") != 0 ||
      !in_thread_excepthook() || !sys_path_searched())
    return 0;
  if (reraise_event("open", args) < 0) return -1;
  if (arm_open_once(filename, source) < 0) {
    PyErr_Clear();
    return 0; /* no source line */
  }
  PyErr_SetString(PyExc_FileNotFoundError, "pyaot: the embedded source comes next");
  return -1;
}

/* The audit hook. */
static int on_audit_event(const char *event, PyObject *args, void *unused) {
  if (audit_reentered || !PyTuple_Check(args)) return 0;
  int (*handler)(PyObject *, PyObject *) =
      strcmp(event, "open") == 0                 ? on_open
      : strcmp(event, "sys.excepthook") == 0     ? on_excepthook
      : strcmp(event, "sys.unraisablehook") == 0 ? on_unraisablehook
                                                 : NULL;
  if (handler == NULL) return 0;
  PyObject *sources = embedded_sources(0);
  return sources != NULL ? handler(sources, args) : 0;
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
