"""A doubly linked list and an LRU cache built on it (full container protocol)."""


class Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key=None, value=None):
        self.key, self.value = key, value
        self.prev = self.next = None


class LinkedList:
    def __init__(self, iterable=()):
        self.head = Node()
        self.tail = Node()
        self.head.next, self.tail.prev = self.tail, self.head
        self.size = 0
        for item in iterable:
            self.append(item)

    def _insert_after(self, node, new):
        new.prev, new.next = node, node.next
        node.next.prev = new
        node.next = new
        self.size += 1
        return new

    def append(self, value, key=None):
        return self._insert_after(self.tail.prev, Node(key, value))

    def appendleft(self, value, key=None):
        return self._insert_after(self.head, Node(key, value))

    def unlink(self, node):
        node.prev.next, node.next.prev = node.next, node.prev
        self.size -= 1
        return node

    def pop(self):
        if not self.size:
            raise IndexError("pop from empty LinkedList")
        return self.unlink(self.tail.prev).value

    def __len__(self):
        return self.size

    def __iter__(self):
        node = self.head.next
        while node is not self.tail:
            yield node.value
            node = node.next

    def __reversed__(self):
        node = self.tail.prev
        while node is not self.head:
            yield node.value
            node = node.prev

    def __getitem__(self, index):
        if isinstance(index, slice):
            return LinkedList(list(self)[index])
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("LinkedList index out of range")
        for i, v in enumerate(self):
            if i == index:
                return v

    def __contains__(self, value):
        return any(v == value for v in self)

    def __eq__(self, other):
        return isinstance(other, LinkedList) and list(self) == list(other)

    def __add__(self, other):
        return LinkedList([*self, *other])

    def __repr__(self):
        return "LinkedList([" + ", ".join(map(repr, self)) + "])"


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.order = LinkedList()
        self.index = {}
        self.hits = self.misses = 0

    def get(self, key, default=None):
        node = self.index.get(key)
        if node is None:
            self.misses += 1
            return default
        self.hits += 1
        self.order.unlink(node)
        self.index[key] = self.order.append(node.value, key)
        return node.value

    def put(self, key, value):
        if key in self.index:
            self.order.unlink(self.index.pop(key))
        elif len(self.order) >= self.capacity:
            oldest = self.order.unlink(self.order.head.next)
            del self.index[oldest.key]
            print(f"  evicted {oldest.key!r}")
        self.index[key] = self.order.append(value, key)

    def keys(self):
        node, out = self.order.head.next, []
        while node is not self.order.tail:
            out.append(node.key)
            node = node.next
        return out


ll = LinkedList(range(5))
ll.appendleft(-1)
print(ll, len(ll), ll[0], ll[-1], ll[2], 3 in ll, 10 in ll)
print("reversed:", list(reversed(ll)), "slice:", ll[1:4], "step:", ll[::2])
print("pop:", ll.pop(), ll.pop(), ll, "eq:", ll == LinkedList([-1, 0, 1, 2]), ll == [-1, 0, 1, 2])
print("concat:", ll + LinkedList("ab"), "bool:", bool(LinkedList()), bool(ll))
try:
    LinkedList().pop()
except IndexError as e:
    print("IndexError:", e)
try:
    ll[99]
except IndexError as e:
    print("IndexError:", e)

cache = LRUCache(3)
for k in "abc":
    cache.put(k, k.upper())
print("get a:", cache.get("a"), "keys:", cache.keys())
cache.put("d", "D")
print("get b:", cache.get("b", "miss"), "keys:", cache.keys())
cache.put("c", "C2")
cache.put("e", "E")
print("final keys:", cache.keys(), "values:", list(cache.order), "hits/misses:", cache.hits, cache.misses)
