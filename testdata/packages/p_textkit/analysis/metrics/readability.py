"""Flesch reading-ease score, three levels deep."""
from ...core import sentences, tokenize, syllables
from .. import freq
import p_textkit.core as core_abs


class Report:
    def __init__(self, text):
        words = tokenize(text)
        sents = sentences(text)
        self.words = len(words)
        self.sentences = len(sents)
        self.syllables = sum(syllables(w) for w in words)
        self.unique = len(freq.word_freq(text, skip_stopwords=False))

    @property
    def flesch(self):
        if not self.words or not self.sentences:
            return 0.0
        return round(206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words), 2)

    def __eq__(self, other):
        return type(other) is Report and vars(self) == vars(other)

    def __repr__(self):
        return f"Report(words={self.words}, sentences={self.sentences}, syllables={self.syllables}, flesch={self.flesch})"


def score(text):
    return Report(text).flesch


def same_core():
    return core_abs.tokenize is tokenize
