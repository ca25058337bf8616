"""Event handlers; importing this subpackage registers them on the bus."""
from . import audit
from .mail import templates as mail_templates

REGISTERED = sorted(audit.__name__.split(".")[-1:] + [mail_templates.__name__.rsplit(".", 1)[-1]])
