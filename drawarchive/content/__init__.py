"""Reading content/: every file found, parsed and checked into the model, one writer at a time."""
