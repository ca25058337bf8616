"""Pricing subpackage (second level: p_shop.catalog.pricing)."""
from ... import registry

registry.loaded(__name__)
