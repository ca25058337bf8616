/* Native ops: calls and the frames they run in. The running body's frame
 * and instruction pointer; direct calls between native bodies in frames
 * made here (and the vectorcall entry MAKE_FUNCTION gives functions with a
 * native body); calls through each site's cache (CallCache, MethodCache),
 * builtins' C functions called directly, profiler events, line events
 * for tracers, f(*args, **kwargs). Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>

/* ---- the running frame --------------------------------------------------- */

/* The frame of the running native body: the trampoline's. */
Frame *pyaot_frame(void) { return _PyThreadState_GET()->cframe->current_frame; }

void pyaot_set_instr(Frame *frame, int64_t offset) {
  frame->prev_instr = _PyCode_CODE(frame->f_code) + offset;
}

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
PyaotNativeEntry *pyaot_trampoline_entry(PyCodeObject *code) {
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
  PyaotNativeEntry *entry = pyaot_trampoline_entry(code);
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
_PyCFunctionFast pyaot_direct_body(PyCodeObject *code) {
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

/* ---- deep recursion: a fresh stack when the C stack runs out --------------
 *
 * The interpreter makes Python-to-Python calls without C recursion, so the
 * source recurses as deep as the recursion limit lets it; native bodies
 * call each other on the C stack (close to 1 KB a level). A native call
 * that finds its stack nearly used up runs on a new stack segment, mapped
 * for it and unmapped when it returns, so the recursion limit ends a deep
 * recursion as it ends the source's, not a segfault. Each thread knows the
 * bounds of the stack it runs on (stack_state.c: one per .so, shared by
 * its module objects); code of another pyaot .so running on this one's
 * segment sees a stack it does not know and does not switch. */

enum {
  kShallowCalls = 100, /* nested calls that fit any thread's stack */
  kStackMargin = 256 << 10,
  kSegmentBytes = 64 << 20,
  kGuardBytes = 64 << 10,
};

struct PyaotSegmentCall {
  _PyCFunctionFast body;
  PyObject *result;
  ucontext_t caller;
};
typedef struct PyaotSegmentCall SegmentCall;

PYAOT_OUT_OF_LINE static void find_thread_stack(void) {
  pthread_attr_t attributes;
  void *low = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
    pthread_attr_getstack(&attributes, &low, &size);
    pthread_attr_destroy(&attributes);
  }
  pyaot_running_stack.low = (uintptr_t)low;
  pyaot_running_stack.high = size != 0 ? (uintptr_t)low + size : UINTPTR_MAX; /* unknown: never switch */
}

/* Whether a call made here should run on a new stack segment. Only a
 * deep recursion can have used up a stack: the thread-local bounds are
 * read only then. */
PYAOT_HOT static int stack_nearly_used_up(PyThreadState *tstate) {
  if (tstate->recursion_limit - tstate->recursion_remaining < kShallowCalls) return 0;
  if (pyaot_running_stack.high == 0) find_thread_stack();
  const uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  return here >= pyaot_running_stack.low && here < pyaot_running_stack.low + kStackMargin &&
         pyaot_running_stack.high != UINTPTR_MAX;
}

static void segment_entry(void) {
  SegmentCall *call = pyaot_segment_call;
  call->result = call->body(NULL, NULL, 0);
} /* returns to call->caller (uc_link) */

/* body() on a new stack segment (a MemoryError if none can be mapped). */
PYAOT_OUT_OF_LINE static PyObject *run_on_new_stack(_PyCFunctionFast body) {
  char *segment = mmap(NULL, kSegmentBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (segment == MAP_FAILED) return PyErr_NoMemory();
  mprotect(segment, kGuardBytes, PROT_NONE); /* an overflow faults, as on a thread's stack */
  SegmentCall call = {.body = body};
  ucontext_t context;
  getcontext(&context);
  context.uc_stack.ss_sp = segment;
  context.uc_stack.ss_size = kSegmentBytes;
  context.uc_link = &call.caller;
  makecontext(&context, segment_entry, 0);
  SegmentCall *outer_call = pyaot_segment_call;
  const uintptr_t outer_low = pyaot_running_stack.low, outer_high = pyaot_running_stack.high;
  pyaot_segment_call = &call;
  pyaot_running_stack.low = (uintptr_t)segment + kGuardBytes;
  pyaot_running_stack.high = (uintptr_t)segment + kSegmentBytes;
  swapcontext(&call.caller, &context);
  pyaot_running_stack.low = outer_low;
  pyaot_running_stack.high = outer_high;
  pyaot_segment_call = outer_call;
  munmap(segment, kSegmentBytes);
  return call.result;
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
    result = stack_nearly_used_up(tstate) ? run_on_new_stack(body) : body(NULL, NULL, 0);
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

/* A direct call of a function with pyaot_direct_body: `nargs` positional
 * arguments, as many as it has parameters once its defaults are added
 * (the caller checked). */
PYAOT_OUT_OF_LINE PyObject *pyaot_call_directly(PyFunctionObject *function, _PyCFunctionFast body,
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
 * keyword-only parameters), -1 if none, -2 on error: names are compared by
 * identity first, as they are normally interned, then as the interpreter
 * compares them (its recursion check included: at the limit, the
 * RecursionError comes from here, "in comparison"). */
static Py_ssize_t keyword_slot(PyCodeObject *code, PyObject *name) {
  const Py_ssize_t end = code->co_argcount + code->co_kwonlyargcount;
  for (Py_ssize_t j = code->co_posonlyargcount; j < end; j++) {
    if (PyTuple_GET_ITEM(code->co_localsplusnames, j) == name) return j;
  }
  for (Py_ssize_t j = code->co_posonlyargcount; j < end; j++) {
    int equal = PyObject_RichCompareBool(name, PyTuple_GET_ITEM(code->co_localsplusnames, j), Py_EQ);
    if (equal != 0) return equal > 0 ? j : -2;
  }
  return -1;
}

/* Binds a call's arguments into `slots` as the interpreter's
 * initialize_locals does when the call is valid: positional arguments,
 * keywords, defaults, keyword-only defaults, *args and **kwargs. 1: bound;
 * 0: the call is unusual or wrong, every slot is empty again and nothing
 * else happened (the interpreter's path binds it, or raises its error);
 * -1: an error (MemoryError, RecursionError comparing keyword names). */
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
    if (j == -2) goto failed;
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
    cache->body = pyaot_direct_body(code);
  }
  if (cache->body == NULL || nargs > code->co_argcount) return NULL;
  Py_ssize_t defaults = function->func_defaults ? PyTuple_GET_SIZE(function->func_defaults) : 0;
  if (nargs + defaults < code->co_argcount) return NULL; /* the interpreter raises TypeError */
  if (_PyThreadState_GET()->cframe->use_tracing) return NULL; /* tracers see every frame */
  *taken = 1;
  return pyaot_call_directly(function, cache->body, args, nargs);
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
      return pyaot_call_directly(function, body, args, nargs);
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
  _PyCFunctionFast body = pyaot_direct_body((PyCodeObject *)((PyFunctionObject *)init)->func_code);
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
  PyObject *result = pyaot_call_directly(init, cache->init_body, args - 1, nargs + 1);
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

/* Whether the interpreter's specializations call `def` with no recursion
 * check: len() (PRECALL_NO_KW_LEN) and list.append (_LIST_APPEND). */
static int called_unchecked(const PyMethodDef *def) {
  const struct callable_cache *cache = &_PyInterpreterState_GET()->callable_cache;
  return (cache->len != NULL && def == ((PyCFunctionObject *)cache->len)->m_ml) ||
         (cache->list_append != NULL && def == ((PyMethodDescrObject *)cache->list_append)->d_method);
}

/* A builtin function or method descriptor's C function called with
 * positional arguments (METH_O, METH_FASTCALL, METH_NOARGS), as the
 * interpreter's PRECALL_*BUILTIN_* and _METHOD_DESCRIPTOR_*
 * specializations call it once the site is warm: no vectorcall dispatch,
 * and the recursion check where they make it (METH_O and METH_NOARGS, but
 * not METH_FASTCALL nor called_unchecked), so
 * recursion through them reaches the source's depth. `def` and `self` come
 * from the callable (for a descriptor, `self` is the receiver its lookup
 * found it for); other flags are not taken. */
static PyObject *call_method_def(PyMethodDef *def, PyObject *self, PyObject *const *args,
                                 Py_ssize_t nargs, int *taken) {
  const int flags = def->ml_flags & ~METH_COEXIST;
  *taken = (flags == METH_O && nargs == 1) || flags == METH_FASTCALL ||
           (flags == METH_NOARGS && nargs == 0);
  if (!*taken) return NULL;
  if (flags == METH_FASTCALL) return ((_PyCFunctionFast)(void (*)(void))def->ml_meth)(self, args, nargs);
  if (called_unchecked(def)) return def->ml_meth(self, flags == METH_O ? args[0] : NULL);
  PyThreadState *tstate = _PyThreadState_GET();
  if (_Py_EnterRecursiveCallTstate(tstate, " while calling a Python object")) return NULL;
  PyObject *result = def->ml_meth(self, flags == METH_O ? args[0] : NULL);
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

/* One event for a tracer or profiler (`tracer`, with `object` its own
 * argument) from the running native body's frame, as the interpreter's
 * call_trace sends it: nonzero when the callback failed. */
PYAOT_OUT_OF_LINE static int tracer_event(PyThreadState *tstate, Py_tracefunc tracer,
                                          PyObject *tracer_object, int what, PyObject *arg) {
  if (tstate->tracing) return 0;
  PyFrameObject *object = PyEval_GetFrame(); /* borrowed */
  if (object == NULL) return -1;
  Frame *frame = object->f_frame;
  int old_what = tstate->tracing_what;
  tstate->tracing_what = what;
  PyThreadState_EnterTracing(tstate);
  object->f_lineno =
      PyCode_Addr2Line(frame->f_code, _PyInterpreterFrame_LASTI(frame) * (int)sizeof(_Py_CODEUNIT));
  int failed = tracer(tracer_object, object, what, arg);
  object->f_lineno = 0;
  PyThreadState_LeaveTracing(tstate);
  tstate->tracing_what = old_what;
  return failed;
}

/* A profiler event about C function `function`. */
static int profile_event(PyThreadState *tstate, int what, PyObject *function) {
  return tracer_event(tstate, tstate->c_profilefunc, tstate->c_profileobj, what, function);
}

/* ---- line events (pyaot build --trace-lines, ir/trace_lines.h) ------------ */

/* Whether a tracer (sys.settrace) is set: a line event may be due. */
int pyaot_tracing(void) {
  PyThreadState *tstate = _PyThreadState_GET();
  return tstate->cframe->use_tracing && tstate->c_tracefunc != NULL;
}

static int line_at(PyCodeObject *code, int64_t offset) {
  return PyCode_Addr2Line(code, (int)offset * (int)sizeof(_Py_CODEUNIT));
}

/* The line the interpreter traced before the body started: that of the
 * jump to the stub, which replaced the instruction after RESUME
 * (frontend/trampolines.h); the prologue before it has no caches. */
static int line_traced_before_the_body(PyCodeObject *code) {
  const _Py_CODEUNIT *instructions = _PyCode_CODE(code);
  Py_ssize_t resume = 0;
  while (_Py_OPCODE(instructions[resume]) != RESUME &&
         _Py_OPCODE(instructions[resume]) != RESUME_QUICK) {
    resume++;
  }
  return line_at(code, resume + 1);
}

/* The line event of the interpreter's maybe_call_line_trace before the
 * instruction at `offset`, when a tracer is set: when its line is not that
 * of `previous` (the instruction of the body's last such check; -1 at the
 * start, when the interpreter traced the line before the body) or a jump
 * went back to it. The frame then points at it. Negative when the tracer
 * raised. */
int pyaot_trace_line(Frame *frame, int64_t offset, int64_t previous) {
  PyThreadState *tstate = _PyThreadState_GET();
  PyCodeObject *code = frame->f_code;
  frame->prev_instr = _PyCode_CODE(code) + offset;
  const int line = line_at(code, offset);
  const int last = previous < 0 ? line_traced_before_the_body(code) : line_at(code, previous);
  if (line == -1 || (line == last && !(previous >= 0 && offset < previous))) return 0;
  PyFrameObject *object = PyEval_GetFrame(); /* borrowed */
  if (object == NULL) return -1;
  if (!object->f_trace_lines) return 0;
  return tracer_event(tstate, tstate->c_tracefunc, tstate->c_traceobj, PyTrace_LINE, Py_None) != 0
             ? -1
             : 0;
}

/* The exception event the interpreter sends a tracer when an exception
 * raised in the body goes to a handler of it (call_exc_trace); one that
 * leaves the body gets it from the interpreter, in the trampoline. A
 * tracer that raises replaces the exception. */
void pyaot_trace_exception(void) {
  PyThreadState *tstate = _PyThreadState_GET();
  if (!pyaot_tracing()) return;
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  if (value == NULL) value = Py_NewRef(Py_None);
  PyErr_NormalizeException(&type, &value, &traceback);
  PyObject *arg = PyTuple_Pack(3, type, value, traceback != NULL ? traceback : Py_None);
  if (arg == NULL) {
    PyErr_Restore(type, value, traceback);
    return;
  }
  int failed = tracer_event(tstate, tstate->c_tracefunc, tstate->c_traceobj, PyTrace_EXCEPTION, arg);
  Py_DECREF(arg);
  if (failed == 0) {
    PyErr_Restore(type, value, traceback);
  } else {
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
  }
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

/* The interpreter's CALL handles signals (KeyboardInterrupt) and pending
 * calls once a callee returns, unless it ran the callee inline: a Python
 * function, or a method that is one. `result` is the call's, stolen. */
static PyObject *after_call(PyObject *callable, PyObject *result) {
  if (result == NULL || PyFunction_Check(callable) ||
      (PyMethod_Check(callable) && PyFunction_Check(PyMethod_GET_FUNCTION(callable)))) {
    return result;
  }
  if (pyaot_check_eval_breaker() < 0) Py_CLEAR(result);
  return result;
}

/* args[-1] is free for the callee (PY_VECTORCALL_ARGUMENTS_OFFSET); the
 * last len(kwnames) arguments are keyword values. */

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
    PyObject *result = pyaot_call_consuming_generator(callable, args, kwnames, &taken);
    if (taken) return after_call(callable, result);
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
    if (taken) return after_call(callable, result);
  }
  return after_call(callable, PyObject_Vectorcall(callable, args,
                                                  (size_t)positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                                  kwnames));
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
    return pyaot_call_directly((PyFunctionObject *)callable, cache->body, args, (Py_ssize_t)count);
  }
  return pyaot_call(frame, callable, args, count, -1, cache);
}

/* A method-call site's cache of the method its receivers' type has (as
 * LOAD_METHOD_NO_DICT / LOAD_METHOD_WITH_VALUES): valid while the type is
 * unchanged and no instance attribute can shadow the name: the type has
 * no instance dict, or the instance keeps its attributes in the type's
 * shared keys, which did not grow since the name was found absent. */

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

/* Whether `method` is str.join, as found on a str. */
static int is_str_join(PyObject *method) {
  if (Py_TYPE(method) != &PyMethodDescr_Type) return 0;
  PyMethodDescrObject *descriptor = (PyMethodDescrObject *)method;
  return descriptor->d_common.d_type == &PyUnicode_Type &&
         strcmp(descriptor->d_method->ml_name, "join") == 0;
}

/* LOAD_METHOD: obj.name as the interpreter's LOAD_METHOD finds it. A
 * method of obj's type (a function or method descriptor, no instance
 * attribute shadowing it) comes with *self = obj, to be called without a
 * bound method; anything else is the attribute itself, *self = NULL. New
 * references. */
PYAOT_OUT_OF_LINE static PyObject *load_method_uncached(Frame *frame, PyObject *object,
                                                        int64_t name_index, PyObject **self,
                                                        MethodCache *methods) {
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *method = NULL; /* as _PyObject_GetMethod expects */
  int unbound = _PyObject_GetMethod(object, name, &method);
  if (method == NULL) return NULL;
  if (unbound) fill_method_cache(object, name, method, methods);
  *self = unbound ? Py_NewRef(object) : NULL;
  return method;
}

PYAOT_HOT PyObject *pyaot_load_method(Frame *frame, PyObject *object, int64_t name_index,
                                      PyObject **self, MethodCache *methods) {
  PyObject *method = cached_method(object, methods);
  if (method == NULL) return load_method_uncached(frame, object, name_index, self, methods);
  *self = Py_NewRef(object);
  return Py_NewRef(method); /* the arguments could drop it from the type */
}

/* method(self, args) without a bound method (args[-2] and args[-1] free),
 * or, self NULL, method(args) as any call. */
PYAOT_OUT_OF_LINE static PyObject *call_method(Frame *frame, PyObject *method, PyObject *self,
                                               PyObject **args, int64_t count,
                                               int64_t kwnames_index, CallCache *cache) {
  if (self == NULL) return pyaot_call(frame, method, args, count, kwnames_index, cache);
  PyObject *kwnames = NULL;
  Py_ssize_t positional = (Py_ssize_t)count;
  if (kwnames_index >= 0) {
    kwnames = PyTuple_GET_ITEM(frame->f_code->co_consts, kwnames_index);
    positional -= PyTuple_GET_SIZE(kwnames);
  }
  args[-1] = self; /* borrowed */
  PyObject *result;
  PyThreadState *tstate = _PyThreadState_GET();
  if (profiling(tstate)) {
    result = call_profiled(tstate, method, args - 1, positional + 1, kwnames);
  } else {
    int taken = 0;
    if (positional == 1 && kwnames == NULL && PyGen_CheckExact(args[0]) &&
        PyUnicode_CheckExact(self) && is_str_join(method)) {
      result = pyaot_join_native_generator(self, args[0], &taken);
    }
    if (!taken && kwnames == NULL && PyFunction_Check(method)) {
      result = try_direct_call(cache, method, args - 1, positional + 1, &taken);
    } else if (!taken && kwnames == NULL && Py_IS_TYPE(method, &PyMethodDescr_Type)) {
      /* found on the receiver's type, so it applies to the receiver */
      result = call_method_def(((PyMethodDescrObject *)method)->d_method, self, args, positional,
                               &taken);
    }
    if (!taken) {
      result = PyObject_Vectorcall(method, args - 1,
                                   (size_t)(positional + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                   kwnames);
    }
  }
  return after_call(method, result);
}

/* The CALL of a method call: `method` and `self` from pyaot_load_method.
 * A function this site called directly before, given as many arguments as
 * it has parameters, goes straight to its body. */
PYAOT_HOT PyObject *pyaot_call_method(Frame *frame, PyObject *method, PyObject *self,
                                      PyObject **args, int64_t count, int64_t kwnames_index,
                                      CallCache *cache) {
  if (self != NULL && kwnames_index < 0 &&
      calls_directly_again(cache, method, (Py_ssize_t)count + 1)) {
    args[-1] = self; /* borrowed */
    return pyaot_call_directly((PyFunctionObject *)method, cache->body, args - 1,
                               (Py_ssize_t)count + 1);
  }
  return call_method(frame, method, self, args, count, kwnames_index, cache);
}

/* `object.append(item)`, args[0] the item. A self found for `append` on
 * an exact list is the list and the method list.append (a static type:
 * nothing can replace or shadow it), so the item is appended here, as the
 * interpreter's PRECALL_NO_KW_LIST_APPEND does; anything else is a call. */
PYAOT_HOT PyObject *pyaot_call_method_append(Frame *frame, PyObject *method, PyObject *self,
                                             PyObject **args, int64_t count,
                                             int64_t kwnames_index, CallCache *cache) {
  if (self != NULL && PyList_CheckExact(self) && !_PyThreadState_GET()->cframe->use_tracing) {
    PyListObject *list = (PyListObject *)self;
    const Py_ssize_t size = Py_SIZE(list);
    if (size < list->allocated) {
      list->ob_item[size] = Py_NewRef(args[0]);
      Py_SET_SIZE(list, size + 1);
    } else if (PyList_Append(self, args[0]) < 0) {
      return NULL;
    }
    return Py_NewRef(Py_None);
  }
  return call_method(frame, method, self, args, count, kwnames_index, cache);
}

/* The storage a list of `size` items gets when a pop leaves it less than
 * half full: list_resize's rule (an eighth more, plus 6, rounded down to
 * a multiple of 4; none for an empty list), so that sys.getsizeof and the
 * memory held stay the interpreter's. 0 when it cannot be had. */
PYAOT_OUT_OF_LINE static int shrink_list_storage(PyListObject *list, Py_ssize_t size) {
  const size_t allocated = size == 0 ? 0 : ((size_t)size + ((size_t)size >> 3) + 6) & ~(size_t)3;
  PyObject **items = PyMem_Realloc(list->ob_item, allocated * sizeof(PyObject *));
  if (items == NULL) return 0; /* the call raises the MemoryError */
  list->ob_item = items;
  list->allocated = (Py_ssize_t)allocated;
  return 1;
}

/* `object.pop()`. On an exact list (self is the list and the method
 * list.pop, as for append), the last item is taken here, the storage
 * shrunk as list.pop() shrinks it. An empty list (IndexError), anything
 * else: the call. */
PYAOT_HOT PyObject *pyaot_call_method_pop(Frame *frame, PyObject *method, PyObject *self,
                                          PyObject **args, int64_t count, int64_t kwnames_index,
                                          CallCache *cache) {
  if (self != NULL && PyList_CheckExact(self) && !_PyThreadState_GET()->cframe->use_tracing) {
    PyListObject *list = (PyListObject *)self;
    const Py_ssize_t size = Py_SIZE(list);
    if (size > 0) {
      PyObject *item = list->ob_item[size - 1]; /* the list's reference, now the caller's */
      if (size - 1 >= (list->allocated >> 1) || shrink_list_storage(list, size - 1)) {
        Py_SET_SIZE(list, size - 1);
        return item;
      }
    }
  }
  return call_method(frame, method, self, args, count, kwnames_index, cache);
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
  return after_call(callable, result);
}

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

/* len(x) as a number (ir/unbox_locals.h): when `callee` is the builtin len
 * and x an exact list, tuple, dict, set, str or bytes, whose length is read
 * without running code, and no profiler waits for the call's events: 1 and
 * the length in *out; else 0 (the generic call). */
/* Whether `f` is the C function `name` of the builtins module (not a
 * stand-in someone bound to that name before we looked). */
PYAOT_OUT_OF_LINE static int is_builtin_function(PyObject *f, const char *name) {
  if (!PyCFunction_CheckExact(f)) return 0;
  PyCFunctionObject *c = (PyCFunctionObject *)f;
  if (strcmp(c->m_ml->ml_name, name) != 0 || c->m_self == NULL || !PyModule_Check(c->m_self)) return 0;
  const char *module = PyModule_GetName(c->m_self);
  if (module == NULL) {
    PyErr_Clear();
    return 0;
  }
  return strcmp(module, "builtins") == 0;
}

PYAOT_HOT int32_t pyaot_builtin_len(PyObject *callee, PyObject *x, int64_t *out) {
  static PyObject *builtin_len = NULL;
  if (callee != builtin_len) {
    if (builtin_len != NULL || !is_builtin_function(callee, "len")) return 0;
    builtin_len = Py_NewRef(callee);  /* the first len() seen, once it proved to be the builtin */
  }
  if (_PyThreadState_GET()->cframe->use_tracing) return 0; /* a profiler sees the c_call */
  PyTypeObject *type = Py_TYPE(x);
  if (type == &PyList_Type || type == &PyTuple_Type || type == &PyBytes_Type) {
    *out = Py_SIZE(x);
  } else if (type == &PyDict_Type) {
    *out = PyDict_GET_SIZE(x);
  } else if (type == &PySet_Type || type == &PyFrozenSet_Type) {
    *out = PySet_GET_SIZE(x);
  } else if (type == &PyUnicode_Type && PyUnicode_IS_READY(x)) {
    *out = PyUnicode_GET_LENGTH(x);
  } else {
    return 0;
  }
  return 1;
}
