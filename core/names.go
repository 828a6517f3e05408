package core

// Enumerations marshal to their names, so JSON output (CLI lines, the JS API) reads as words.

func (k EventKind) MarshalText() ([]byte, error)  { return []byte(k.String()), nil }
func (r DropReason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
func (s State) MarshalText() ([]byte, error)      { return []byte(s.String()), nil }
func (s Status) MarshalText() ([]byte, error)     { return []byte(s.String()), nil }
