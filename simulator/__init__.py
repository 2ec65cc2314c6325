"""mock-interview: a local, private voice mock-interview simulator."""

__version__ = "0.1.0"
