/* The operations native function bodies are made of: what the
 * native_ops_*.c files share (none of this is seen outside them).
 *
 * The files are compiled to one bitcode module and linked into every
 * package object before optimization, so each call inlines at its use;
 * they must therefore hold no state but per-object caches (no globals that
 * must be one per process): every copy is private to its object. State
 * that must be one per .so (a thread's stack bounds) is declared here and
 * defined in the runtime's stack_state.c.
 *
 * A native body runs inside the frame CPython pushed for its trampoline
 * (frontend/trampolines.cc): arguments are already bound in the frame's
 * slots, locals live there (so f_locals, locals() and tracebacks see them),
 * and the instruction pointer is kept at the CPython instruction an op
 * stands for, so line numbers and traceback carets are the interpreter's.
 *
 * Conventions: object results are new references, NULL on error; int
 * results are 0/1, -1 on error. Operands are borrowed unless the IR op
 * steals (ir/ops.def).
 */
#ifndef PYAOT_NATIVE_OPS_INTERNAL_H
#define PYAOT_NATIVE_OPS_INTERNAL_H

#define PY_SSIZE_T_CLEAN
#define Py_BUILD_CORE 1
#include <Python.h>
#include <opcode.h>

#include "internal/pycore_ceval.h"
#include "internal/pycore_dict.h"
#include "internal/pycore_frame.h"
#include "internal/pycore_moduleobject.h"
#include "internal/pycore_interp.h"
#include "internal/pycore_long.h"
#include "internal/pycore_object.h"
#include "internal/pycore_pystate.h"
#include "structmember.h"

#include "native_entry.h"

typedef _PyInterpreterFrame Frame;

/* The bounds of the stack this thread runs on (high == 0: not looked up
 * yet), and the call running on a stack segment (native_ops_calls.c). */
typedef struct {
  uintptr_t low, high;
} PyaotStackBounds;
struct PyaotSegmentCall;
extern __attribute__((visibility("hidden"))) _Thread_local PyaotStackBounds pyaot_running_stack;
extern __attribute__((visibility("hidden"))) _Thread_local struct PyaotSegmentCall
    *pyaot_segment_call;

/* Helpers too big to pay off inlined at every use (calls, raising, building
 * containers): one copy per object, called. */
#define PYAOT_OUT_OF_LINE __attribute__((noinline))

/* Small fast paths worth inlining at every use, whatever the inliner
 * guesses (their `kind` operands are constants there). */
#define PYAOT_HOT __attribute__((always_inline))

/* ---- the per-site caches (site_caches.def) ------------------------------ */

#define PYAOT_CACHE_BEGIN(Cache, name, entries) typedef struct {
#define PYAOT_CACHE_FIELD(Cache, field, kind, c_type) c_type field;
#define PYAOT_CACHE_END(Cache) } Cache;
#include "site_caches.def"
#undef PYAOT_CACHE_BEGIN
#undef PYAOT_CACHE_FIELD
#undef PYAOT_CACHE_END

/* The backend's LLVM types have these sizes: the table cannot lie. */
#define PYAOT_CACHE_KIND_SIZE_ptr 8
#define PYAOT_CACHE_KIND_SIZE_i32 4
#define PYAOT_CACHE_KIND_SIZE_i64 8
#define PYAOT_CACHE_BEGIN(Cache, name, entries)
#define PYAOT_CACHE_FIELD(Cache, field, kind, c_type)           \
  _Static_assert(sizeof(c_type) == PYAOT_CACHE_KIND_SIZE_##kind, \
                 #Cache "." #field ": a " #c_type " is no " #kind);
#define PYAOT_CACHE_END(Cache)
#include "site_caches.def"
#undef PYAOT_CACHE_BEGIN
#undef PYAOT_CACHE_FIELD
#undef PYAOT_CACHE_END

/* ---- shared by several files -------------------------------------------- */

/* Small ints (one 30-bit digit) as a C long, like the interpreter's
 * specialized BINARY_OP_*_INT fast paths. */
static inline int compact_long(PyObject *v, long *out) {
  if (!PyLong_CheckExact(v)) return 0;
  Py_ssize_t size = Py_SIZE(v);
  if (size < -1 || size > 1) return 0;
  *out = size == 0 ? 0 : (long)((PyLongObject *)v)->ob_digit[0] * (long)size;
  return 1;
}

/* native_ops_names.c */
void pyaot_store_fast(Frame *frame, int64_t slot, PyObject *value, int64_t offset);

/* native_ops_calls.c */
Frame *pyaot_frame(void);
void pyaot_set_instr(Frame *frame, int64_t offset);
PyaotNativeEntry *pyaot_trampoline_entry(PyCodeObject *code);
_PyCFunctionFast pyaot_direct_body(PyCodeObject *code);
PyObject *pyaot_call_directly(PyFunctionObject *function, _PyCFunctionFast body,
                              PyObject *const *args, Py_ssize_t nargs);

/* native_ops_iteration.c */
PyObject *pyaot_call_consuming_generator(PyObject *callable, PyObject **args, PyObject *kwnames,
                                         int *taken);
PyObject *pyaot_join_native_generator(PyObject *separator, PyObject *generator, int *taken);
int pyaot_check_eval_breaker(void);
int pyaot_overwrite_int(PyObject *old, int64_t v);

/* CPython's own small int for `v` (what PyLong_FromLongLong returns for
 * it), borrowed; NULL when v is not one. */
static inline PyObject *pyaot_small_int(int64_t v) {
  return v >= -_PY_NSMALLNEGINTS && v < _PY_NSMALLPOSINTS
             ? (PyObject *)&_PyLong_SMALL_INTS[_PY_NSMALLNEGINTS + v]
             : NULL;
}

/* native_ops_exceptions.c */
PyObject *pyaot_catch_exception(void);

/* Drops `old` (NULL: nothing). If that deallocates it, a finaliser may run
 * and look at the frame (its line, a traceback built from it), so the frame
 * points at `offset` first (-1: where it is), as the interpreter's would at
 * the instruction that drops it; a drop that only decrements costs nothing
 * more. */
static inline void pyaot_drop_at(Frame *frame, int64_t offset, PyObject *old) {
  if (old == NULL) return;
#ifdef Py_REF_DEBUG /* Py_DECREF keeps the debug build's counts */
  if (Py_REFCNT(old) == 1 && offset >= 0) pyaot_set_instr(frame, offset);
  Py_DECREF(old);
#else /* Py_DECREF's own body, the position set only before a deallocation */
  if (--old->ob_refcnt != 0) return;
  if (offset >= 0) pyaot_set_instr(frame, offset);
  _Py_Dealloc(old);
#endif
}

#endif
