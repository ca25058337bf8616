/* Source lines for the reports CPython's C code prints (report_sources.c). */
#ifndef PYAOT_REPORT_SOURCES_H
#define PYAOT_REPORT_SOURCES_H

#include <Python.h>

#include "pyaot_runtime.h"

/* Registers `entry`'s embedded source under its filename (the .py is not on
 * disk) for the interpreter's own reports; -1 with an exception on failure. */
int pyaot_register_report_source(const PyaotModuleEntry *entry);

#endif
