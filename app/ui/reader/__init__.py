"""The PDF reader: a tab per reading, pages rendered off the GUI thread, text and search.

``ReaderTab`` is the entry point (see its docstring); the modules below it are its parts:
``layout`` places pages, ``page_cache`` keeps their images, ``render_queue`` makes them on a
worker thread, ``page_view`` shows and scrolls them, ``selection`` and ``search`` handle text.
"""
