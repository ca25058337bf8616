def running_total(values):
    total = 0
    for v in values:
        total += v
        yield total
