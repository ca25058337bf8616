/* Native ops: containers. Subscripts and slices (lists, tuples, strs and
 * dicts by the interpreter's fast paths), building displays (tuple, list,
 * set, dict, f-string) and growing them (append, extend, update, merge),
 * unpacking, and the pattern matching that takes containers and objects
 * apart (MATCH_*, GET_LEN). Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

/* ---- subscripts and slices ----------------------------------------------- */

/* A compact int as an index into a list or tuple of `size` items, or -1. */
static inline Py_ssize_t small_index(PyObject *key, Py_ssize_t size) {
  if (!PyLong_CheckExact(key) || (size_t)(Py_SIZE(key) + 1) > 2) return -1;
  Py_ssize_t i = (Py_ssize_t)((PyLongObject *)key)->ob_digit[0] * Py_SIZE(key);
  if (i < 0) i += size;
  return i >= 0 && i < size ? i : -1;
}

/* The one-character str CPython keeps for a code point below 256 (what
 * its unicode_char returns). */
static inline PyObject *latin1_character(Py_UCS4 ch) {
  return ch < 128 ? (PyObject *)&_Py_SINGLETON(strings).ascii[ch]
                  : (PyObject *)&_Py_SINGLETON(strings).latin1[ch - 128];
}

PYAOT_OUT_OF_LINE static PyObject *get_item_slow(PyObject *object, PyObject *key) {
  if (PyDict_CheckExact(object)) {
    PyObject *value = PyDict_GetItemWithError(object, key);
    if (value != NULL) return Py_NewRef(value);
    if (PyErr_Occurred()) return NULL;
  } else if (PyUnicode_CheckExact(object) && PyUnicode_IS_READY(object)) {
    Py_ssize_t i = small_index(key, PyUnicode_GET_LENGTH(object));
    if (i >= 0) {
      Py_UCS4 ch = PyUnicode_READ_CHAR(object, i);
      return ch < 256 ? Py_NewRef(latin1_character(ch)) : PyUnicode_FromOrdinal((int)ch);
    }
  }
  return PyObject_GetItem(object, key);
}

/* a[b]: lists and tuples by int inline, dicts found directly (what the
 * interpreter specializes); everything else, and every error, generic. */
PYAOT_HOT PyObject *pyaot_get_item(PyObject *object, PyObject *key) {
  if (PyList_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyList_GET_SIZE(object));
    if (i >= 0) return Py_NewRef(PyList_GET_ITEM(object, i));
  } else if (PyTuple_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyTuple_GET_SIZE(object));
    if (i >= 0) return Py_NewRef(PyTuple_GET_ITEM(object, i));
  }
  return get_item_slow(object, key);
}

/* a[i] with an int local's number as the index (`key` NULL, ir/unbox_locals.h;
 * or a compact int object): a list's or tuple's item, a new reference; NULL,
 * with no error set, for anything else (another container, an index out of
 * range, another key): the generic pyaot_get_item_at then, which may run code. */
PYAOT_HOT PyObject *pyaot_sequence_item(PyObject *object, PyObject *key, int64_t index) {
  if (key != NULL) { /* the local's value an object yet: a compact int serves */
    if (!PyLong_CheckExact(key) || (size_t)(Py_SIZE(key) + 1) > 2) return NULL;
    index = (int64_t)((PyLongObject *)key)->ob_digit[0] * Py_SIZE(key);
  }
  Py_ssize_t size;
  PyObject **items;
  if (PyList_CheckExact(object)) {
    size = PyList_GET_SIZE(object);
    items = ((PyListObject *)object)->ob_item;
  } else if (PyTuple_CheckExact(object)) {
    size = PyTuple_GET_SIZE(object);
    items = ((PyTupleObject *)object)->ob_item;
  } else {
    return NULL;
  }
  if (index < 0) index += size;
  return index >= 0 && index < size ? Py_NewRef(items[index]) : NULL;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_get_item_at(PyObject *object, PyObject *key, int64_t index) {
  if (key != NULL) return pyaot_get_item(object, key);
  PyObject *boxed = PyLong_FromLongLong(index);
  if (boxed == NULL) return NULL;
  PyObject *item = pyaot_get_item(object, boxed);
  Py_DECREF(boxed);
  return item;
}

int pyaot_set_item(PyObject *object, PyObject *key, PyObject *value);

/* The place of an exact list's item at an int local's number (`key` NULL)
 * or at a compact int `key`; NULL for another container, key or an index
 * out of range. */
static inline PyObject **list_item_place(PyObject *object, PyObject *key, int64_t index) {
  if (!PyList_CheckExact(object)) return NULL;
  if (key != NULL) {
    if (!PyLong_CheckExact(key) || (size_t)(Py_SIZE(key) + 1) > 2) return NULL;
    index = (int64_t)((PyLongObject *)key)->ob_digit[0] * Py_SIZE(key);
  }
  const Py_ssize_t size = PyList_GET_SIZE(object);
  if (index < 0) index += size;
  if (index < 0 || index >= size) return NULL;
  return &((PyListObject *)object)->ob_item[index];
}

/* Whether dropping `old` runs no code: someone else holds it, or it is an
 * int, float, str, bool or None. */
static inline int drops_quietly(PyObject *old) {
  PyTypeObject *type = Py_TYPE(old);
  return Py_REFCNT(old) > 1 || type == &PyLong_Type || type == &PyFloat_Type ||
         type == &PyUnicode_Type || type == &PyBool_Type || old == Py_None;
}

/* a[i] = v into an exact list at an int local's number (or a compact int),
 * when letting go of the old item runs no code: 1, done; else 0, nothing
 * done (the generic pyaot_set_item_at then, the locals written back first). */
PYAOT_HOT int32_t pyaot_list_store(PyObject *object, PyObject *key, int64_t index, PyObject *value) {
  PyObject **place = list_item_place(object, key, index);
  if (place == NULL || !drops_quietly(*place)) return 0;
  PyObject *old = *place;
  *place = Py_NewRef(value);
  Py_DECREF(old);
  return 1;
}

/* a[i] = v of a float computed as a double (`value` NULL; else v is the
 * object): an old float only the list holds takes the number in place (no
 * one else can see it), else a new float is stored; 0 as pyaot_list_store. */
PYAOT_HOT int32_t pyaot_list_store_float(PyObject *object, PyObject *key, int64_t index,
                                         PyObject *value, double number) {
  if (value != NULL) return pyaot_list_store(object, key, index, value);
  PyObject **place = list_item_place(object, key, index);
  if (place == NULL) return 0;
  PyObject *old = *place;
  if (Py_REFCNT(old) == 1 && PyFloat_CheckExact(old)) {
    ((PyFloatObject *)old)->ob_fval = number;
    return 1;
  }
  if (!drops_quietly(old)) return 0;
  PyObject *boxed = PyFloat_FromDouble(number);
  if (boxed == NULL) { /* the generic path boxes it again and raises */
    PyErr_Clear();
    return 0;
  }
  *place = boxed;
  Py_DECREF(old);
  return 1;
}

/* The same for an int computed as a 64-bit int: CPython's own small ints
 * are shared, as PyLong_FromLongLong shares them. */
PYAOT_HOT int32_t pyaot_list_store_int(PyObject *object, PyObject *key, int64_t index,
                                       PyObject *value, int64_t number) {
  if (value != NULL) return pyaot_list_store(object, key, index, value);
  PyObject **place = list_item_place(object, key, index);
  if (place == NULL) return 0;
  PyObject *old = *place;
  if (Py_REFCNT(old) == 1 && PyLong_CheckExact(old) && pyaot_overwrite_int(old, number)) return 1;
  if (!drops_quietly(old)) return 0;
  PyObject *boxed = PyLong_FromLongLong(number);
  if (boxed == NULL) {
    PyErr_Clear();
    return 0;
  }
  *place = boxed;
  Py_DECREF(old);
  return 1;
}

/* a[i] = v with an int local's number as the index (`key` NULL). */
PYAOT_HOT int pyaot_set_item_at(PyObject *object, PyObject *key, int64_t index, PyObject *value) {
  if (key != NULL) return pyaot_set_item(object, key, value);
  if (PyList_CheckExact(object)) {
    const Py_ssize_t size = PyList_GET_SIZE(object);
    const int64_t i = index < 0 ? index + size : index;
    if (i >= 0 && i < size) {
      PyObject *old = PyList_GET_ITEM(object, i);
      PyList_SET_ITEM(object, i, Py_NewRef(value));
      Py_DECREF(old);
      return 0;
    }
  }
  PyObject *boxed = PyLong_FromLongLong(index);
  if (boxed == NULL) return -1;
  int status = pyaot_set_item(object, boxed, value);
  Py_DECREF(boxed);
  return status;
}

int pyaot_set_item(PyObject *object, PyObject *key, PyObject *value) {
  if (PyList_CheckExact(object)) {
    Py_ssize_t i = small_index(key, PyList_GET_SIZE(object));
    if (i >= 0) {
      PyObject *old = PyList_GET_ITEM(object, i);
      PyList_SET_ITEM(object, i, Py_NewRef(value));
      Py_DECREF(old);
      return 0;
    }
  } else if (PyDict_CheckExact(object)) {
    return PyDict_SetItem(object, key, value);
  }
  return PyObject_SetItem(object, key, value);
}

int pyaot_delete_item(PyObject *object, PyObject *key) { return PyObject_DelItem(object, key); }

PyObject *pyaot_build_slice(PyObject *start, PyObject *stop, PyObject *step) {
  return PySlice_New(start, stop, step);
}

/* A slice bound that is None (*out keeps its default) or a compact int:
 * 1; anything else (big ints clip, other types call __index__): 0. */
static inline int compact_slice_bound(PyObject *bound, Py_ssize_t *out) {
  long value;
  if (bound == Py_None) return 1;
  if (!compact_long(bound, &value)) return 0;
  *out = value;
  return 1;
}

/* object[start:stop]: exact lists, tuples and strs with None or small int
 * bounds are sliced without a slice object, with the results of their
 * subscript methods (list_subscript, tuple_subscript, unicode_subscript);
 * anything else builds the slice and subscripts the generic way. */
PyObject *pyaot_get_slice(PyObject *object, PyObject *start, PyObject *stop) {
  Py_ssize_t low = 0, high = PY_SSIZE_T_MAX;
  const int sliceable = PyList_CheckExact(object) || PyTuple_CheckExact(object) ||
                        (PyUnicode_CheckExact(object) && PyUnicode_IS_READY(object));
  if (sliceable && compact_slice_bound(start, &low) && compact_slice_bound(stop, &high)) {
    if (PyList_CheckExact(object)) {
      PySlice_AdjustIndices(PyList_GET_SIZE(object), &low, &high, 1);
      return PyList_GetSlice(object, low, high);
    }
    if (PyTuple_CheckExact(object)) {
      PySlice_AdjustIndices(PyTuple_GET_SIZE(object), &low, &high, 1);
      return PyTuple_GetSlice(object, low, high);
    }
    if (PySlice_AdjustIndices(PyUnicode_GET_LENGTH(object), &low, &high, 1) <= 0) {
      return PyUnicode_New(0, 0);
    }
    return PyUnicode_Substring(object, low, high);
  }
  PyObject *slice = PySlice_New(start, stop, NULL);
  if (slice == NULL) return NULL;
  PyObject *result = PyObject_GetItem(object, slice);
  Py_DECREF(slice);
  return result;
}

/* ---- growing lists, sets and dicts ------------------------------------------ */

int pyaot_list_append(PyObject *list, PyObject *item) { return PyList_Append(list, item); }

PYAOT_OUT_OF_LINE int pyaot_list_extend(PyObject *list, PyObject *iterable) {
  PyObject *none = _PyList_Extend((PyListObject *)list, iterable);
  if (none == NULL) {
    if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(iterable)->tp_iter == NULL &&
        !PySequence_Check(iterable)) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "Value after * must be an iterable, not %.200s",
                   Py_TYPE(iterable)->tp_name);
    }
    return -1;
  }
  Py_DECREF(none);
  return 0;
}

int pyaot_set_add(PyObject *set, PyObject *item) { return PySet_Add(set, item); }

PYAOT_OUT_OF_LINE int pyaot_set_update(PyObject *set, PyObject *iterable) {
  return _PySet_Update(set, iterable);
}

/* DICT_UPDATE: {**mapping}, with the interpreter's message for a non-mapping. */
PYAOT_OUT_OF_LINE int pyaot_dict_update(PyObject *dict, PyObject *mapping) {
  if (PyDict_Update(dict, mapping) == 0) return 0;
  if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not a mapping", Py_TYPE(mapping)->tp_name);
  }
  return -1;
}

PyObject *pyaot_list_to_tuple(PyObject *list) { return PyList_AsTuple(list); }

/* DICT_MERGE for f(**mapping), with the interpreter's messages. */
PYAOT_OUT_OF_LINE int pyaot_dict_merge(PyObject *callable, PyObject *dict, PyObject *mapping) {
  if (_PyDict_MergeEx(dict, mapping, 2) == 0) return 0;
  if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyObject *name = _PyObject_FunctionStr(callable);
    if (name != NULL) {
      PyErr_Format(PyExc_TypeError, "%U argument after ** must be a mapping, not %.200s", name,
                   Py_TYPE(mapping)->tp_name);
      Py_DECREF(name);
    }
  } else if (PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    if (value != NULL && PyTuple_Check(value) && PyTuple_GET_SIZE(value) == 1) {
      PyObject *name = _PyObject_FunctionStr(callable);
      if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "%U got multiple values for keyword argument '%S'", name,
                     PyTuple_GET_ITEM(value, 0));
        Py_DECREF(name);
      }
      Py_XDECREF(type);
      Py_XDECREF(value);
      Py_XDECREF(traceback);
    } else {
      PyErr_Restore(type, value, traceback);
    }
  }
  return -1;
}

/* ---- displays ---------------------------------------------------------------- */

PYAOT_OUT_OF_LINE PyObject *pyaot_build_tuple(PyObject **items, int64_t count) {
  PyObject *tuple = PyTuple_New((Py_ssize_t)count);
  if (tuple == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    Py_INCREF(items[i]);
    PyTuple_SET_ITEM(tuple, i, items[i]);
  }
  return tuple;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_list(PyObject **items, int64_t count) {
  PyObject *list = PyList_New((Py_ssize_t)count);
  if (list == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    Py_INCREF(items[i]);
    PyList_SET_ITEM(list, i, items[i]);
  }
  return list;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_set(PyObject **items, int64_t count) {
  PyObject *set = PySet_New(NULL);
  if (set == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    if (PySet_Add(set, items[i]) < 0) {
      Py_DECREF(set);
      return NULL;
    }
  }
  return set;
}

/* items: key, value, key, value... */
PYAOT_OUT_OF_LINE PyObject *pyaot_build_dict(PyObject **items, int64_t count) {
  /* Grown by insertion: str keys keep the compact unicode table, as the
   * interpreter's presized dicts do (_PyDict_NewPresized would not). */
  PyObject *dict = PyDict_New();
  if (dict == NULL) return NULL;
  for (int64_t i = 0; i + 1 < count; i += 2) {
    if (PyDict_SetItem(dict, items[i], items[i + 1]) < 0) {
      Py_DECREF(dict);
      return NULL;
    }
  }
  return dict;
}

/* keys: a tuple of as many keys as values (BUILD_CONST_KEY_MAP). */
PYAOT_OUT_OF_LINE PyObject *pyaot_build_dict_from_keys(PyObject *keys, PyObject **values, int64_t count) {
  if (!PyTuple_CheckExact(keys) || PyTuple_GET_SIZE(keys) != count) {
    PyErr_SetString(PyExc_SystemError, "pyaot: constant keys do not match the dict's values");
    return NULL;
  }
  PyObject *dict = PyDict_New(); /* see pyaot_build_dict */
  if (dict == NULL) return NULL;
  for (int64_t i = 0; i < count; i++) {
    if (PyDict_SetItem(dict, PyTuple_GET_ITEM(keys, i), values[i]) < 0) {
      Py_DECREF(dict);
      return NULL;
    }
  }
  return dict;
}

PyObject *pyaot_list_from_constant(PyObject *items) { return PySequence_List(items); }

PyObject *pyaot_set_from_constant(PyObject *items) { return PySet_New(items); }

/* conversion: -1 none, 's', 'r' or 'a'; spec may be NULL. */
PYAOT_OUT_OF_LINE PyObject *pyaot_format_value(PyObject *value, int64_t conversion, PyObject *spec) {
  PyObject *converted = NULL;
  switch (conversion) {
    case 's': converted = PyObject_Str(value); break;
    case 'r': converted = PyObject_Repr(value); break;
    case 'a': converted = PyObject_ASCII(value); break;
    default: Py_INCREF(value); converted = value;
  }
  if (converted == NULL) return NULL;
  if (spec == NULL && PyUnicode_CheckExact(converted)) return converted;
  PyObject *result = PyObject_Format(converted, spec);
  Py_DECREF(converted);
  return result;
}

PYAOT_OUT_OF_LINE PyObject *pyaot_build_string(PyObject **items, int64_t count) {
  PyObject *empty = PyUnicode_New(0, 0);
  if (empty == NULL) return NULL;
  PyObject *result = _PyUnicode_JoinArray(empty, items, (Py_ssize_t)count);
  Py_DECREF(empty);
  return result;
}

/* ---- unpacking ---------------------------------------------------------------- */

/* The items UNPACK_SEQUENCE (after < 0: exactly `before` of them) or
 * UNPACK_EX (`before` items, a list of the rest, `after` items) would push,
 * new references in out[0 .. before + (after < 0 ? 0 : 1 + after)): 0; or
 * -1 with the interpreter's error and nothing in out. */
PYAOT_OUT_OF_LINE static int unpack_items_slow(PyObject *value, int64_t before, int64_t after,
                                              PyObject **out) {
  PyObject *iterator = PyObject_GetIter(value);
  if (iterator == NULL) {
    if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(value)->tp_iter == NULL &&
        !PySequence_Check(value)) {
      PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object",
                   Py_TYPE(value)->tp_name);
    }
    return -1;
  }
  int64_t got = 0;
  for (; got < before; got++) {
    PyObject *item = PyIter_Next(iterator);
    if (item == NULL) {
      if (!PyErr_Occurred()) {
        if (after < 0) {
          PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected %d, got %d)",
                       (int)before, (int)got);
        } else {
          PyErr_Format(PyExc_ValueError,
                       "not enough values to unpack (expected at least %d, got %d)",
                       (int)(before + after), (int)got);
        }
      }
      goto error;
    }
    out[got] = item;
  }
  if (after < 0) {
    PyObject *extra = PyIter_Next(iterator);
    if (extra != NULL) {
      Py_DECREF(extra);
      PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %d)", (int)before);
      goto error;
    }
    if (PyErr_Occurred()) goto error;
  } else {
    PyObject *rest = PySequence_List(iterator);
    if (rest == NULL) goto error;
    Py_ssize_t size = PyList_GET_SIZE(rest);
    if (size < after) {
      PyErr_Format(PyExc_ValueError,
                   "not enough values to unpack (expected at least %d, got %zd)",
                   (int)(before + after), (Py_ssize_t)before + size);
      Py_DECREF(rest);
      goto error;
    }
    for (int64_t j = 0; j < after; j++) {
      out[before + 1 + j] = PyList_GET_ITEM(rest, size - after + j);
    }
    Py_SET_SIZE(rest, size - after); /* the moved items' references go with them */
    out[before] = rest;
  }
  Py_DECREF(iterator);
  return 0;
error:
  Py_DECREF(iterator);
  for (int64_t i = 0; i < got; i++) Py_DECREF(out[i]);
  return -1;
}

/* An exact tuple or list of exactly `before` items is read in place (what
 * UNPACK_SEQUENCE specializes); anything else is iterated. */
PYAOT_HOT int pyaot_unpack_items(PyObject *value, int64_t before, int64_t after, PyObject **out) {
  PyObject **source = NULL;
  if (after < 0 && PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == before) {
    source = ((PyTupleObject *)value)->ob_item;
  } else if (after < 0 && PyList_CheckExact(value) && PyList_GET_SIZE(value) == before) {
    source = ((PyListObject *)value)->ob_item;
  }
  if (source == NULL) return unpack_items_slow(value, before, after, out);
  for (int64_t i = 0; i < before; i++) out[i] = Py_NewRef(source[i]);
  return 0;
}

/* a, b = value: exactly `count` items, stored in order into the slots (each
 * store at its own STORE_FAST, `offset` being UNPACK_SEQUENCE's), after all
 * were taken, as the interpreter takes them onto its stack first. */
PYAOT_HOT int pyaot_unpack_to_locals(Frame *frame, PyObject *value, int64_t count,
                                     const int64_t *slots, int64_t offset) {
  PyObject *items[16];
  PyObject **out = items;
  if (count > 16) {
    out = PyMem_Malloc(sizeof(PyObject *) * (size_t)count);
    if (out == NULL) {
      PyErr_NoMemory();
      return -1;
    }
  }
  const int status = pyaot_unpack_items(value, count, -1, out);
  /* The stores CPython compiles after UNPACK_SEQUENCE and its caches. */
  const int64_t first_store = offset + 1 + INLINE_CACHE_ENTRIES_UNPACK_SEQUENCE;
  for (int64_t i = 0; status == 0 && i < count; i++) {
    pyaot_store_fast(frame, slots[i], out[i], offset < 0 ? -1 : first_store + i);
  }
  if (out != items) PyMem_Free(out);
  return status;
}

/* The items of `value` as a tuple (pyaot_unpack_items'), for the targets
 * that take them one by one. */
PYAOT_OUT_OF_LINE PyObject *pyaot_unpack(PyObject *value, int64_t before, int64_t after) {
  if (after < 0 && PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == before) {
    return Py_NewRef(value);
  }
  PyObject *result = PyTuple_New((Py_ssize_t)(before + (after < 0 ? 0 : 1 + after)));
  if (result == NULL) return NULL;
  if (pyaot_unpack_items(value, before, after, ((PyTupleObject *)result)->ob_item) < 0) {
    Py_DECREF(result); /* its items NULL */
    return NULL;
  }
  return result;
}

/* ---- pattern matching (ceval's MATCH_* and GET_LEN) ------------------------ */

int pyaot_match_sequence(PyObject *subject) {
  return PyType_HasFeature(Py_TYPE(subject), Py_TPFLAGS_SEQUENCE);
}

int pyaot_match_mapping(PyObject *subject) {
  return PyType_HasFeature(Py_TYPE(subject), Py_TPFLAGS_MAPPING);
}

PyObject *pyaot_get_len(PyObject *object) {
  Py_ssize_t length = PyObject_Length(object);
  return length < 0 ? NULL : PyLong_FromSsize_t(length);
}

/* Adds `name` to the names a pattern has used (a TypeError naming `type`
 * when it is there already), then gets it from `subject`. NULL without an
 * error: no such attribute. */
static PyObject *match_class_attribute(PyObject *subject, PyTypeObject *type, PyObject *name,
                                       PyObject *seen) {
  int repeated = PySet_Contains(seen, name);
  if (repeated != 0 || PySet_Add(seen, name) < 0) {
    if (!PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "%s() got multiple sub-patterns for attribute %R",
                   type->tp_name, name);
    }
    return NULL;
  }
  PyObject *value = PyObject_GetAttr(subject, name);
  if (value == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) PyErr_Clear();
  return value;
}

/* The names of class pattern `type`'s first `positional` sub-patterns: its
 * __match_args__. Without one, an empty tuple, with *self_match set when
 * the type matches itself (int(x), str(x): _Py_TPFLAGS_MATCH_SELF). */
static PyObject *positional_names(PyTypeObject *type, Py_ssize_t positional, int *self_match) {
  *self_match = 0;
  PyObject *names = PyObject_GetAttrString((PyObject *)type, "__match_args__");
  if (names == NULL) {
    if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return NULL;
    PyErr_Clear();
    *self_match = PyType_HasFeature(type, _Py_TPFLAGS_MATCH_SELF);
    names = PyTuple_New(0);
    if (names == NULL) return NULL;
  } else if (!PyTuple_CheckExact(names)) {
    PyErr_Format(PyExc_TypeError, "%s.__match_args__ must be a tuple (got %s)", type->tp_name,
                 Py_TYPE(names)->tp_name);
    Py_DECREF(names);
    return NULL;
  }
  Py_ssize_t allowed = *self_match ? 1 : PyTuple_GET_SIZE(names);
  if (allowed < positional) {
    PyErr_Format(PyExc_TypeError, "%s() accepts %zd positional sub-pattern%s (%zd given)",
                 type->tp_name, allowed, allowed == 1 ? "" : "s", positional);
    Py_DECREF(names);
    return NULL;
  }
  return names;
}

/* MATCH_CLASS (ceval's match_class): whether `subject` is an instance of
 * `cls`, then the attributes its `positional` sub-patterns (named by
 * __match_args__) and keyword sub-patterns (named by `keywords`) take.
 * 1: *attributes is a tuple of them; 0: no match (NULL); -1: an error. */
PYAOT_OUT_OF_LINE int pyaot_match_class(PyObject *subject, PyObject *cls, PyObject *keywords,
                                        int64_t positional, PyObject **attributes) {
  *attributes = NULL;
  if (!PyType_Check(cls)) {
    PyErr_SetString(PyExc_TypeError, "called match pattern must be a type");
    return -1;
  }
  PyTypeObject *type = (PyTypeObject *)cls;
  int instance = PyObject_IsInstance(subject, cls);
  if (instance <= 0) return instance;
  Py_ssize_t count = (Py_ssize_t)positional + PyTuple_GET_SIZE(keywords);
  PyObject *seen = PySet_New(NULL);
  PyObject *names = NULL;
  PyObject *result = seen != NULL ? PyTuple_New(count) : NULL;
  if (result == NULL) goto failed;
  int self_match = 0;
  if (positional > 0) {
    names = positional_names(type, (Py_ssize_t)positional, &self_match);
    if (names == NULL) goto failed;
  }
  for (Py_ssize_t i = 0; i < count; i++) {
    PyObject *value;
    if (i < positional && self_match) {
      value = Py_NewRef(subject);
    } else {
      PyObject *name = i < positional ? PyTuple_GET_ITEM(names, i)
                                      : PyTuple_GET_ITEM(keywords, i - (Py_ssize_t)positional);
      if (!PyUnicode_CheckExact(name)) {
        PyErr_Format(PyExc_TypeError, "__match_args__ elements must be strings (got %s)",
                     Py_TYPE(name)->tp_name);
        goto failed;
      }
      value = match_class_attribute(subject, type, name, seen);
      if (value == NULL) goto failed;
    }
    PyTuple_SET_ITEM(result, i, value);
  }
  Py_XDECREF(names);
  Py_DECREF(seen);
  *attributes = result;
  return 1;
failed:
  Py_XDECREF(names);
  Py_XDECREF(seen);
  Py_XDECREF(result);
  return PyErr_Occurred() ? -1 : 0;
}

/* MATCH_KEYS (ceval's match_keys): the values at `keys` in `mapping`, each
 * looked up with mapping.get(key, <a fresh object>) so that no __missing__
 * runs. 1: *values is a tuple of them; 0: a key is missing (NULL); -1: an
 * error (a key repeated is a ValueError). */
PYAOT_OUT_OF_LINE int pyaot_match_keys(PyObject *mapping, PyObject *keys, PyObject **values) {
  *values = NULL;
  Py_ssize_t count = PyTuple_GET_SIZE(keys);
  if (count == 0) {
    *values = PyTuple_New(0);
    return *values != NULL ? 1 : -1;
  }
  PyObject *seen = NULL, *missing = NULL, *result = NULL;
  PyObject *get = NULL;
  int unbound = _PyObject_GetMethod(mapping, &_Py_ID(get), &get);
  int status = -1;
  if (get == NULL || (seen = PySet_New(NULL)) == NULL ||
      (missing = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)) == NULL ||
      (result = PyTuple_New(count)) == NULL) {
    goto done;
  }
  for (Py_ssize_t i = 0; i < count; i++) {
    PyObject *key = PyTuple_GET_ITEM(keys, i);
    if (PySet_Contains(seen, key) != 0 || PySet_Add(seen, key) < 0) {
      if (!PyErr_Occurred()) {
        PyErr_Format(PyExc_ValueError, "mapping pattern checks duplicate key (%R)", key);
      }
      goto done;
    }
    PyObject *args[3] = {mapping, key, missing};
    PyObject *value = unbound ? PyObject_Vectorcall(get, args, 3, NULL)
                              : PyObject_Vectorcall(get, args + 1, 2, NULL);
    if (value == NULL) goto done;
    if (value == missing) {
      Py_DECREF(value);
      status = 0;
      goto done;
    }
    PyTuple_SET_ITEM(result, i, value);
  }
  *values = result;
  result = NULL;
  status = 1;
done:
  Py_XDECREF(get);
  Py_XDECREF(seen);
  Py_XDECREF(missing);
  Py_XDECREF(result);
  return status;
}
