"""Configuration subpackage."""
