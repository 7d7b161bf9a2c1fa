"""PDF work with PyMuPDF: validate, and later open, render, search and annotate."""
