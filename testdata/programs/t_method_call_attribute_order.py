# `obj.name(args)` loads `obj.name` (here a property) before it evaluates
# the arguments, as LOAD_METHOD does: "attribute read" prints before
# "argument 1". Found by fuzz seed 4 (compiled code evaluated the
# arguments first); t_method_call_order covers the other lookups.
class Holder:
    @property
    def attr(self):
        print('attribute read')
        return lambda x: x


def note(x):
    print('argument', x)
    return x


print(Holder().attr(note(1)))
