"""Marshmallow schemas shaping JSON in and out (import files, --json output); the
REST API reuses them."""
