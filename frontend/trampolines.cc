#include "frontend/trampolines.h"

#include "frontend/embedded_python.h"

namespace pyaot::frontend {
namespace {

// Runs in the embedded interpreter: the marshaled module code in, the same
// with trampolines out.
constexpr const char* kTrampolineSource = R"PY(
import dis, inspect, marshal, types

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

def _trampoline(c, entry, suspend_slots):
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
        # slots, where the stub's call of the body returns, and where its
        # YIELD_VALUE is (filled in below).
        send = const(None)
        none = const(None)
        throw = const((NATIVE_MARK, entry, True))
        n = suspend_slots
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
            program += [("COPY", n), ("POP_JUMP_FORWARD_IF_TRUE", "wrap")]
        program += [
            ("label", "yield"),
            ("YIELD_VALUE", 0), ("RESUME", 1),
            ("JUMP_BACKWARD", "call"),
            ("label", "wrap"),
            ("ASYNC_GEN_WRAP", 0),
            ("JUMP_BACKWARD", "yield"),
            ("label", "finished"),
            ("SWAP", n + 1)] + [("POP_TOP", 0)] * n + [
            ("RETURN_VALUE", 0),
            ("label", "thrown"),  # [slots, exception]
            ("LOAD_CONST", throw), ("UNARY_NEGATIVE", 0),
            ("JUMP_BACKWARD", "returned"),
            ("label", "delegating"),  # [slots, delegate, value]
            ("JUMP_FORWARD", "yield_from"),
            ("SEND", "delegate_done"),  # never runs: gen.throw reads its target
            ("label", "yield_from"),
            ("YIELD_VALUE", 0), ("RESUME", 2),
            ("SWAP", 2), ("POP_TOP", 0),
            ("JUMP_BACKWARD_NO_INTERRUPT", "call"),
            ("label", "delegate_failed"),  # gen.throw raises the delegate's error here
            ("NOP", 0),
            ("label", "delegate_done"),  # [slots, what the delegate's throw() returned]
            ("BUILD_TUPLE", 1),
            ("JUMP_BACKWARD", "thrown")]
        stacksize = max(c.co_stacksize, n + 3)
    code, labels = _assemble(stub, program)
    if suspend_slots:
        consts[send] = (NATIVE_MARK, entry,
                        (n, labels["returned"], labels["yield"], labels["yield_from"]))
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
    units = len(code) // 2
    while units:
        n_units = min(units, 8)
        table.append(0x80 | (15 << 3) | (n_units - 1))  # entries without a location
        units -= n_units
    exceptions = c.co_exceptiontable
    if suspend_slots:
        for at in ("yield", "yield_from", "delegate_failed"):
            exceptions += _exception_table_entry(labels[at], 1, labels["thrown"], suspend_slots)
    return c.replace(co_code=bytes(raw), co_consts=tuple(consts), co_linetable=bytes(table),
                     co_stacksize=stacksize, co_exceptiontable=exceptions)

def with_trampolines(data, entries):
    """The marshaled module code with each function in `entries`
    ({code object ordinal, as code_objects() lists them: (entry index,
    suspend slots)}) made a trampoline."""
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
    Ref v(Py_BuildValue("(ii)", entry.index, entry.suspend_slots));
    PyDict_SetItem(table.get(), k.get(), v.get());
  }
  Ref patched(PyObject_CallFunctionObjArgs(python.helper(kTrampolineSource, "with_trampolines"),
                                           data.get(), table.get(), nullptr));
  if (!patched) fail_with_python_error("building trampolines");
  return bytes_of(patched.get());
}

}  // namespace pyaot::frontend
