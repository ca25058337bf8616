/* Native ops: iteration and generators. GET_ITER and a loop's next(),
 * which resumes a native generator natively through the site's
 * ResumeCache (also for sum(g), list(g), "".join(g) and the like); the
 * eval breaker at loop back-edges; a generator or coroutine body's own
 * suspension and resumption, `yield from`/`await` delegation and the async
 * protocols (GET_AWAITABLE, GET_AITER, GET_ANEXT).
 * Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

/* ---- iteration -------------------------------------------------------------- */

PyObject *pyaot_get_iter(PyObject *iterable) { return PyObject_GetIter(iterable); }

/* ---- resuming native generators from native code --------------------------
 * A native loop over a generator whose body is native resumes it without
 * the interpreter: as the trampoline would, its frame becomes the current
 * one, None is the value sent in and the body is called; a yield leaves
 * the frame as the trampoline's YIELD_VALUE does. When the body finishes,
 * the interpreter finishes the generator from the trampoline's call (the
 * result sent in, or the error thrown in), so StopIteration, PEP 479 and
 * clearing the frame stay CPython's. */

PYAOT_OUT_OF_LINE static void fill_resume_cache(PyCodeObject *code, ResumeCache *cache) {
  Py_XSETREF(cache->code, Py_NewRef((PyObject *)code));
  cache->body = NULL;
  if ((code->co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR)) ||
      !(code->co_flags & CO_GENERATOR)) {
    return;
  }
  PyaotNativeEntry *entry = pyaot_trampoline_entry(code);
  PyObject *how = entry ? entry->self : NULL;
  if (how == NULL || !PyTuple_CheckExact(how) || PyTuple_GET_SIZE(how) != 3 ||
      !PyBytes_CheckExact(PyTuple_GET_ITEM(how, 2))) {
    return;
  }
  cache->slots = (int32_t)PyLong_AsLong(PyTuple_GET_ITEM(how, 0));
  cache->returned = (int32_t)PyLong_AsLong(PyTuple_GET_ITEM(how, 1));
  PyObject *yields = PyTuple_GET_ITEM(how, 2); /* int32 code units, kept by cache->code */
  cache->states = (int32_t)(PyBytes_GET_SIZE(yields) / (Py_ssize_t)sizeof(int32_t));
  cache->yields = (const int32_t *)PyBytes_AS_STRING(yields);
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
  /* Suspended in a yield from (the stub's RESUME 2 follows), the delegate
   * is on the stack (it has the body's reference too). */
  if (_Py_OPARG(frame->prev_instr[1]) >= 2) Py_DECREF(stack[slots]);
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
  if (result != NULL && stack[0] != Py_None) { /* it yielded, as the trampoline would */
    /* At the YIELD_VALUE of its state's line (pyaot_suspend's small
     * positive int: one digit). */
    PyObject *state = stack[0];
    const Py_ssize_t at = Py_SIZE(state) == 1 ? (Py_ssize_t)((PyLongObject *)state)->ob_digit[0] : 0;
    frame->prev_instr = _PyCode_CODE(code) + cache->yields[at < cache->states ? at : 0];
    if (stack[slots] != Py_None) { /* with the delegate on the stack */
      frame->stacktop = code->co_nlocalsplus + slots + 1;
    } else {
      Py_CLEAR(stack[slots]);
      frame->stacktop = code->co_nlocalsplus + slots;
    }
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
  PyObject *error = pyaot_catch_exception();
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

/* 1: *item is the next item; 0: exhausted; -1: error. */

/* An iterator of a builtin container or range, whose next() runs no Python
 * code: IterNext then needs no frame write-back (ir/frame_sync.h). */
PYAOT_HOT int32_t pyaot_iterates_builtin(PyObject *iterator) {
  PyTypeObject *type = Py_TYPE(iterator);
  return type == &PyRangeIter_Type || type == &PyListIter_Type || type == &PyTupleIter_Type ||
         type == &PyLongRangeIter_Type || type == &PyUnicodeIter_Type ||
         type == &PyDictIterKey_Type || type == &PyDictIterValue_Type ||
         type == &PyDictIterItem_Type || type == &PySetIter_Type;
}

/* A loop over range(...) (ir/unbox_locals.h): CPython 3.11's iterator of a
 * range that fits a C long is read and advanced in place, its items numbers,
 * not objects. Its struct is private to rangeobject.c: its layout is
 * checked once against an iterator whose fields are known, and any other
 * layout leaves every loop to the generic next(). */
typedef struct {
  PyObject_HEAD
  long index;
  long start;
  long step;
  long len;
} RangeIteratorLayout;

PYAOT_OUT_OF_LINE static int check_range_iterator_layout(void) {
  PyObject *range = PyObject_CallFunction((PyObject *)&PyRange_Type, "lll", 5L, 40L, 7L);
  PyObject *iterator = range ? PyObject_GetIter(range) : NULL;
  Py_XDECREF(range);
  if (iterator == NULL) {
    PyErr_Clear();
    return 0;
  }
  const RangeIteratorLayout *r = (const RangeIteratorLayout *)iterator;
  int ok = Py_TYPE(iterator) == &PyRangeIter_Type && r->index == 0 && r->start == 5 &&
           r->step == 7 && r->len == 5;
  Py_DECREF(iterator);
  return ok;
}

/* 1 and the next item in *out; 0: exhausted; 2: not such an iterator. */
PYAOT_HOT int32_t pyaot_range_next(PyObject *iterator, int64_t *out) {
  static int layout_checked = -1;
  if (Py_TYPE(iterator) != &PyRangeIter_Type) return 2;
  if (layout_checked < 0) layout_checked = check_range_iterator_layout();
  if (!layout_checked) return 2;
  RangeIteratorLayout *r = (RangeIteratorLayout *)iterator;
  if (r->index >= r->len) return 0;
  /* as rangeiter_next computes it: in unsigned arithmetic, no overflow */
  *out = (int64_t)(long)(r->start + (unsigned long)(r->index++) * r->step);
  return 1;
}

/* A list's or tuple's iterator (private to listobject.c and tupleobject.c,
 * the same shape in both; checked once, as the range iterator's is): the
 * next item read inline while there is one. Exhaustion is left to the
 * iterator's own next(), which lets go of its sequence. */
typedef struct {
  PyObject_HEAD
  Py_ssize_t index;
  PyObject *sequence;
} SequenceIteratorLayout;

PYAOT_OUT_OF_LINE static int check_sequence_iterator_layout(void) {
  PyObject *list = PyList_New(0), *tuple = PyTuple_New(0);
  PyObject *list_iterator = list ? PyObject_GetIter(list) : NULL;
  PyObject *tuple_iterator = tuple ? PyObject_GetIter(tuple) : NULL;
  int ok = list_iterator != NULL && tuple_iterator != NULL &&
           Py_TYPE(list_iterator) == &PyListIter_Type && Py_TYPE(tuple_iterator) == &PyTupleIter_Type &&
           ((SequenceIteratorLayout *)list_iterator)->index == 0 &&
           ((SequenceIteratorLayout *)list_iterator)->sequence == list &&
           ((SequenceIteratorLayout *)tuple_iterator)->index == 0 &&
           ((SequenceIteratorLayout *)tuple_iterator)->sequence == tuple;
  Py_XDECREF(list_iterator);
  Py_XDECREF(tuple_iterator);
  Py_XDECREF(list);
  Py_XDECREF(tuple);
  PyErr_Clear();
  return ok;
}

PYAOT_HOT static inline PyObject *sequence_iterator_next(PyObject *iterator) {
  static int layout_checked = -1;
  PyTypeObject *type = Py_TYPE(iterator);
  if (type != &PyListIter_Type && type != &PyTupleIter_Type) return NULL;
  if (layout_checked < 0) layout_checked = check_sequence_iterator_layout();
  if (!layout_checked) return NULL;
  SequenceIteratorLayout *it = (SequenceIteratorLayout *)iterator;
  PyObject *sequence = it->sequence;
  if (sequence == NULL) return NULL;
  if (type == &PyListIter_Type) {
    if (it->index >= PyList_GET_SIZE(sequence)) return NULL;
    return Py_NewRef(PyList_GET_ITEM(sequence, it->index++));
  }
  if (it->index >= PyTuple_GET_SIZE(sequence)) return NULL;
  return Py_NewRef(PyTuple_GET_ITEM(sequence, it->index++));
}

PYAOT_OUT_OF_LINE static int iter_next_generic(PyObject *iterator, PyObject **item,
                                               ResumeCache *cache);

PYAOT_HOT int pyaot_iter_next(PyObject *iterator, PyObject **item, ResumeCache *cache) {
  if (PyGen_CheckExact(iterator)) return iter_next_generic(iterator, item, cache);
  int64_t number;
  int32_t counted = pyaot_range_next(iterator, &number);
  if (counted != 2) {  /* a range's item, boxed as rangeiter_next boxes it */
    *item = counted ? PyLong_FromLong((long)number) : NULL;
    return counted ? (*item != NULL ? 1 : -1) : 0;
  }
  PyObject *next = sequence_iterator_next(iterator);
  if (next != NULL) {
    *item = next;
    return 1;
  }
  return iter_next_generic(iterator, item, cache);
}

static int iter_next_generic(PyObject *iterator, PyObject **item, ResumeCache *cache) {
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
PyObject *pyaot_call_consuming_generator(PyObject *callable, PyObject **args, PyObject *kwnames,
                                         int *taken) {
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
PyObject *pyaot_join_native_generator(PyObject *separator, PyObject *generator, int *taken) {
  PyObject *items = consume_native_generator(kConsumeList, generator, taken);
  if (items == NULL) return NULL;
  PyObject *result = PyUnicode_Join(separator, items);
  Py_DECREF(items);
  return result;
}

/* ---- loop back-edges -------------------------------------------------------- */

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
/* Whether the eval breaker asks for attention (the slow path of
 * pyaot_check_eval_breaker, before which a frame write-back runs). */
PYAOT_HOT int32_t pyaot_eval_breaker_set(void) {
  return _Py_atomic_load_relaxed(&_PyThreadState_GET()->interp->ceval.eval_breaker) != 0;
}

PYAOT_HOT int pyaot_check_eval_breaker(void) {
  PyThreadState *tstate = _PyThreadState_GET();
  if (!_Py_atomic_load_relaxed(&tstate->interp->ceval.eval_breaker)) return 0;
  return eval_breaker_slow(tstate);
}

/* ---- generators and coroutines -------------------------------------------
 * A generator body is resumed by its trampoline (frontend/trampolines.cc)
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
 * own (slot 1; the trampoline wraps it), else it is -1. The slot of the
 * value sent in gets `delegate`, a yield from's iterator, else None: the
 * trampoline yields with the delegate on its stack (frontend/trampolines.cc). */
void pyaot_suspend(Frame *frame, int64_t state, int64_t wrap, int64_t sent_slot,
                   PyObject *delegate) {
  PyObject **slots = suspend_slots(frame);
  Py_SETREF(slots[0], PyLong_FromLong((long)state));
  if (wrap >= 0) Py_SETREF(slots[1], Py_NewRef(wrap ? Py_True : Py_False));
  Py_SETREF(slots[sent_slot], Py_NewRef(delegate != NULL ? delegate : Py_None));
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
    PyObject *cause = pyaot_catch_exception();
    PyErr_Format(PyExc_TypeError, "'async for' received an invalid object from __anext__: %.100s",
                 Py_TYPE(next)->tp_name);
    PyObject *error = pyaot_catch_exception();
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

/* One step of `yield from` / `await` (SEND): sends `value` (stolen) into
 * `iterator`. 0: it yielded *out; 1: it returned *out; -1: error. */
PYAOT_OUT_OF_LINE int pyaot_delegate_send(PyObject *iterator, PyObject *value, PyObject **out) {
  PySendResult status = PyIter_Send(iterator, value, out);
  Py_DECREF(value);
  return status == PYGEN_NEXT ? 0 : status == PYGEN_RETURN ? 1 : -1;
}

/* What reaches a generator suspended in `yield from` by gen.throw or
 * gen.close, which saw the delegate on the trampoline's stack and
 * delegated to it as for the source (_gen_throw, gen_close_iter): a
 * 1-tuple of the value the delegate returned with (1, *out), or the
 * exception to raise here (-1). */
PYAOT_OUT_OF_LINE int pyaot_delegate_throw(Frame *frame, int64_t slot, PyObject **out) {
  PyObject *thrown = suspend_slots(frame)[slot];
  if (PyTuple_CheckExact(thrown)) {
    *out = Py_NewRef(PyTuple_GET_ITEM(thrown, 0));
    return 1;
  }
  return raise_with(thrown, thrown_traceback(frame, thrown));
}
