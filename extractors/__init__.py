"""Pure parsing: bytes in, records out, no I/O."""
