"""The Settings dialog: every setting of ``config`` in one window, grouped, checked as
``config set`` checks it."""
