"""Integer, float and big-integer arithmetic for a small numeric toolkit."""
import fractions
import math
import decimal

print("floor div/mod:", 7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print("divmod:", divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-1, 10 ** 30))
print("float floor:", 7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, math.fmod(-7.5, 2))
print("true div:", 1 / 3, 2 / 3, 10 / 4, -1 / 7, 1e308 * 10, -1e308 * 10)
print("pow:", 2 ** 10, 2 ** -2, (-2) ** 3, (-8) ** (1 / 3), 0 ** 0, pow(3, 200, 1000), pow(3, -1, 7), pow(2, 0.5))
print("big:", 2 ** 200)
f100 = math.factorial(100)
print("100! =", f100)
print("digits:", len(str(f100)), "digit sum:", sum(map(int, str(f100))), "trailing zeros:", len(str(f100)) - len(str(f100).rstrip("0")))
print("big ops:", f100 // 3 ** 40, f100 % 1000003, -f100 // 10 ** 150, (-f100) % 97)
print("gcd/lcm:", math.gcd(2 ** 64, 6 ** 30), math.lcm(4, 6, 10), math.isqrt(10 ** 40 + 12345))
print("bits:", (255).bit_length(), (2 ** 100).bit_length(), (-5).bit_length(), bin(37), (37).bit_count())
print("bitwise:", 12 & 10, 12 | 10, 12 ^ 10, ~12, 1 << 70, -1 >> 3, (2 ** 70) >> 65, -17 & 0xFF)
print("to_bytes:", (1024).to_bytes(4, "big"), int.from_bytes(b"\xff\xfe", "little", signed=True), (-2).to_bytes(2, "big", signed=True))
print("round:", round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(1234.5678, -2), round(7, -1), round(15, -1))
print("float repr:", 0.1 + 0.2, 1 / 10, 1e16, 1e-5, 123456789012345678.0, 2.0 ** 60, float("1e500"), -0.0)
print("float methods:", (0.5).as_integer_ratio(), (3.0).is_integer(), 1.5.hex(), float.fromhex("0x1.8p1"))
print("int/float conv:", int(3.99), int(-3.99), math.floor(-3.5), math.ceil(-3.5), math.trunc(-3.5), int("-0"), float(2 ** 60))
print("nan/inf:", math.isnan(float("nan")), float("nan") == float("nan"), math.inf > 10 ** 300, math.isinf(-math.inf))
print("compare int/float:", 2 ** 53 + 1 == float(2 ** 53 + 1), 1 == 1.0, hash(1) == hash(1.0), 0.1 + 0.2 == 0.3, math.isclose(0.1 + 0.2, 0.3))
print("complex:", (1 + 2j) * (3 - 1j), abs(3 + 4j), (1j) ** 2, complex("2+3j").conjugate())
F = fractions.Fraction
print("fractions:", F(1, 3) + F(1, 6), F(3, 4) ** 2, F("0.125"), F(0.1).limit_denominator(100), sum(F(1, n) for n in range(1, 6)))
D = decimal.Decimal
with decimal.localcontext() as ctx:
    ctx.prec = 30
    print("decimal:", D(1) / D(7), D("1.1") + D("2.2"), D("2").sqrt())
print("decimal quantize:", D("2.675").quantize(D("0.01"), rounding=decimal.ROUND_HALF_UP), D("-0.5").quantize(D("1")))
print("math:", math.sqrt(2), math.pi, math.e, round(math.sin(math.pi / 6), 12), math.log(1024, 2), math.log10(1e-3), math.hypot(3, 4))
print("comb/perm:", math.comb(52, 5), math.perm(10, 3), math.prod(range(1, 11)))


def collatz_len(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


best = max(range(1, 3000), key=collatz_len)
print("longest collatz < 3000:", best, collatz_len(best))


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


print("fib(300):", fib(300))
print("fermat probable primes:", [p for p in range(3, 60, 2) if pow(2, p - 1, p) == 1], "mersenne:", [p for p in range(2, 20) if pow(5, 2 ** p - 2, 2 ** p - 1) == 1])
print("int str limits:", len(str(10 ** 4000)), int("9" * 100) + 1 == 10 ** 100)
try:
    1 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError as e:
    print("OverflowError:", e)
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
print("sum floats:", sum([0.1] * 10), math.fsum([0.1] * 10), sum(range(10 ** 6)))
print("mixed:", 3 * True, True + True, -True, 10 ** -1, 7 / 7, type(7 / 7).__name__, 2 ** 0.5 * 2 ** 0.5)


def big_times_small():
    # One-digit factors (|k| < 2**30) against ints of two or more digits, every
    # sign, zero, the carry into a new top digit, a bool and an int subclass.
    class Loud(int):
        def __mul__(self, other):
            return ("Loud*", int(self) * other)
        __rmul__ = __mul__

    bigs = [2 ** 30, 2 ** 60 - 1, -(2 ** 61) + 5, 3 ** 200, -(7 ** 150), (2 ** 30 - 1) * 2 ** 90]
    smalls = [0, 1, -1, 2, -3, 10, 2 ** 30 - 1, -(2 ** 30 - 1), 2 ** 29, True, False]
    out = []
    for big in bigs:
        for small in smalls:
            product = big * small
            assert product == small * big
            acc = big
            acc *= small
            out.append((product % 1000000007, acc == product, type(product).__name__))
    out.append(2 ** 64 * Loud(3))
    out.append(Loud(3) * 2 ** 64)
    f = 1
    for i in range(2, 400):
        f *= i
    out.append((len(str(f)), f % 998244353))
    return out


print("big times small:", big_times_small())
