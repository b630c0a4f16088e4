"""One adapter per input format: decoded text in, raw blocks out."""
