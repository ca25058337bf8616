"""String building: template rendering with filters and CSV-like splitting with quotes."""

DEFAULT_N = 40000

TEMPLATE = ("<tr class=\"{{ cls }}\"><td>{{ id }}</td><td>{{ name | upper }}</td>"
            "<td>{{ city | title }}</td><td>{{ amount | money }}</td></tr>")


def compile_template(tpl):
    parts = []
    pos = 0
    while True:
        start = tpl.find("{{", pos)
        if start < 0:
            parts.append(("text", tpl[pos:]))
            break
        parts.append(("text", tpl[pos:start]))
        end = tpl.find("}}", start)
        expr = tpl[start + 2:end].strip()
        if "|" in expr:
            name, filt = [s.strip() for s in expr.split("|", 1)]
        else:
            name, filt = expr, None
        parts.append(("var", name, filt))
        pos = end + 2
    return parts


def apply_filter(value, filt):
    if filt is None:
        return str(value)
    if filt == "upper":
        return str(value).upper()
    if filt == "title":
        return str(value).title()
    if filt == "money":
        return "%d.%02d" % (value // 100, value % 100)
    return str(value)


def render(parts, ctx):
    out = []
    for part in parts:
        if part[0] == "text":
            out.append(part[1])
        else:
            out.append(apply_filter(ctx[part[1]], part[2]))
    return "".join(out)


def split_csv_line(line):
    fields = []
    cur = []
    in_quotes = False
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if in_quotes:
            if c == '"':
                if i + 1 < n and line[i + 1] == '"':
                    cur.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                cur.append(c)
        elif c == '"':
            in_quotes = True
        elif c == ",":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    fields.append("".join(cur))
    return fields


NAMES = ["ada", "grace", "alan", "edsger", "barbara", "donald", "ken", "dennis"]
CITIES = ["new york", "san francisco", "london", "zurich", "buenos aires", "oslo"]


def make_csv(n):
    lines = ["id,name,city,amount,note"]
    for i in range(n):
        note = 'said "hi, there"' if i % 4 == 0 else "plain"
        lines.append('%d,%s,"%s",%d,"%s"' % (
            i, NAMES[i % len(NAMES)], CITIES[i % len(CITIES)], (i * 7919) % 100000,
            note.replace('"', '""')))
    return "\n".join(lines)


def run(n):
    text = make_csv(n)
    parts = compile_template(TEMPLATE)
    rows = text.split("\n")
    header = split_csv_line(rows[0])
    html = ["<table>"]
    checksum = 0
    for row in rows[1:]:
        fields = split_csv_line(row)
        rec = dict(zip(header, fields))
        rec["amount"] = int(rec["amount"])
        rec["cls"] = "odd" if int(rec["id"]) % 2 else "even"
        line = render(parts, rec)
        checksum = (checksum * 131 + len(line) + len(rec["note"])) % 1000000007
        html.append(line)
    html.append("</table>")
    doc = "\n".join(html)
    return "%d|%d|%d" % (checksum, len(doc), doc.count("<td>"))
