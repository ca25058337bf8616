/* A native body as a trampoline's stub runs it (frontend/trampolines.cc):
 * LOAD_CONST <entry>; UNARY_NEGATIVE. A unary op runs it with one stack
 * slot where a call needs two, so the frame keeps the source's
 * co_stacksize, and profilers see no built-in call that the source does
 * not make. package_loader.c makes entries; native_ops_calls.c reads them,
 * also those of other pyaot modules, whose entry type has the same name. */
#ifndef PYAOT_NATIVE_ENTRY_H
#define PYAOT_NATIVE_ENTRY_H

#include <Python.h>

#define PYAOT_NATIVE_ENTRY_TYPE "pyaot.native_entry"

typedef struct {
  PyObject_HEAD
  const PyMethodDef *def; /* the body: ml_meth, METH_FASTCALL; its name */
  /* The body's `self`: NULL; for a generator's send entry, how to resume
   * it natively (slots, returned, and as int32 bytes the code unit of each
   * resume state's YIELD_VALUE); for its throw entry, True. */
  PyObject *self;
} PyaotNativeEntry;

#endif
