// experiments: see the helper's work.
