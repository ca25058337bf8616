"""Regions come from regions.txt beside this package's __init__, read
through importlib.resources."""
import importlib.resources


def regions():
    text = importlib.resources.files(__package__).joinpath("regions.txt").read_text()
    return text.split()
