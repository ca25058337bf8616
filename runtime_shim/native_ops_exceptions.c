/* Native ops: exceptions. raise and assert; with statements' enter and
 * exit (BEFORE_WITH, BEFORE_ASYNC_WITH, WITH_EXCEPT_START); except clauses:
 * traceback entries as the interpreter adds them, sys.exception(), except
 * matching, re-raising. Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

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

/* BEFORE_ASYNC_WITH: (bound __aexit__, __aenter__()). */
PYAOT_OUT_OF_LINE PyObject *pyaot_before_async_with(PyObject *manager) {
  return enter_context(manager, 1);
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

/* The exception being raised, now caught (no longer set): normalized, its
 * traceback attached. A new reference. */
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
  _PyErr_StackItem *exc_info = _PyThreadState_GET()->exc_info;
  PyObject *previous = exc_info->exc_value != NULL ? exc_info->exc_value : Py_NewRef(Py_None);
  exc_info->exc_value = Py_NewRef(exception);
  return previous;
}

/* sys.exception() is `previous` again (stolen). */
void pyaot_pop_exc_info(Frame *frame, PyObject *previous, int64_t offset) {
  _PyErr_StackItem *exc_info = _PyThreadState_GET()->exc_info;
  PyObject *value = exc_info->exc_value;
  exc_info->exc_value = previous;
  pyaot_drop_at(frame, offset, value);
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
