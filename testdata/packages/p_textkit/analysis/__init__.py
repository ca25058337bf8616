"""Text analysis subpackage."""
from .freq import word_freq, top_words
from .metrics import readability

__all__ = ["word_freq", "readability"]

_private_helper = "not exported by *"
