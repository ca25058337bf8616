#include "frontend/trampolines.h"

#include "frontend/embedded_python.h"

namespace pyaot::frontend {
namespace {

// Runs in the embedded interpreter: the marshaled module code in, the same
// with trampolines out.
constexpr const char* kTrampolineSource = R"PY(
import array, dis, inspect, marshal, types

NATIVE_MARK = "__pyaot_native_entry__"
SOURCE_MARK = "__pyaot_source__"

def _assemble(start, program):
    """Code units for `program`, a list of (opname, arg) and ("label", name),
    placed at code unit `start`: jump arguments name labels, caches are
    zeroed, EXTENDED_ARG is added where an argument needs it. Returns the
    bytes and the code unit of each label."""
    prefixes = {}
    while True:
        labels, units, at = {}, [], start
        for k, (op, arg) in enumerate(program):
            units.append(at)
            if op == "label":
                labels[arg] = at
            else:
                at += prefixes.get(k, 0) + 1 + dis._inline_cache_entries[dis.opmap[op]]
        out, changed = bytearray(), False
        for k, (op, arg) in enumerate(program):
            if op == "label":
                continue
            code = dis.opmap[op]
            size = 1 + dis._inline_cache_entries[code]
            here = units[k] + prefixes.get(k, 0)
            if isinstance(arg, str):  # jumps count from the next instruction
                arg = here + size - labels[arg] if "BACKWARD" in op else labels[arg] - (here + size)
            extended = (arg > 0xFF) + (arg > 0xFFFF) + (arg > 0xFFFFFF)
            if extended != prefixes.get(k, 0):
                prefixes[k], changed = extended, True
            for shift in range(extended, 0, -1):
                out += bytes([dis.opmap["EXTENDED_ARG"], (arg >> (8 * shift)) & 0xFF])
            out += bytes([code, arg & 0xFF]) + bytes(2 * (size - 1))
        if not changed:
            return bytes(out), labels

def _exception_table_entry(start, size, target, depth):
    """One entry of co_exceptiontable (Objects/exception_handling_notes.txt)."""
    out = bytearray()
    for value, first in ((start, True), (size, False), (target, False), (depth << 1, False)):
        chunks = [value & 0x3F]
        value >>= 6
        while value:
            chunks.append(value & 0x3F)
            value >>= 6
        chunks.reverse()
        for n, chunk in enumerate(chunks):
            out.append(chunk | (0x40 if n + 1 < len(chunks) else 0) | (0x80 if first and n == 0 else 0))
    return bytes(out)

def _varint(value):
    """Objects/locations.md's varint: 6 bits a byte, lowest first, 0x40: more."""
    out = bytearray()
    while value >= 64:
        out.append(0x40 | (value & 63))
        value >>= 6
    out.append(value)
    return out

def _signed_varint(value):
    return _varint((-value << 1) | 1 if value < 0 else value << 1)

def _last_line(c):
    """The line the entries of c.co_linetable end at, which the next entry's
    line delta counts from (Objects/locations.md)."""
    table, line, k = c.co_linetable, c.co_firstlineno, 0
    def read():
        nonlocal k
        value, shift = 0, 0
        while True:
            byte = table[k]
            k += 1
            value |= (byte & 63) << shift
            shift += 6
            if not byte & 64:
                return value
    while k < len(table):
        code = (table[k] >> 3) & 15
        k += 1
        if code in (13, 14):
            delta = read()
            line += -(delta >> 1) if delta & 1 else delta >> 1
            if code == 14:
                read(), read(), read()
        elif code in (10, 11, 12):
            line += code - 10
            k += 2
        elif code < 10:
            k += 1
    return line

def _yield_labels(prefix, states):
    """For suspension points [(state, line)]: {line: label} (at least one,
    so the stub is whole without any), and the ranges of states of one
    line [(first state, label)] in state order, for _dispatch."""
    labels = {line: f"{prefix}_{k}"
              for k, line in enumerate(sorted({line for _, line in states}) or [None])}
    ranges = []
    for state, line in sorted(states):
        if not ranges or ranges[-1][1] != labels[line]:
            ranges.append((state, labels[line]))
    return labels, ranges or [(0, next(iter(labels.values())))]

def _dispatch(ranges, depth, const, prefix, block, placed):
    """The YIELD_VALUE blocks of `ranges`, each reached from a binary
    search over the ranges' first states (the state: the int COPY `depth`
    reaches): a leaf is its range's block, placed there (block(label) gives
    it), or a jump back to it when an earlier range of the line placed it."""
    if len(ranges) == 1:
        label = ranges[0][1]
        if label in placed:
            return [("JUMP_BACKWARD_NO_INTERRUPT", label)]
        placed.add(label)
        return [("label", label)] + block(label)
    middle = len(ranges) // 2
    right = f"{prefix}_from_{ranges[middle][0]}"
    return ([("COPY", depth), ("LOAD_CONST", const(ranges[middle][0])), ("COMPARE_OP", 0),
             ("POP_JUMP_FORWARD_IF_FALSE", right)] +
            _dispatch(ranges[:middle], depth, const, prefix, block, placed) +
            [("label", right)] + _dispatch(ranges[middle:], depth, const, prefix, block, placed))

def _trampoline(c, entry, suspend_slots, suspensions):
    """`c` whose body runs native entry `entry` (a placeholder constant the
    loader replaces with a runtime_shim/native_entry.h object, which
    UNARY_NEGATIVE runs): the interpreter binds the arguments into the
    frame, as for the source; the native body runs in that frame.

    A generator or coroutine (suspend_slots > 0) keeps its state in the
    frame's value stack (ir/suspend.h): the stub pushes the slots and the
    first value sent (None), calls the body, and yields what it returns
    until the body says it is finished (slot 0 is None; in an async
    generator, slot 1 says to wrap the value as the generator's own); a value sent in is
    left on the stack for the next call, and an exception thrown in at the
    YIELD_VALUE goes to a handler that calls the body's throw entry.

    A body suspended in `yield from`/`await` leaves the delegate where the
    value sent in was: the stub yields with it on the stack top, after a
    SEND and before a RESUME 2, as the interpreter's own delegation does, so
    gen.throw, gen.close, gi_yieldfrom and cr_await see the delegate and
    delegate as for the source. Where gen.throw goes on when the delegate's
    throw() fails (the SEND's target), the body gets a 1-tuple of the value
    it returned, or the error to raise.

    The stub has one YIELD_VALUE (with its SEND, for a delegation) per line
    that suspends, that line in co_linetable, and a binary search on the
    resume state to reach it: a suspended frame's f_lineno reads the line
    of its yield or await (asyncio's task reprs, inspect, debuggers).

    The last constant (SOURCE_MARK, ...) tells the loader how to make the
    code read as `c`: its constant count and bytecode, less the jump."""
    raw = bytearray(c.co_code)
    # The prologue (MAKE_CELL, COPY_FREE_VARS, RETURN_GENERATOR) runs as
    # bytecode; a jump to the stub replaces the instruction after RESUME.
    resume = next(i.offset // 2 for i in dis.get_instructions(c) if i.opname == "RESUME")
    stub = len(raw) // 2
    consts = list(c.co_consts)
    def const(value):
        consts.append(value)
        return len(consts) - 1
    # The stub's own constants follow the source's, the send entry first:
    # the loader hides them past the tuple's end (runtime_shim/package_loader.c).
    if suspend_slots == 0:
        send = const((NATIVE_MARK, entry))
        program = [("LOAD_CONST", send), ("UNARY_NEGATIVE", 0), ("RETURN_VALUE", 0)]
        stacksize = max(c.co_stacksize, 1)
    else:
        # The send entry's `self` tells a native caller how to resume the
        # generator without the interpreter (runtime_shim/native_ops_iteration.c): the
        # slots, where the stub's call of the body returns, and where the
        # YIELD_VALUE of each suspension state is (filled in below).
        send = const(None)
        none = const(None)
        throw = const((NATIVE_MARK, entry, True))
        n = suspend_slots
        # One YIELD_VALUE per line that suspends (a binary search on the
        # state, slot 0, picks it), so a suspended frame's f_lineno is the
        # line of its yield or await, as the interpreter's.
        plain, plain_ranges = _yield_labels("yield", [(s, l) for s, l, d in suspensions if not d])
        delegating, delegating_ranges = _yield_labels(
            "yield_from", [(s, l) for s, l, d in suspensions if d])
        program = [("LOAD_CONST", none)] * (n + 1) + [
            ("label", "call"),
            ("LOAD_CONST", send), ("UNARY_NEGATIVE", 0),
            ("label", "returned"),  # [slots, sent or delegate, result]
            ("COPY", n + 2), ("POP_JUMP_FORWARD_IF_NONE", "drop_sent"),
            ("COPY", 2), ("POP_JUMP_FORWARD_IF_NOT_NONE", "delegating"),
            ("label", "drop_sent"),
            ("SWAP", 2), ("POP_TOP", 0),
            ("COPY", n + 1), ("POP_JUMP_FORWARD_IF_NONE", "finished")]
        if c.co_flags & inspect.CO_ASYNC_GENERATOR:  # slot 1: the value is the generator's own
            program += [("COPY", n), ("POP_JUMP_FORWARD_IF_FALSE", "unwrapped"),
                        ("ASYNC_GEN_WRAP", 0), ("label", "unwrapped")]
        program += _dispatch(plain_ranges, n + 1, const, "yield", lambda label: [
            ("YIELD_VALUE", 0), ("RESUME", 1), ("JUMP_BACKWARD", "call")], set())
        program += [
            ("label", "finished"),
            ("SWAP", n + 1)] + [("POP_TOP", 0)] * n + [
            ("RETURN_VALUE", 0),
            ("label", "thrown"),  # [slots, exception]
            ("LOAD_CONST", throw), ("UNARY_NEGATIVE", 0),
            ("JUMP_BACKWARD", "returned"),
            ("label", "delegating")]  # [slots, delegate, value]
        program += _dispatch(delegating_ranges, n + 2, const, "yield_from", lambda label: [
            ("JUMP_FORWARD", label + "_value"),
            ("SEND", "delegate_done"),  # never runs: gen.throw reads its target
            ("label", label + "_value"),
            ("YIELD_VALUE", 0), ("RESUME", 2),
            ("SWAP", 2), ("POP_TOP", 0),
            ("JUMP_BACKWARD_NO_INTERRUPT", "call")], set())
        program += [
            ("label", "delegate_failed"),  # gen.throw raises the delegate's error here
            ("NOP", 0),
            ("label", "delegate_done"),  # [slots, what the delegate's throw() returned]
            ("BUILD_TUPLE", 1),
            ("JUMP_BACKWARD", "thrown")]
        stacksize = max(c.co_stacksize, n + 4)  # the search: state and pivot above [slots, delegate, value]
    code, labels = _assemble(stub, program)
    yields = {}  # code unit of each YIELD_VALUE: its line
    if suspend_slots:
        # State 0 (never suspended at) gets the first plain YIELD_VALUE.
        offsets = [labels["yield_0"]] * (max((s for s, _, _ in suspensions), default=0) + 1)
        for state, line, delegates in suspensions:
            label = delegating[line] + "_value" if delegates else plain[line]
            offsets[state] = labels[label]
            yields[labels[label]] = line
        consts[send] = (NATIVE_MARK, entry,
                        (n, labels["returned"], array.array("i", offsets).tobytes()))
    for size in range(1, 5):  # its EXTENDED_ARGs move where it counts from
        delta = stub - (resume + 1 + size)
        if delta < 256 ** size:
            break
    arg = delta.to_bytes(size, "big")
    # A leading zero byte (a jump of 256**k units, shortened by its own
    # prefix) is a NOP: the interpreter rejects EXTENDED_ARG 0 (an assert).
    prefix = [("EXTENDED_ARG" if any(arg[:k + 1]) else "NOP", arg[k]) for k in range(size - 1)]
    jump = b"".join(bytes([dis.opmap[op], byte]) for op, byte in prefix)
    jump += bytes([dis.opmap["JUMP_FORWARD"], arg[-1]])
    patched = slice(2 * (resume + 1), 2 * (resume + 1) + len(jump))
    # Last: what the loader needs to show the source's co_code and co_consts.
    consts.append((SOURCE_MARK, len(c.co_consts), len(raw), patched.start, bytes(raw[patched])))
    raw[patched] = jump
    raw += code
    table = bytearray(c.co_linetable)
    line = _last_line(c)
    at, end = stub, stub + len(code) // 2
    for yield_at in sorted(yields) + [end]:
        while at < yield_at:  # entries without a location
            n_units = min(yield_at - at, 8)
            table.append(0x80 | (15 << 3) | (n_units - 1))
            at += n_units
        if yield_at < end:  # the YIELD_VALUE and its RESUME: the line, no columns
            # (a profiler's return and call events read it, as for the source)
            table.append(0x80 | (13 << 3) | 1)
            table += _signed_varint(yields[yield_at] - line)
            line = yields[yield_at]
            at += 2
    exceptions = c.co_exceptiontable
    if suspend_slots:
        unlisted = [labels[label] for label in ["yield_0", "yield_from_0_value"]
                    if labels[label] not in yields]  # the stub's, when no state uses them
        for at in sorted(list(yields) + unlisted) + [labels["delegate_failed"]]:
            exceptions += _exception_table_entry(at, 1, labels["thrown"], suspend_slots)
    return c.replace(co_code=bytes(raw), co_consts=tuple(consts), co_linetable=bytes(table),
                     co_stacksize=stacksize, co_exceptiontable=exceptions)

def with_trampolines(data, entries):
    """The marshaled module code with each function in `entries`
    ({code object ordinal, as code_objects() lists them: (entry index,
    suspend slots, [(state, line, delegates)] of its suspension points)})
    made a trampoline."""
    ordinal = 0
    def patch(c):
        nonlocal ordinal
        entry = entries.get(ordinal)
        ordinal += 1
        consts = tuple(patch(k) if isinstance(k, types.CodeType) else k for k in c.co_consts)
        if consts != c.co_consts or any(a is not b for a, b in zip(consts, c.co_consts)):
            c = c.replace(co_consts=consts)
        return c if entry is None else _trampoline(c, *entry)
    return marshal.dumps(patch(marshal.loads(data)))
)PY";

}  // namespace

std::string add_trampolines(const std::string& marshaled_code,
                            const std::map<int, NativeEntry>& entries) {
  Interpreter& python = Interpreter::get();
  Ref data(PyBytes_FromStringAndSize(marshaled_code.data(),
                                     static_cast<Py_ssize_t>(marshaled_code.size())));
  Ref table(PyDict_New());
  for (const auto& [key, entry] : entries) {
    Ref k(PyLong_FromLong(key));
    Ref points(PyList_New(0));
    for (const SuspensionPoint& point : entry.suspensions) {
      Ref p(Py_BuildValue("(iiO)", point.state, point.line, point.delegates ? Py_True : Py_False));
      PyList_Append(points.get(), p.get());
    }
    Ref v(Py_BuildValue("(iiO)", entry.index, entry.suspend_slots, points.get()));
    PyDict_SetItem(table.get(), k.get(), v.get());
  }
  Ref patched(PyObject_CallFunctionObjArgs(python.helper(kTrampolineSource, "with_trampolines"),
                                           data.get(), table.get(), nullptr));
  if (!patched) fail_with_python_error("building trampolines");
  return bytes_of(patched.get());
}

}  // namespace pyaot::frontend
