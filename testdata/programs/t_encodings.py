"""Bytes and string encodings for a message-framing protocol."""
import base64
import binascii
import codecs
import hashlib
import struct
import zlib

messages = ["hello", "grüße", "日本語", "emoji 🐍", "mixed ñ€\u00a0end"]
for m in messages:
    b8 = m.encode("utf-8")
    b16 = m.encode("utf-16-le")
    print(f"{m!r:<22} chars={len(m):>2} utf8={len(b8):>2} utf16={len(b16):>2} {b8[:8].hex(' ')}")

text = "Café ☕"
print("latin-1 strict:", end=" ")
try:
    text.encode("latin-1")
except UnicodeEncodeError as e:
    print(f"{e.reason} at {e.start}-{e.end} ({e.encoding})")
for errors in ("ignore", "replace", "xmlcharrefreplace", "backslashreplace", "namereplace"):
    print(f"  {errors:<18}", text.encode("ascii", errors=errors))
bad = b"ok \xff\xfe bytes \xc3"
try:
    bad.decode("utf-8")
except UnicodeDecodeError as e:
    print("decode error:", e)
print("decode replace:", bad.decode("utf-8", "replace"), "| surrogateescape roundtrip:",
      bad.decode("utf-8", "surrogateescape").encode("utf-8", "surrogateescape") == bad)
print("latin-1 any bytes:", bytes(range(250, 256)).decode("latin-1"), "cp1252:", b"\x80\x93".decode("cp1252"))
print("bom:", "x".encode("utf-16")[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-8-sig:", "x".encode("utf-8-sig"))


def frame(kind, payload):
    body = payload.encode("utf-8")
    header = struct.pack(">BHI", kind, len(body), zlib.crc32(body))
    return header + body


def unframe(data):
    out = []
    while data:
        kind, length, crc = struct.unpack(">BHI", data[:7])
        body = data[7:7 + length]
        assert zlib.crc32(body) == crc
        out.append((kind, body.decode("utf-8")))
        data = data[7 + length:]
    return out


stream = b"".join(frame(i, m) for i, m in enumerate(messages, 1))
print("stream length:", len(stream), "calcsize:", struct.calcsize(">BHI"), struct.calcsize("<qd?"))
print("unframed:", unframe(stream))
print("struct mix:", struct.pack("<hIf?", -2, 7, 1.5, True).hex(), struct.unpack("<3s2x", b"abcxx"))

raw = "user:pässwörd".encode()
b64 = base64.b64encode(raw)
print("base64:", b64, base64.b64decode(b64).decode(), base64.urlsafe_b64encode(b"\xfb\xff"), base64.b32encode(b"hi"))
print("hex:", raw.hex(), bytes.fromhex("de ad be ef"), binascii.hexlify(b"\x00\x01", "-"))
print("hashes:", hashlib.sha256(b"pyaot").hexdigest()[:16], hashlib.md5(b"").hexdigest(), zlib.adler32(b"abc"))
comp = zlib.compress(b"a" * 1000)
print("zlib:", len(comp), zlib.decompress(comp)[:5])

ba = bytearray(b"hello world")
ba[0] = ord("H")
ba[6:11] = b"World!"
ba.extend(b"!!")
del ba[-1]
print("bytearray:", ba, ba.upper(), ba.count(b"l"), ba.find(b"World"), bytes(ba[::-1]))
print("bytes ops:", b"a,b,,c".split(b","), b"  pad ".strip(), b"abc" + b"def", b"ab" * 3, b"x" in b"xyz")
print("bytes index:", b"ABC"[0], b"ABC"[0:1], list(b"AB"), bytes([65, 66, 67]), bytes(3), bytes("é", "utf-8"))
print("bytes repr:", repr(b"\x00\t\n'\"\\\x7f\x80"), ascii("é\n"), repr("tab\there"))
print("int bytes:", (258).to_bytes(2, "little"), int.from_bytes(b"\x01\x02", "big"))
print("str <-> bytes compare:", b"a" == "a", str(b"abc"), str(b"abc", "ascii"), b"%s=%d" % (b"k", 5))
print("normalization:", len("e\u0301"), len(__import__("unicodedata").normalize("NFC", "e\u0301")),
      __import__("unicodedata").name("☕"), "ß".casefold(), "ﬁ".upper())
print("rot13:", codecs.encode("Hello, PyAOT!", "rot13"), codecs.decode(b"68656c6c6f", "hex"))
try:
    b"abc" + "def"
except TypeError as e:
    print("TypeError:", e)
