def first_line(path):
    with open(path) as f:
        return f.readline()
