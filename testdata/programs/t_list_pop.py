"""x.pop() taken inline on an exact list (pyaot_call_method_pop) and every
case that must stay a call: an empty list, a pop that shrinks the list's
storage (sys.getsizeof shows it), a list subclass overriding pop, other
types' pop, pop with an index, and a profiler that sees list.pop called."""
import sys


class Stack(list):
    def pop(self, *args):
        return ("popped", super().pop(*args))


def drain(items):
    out = []
    sizes = []
    while items:
        out.append(items.pop())
        sizes.append(sys.getsizeof(items))  # storage shrinks exactly as list.pop's
    return out, sorted(set(sizes))


def stack_machine(n):
    stack = []
    total = 0
    for i in range(n):
        stack.append(i)
        stack.append(i * 2)
        b = stack.pop()
        a = stack.pop()
        stack.append(a + b)
        if len(stack) > 3:
            total += stack.pop() - stack.pop()
    return total, stack, sys.getsizeof(stack)


def any_pop(objects):
    out = []
    for obj in objects:
        try:
            out.append(obj.pop())
        except (IndexError, KeyError, TypeError, AttributeError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


def profiled(items):
    events = []

    def profile(frame, event, arg):
        if event == "c_call":
            events.append(arg.__name__)

    sys.setprofile(profile)
    try:
        items.pop()
        items.pop()
    finally:
        sys.setprofile(None)
    return events, items


def pop_empty(items):
    while True:
        items.pop()


print(drain(list(range(40))))
print(drain([[i] for i in range(9)]))
print(stack_machine(1000))
print(any_pop([[1, 2], [], Stack([3, 4]), {"a": 1}, {5}, set(), bytearray(b"xy"), "str"]))
print(profiled([1, 2, 3]))
print([1, 2, 3].pop(0), [1, 2, 3].pop(-2))
pop_empty([1, 2])
