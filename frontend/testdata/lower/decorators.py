def define(registry, arg):
    # The decorator's method is bound (LoadAttr) before its argument is
    # evaluated, as LOAD_METHOD looks it up; decorators apply last first.
    @registry.route(arg())
    @registry.plain
    def handler(x=arg()):
        return x

    return handler
