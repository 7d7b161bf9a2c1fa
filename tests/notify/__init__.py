"""Desktop notifications (app.notify) against a real dunst, and the background reminder setup."""
