"""Exceptions: parse mixed input with try/except fallbacks, custom exception classes, finally."""

DEFAULT_N = 150000


class ParseError(Exception):
    def __init__(self, field, text):
        super().__init__("cannot parse %s: %r" % (field, text))
        self.field = field
        self.text = text


class RangeError(ParseError):
    pass


def parse_int(text):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return int(float(text))
    except ValueError:
        pass
    if text.startswith("0x"):
        try:
            return int(text, 16)
        except ValueError:
            raise ParseError("int", text) from None
    raise ParseError("int", text)


def parse_record(line):
    parts = line.split(":")
    if len(parts) != 3:
        raise ParseError("record", line)
    key = parts[0]
    value = parse_int(parts[1])
    if value < 0 or value > 1000000:
        raise RangeError("value", parts[1])
    weight = parse_int(parts[2])
    return key, value, weight


def make_lines(n):
    lines = []
    for i in range(n):
        m = i % 9
        if m == 0:
            lines.append("k%d:%d:%d" % (i, i, i % 5))
        elif m == 1:
            lines.append("k%d:%d.5:2" % (i, i))
        elif m == 2:
            lines.append("k%d:0x%x:1" % (i, i))
        elif m == 3:
            lines.append("k%d:oops:1" % i)
        elif m == 4:
            lines.append("broken line %d" % i)
        elif m == 5:
            lines.append("k%d:-%d:1" % (i, i + 1))
        elif m == 6:
            lines.append("k%d:0xzz:3" % i)
        else:
            lines.append("k%d:%d:%d" % (i, i * 3, 7))
    return lines


def run(n):
    lines = make_lines(n)
    total = 0
    errors = {}
    cleanups = 0
    for line in lines:
        try:
            try:
                key, value, weight = parse_record(line)
                total = (total + value * weight + len(key)) % 1000000007
            except RangeError as e:
                errors["range"] = errors.get("range", 0) + 1
                total += len(e.text)
            except ParseError as e:
                errors[e.field] = errors.get(e.field, 0) + 1
                if e.field == "record":
                    raise KeyError(line)
            finally:
                cleanups += 1
        except KeyError as e:
            errors["key"] = errors.get("key", 0) + len(e.args)
    lookups = 0
    d = {i: i for i in range(0, 1000, 3)}
    for i in range(n):
        try:
            lookups += d[i % 1000]
        except KeyError:
            lookups -= 1
    return "%d|%d|%d|%s" % (total, cleanups, lookups,
                            ",".join("%s=%d" % (k, errors[k]) for k in sorted(errors)))
