"""CSV import/export with csv, io.StringIO/BytesIO and a temporary directory."""
import csv
import io
import os
import tempfile

SOURCE = '''sku,name,qty,price
A-1,"Widget, large",4,2.50
B-2,Gadget,0,10.00
C-3,"Thing ""deluxe""",12,0.75
D-4,Gizmo,7,
'''

reader = csv.DictReader(io.StringIO(SOURCE))
rows = list(reader)
print("fields:", reader.fieldnames)
for r in rows:
    print("  ", r)

clean = []
for r in rows:
    price = float(r["price"]) if r["price"] else None
    clean.append({"sku": r["sku"], "name": r["name"], "qty": int(r["qty"]), "price": price,
                  "value": round(int(r["qty"]) * price, 2) if price is not None else ""})

out = io.StringIO()
writer = csv.DictWriter(out, fieldnames=["sku", "name", "qty", "price", "value"], lineterminator="\n")
writer.writeheader()
writer.writerows(clean)
print(out.getvalue(), end="")

semi = io.StringIO()
w = csv.writer(semi, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
w.writerow(["a", 1, 2.5, None, 'quote"d'])
print("custom dialect:", semi.getvalue().strip())
print("parse back:", next(csv.reader(io.StringIO(semi.getvalue()), delimiter=";", quoting=csv.QUOTE_NONNUMERIC)))
sniffed = csv.Sniffer().sniff("x|y|z\n1|2|3\n")
print("sniffed delimiter:", sniffed.delimiter)

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "inventory.csv")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["sku", "qty"], ["Ä-1", 3], ["B-2", 5]])
    with open(path, newline="", encoding="utf-8") as fh:
        data = list(csv.reader(fh))
    print("file round trip:", data, os.path.getsize(path), sorted(os.listdir(tmp)))
    with open(path, "rb") as fh:
        print("raw bytes head:", fh.read(12))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("C-3,1\n")
    with open(path, encoding="utf-8") as fh:
        print("line count:", sum(1 for _ in fh), "exists:", os.path.exists(path))
print("file still exists after cleanup:", os.path.exists(path))

bio = io.BytesIO()
bio.write(b"header\n")
bio.write("payload ü\n".encode("utf-8"))
print("bytesio:", bio.tell(), bio.getvalue())
bio.seek(0)
print("readline:", bio.readline(), bio.read().decode("utf-8").strip())
wrapper = io.TextIOWrapper(io.BytesIO("línea1\nlínea2\n".encode("latin-1")), encoding="latin-1")
print("textwrapper:", [line.rstrip("\n") for line in wrapper])
sio = io.StringIO("one\ntwo\nthree")
print("stringio iteration:", [l.strip() for l in sio], sio.read() == "", sio.seek(4), sio.read(3))
try:
    with open(os.path.join(tempfile.gettempdir(), "pyaot-no-such-dir", "x.csv")) as fh:
        pass
except FileNotFoundError as e:
    print("FileNotFoundError:", e.errno, e.strerror)
