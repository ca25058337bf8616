"""Service boot sequence."""
from .config.loader import load_config

GOOD_CONFIG = """
name = api
port = 8080
workers = 4
"""

BAD_CONFIG = """
name = worker
port = 80a
workers = 2
"""


def start(text):
    config = load_config(text)
    return f"started {config['name']} on :{config['port']} x{config['workers']}"
