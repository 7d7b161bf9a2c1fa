"""Study Companion: a study tool for paper-reading seminars."""

__version__ = "0.1.0"
