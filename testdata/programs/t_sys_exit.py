"""A CLI-style validator that reports problems and exits with status 3."""
import sys

RECORDS = [
    {"id": 1, "email": "ann@example.com", "age": 31},
    {"id": 2, "email": "bob-at-example", "age": 17},
    {"id": 3, "email": "cid@example.org", "age": -4},
    {"id": 4, "email": "dee@example.net", "age": 45},
]


def validate(rec):
    problems = []
    if "@" not in rec["email"]:
        problems.append("invalid email")
    if rec["age"] < 0:
        problems.append("negative age")
    elif rec["age"] < 18:
        problems.append("minor")
    return problems


def main(argv):
    failures = 0
    for rec in RECORDS:
        problems = validate(rec)
        status = "OK" if not problems else "FAIL: " + ", ".join(problems)
        print(f"record {rec['id']}: {status}")
        if problems:
            failures += 1
            print(f"warning: record {rec['id']} rejected", file=sys.stderr)
    print(f"{failures} of {len(RECORDS)} records failed")
    try:
        sys.exit(0 if failures == 0 else 99)
    except SystemExit as e:
        print("intercepted SystemExit with code", e.code)
    return 3 if failures else 0


code = main([])
try:
    sys.exit()
except SystemExit as e:
    print("bare sys.exit code:", e.code)
print("exiting with", code)
sys.stdout.flush()
sys.exit(code)
print("unreachable")
