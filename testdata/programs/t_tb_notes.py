"""Exception notes (add_note), errors in __exit__ and finally; ends with an uncaught error (exit 1)."""
import traceback


class ValidationError(ValueError):
    pass


def validate_row(row):
    errors = []
    for key in ("id", "email"):
        if not row.get(key):
            errors.append(key)
    if errors:
        err = ValidationError(f"missing fields: {', '.join(errors)}")
        err.add_note(f"row data: {sorted(row.items())}")
        raise err
    return row


def import_rows(rows):
    imported = []
    for i, row in enumerate(rows):
        try:
            imported.append(validate_row(row))
        except ValidationError as e:
            e.add_note(f"while importing row {i}")
            raise
    return imported


class Transaction:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print(f"begin {self.name}")
        return self

    def __exit__(self, exc_type, exc, tb):
        print(f"end {self.name}: {exc_type.__name__ if exc_type else 'ok'}")
        if exc_type is KeyError:
            raise RuntimeError(f"rollback of {self.name} failed")
        return False


rows = [{"id": 1, "email": "a@x"}, {"id": 2, "email": ""}, {"id": None}]
try:
    import_rows(rows)
except ValidationError as e:
    print("caught:", e)
    print("notes:", e.__notes__)
    print("formatted:")
    print(traceback.format_exc().rstrip().split("\n", 1)[0])
    print("".join(traceback.format_exception_only(type(e), e)).rstrip())

try:
    with Transaction("t1"):
        {}["missing"]
except RuntimeError as e:
    print("caught from __exit__:", e, "| context:", repr(e.__context__))


def cleanup_fails():
    try:
        return "value"
    finally:
        print("finally running")


print("finally result:", cleanup_fails())
with Transaction("t2"):
    import_rows(rows[:1] + [{"email": "x@y"}])
