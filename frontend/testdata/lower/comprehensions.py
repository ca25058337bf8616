def squares(values):
    return [v * v for v in values if v]
