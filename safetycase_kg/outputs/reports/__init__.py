"""Reports built from the store: compliance mapping per case and the cross-case matrix."""
