# Compiled, `obj.name(args)` evaluates the arguments before it loads
# `obj.name` when the attribute is no plain method (here a property; also
# as a decorator, `@obj.name(arg)`): "argument 1" prints before
# "attribute read" (source: after). Found by fuzz seed 4 (left out of the CI set).
class Holder:
    @property
    def attr(self):
        print('attribute read')
        return lambda x: x


def note(x):
    print('argument', x)
    return x


print(Holder().attr(note(1)))
