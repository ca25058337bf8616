# Several threads run native loops over shared lists and dicts at once; the
# GIL changes hands at their back-edges, in the middle of fast paths
# (list append and subscripts, dict stores), and values carried across an
# iteration must survive another thread replacing what they came from.
# Only what does not depend on the interleaving is printed.
import sys
import threading

sys.setswitchinterval(0.0001)
THREADS = 4
ROUNDS = 10_000


def run_all(target, args_of):
    threads = [threading.Thread(target=target, args=args_of(t)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def appender(shared, tag):
    i = 0
    while i < ROUNDS:
        shared.append(tag * ROUNDS + i)
        i += 1


def dict_writer(shared, tag):
    for i in range(ROUNDS):
        shared[(tag, i % 1000)] = shared.get((tag, i % 1000), 0) + 1  # own keys only
        shared[i % 97] = tag  # keys every thread overwrites


def counter(lock, totals, tag):
    for i in range(ROUNDS):
        with lock:
            totals[0] += 1
        totals[tag + 1] += i & 3


def producer(queue, done, tag):
    for i in range(ROUNDS):
        queue.append((tag, i))
    done.append(tag)


def consumer(queue, done, got, tag):
    # Pops until every producer is done and the queue is drained.
    while True:
        try:
            item = queue.pop()
        except IndexError:
            if len(done) == THREADS // 2 and not queue:
                break
        else:
            got.append(item)


def replacer(cells, stop):
    # Replaces every cell with a fresh object, over and over.
    n = 0
    while not stop:
        for i in range(len(cells)):
            cells[i] = [n, str(n) * 3]
            n += 1


def carrier(cells, results):
    # `prev` and `row` come from a cell another thread keeps replacing.
    prev = cells[0]
    checked = 0
    for i in range(ROUNDS):
        row = cells[i % len(cells)]
        if prev[1] != str(prev[0]) * 3:
            results.append("torn")
        prev = row
        checked += 1
    results.append(checked)


def iterate_while_growing(shared, seen):
    # A native for-loop over a list others append to: it sees the items
    # present when it started and some of the appends, and stops.
    count = 0
    for value in shared:
        if type(value) is not int:
            seen.append("not an int")
        count += 1
    seen.append(count >= 1000)


def main():
    shared = []
    run_all(appender, lambda t: (shared, t))
    print("appended:", len(shared), sum(shared) == sum(range(THREADS * ROUNDS)))
    print("per thread ordered:", all(
        [v for v in shared if v // ROUNDS == t] == list(range(t * ROUNDS, (t + 1) * ROUNDS))
        for t in range(THREADS)))

    table = {}
    run_all(dict_writer, lambda t: (table, t))
    own = {t: sum(v for k, v in table.items() if isinstance(k, tuple) and k[0] == t)
           for t in range(THREADS)}
    print("dict:", len(table), own, set(v for k, v in table.items() if isinstance(k, int)) <= set(range(THREADS)))

    lock = threading.Lock()
    totals = [0] * (THREADS + 1)
    run_all(counter, lambda t: (lock, totals, t))
    print("locked total:", totals[0], "per thread:", totals[1:])

    queue, done, got = [], [], []
    threads = [threading.Thread(target=producer, args=(queue, done, t)) for t in range(THREADS // 2)]
    threads += [threading.Thread(target=consumer, args=(queue, done, got, t)) for t in range(THREADS // 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    items = sorted(got)
    print("queue: consumed", len(items), "distinct", len(set(items)),
          "complete", items == sorted((t, i) for t in range(THREADS // 2) for i in range(ROUNDS)),
          "left", len(queue))

    cells = [[i, str(i) * 3] for i in range(8)]
    stop, results = [], []
    replacers = [threading.Thread(target=replacer, args=(cells, stop)) for _ in range(2)]
    carriers = [threading.Thread(target=carrier, args=(cells, results)) for _ in range(2)]
    for thread in replacers + carriers:
        thread.start()
    for thread in carriers:
        thread.join()
    stop.append(True)
    for thread in replacers:
        thread.join()
    print("carried:", sorted(results, key=str))

    growing = list(range(1000))
    seen = []
    writers = [threading.Thread(target=appender, args=(growing, t + 1)) for t in range(2)]
    readers = [threading.Thread(target=iterate_while_growing, args=(growing[:1000] + growing, seen))
               for _ in range(1)]
    readers += [threading.Thread(target=iterate_while_growing, args=(growing, seen))]
    for thread in writers + readers:
        thread.start()
    for thread in writers + readers:
        thread.join()
    print("iterated while growing:", len(growing), [s for s in seen if s is not True], seen.count(True))


main()
