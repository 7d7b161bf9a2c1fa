"""Plain dataclasses and rules of the course: no I/O, no third-party libraries."""
