// timeline: see the helper's work.
