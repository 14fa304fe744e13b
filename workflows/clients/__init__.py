"""Starting, signalling and querying workflows from outside a workflow (the API, relays and
activities). These modules import workflow types, never the workflow modules themselves
when an activity needs them: an activity that imported a workflow would loop back to itself."""
