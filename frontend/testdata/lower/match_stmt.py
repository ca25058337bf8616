def describe(point):
    match point:
        case (0, y):
            return y
        case {"x": x}:
            return x
        case _:
            return None
