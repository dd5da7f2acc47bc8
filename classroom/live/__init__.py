"""Live lessons: the real-time room of a live-online lesson over WebSocket, across workers."""
