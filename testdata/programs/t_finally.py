# try/finally in compiled functions: normal, exceptional and early exits,
# finally bodies that return or raise, with except clauses inside.
import sys


def normal(log):
    try:
        log.append("body")
    finally:
        log.append("finally")
    return log


def returns(log, value):
    try:
        log.append("body")
        return value * 2
    finally:
        log.append("finally sees " + str(value))


def raises(log):
    try:
        log.append("body")
        raise ValueError("from body")
    finally:
        log.append(("finally", sys.exc_info()[0].__name__))


def overriding():
    try:
        raise KeyError("lost")
    finally:
        return "finally wins"


def loop(log):
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append(i)
        finally:
            log.append("f" + str(i))
    return log


def combined(v):
    try:
        result = 10 // v
    except ZeroDivisionError:
        result = "zero"
        return result
    else:
        result = result + 1
    finally:
        print("cleanup", v)
    return result


def raising_finally():
    try:
        return 1
    finally:
        raise RuntimeError("from finally")


print(normal([]))
log = []
print(returns(log, 21), log)
log = []
try:
    raises(log)
except ValueError as error:
    print("caught", error, log, sys.exc_info()[0])
print(overriding())
print(loop([]))
print(combined(5), combined(0))
try:
    raising_finally()
except RuntimeError as error:
    print("RuntimeError", error, error.__context__)
raises([])
