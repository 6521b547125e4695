"""Real time over Socket.IO: the `/live` namespace (connect, rooms) and the one module that emits."""
