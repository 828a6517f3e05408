package core

import "fmt"

// Enumerations marshal to their names, so JSON output (CLI lines, the JS API) reads as words.

func (k EventKind) MarshalText() ([]byte, error)  { return []byte(k.String()), nil }
func (r DropReason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
func (s State) MarshalText() ([]byte, error)      { return []byte(s.String()), nil }
func (s Status) MarshalText() ([]byte, error)     { return []byte(s.String()), nil }

// UnmarshalText reads a State by its name ("alive", "suspect", …): what a live node reports
// reads back as it was written.
func (s *State) UnmarshalText(b []byte) error {
	for st := Unknown; st <= Left; st++ {
		if st.String() == string(b) {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("state must be one of unknown, alive, suspect, removed, left, got %q", b)
}

// UnmarshalText reads a MsgKind by its name ("gossip", "ping", …), as a trace records it.
func (k *MsgKind) UnmarshalText(b []byte) error {
	for m := MsgGossip; m < numMsgKinds; m++ {
		if m.String() == string(b) {
			*k = m
			return nil
		}
	}
	return fmt.Errorf("message kind must be one of %v, got %q", msgKindNames, b)
}

// UnmarshalText reads a DropReason by its name ("loss", "partition", "dead receiver", …; "" for
// none), as a trace records it.
func (r *DropReason) UnmarshalText(b []byte) error {
	for d := DropNone; d < numDropReasons; d++ {
		if d.String() == string(b) {
			*r = d
			return nil
		}
	}
	return fmt.Errorf("drop reason must be one of %q, got %q", dropReasonNames, b)
}
