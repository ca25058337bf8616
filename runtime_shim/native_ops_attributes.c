/* Native ops: attributes. LOAD_ATTR and STORE_ATTR through their sites'
 * caches, as the interpreter's specializations keep them (instance
 * values, __slots__, properties, module attributes), and DELETE_ATTR.
 * Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

/* One attribute site's cache (AttrCache), as the interpreter's
 * specialized LOAD_ATTR and STORE_ATTR keep it. For instances of a type whose version tag is
 * `type_version` (the type and its bases unchanged since) the attribute is
 *  - kAttrInline: slot `index` of the instance's inline values;
 *  - kAttrSlot: the __slots__ member at byte offset `index`;
 *  - kAttrProperty: what property getter `object` returns (called
 *    directly when its body is native);
 *  - kAttrGeneric: found the generic way (no fast path; do not look again);
 *  - kAttrClassValue: `object`, a plain value of the class (no descriptor:
 *    a constant, a default), while no instance can shadow it: the type has
 *    no instance dict, or keeps instance attributes inline and its shared
 *    keys still have the `index` entries they had (none of them the name);
 *    an instance whose dict was made real is looked up the generic way.
 * kAttrModule: `object`, from module dict `dict` while its version is
 * `dict_version` (LOAD_ATTR_MODULE). */
enum { kAttrInline = 0, kAttrSlot, kAttrProperty, kAttrGeneric, kAttrModule, kAttrClassValue };

/* Where `name` of instances of `object`'s type is found, for loads
 * (`for_store` 0) or stores. */
PYAOT_OUT_OF_LINE static void fill_attr_cache(PyObject *object, PyObject *name, AttrCache *cache,
                                              int for_store) {
  PyTypeObject *type = Py_TYPE(object);
  if (PyModule_CheckExact(object) && !for_store) {
    PyObject *dict = ((PyModuleObject *)object)->md_dict;
    PyObject *value = dict != NULL && PyDict_CheckExact(dict) ? PyDict_GetItemWithError(dict, name) : NULL;
    if (value == NULL) {
      PyErr_Clear();
      return;
    }
    if (cache->kind == kAttrProperty) Py_CLEAR(cache->object); /* a strong getter */
    cache->type_version = 0;
    cache->kind = kAttrModule;
    cache->object = value;
    cache->dict = dict;
    cache->dict_version = ((PyDictObject *)dict)->ma_version_tag;
    return;
  }
  if (type->tp_version_tag == 0 || !(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG) ||
      !PyUnicode_CheckExact(name) ||
      (for_store ? type->tp_setattro != PyObject_GenericSetAttr
                 : type->tp_getattro != PyObject_GenericGetAttr)) {
    return;
  }
  if (cache->kind == kAttrProperty) Py_CLEAR(cache->object); /* a strong getter */
  cache->object = NULL;
  cache->type_version = type->tp_version_tag;
  cache->kind = kAttrGeneric;
  PyObject *descriptor = _PyType_Lookup(type, name);
  if (descriptor == NULL) {
    if (!(type->tp_flags & Py_TPFLAGS_MANAGED_DICT)) return;
    PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
    if (keys == NULL || keys->dk_kind != DICT_KEYS_SPLIT) return;
    PyDictUnicodeEntry *entries = DK_UNICODE_ENTRIES(keys);
    for (Py_ssize_t i = 0; i < keys->dk_nentries; i++) {
      if (entries[i].me_key == name) {
        cache->kind = kAttrInline;
        cache->index = (uint32_t)i;
        return;
      }
    }
  } else if (Py_TYPE(descriptor) == &PyMemberDescr_Type) {
    PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
    if (member->type == T_OBJECT_EX && !(for_store && (member->flags & READONLY))) {
      cache->kind = kAttrSlot;
      cache->index = (uint32_t)member->offset;
    }
  } else if (!for_store && (Py_TYPE(descriptor)->tp_flags & Py_TPFLAGS_IMMUTABLETYPE) &&
             Py_TYPE(descriptor)->tp_descr_get == NULL &&
             Py_TYPE(descriptor)->tp_descr_set == NULL) {
    /* (a value's type that cannot change: no __get__ can appear later) */
    if (type->tp_flags & Py_TPFLAGS_MANAGED_DICT) {
      PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
      if (keys == NULL || keys->dk_kind != DICT_KEYS_SPLIT) return;
      PyDictUnicodeEntry *entries = DK_UNICODE_ENTRIES(keys);
      for (Py_ssize_t i = 0; i < keys->dk_nentries; i++) {
        if (entries[i].me_key == name) return; /* instances may shadow it */
      }
      cache->index = (uint32_t)keys->dk_nentries;
    } else if (type->tp_dictoffset != 0) {
      return;
    }
    cache->kind = kAttrClassValue;
    cache->object = descriptor; /* borrowed: the class holds it while its version stands */
  } else if (Py_TYPE(descriptor) == &PyProperty_Type && !for_store) {
    PyObject *getter = PyObject_GetAttrString(descriptor, "fget");
    if (getter == NULL || getter == Py_None) {
      PyErr_Clear();
      Py_XDECREF(getter);
      return;
    }
    cache->kind = kAttrProperty;
    cache->object = getter;
    cache->body = PyFunction_Check(getter)
                      ? pyaot_direct_body((PyCodeObject *)((PyFunctionObject *)getter)->func_code)
                      : NULL;
  }
}

/* Each attribute site has two entries: site[0], checked inline, holds the
 * receiver type seen last; site[1], checked out of line, the one before.
 * A site that sees two types (a base class and a subclass) keeps both. */
static inline int entry_matches(const AttrCache *entry, PyTypeObject *type) {
  return entry->type_version != 0 && type->tp_version_tag == entry->type_version;
}

/* Where a matching inline or slot entry keeps the attribute (the place
 * may be empty), or NULL: not kept that way. */
static inline PyObject **cached_attr_place(PyObject *object, const AttrCache *entry) {
  if (entry->kind == kAttrInline) {
    PyDictValues *values = *_PyObject_ValuesPointer(object);
    return values != NULL ? &values->values[entry->index] : NULL;
  }
  if (entry->kind == kAttrSlot) return (PyObject **)((char *)object + entry->index);
  return NULL;
}

/* The attribute as a matching inline or slot entry finds it (a new
 * reference), or NULL: not there that way. */
static inline PyObject *read_cached_attr(PyObject *object, const AttrCache *entry) {
  PyObject **place = cached_attr_place(object, entry);
  return place != NULL && *place != NULL ? Py_NewRef(*place) : NULL;
}

/* Sets the attribute where a matching inline or slot entry keeps it, as
 * STORE_ATTR_INSTANCE_VALUE and STORE_ATTR_SLOT do: 1; 0: not that way. */
static inline int write_cached_attr(PyObject *object, const AttrCache *entry, PyObject *value) {
  if (entry->kind == kAttrInline) {
    PyDictValues *values = *_PyObject_ValuesPointer(object);
    if (values == NULL) return 0;
    PyObject *old = values->values[entry->index];
    values->values[entry->index] = Py_NewRef(value);
    if (old == NULL) {
      _PyDictValues_AddToInsertionOrder(values, entry->index); /* a new attribute */
    } else {
      Py_DECREF(old);
    }
    return 1;
  }
  if (entry->kind == kAttrSlot) {
    PyObject **slot = (PyObject **)((char *)object + entry->index);
    PyObject *old = *slot;
    *slot = Py_NewRef(value);
    Py_XDECREF(old);
    return 1;
  }
  return 0;
}

/* A number boxed for a store through `entry` (NULL: boxing failed, the
 * caller's generic path boxes again and raises), stored: 1; else 0. */
PYAOT_OUT_OF_LINE static int32_t store_boxed_attr(PyObject *object, const AttrCache *entry,
                                                  PyObject *boxed) {
  if (boxed == NULL) {
    PyErr_Clear();
    return 0;
  }
  const int32_t stored = write_cached_attr(object, entry, boxed);
  Py_DECREF(boxed);
  return stored;
}

/* The entry a new receiver type fills: site[0], its previous type moving
 * to site[1] (whose own is dropped). */
static AttrCache *make_room(AttrCache *site) {
  const int empty = site[0].type_version == 0 && site[0].kind != kAttrModule;
  if (!empty) {
    if (site[1].kind == kAttrProperty) Py_CLEAR(site[1].object); /* a strong getter */
    site[1] = site[0];
    site[0].type_version = 0;
    site[0].kind = kAttrGeneric;
    site[0].object = NULL;
  }
  return &site[0];
}

/* Whether `object` may hold its own value for a kAttrClassValue entry's
 * name: its dict was made real, or its type's shared keys grew since. */
static int shadows_class_value(PyObject *object, const AttrCache *entry) {
  PyTypeObject *type = Py_TYPE(object);
  if (!(type->tp_flags & Py_TPFLAGS_MANAGED_DICT)) return 0; /* no instance dict */
  PyDictKeysObject *keys = ((PyHeapTypeObject *)type)->ht_cached_keys;
  return *_PyObject_ValuesPointer(object) == NULL || keys == NULL ||
         keys->dk_nentries != (Py_ssize_t)entry->index;
}

PYAOT_OUT_OF_LINE static PyObject *load_attr_slow(Frame *frame, PyObject *object,
                                                  int64_t name_index, AttrCache *site) {
  if (site[0].kind == kAttrModule && PyModule_CheckExact(object)) {
    PyObject *dict = ((PyModuleObject *)object)->md_dict;
    if (dict == site[0].dict && ((PyDictObject *)dict)->ma_version_tag == site[0].dict_version) {
      return Py_NewRef(site[0].object);
    }
  }
  PyTypeObject *type = Py_TYPE(object);
  AttrCache *entry = entry_matches(&site[0], type)   ? &site[0]
                     : entry_matches(&site[1], type) ? &site[1]
                                                     : NULL;
  if (entry != NULL && entry->kind == kAttrProperty) {
    PyObject *getter = entry->object;
    PyFunctionObject *function = (PyFunctionObject *)getter;
    if (entry->body != NULL && PyFunction_Check(getter) &&
        ((PyCodeObject *)function->func_code)->co_argcount == 1 &&
        !_PyThreadState_GET()->cframe->use_tracing) {
      return pyaot_call_directly(function, entry->body, &object, 1);
    }
    return PyObject_CallOneArg(getter, object);
  }
  if (entry == &site[1]) {
    PyObject *value = read_cached_attr(object, entry);
    if (value != NULL) return value;
  }
  if (entry != NULL && entry->kind == kAttrClassValue && !shadows_class_value(object, entry)) {
    return Py_NewRef(entry->object);
  }
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  PyObject *value = PyObject_GetAttr(object, name);
  if (value != NULL && entry == NULL) fill_attr_cache(object, name, make_room(site), 0);
  return value;
}

PYAOT_HOT PyObject *pyaot_load_attr(Frame *frame, PyObject *object, int64_t name_index,
                                    AttrCache *site) {
  if (entry_matches(&site[0], Py_TYPE(object))) {
    PyObject *value = read_cached_attr(object, &site[0]);
    if (value != NULL) return value;
  }
  return load_attr_slow(frame, object, name_index, site);
}

PYAOT_OUT_OF_LINE static int store_attr_slow(Frame *frame, PyObject *object, int64_t name_index,
                                             PyObject *value, AttrCache *site) {
  PyTypeObject *type = Py_TYPE(object);
  AttrCache *entry = entry_matches(&site[0], type)   ? &site[0]
                     : entry_matches(&site[1], type) ? &site[1]
                                                     : NULL;
  if (entry == &site[1] && write_cached_attr(object, entry, value)) return 0;
  PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_names, name_index);
  if (PyObject_SetAttr(object, name, value) < 0) return -1;
  if (entry == NULL) fill_attr_cache(object, name, make_room(site), 1);
  return 0;
}

/* Sets an instance attribute held in the object's inline values or a
 * __slots__ member (the site's cache); other stores go the generic way. */
PYAOT_HOT int pyaot_store_attr(Frame *frame, PyObject *object, int64_t name_index,
                               PyObject *value, AttrCache *site) {
  if (entry_matches(&site[0], Py_TYPE(object)) && write_cached_attr(object, &site[0], value)) {
    return 0;
  }
  return store_attr_slow(frame, object, name_index, value, site);
}

/* a.name = v with v a number (ir/unbox_arithmetic.h; `value` NULL while
 * it is one), where the site's entry keeps the attribute inline or in a
 * slot: an old exact int (float) that only the instance holds gets the
 * number in its box (self.count += 1 allocates nothing), else the number
 * is boxed and stored there: 1. 0: the caller boxes it and stores it the
 * generic way (a failed box raises there). */
PYAOT_HOT int32_t pyaot_store_attr_int(PyObject *object, PyObject *value, int64_t number,
                                       AttrCache *site) {
  if (value != NULL || !entry_matches(&site[0], Py_TYPE(object))) return 0;
  PyObject **place = cached_attr_place(object, &site[0]);
  if (place == NULL) return 0;
  PyObject *small = pyaot_small_int(number);
  if (small != NULL) return write_cached_attr(object, &site[0], small);
  PyObject *old = *place;
  if (old != NULL && Py_REFCNT(old) == 1 && PyLong_CheckExact(old) &&
      pyaot_overwrite_int(old, number)) {
    return 1;
  }
  return store_boxed_attr(object, &site[0], PyLong_FromLongLong(number));
}

PYAOT_HOT int32_t pyaot_store_attr_float(PyObject *object, PyObject *value, double number,
                                         AttrCache *site) {
  if (value != NULL || !entry_matches(&site[0], Py_TYPE(object))) return 0;
  PyObject **place = cached_attr_place(object, &site[0]);
  if (place == NULL) return 0;
  PyObject *old = *place;
  if (old != NULL && Py_REFCNT(old) == 1 && PyFloat_CheckExact(old)) {
    ((PyFloatObject *)old)->ob_fval = number;
    return 1;
  }
  return store_boxed_attr(object, &site[0], PyFloat_FromDouble(number));
}

int pyaot_delete_attr(Frame *frame, PyObject *object, int64_t name_index) {
  return PyObject_SetAttr(object, PyTuple_GET_ITEM(frame->f_code->co_names, name_index), NULL);
}
