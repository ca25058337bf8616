"""Core tokenization helpers."""
import re

WORD_RE = re.compile(r"[A-Za-z']+")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
CALLS = {"tokenize": 0}


def normalize(text):
    return " ".join(text.split()).strip()


def tokenize(text):
    CALLS["tokenize"] += 1
    return [w.lower() for w in WORD_RE.findall(text)]


def sentences(text):
    return [s for s in SENTENCE_RE.split(normalize(text)) if s]


def syllables(word):
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and count > 1:
        count -= 1
    return max(count, 1)
