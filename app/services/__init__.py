"""Use cases shared by both front doors (command line and windows)."""
