"""Cities come from cities.csv beside this module (os.path and __file__),
country codes from tables/codes.txt (pkgutil.get_data)."""
import os
import pkgutil

HERE = os.path.dirname(__file__)


def city_names():
    with open(os.path.join(HERE, "cities.csv"), encoding="utf-8") as f:
        return [line.split(",")[0] for line in f.read().splitlines()[1:]]


def country_codes():
    text = pkgutil.get_data(__package__, "tables/codes.txt").decode()
    return dict(line.split(" ", 1) for line in text.splitlines())
