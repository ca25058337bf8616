"""Function annotations and folded defaults built by native module, class
and function bodies, as MAKE_FUNCTION gets them from the interpreter."""
import sys
import traceback
import typing


def every_kind(a: int, b: "str" = "x", /, c: list[int] = [], *args: float,
               d: typing.Optional[int] = None, **kw: dict) -> bool:
    return True


def folded(size=-1, empty=(), pair=("a", "b"), neg=-2.5, nested=((1, 2), -3)) -> None:
    return size, empty, pair, neg, nested


def only_return() -> "Final":
    pass


class Shapes:
    def method(self, other: "Shapes", __private: int = -1) -> "Shapes":
        return other

    @staticmethod
    def static(x: int = -0) -> int:
        return x


def factory(kind):
    def made(value: kind = kind()) -> kind:
        return value
    return made


print(every_kind.__annotations__)
print(folded.__defaults__, folded(), folded.__annotations__, only_return.__annotations__)
print(Shapes.method.__annotations__, Shapes.method.__defaults__, Shapes.static.__annotations__)
print(factory(int).__annotations__, factory(str)(), typing.get_type_hints(every_kind))

# not (a in b) and not (a is b) as values
values = [1, 2, 3]
print(not 4 in values, not 2 in values, not values is None, not None is None)
flags = [not x in (1, 3) for x in range(4)]
print(flags)

try:
    def broken(x: undefined_annotation_name) -> int:  # noqa: F821
        return x
except NameError:
    traceback.print_exc(file=sys.stdout)


class Late:
    def fine(self) -> int:
        return 1

    def bad(self, y: also_undefined) -> None:  # noqa: F821
        pass
