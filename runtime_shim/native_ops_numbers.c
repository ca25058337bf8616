/* Native ops: numbers and comparisons. Binary and in-place operators with
 * the interpreter's int and float fast paths, the helpers of arithmetic the
 * emitter keeps unboxed (backend/emit_native.cc), unary operators,
 * comparisons, truth and `in`. Conventions: native_ops_internal.h. */
#include "native_ops_internal.h"

/* A binary operator's `kind` is ir::BinaryKind, listed in the order of
 * CPython's NB_* (opcode.h, BINARY_OP's oparg), so the NB_* names serve. */
_Static_assert(NB_ADD == 0 && NB_SUBTRACT == 10 && NB_XOR == 12,
               "opcode.h's NB_* are no longer ir::BinaryKind's values");

/* True or False: a comparison's result, a bool constant. */
PyObject *pyaot_load_bool(int value) {
  PyObject *result = value ? Py_True : Py_False;
  Py_INCREF(result);
  return result;
}

/* ---- operators ----------------------------------------------------------- */

/* kind: an NB_* constant at each call site, so the switch folds away once
 * inlined. */

/* Exact float and small int arithmetic without the generic dispatch; the
 * results are the values the generic path computes. NULL without an
 * exception: take the generic path. */
/* int and float arithmetic the interpreter specializes; NULL when not one
 * of those cases (or when the result could not be made: then an error is
 * set, which the out-of-line path checks first). `kind` is a constant at
 * each use, so only its case stays after inlining. */
static inline PyObject *arithmetic_fast_path(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) {
    switch (kind) {
      case NB_ADD: return PyLong_FromLong(x + y);
      case NB_MULTIPLY: return PyLong_FromLong(x * y); /* |x|, |y| < 2**30: no overflow */
      case NB_SUBTRACT: return PyLong_FromLong(x - y);
      case NB_AND: return PyLong_FromLong(x & y);
      case NB_OR: return PyLong_FromLong(x | y);
      case NB_XOR: return PyLong_FromLong(x ^ y);
      case NB_FLOOR_DIVIDE:
      case NB_REMAINDER:
        if (y == 0) return NULL; /* ZeroDivisionError from the generic path */
        {
          long q = x / y, r = x % y;
          if (r != 0 && ((r < 0) != (y < 0))) { /* Python rounds toward -inf */
            q -= 1;
            r += y;
          }
          return PyLong_FromLong(kind == NB_FLOOR_DIVIDE ? q : r);
        }
      default: return NULL;
    }
  }
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double p = PyFloat_AS_DOUBLE(a), q = PyFloat_AS_DOUBLE(b);
    switch (kind) {
      case NB_ADD: return PyFloat_FromDouble(p + q);
      case NB_MULTIPLY: return PyFloat_FromDouble(p * q);
      case NB_SUBTRACT: return PyFloat_FromDouble(p - q);
      case NB_TRUE_DIVIDE: return q != 0.0 ? PyFloat_FromDouble(p / q) : NULL;
      default: return NULL;
    }
  }
  return NULL;
}

__attribute__((noinline)) static PyObject *binary_op_generic(PyObject *a, PyObject *b,
                                                             int64_t kind) {
  switch (kind) {
    case NB_ADD: return PyNumber_Add(a, b);
    case NB_AND: return PyNumber_And(a, b);
    case NB_FLOOR_DIVIDE: return PyNumber_FloorDivide(a, b);
    case NB_LSHIFT: return PyNumber_Lshift(a, b);
    case NB_MATRIX_MULTIPLY: return PyNumber_MatrixMultiply(a, b);
    case NB_MULTIPLY: return PyNumber_Multiply(a, b);
    case NB_REMAINDER: return PyNumber_Remainder(a, b);
    case NB_OR: return PyNumber_Or(a, b);
    case NB_POWER: return PyNumber_Power(a, b, Py_None);
    case NB_RSHIFT: return PyNumber_Rshift(a, b);
    case NB_SUBTRACT: return PyNumber_Subtract(a, b);
    case NB_TRUE_DIVIDE: return PyNumber_TrueDivide(a, b);
    default: return PyNumber_Xor(a, b); /* NB_XOR */
  }
}

/* An exact int of two or more digits times an exact int of one digit (the
 * loops of factorials, digit accumulators and spigots): one pass over the
 * digits. CPython's x_mul zeroes the result first and reloads each result
 * digit. NULL without an exception: not that case. */
static PyObject *multiply_by_digit(PyObject *a, PyObject *b) {
  if (!PyLong_CheckExact(a) || !PyLong_CheckExact(b)) return NULL;
  if (Py_ABS(Py_SIZE(a)) < Py_ABS(Py_SIZE(b))) {
    PyObject *swap = a;
    a = b;
    b = swap;
  }
  const Py_ssize_t size = Py_ABS(Py_SIZE(a)), small_size = Py_SIZE(b);
  if (size < 2 || small_size < -1 || small_size > 1) return NULL;
  if (small_size == 0) return PyLong_FromLong(0);
  const twodigits factor = ((PyLongObject *)b)->ob_digit[0];
  PyLongObject *product = _PyLong_New(size + 1);
  if (product == NULL) return NULL;
  const digit *in = ((PyLongObject *)a)->ob_digit;
  digit *out = product->ob_digit;
  twodigits carry = 0;
  for (Py_ssize_t i = 0; i < size; i++) {
    carry += in[i] * factor;
    out[i] = (digit)(carry & PyLong_MASK);
    carry >>= PyLong_SHIFT;
  }
  out[size] = (digit)carry;
  const Py_ssize_t product_size = size + (carry != 0);
  Py_SET_SIZE(product, (Py_SIZE(a) < 0) != (small_size < 0) ? -product_size : product_size);
  return (PyObject *)product;
}

/* The operations on exact ints done here rather than by the generic path. */
static PyObject *long_op_fast_path(PyObject *a, PyObject *b, int64_t kind) {
  return kind == NB_MULTIPLY ? multiply_by_digit(a, b) : NULL;
}

PYAOT_OUT_OF_LINE static PyObject *binary_op_slow(PyObject *a, PyObject *b, int64_t kind) {
  if (PyErr_Occurred()) return NULL; /* the fast path failed to make its result */
  PyObject *result = long_op_fast_path(a, b, kind);
  if (result != NULL || PyErr_Occurred()) return result;
  return binary_op_generic(a, b, kind);
}

PYAOT_HOT PyObject *pyaot_binary_op(PyObject *a, PyObject *b, int64_t kind) {
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  return fast != NULL ? fast : binary_op_slow(a, b, kind);
}

/* Float arithmetic kept unboxed by the emitter (backend/emit_native.cc):
 * an operand is an object, or NULL with its value as a double. */
PYAOT_HOT int pyaot_is_float(PyObject *value) { return value == NULL || PyFloat_CheckExact(value); }

PYAOT_HOT double pyaot_float_number(PyObject *value, double unboxed) {
  return value == NULL ? unboxed : PyFloat_AS_DOUBLE(value);
}

PYAOT_HOT PyObject *pyaot_box_float(double value) { return PyFloat_FromDouble(value); }

PyObject *pyaot_inplace_op(PyObject *a, PyObject *b, int64_t kind);
/* The int arithmetic kept unboxed: an operand is an int object that fits
 * 64 bits, or NULL with its value in `unboxed`. 1 and the value in *out;
 * 0: not such an int. */
PYAOT_HOT int32_t pyaot_int_operand(PyObject *value, int64_t unboxed, int64_t *out) {
  if (value == NULL) {
    *out = unboxed;
    return 1;
  }
  if (!PyLong_CheckExact(value)) return 0;
  Py_ssize_t size = Py_SIZE(value);
  const digit *digits = ((PyLongObject *)value)->ob_digit;
  if (size == 0 || size == 1 || size == -1) {
    *out = size == 0 ? 0 : (int64_t)digits[0] * size;
    return 1;
  }
  if (size == 2 || size == -2) { /* below 2**60 */
    int64_t magnitude = (int64_t)digits[0] | ((int64_t)digits[1] << PyLong_SHIFT);
    *out = size < 0 ? -magnitude : magnitude;
    return 1;
  }
  return 0;
}

/* An int beside a float in a comparison: as pyaot_int_operand, for the
 * ints a double holds exactly (|v| <= 2**53), which compare with a float
 * as float_richcompare's exact comparison does. */
PYAOT_HOT int32_t pyaot_int_operand_exact(PyObject *value, int64_t unboxed, int64_t *out) {
  const int64_t exact = (int64_t)1 << 53;
  return pyaot_int_operand(value, unboxed, out) && *out >= -exact && *out <= exact;
}

/* a ** b of two doubles where float_pow's answer is pow's: a finite and not
 * zero, b finite, a negative only with an integral b, and a finite result:
 * 1 and it in *out; else 0 (zero, inf and nan bases or exponents, complex
 * results and overflow are the generic float_pow's). */
PYAOT_HOT int32_t pyaot_float_power(double a, double b, double *out) {
  if (!isfinite(a) || a == 0.0 || !isfinite(b) || (a < 0.0 && b != floor(b))) return 0;
  const double r = pow(a, b);
  if (!isfinite(r)) return 0;
  *out = r;
  return 1;
}

/* `old`, an int only its owner sees, takes the value `v` in place when `v`
 * needs as many digits as it has (below 2**60) and is not one of the small
 * ints CPython shares: 1; else 0 (box a new one). */
int pyaot_overwrite_int(PyObject *old, int64_t v) {
  if (v >= -5 && v <= 256) return 0;
  const uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
  const Py_ssize_t digits = magnitude >> PyLong_SHIFT == 0 ? 1 : magnitude >> (2 * PyLong_SHIFT) == 0 ? 2 : 0;
  if (digits == 0 || Py_ABS(Py_SIZE(old)) != digits) return 0;
  digit *d = ((PyLongObject *)old)->ob_digit;
  d[0] = (digit)(magnitude & PyLong_MASK);
  if (digits == 2) d[1] = (digit)(magnitude >> PyLong_SHIFT);
  Py_SET_SIZE(old, v < 0 ? -digits : digits);
  return 1;
}

/* a op b for two ints when the exact result fits 64 bits and nothing is
 * raised: 1 and the result in *out; else 0 (the generic path). */
PYAOT_HOT int32_t pyaot_int_arithmetic(int64_t a, int64_t b, int64_t kind, int64_t *out) {
  int64_t result;
  switch (kind) {
    case NB_ADD: if (__builtin_add_overflow(a, b, &result)) return 0; break;
    case NB_SUBTRACT: if (__builtin_sub_overflow(a, b, &result)) return 0; break;
    case NB_MULTIPLY: if (__builtin_mul_overflow(a, b, &result)) return 0; break;
    case NB_AND: result = a & b; break; /* two's complement, as Python's ints behave */
    case NB_OR: result = a | b; break;
    case NB_XOR: result = a ^ b; break;
    case NB_FLOOR_DIVIDE:
    case NB_REMAINDER: {
      if (b == 0 || (a == INT64_MIN && b == -1)) return 0;
      int64_t quotient = a / b, remainder = a % b;
      if (remainder != 0 && ((remainder < 0) != (b < 0))) { /* Python floors */
        quotient -= 1;
        remainder += b;
      }
      result = kind == NB_FLOOR_DIVIDE ? quotient : remainder;
      break;
    }
    case NB_RSHIFT: /* >> floors, as an arithmetic shift does */
      if (b < 0) return 0; /* ValueError */
      result = b >= 64 ? (a < 0 ? -1 : 0) : a >> b;
      break;
    case NB_LSHIFT:
      if (b < 0 || b >= 63) return 0;
      result = (int64_t)((uint64_t)a << b);
      if ((result >> b) != a) return 0; /* bits lost */
      break;
    default: return 0;
  }
  *out = result;
  return 1;
}

PYAOT_HOT PyObject *pyaot_box_int(int64_t value) { return PyLong_FromLongLong(value); }


/* The generic operation, unboxed operands boxed for it (`box` makes an
 * object of a number's bits). */
PYAOT_OUT_OF_LINE static PyObject *arithmetic_boxing(PyObject *a, int64_t a_bits, PyObject *b,
                                                     int64_t b_bits, int64_t kind, int32_t inplace,
                                                     PyObject *(*box)(int64_t)) {
  PyObject *left = a != NULL ? Py_NewRef(a) : box(a_bits);
  if (left == NULL) return NULL;
  PyObject *right = b != NULL ? Py_NewRef(b) : box(b_bits);
  PyObject *result = NULL;
  if (right != NULL) {
    result = inplace ? pyaot_inplace_op(left, right, kind) : pyaot_binary_op(left, right, kind);
    Py_DECREF(right);
  }
  Py_DECREF(left);
  return result;
}

static PyObject *box_double_bits(int64_t bits) {
  double value;
  memcpy(&value, &bits, sizeof value);
  return PyFloat_FromDouble(value);
}

static PyObject *box_int(int64_t value) { return PyLong_FromLongLong(value); }

/* Not two floats: the operation as for any objects (ints keep their fast
 * path), boxing an unboxed operand first. */
PYAOT_HOT PyObject *pyaot_float_arithmetic_generic(PyObject *a, double a_unboxed, PyObject *b,
                                                   double b_unboxed, int64_t kind,
                                                   int32_t inplace) {
  if (a != NULL && b != NULL) {
    return inplace ? pyaot_inplace_op(a, b, kind) : pyaot_binary_op(a, b, kind);
  }
  int64_t a_bits, b_bits;
  memcpy(&a_bits, &a_unboxed, sizeof a_bits);
  memcpy(&b_bits, &b_unboxed, sizeof b_bits);
  return arithmetic_boxing(a, a_bits, b, b_bits, kind, inplace, box_double_bits);
}

/* Not two ints that fit, or the result would not: likewise. */
PYAOT_HOT PyObject *pyaot_int_arithmetic_generic(PyObject *a, int64_t a_unboxed, PyObject *b,
                                                 int64_t b_unboxed, int64_t kind,
                                                 int32_t inplace) {
  if (a != NULL && b != NULL) {
    return inplace ? pyaot_inplace_op(a, b, kind) : pyaot_binary_op(a, b, kind);
  }
  return arithmetic_boxing(a, a_unboxed, b, b_unboxed, kind, inplace, box_int);
}

__attribute__((noinline)) static PyObject *inplace_op_generic(PyObject *a, PyObject *b,
                                                              int64_t kind) {
  switch (kind) {
    case NB_ADD: return PyNumber_InPlaceAdd(a, b);
    case NB_AND: return PyNumber_InPlaceAnd(a, b);
    case NB_FLOOR_DIVIDE: return PyNumber_InPlaceFloorDivide(a, b);
    case NB_LSHIFT: return PyNumber_InPlaceLshift(a, b);
    case NB_MATRIX_MULTIPLY: return PyNumber_InPlaceMatrixMultiply(a, b);
    case NB_MULTIPLY: return PyNumber_InPlaceMultiply(a, b);
    case NB_REMAINDER: return PyNumber_InPlaceRemainder(a, b);
    case NB_OR: return PyNumber_InPlaceOr(a, b);
    case NB_POWER: return PyNumber_InPlacePower(a, b, Py_None);
    case NB_RSHIFT: return PyNumber_InPlaceRshift(a, b);
    case NB_SUBTRACT: return PyNumber_InPlaceSubtract(a, b);
    case NB_TRUE_DIVIDE: return PyNumber_InPlaceTrueDivide(a, b);
    default: return PyNumber_InPlaceXor(a, b); /* NB_XOR */
  }
}

/* `s += t` with str operands, where `a` is the value of a local that only
 * its slot holds (the native code's load of it was borrowed): the string
 * grows in place, in its slot, as the interpreter's
 * BINARY_OP_INPLACE_ADD_UNICODE grows it (PyUnicode_Append), rather than
 * being copied, so a loop building a string stays linear. The store that
 * follows puts the result back into the same slot. Unlike there, a failed
 * append (MemoryError) leaves the local bound to its old value: native code
 * loads it unchecked. 0: not this case. */
static int append_to_str_local(PyObject *a, PyObject *b, PyObject **result) {
  if (!PyUnicode_CheckExact(a) || !PyUnicode_CheckExact(b) || a == b || Py_REFCNT(a) != 1 ||
      PyUnicode_KIND(b) > PyUnicode_KIND(a) || (PyUnicode_IS_ASCII(a) && !PyUnicode_IS_ASCII(b))) {
    return 0; /* (PyUnicode_Append's conditions for growing in place) */
  }
  const Py_ssize_t a_length = PyUnicode_GET_LENGTH(a), b_length = PyUnicode_GET_LENGTH(b);
  if (b_length == 0 || a_length > PY_SSIZE_T_MAX - b_length) return 0;
  Frame *frame = pyaot_frame();
  for (int i = 0; i < frame->f_code->co_nlocals; i++) {
    if (frame->localsplus[i] != a) continue;
    if (PyUnicode_Resize(&frame->localsplus[i], a_length + b_length) < 0) {
      *result = NULL; /* the slot keeps `a` */
      return 1;
    }
    _PyUnicode_FastCopyCharacters(frame->localsplus[i], a_length, b, 0, b_length);
    *result = Py_NewRef(frame->localsplus[i]);
    return 1;
  }
  return 0;
}

PYAOT_OUT_OF_LINE static PyObject *inplace_op_slow(PyObject *a, PyObject *b, int64_t kind) {
  if (PyErr_Occurred()) return NULL;
  PyObject *result = long_op_fast_path(a, b, kind);
  if (result != NULL || PyErr_Occurred()) return result;
  if (kind == NB_ADD && append_to_str_local(a, b, &result)) return result;
  return inplace_op_generic(a, b, kind);
}

/* int and float have no in-place methods: a op= b is a op b for them. */
PYAOT_HOT PyObject *pyaot_inplace_op(PyObject *a, PyObject *b, int64_t kind) {
  PyObject *fast = arithmetic_fast_path(a, b, kind);
  return fast != NULL ? fast : inplace_op_slow(a, b, kind);
}

/* kind: ir::UnaryKind, which CPython has no names for. */
enum { kUnaryNegative, kUnaryPositive, kUnaryInvert };

PyObject *pyaot_unary_op(PyObject *a, int64_t kind) {
  switch (kind) {
    case kUnaryNegative: return PyNumber_Negative(a);
    case kUnaryPositive: return PyNumber_Positive(a);
    default: return PyNumber_Invert(a); /* kUnaryInvert */
  }
}

/* kind: Py_LT .. Py_GE */
static inline PyObject *compare_result(int truth) { return pyaot_load_bool(truth); }

static inline int compare_order(int less, int equal, int64_t kind) {
  switch (kind) {
    case Py_LT: return less;
    case Py_LE: return less || equal;
    case Py_EQ: return equal;
    case Py_NE: return !equal;
    case Py_GT: return !less && !equal;
    default: return !less;
  }
}

PYAOT_OUT_OF_LINE static int same_characters(PyObject *a, PyObject *b) {
  return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b),
                (size_t)(PyUnicode_GET_LENGTH(a) * PyUnicode_KIND(a))) == 0;
}

/* a == b for two exact strs: identity, then length and kind, then the
 * first character (which decides one-character strings), then the rest. */
static inline int equal_strs(PyObject *a, PyObject *b) {
  if (a == b) return 1;
  const Py_ssize_t length = PyUnicode_GET_LENGTH(a);
  const int kind = PyUnicode_KIND(a);
  if (length != PyUnicode_GET_LENGTH(b) || kind != (int)PyUnicode_KIND(b)) return 0;
  if (length == 0) return 1;
  if (PyUnicode_READ(kind, PyUnicode_DATA(a), 0) != PyUnicode_READ(kind, PyUnicode_DATA(b), 0)) {
    return 0;
  }
  return length == 1 || same_characters(a, b);
}

/* a == b (kind Py_EQ) or a != b (Py_NE) for two exact strs: 0 or 1. */
static inline int compare_strs(PyObject *a, PyObject *b, int64_t kind) {
  const int equal = equal_strs(a, b);
  return kind == Py_EQ ? equal : !equal;
}

/* a <kind> b for exact floats and str equality (what the interpreter
 * specializes besides small ints): 0 or 1; -2 when not one of those. */
static int compare_builtin(PyObject *a, PyObject *b, int64_t kind) {
  if (PyFloat_CheckExact(a) && PyFloat_CheckExact(b)) {
    double p = PyFloat_AS_DOUBLE(a), q = PyFloat_AS_DOUBLE(b);
    switch (kind) { /* NaN compares false, as C does */
      case Py_LT: return p < q;
      case Py_LE: return p <= q;
      case Py_EQ: return p == q;
      case Py_NE: return p != q;
      case Py_GT: return p > q;
      default: return p >= q;
    }
  }
  if ((kind == Py_EQ || kind == Py_NE) && PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
    return compare_strs(a, b, kind);
  }
  return -2;
}

PYAOT_OUT_OF_LINE static PyObject *compare_slow(PyObject *a, PyObject *b, int64_t kind) {
  int known = compare_builtin(a, b, kind);
  if (known >= 0) return compare_result(known);
  return PyObject_RichCompare(a, b, (int)kind);
}

PYAOT_HOT PyObject *pyaot_compare(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) return compare_result(compare_order(x < y, x == y, kind));
  return compare_slow(a, b, kind);
}

PYAOT_OUT_OF_LINE static int compare_bool_slow(PyObject *a, PyObject *b, int64_t kind) {
  int known = compare_builtin(a, b, kind);
  if (known >= 0) return known;
  PyObject *result = PyObject_RichCompare(a, b, (int)kind);
  if (result == NULL) return -1;
  int truth = result == Py_True ? 1 : result == Py_False ? 0 : PyObject_IsTrue(result);
  Py_DECREF(result);
  return truth;
}

/* bool(a <kind> b) for a branch: no bool object. */
PYAOT_HOT int pyaot_compare_bool(PyObject *a, PyObject *b, int64_t kind) {
  long x, y;
  if (compact_long(a, &x) && compact_long(b, &y)) return compare_order(x < y, x == y, kind);
  return compare_bool_slow(a, b, kind);
}

/* `a == b` (kind Py_EQ) or `a != b` (Py_NE) with a str literal on one side:
 * two exact strs compare inline; anything else the generic way. 0 or 1,
 * -1 on error. */
PYAOT_HOT int pyaot_compare_bool_str(PyObject *a, PyObject *b, int64_t kind) {
  if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) return compare_strs(a, b, kind);
  return compare_bool_slow(a, b, kind);
}

PYAOT_HOT PyObject *pyaot_compare_str(PyObject *a, PyObject *b, int64_t kind) {
  if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
    return compare_result(compare_strs(a, b, kind));
  }
  return compare_slow(a, b, kind);
}

/* A comparison of an unboxed number (backend/emit_native.cc) that is not
 * of two numbers of its kind: the generic comparison, the number boxed. */
PYAOT_OUT_OF_LINE static int compare_boxing(PyObject *a, int64_t a_bits, PyObject *b, int64_t b_bits,
                                            int64_t kind, PyObject *(*box)(int64_t)) {
  PyObject *left = a != NULL ? Py_NewRef(a) : box(a_bits);
  if (left == NULL) return -1;
  PyObject *right = b != NULL ? Py_NewRef(b) : box(b_bits);
  int result = right != NULL ? pyaot_compare_bool(left, right, kind) : -1;
  Py_XDECREF(right);
  Py_DECREF(left);
  return result;
}

PYAOT_HOT int pyaot_float_compare_generic(PyObject *a, double a_unboxed, PyObject *b,
                                          double b_unboxed, int64_t kind) {
  if (a != NULL && b != NULL) return pyaot_compare_bool(a, b, kind);
  int64_t a_bits, b_bits;
  memcpy(&a_bits, &a_unboxed, sizeof a_bits);
  memcpy(&b_bits, &b_unboxed, sizeof b_bits);
  return compare_boxing(a, a_bits, b, b_bits, kind, box_double_bits);
}

PYAOT_HOT int pyaot_int_compare_generic(PyObject *a, int64_t a_unboxed, PyObject *b,
                                        int64_t b_unboxed, int64_t kind) {
  if (a != NULL && b != NULL) return pyaot_compare_bool(a, b, kind);
  return compare_boxing(a, a_unboxed, b, b_unboxed, kind, box_int);
}

int pyaot_is_true(PyObject *value) {
  if (value == Py_True) return 1;
  if (value == Py_False || value == Py_None) return 0;
  if (PyLong_CheckExact(value)) return Py_SIZE(value) != 0;
  return PyObject_IsTrue(value);
}

int pyaot_contains(PyObject *container, PyObject *item) {
  return PySequence_Contains(container, item);
}
