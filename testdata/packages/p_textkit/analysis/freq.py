"""Word frequency counting."""
from collections import Counter

from ..core import tokenize

STOPWORDS = frozenset("a an and the of to in is it was".split())


def word_freq(text, skip_stopwords=True):
    words = tokenize(text)
    if skip_stopwords:
        words = [w for w in words if w not in STOPWORDS]
    return Counter(words)


def top_words(text, n=3):
    return sorted(word_freq(text).items(), key=lambda kv: (-kv[1], kv[0]))[:n]
