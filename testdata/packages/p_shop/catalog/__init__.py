"""Product catalog subpackage."""
from .. import registry
from ..util import slug
from .pricing import rules as pricing_rules

registry.loaded(__name__)

SECTIONS = sorted({slug(s) for s in ["Home & Garden", "Toys", "home  & garden"]})


def section_count():
    return len(SECTIONS)
