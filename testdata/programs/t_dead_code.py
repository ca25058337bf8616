"""Code CPython's compiler drops as unreachable compiles natively: constant
conditional expressions, comprehension conditions and and/or operands, and
a return value after a finally that always raises."""


def constant_operands(items, calls):
    def note(tag):
        calls.append(tag)
        return tag

    picked = note("body") if True else note("never")
    other = note("never") if 0 else note("orelse")
    dropped = [note(x) for x in items if False]
    kept = [x for x in items if "yes"]
    values = (0 or note("second"), "" and note("never"), None or 0 or "",
              True or note("never"), 1 and note("last"), __debug__ and note("debug"))
    return picked, other, dropped, kept, values


def constant_after_finally(flag):
    try:
        if flag:
            return "early"
    finally:
        if flag:
            raise KeyError("finally")
    return None


def returns_through_finally(log):
    try:
        return "value"
    finally:
        log.append("cleanup")


calls = []
print(constant_operands([1, 2], calls), calls)
try:
    constant_after_finally(True)
except KeyError as error:
    print("raised", error)
log = []
print(constant_after_finally(False), returns_through_finally(log), log)
