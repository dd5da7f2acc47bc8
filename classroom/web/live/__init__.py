"""Pages of the live room."""
