/* The state of native_ops_calls.c's stack segments, one per .so: every
 * module object's copy of the native ops (native_ops_internal.h) reads and
 * writes these, so a deep recursion across modules switches segments as
 * one within a module does. */
#include "native_ops_internal.h"

_Thread_local PyaotStackBounds pyaot_running_stack;
_Thread_local struct PyaotSegmentCall *pyaot_segment_call;
