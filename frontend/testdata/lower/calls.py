def forward(f, *args, **kwargs):
    f(1, key=2)
    return f(*args, sep=",", **kwargs)
