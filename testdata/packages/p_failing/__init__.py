"""p_failing: a service whose boot sequence fails during import (uncaught, exit 1)."""
from . import boot
from .config import loader

print("== p_failing importing ==")
print("package:", __name__, __package__, __spec__.parent, "__path__" in globals())
print("loader module:", loader.__name__, loader.__package__, loader.__spec__.parent, hasattr(loader, "__path__"))
print("first boot (valid config):", boot.start(boot.GOOD_CONFIG))
boot.start(boot.BAD_CONFIG)
print("never printed")
