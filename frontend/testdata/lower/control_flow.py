def count(items, limit):
    n = 0
    for item in items:
        if item > limit:
            break
        n += 1
    while n:
        n //= 2
    return n
