"""Settings and default data: environment variables and their defaults, the
province's agency registry, the demo directives."""
