/* pyaot runtime shim: the C layer every compiled .so links.
 *
 * In: tables emitted by the backend (backend/emit_package.cc builds them as
 * LLVM constants). Out: a CPython 3.11 extension module (multi-phase init)
 * that serves the whole package from one .so through a meta-path importer.
 *
 * The backend mirrors these structs field by field; every field is 8 bytes
 * so the layout is the same in C and in the emitted IR (checked below).
 */
#ifndef PYAOT_RUNTIME_H
#define PYAOT_RUNTIME_H

#include <stdint.h>

typedef struct PyaotModuleEntry {
  const char *name;           /* fully qualified: "pkg.sub.mod" */
  const char *filename;       /* the original .py path: co_filename */
  const unsigned char *code;  /* marshaled module code object */
  int64_t code_size;
  const char *source;         /* UTF-8 source for get_source, or NULL */
  int64_t source_size;
  int64_t is_package;
  /* The module's native function bodies: PyMethodDefs (METH_FASTCALL) whose
   * index k replaces the trampoline placeholder ("__pyaot_native_entry__", k)
   * in the module's code constants. */
  const void *natives;
  int64_t native_count;
} PyaotModuleEntry;

typedef struct PyaotPackage {
  const char *name;                  /* import name of the top module */
  /* modules[0] is the top module; each entry may sit in its own object
   * (one per module, compiler/steps.h). */
  const PyaotModuleEntry *const *modules;
  int64_t module_count;
} PyaotPackage;

/* Called by the emitted PyInit_<name>; returns a PyModuleDef (PEP 489). */
void *pyaot_package_init(const PyaotPackage *package);

#endif
