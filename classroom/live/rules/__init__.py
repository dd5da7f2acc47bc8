"""Pure rules of the live room: admission, chat limits, attendance-check timing, room state."""
