"""Cities and regions, read from data files beside the modules."""
from .geo import cities, regions


def summary():
    names = cities.city_names()
    return f"{len(names)} cities in {len(regions())} regions: {', '.join(sorted(names))}"


def main():
    print(summary())
    for code, country in sorted(cities.country_codes().items()):
        print(code, country)
    print("compiled:", __file__.endswith(".so"))
