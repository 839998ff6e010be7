"""The domain model of chidao: plain dataclasses and pure functions, no I/O."""
