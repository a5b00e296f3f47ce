"""Where a release is built: the data package, derived tables, flavours, versions, diffs and changelog."""
