"""Where bytes and datasets live: the raw store, the parse cache and published snapshots."""
