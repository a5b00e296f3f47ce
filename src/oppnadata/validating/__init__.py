"""Where a CSV is checked: the validation entry, the streaming engine, the domain and privacy rules."""
