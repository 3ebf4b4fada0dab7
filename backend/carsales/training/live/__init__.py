"""Live training audio over Socket.IO: the wire protocol, each session's live state, the hub."""
