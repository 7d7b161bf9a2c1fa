"""The window's side of submitting reviews: the outbox view, its sender, the submit dialog."""
