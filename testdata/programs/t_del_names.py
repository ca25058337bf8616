"""del of closure cells and of globals."""
G = 1


def del_cell():
    value = [1]

    def show():
        return value
    first = show()
    del value
    try:
        show()
    except NameError as e:
        print("NameError", e)
    return first


def del_cell_twice():
    value = 1

    def show():
        return value
    del value
    del value


def del_global():
    global G
    del G
    return "G" in globals()


def del_global_missing():
    global MISSING
    del MISSING


def del_free():
    x = 1

    def inner():
        nonlocal x
        del x
        return x
    return inner()


print(del_cell(), del_global())
for f in (del_cell_twice, del_global_missing, del_free):
    try:
        f()
    except NameError as e:
        print(type(e).__name__, e)
del_global_missing()
