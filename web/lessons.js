// lessons: see the helper's work.
