package core

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"

	"fmt"
	"io"
	"strconv"
	"strings"
)

// A share link holds everything needed to replay a run exactly: the configuration (protocol,
// parameters, seed), the user's commands with their virtual times, and the moment it was made.
// Because the simulator is deterministic, replaying it gives the same trace hash.
//
// Text form: "v1." + base64url(deflate(JSON)), short enough for a URL parameter.

// ShareVersion is the share-link format this build writes and reads.
const ShareVersion = 1

// MaxShareLen bounds a share link: longer URLs are cut by some browsers and servers.
const MaxShareLen = 8000

// maxShareJSON bounds the inflated JSON, so a crafted link cannot exhaust memory.
const maxShareJSON = 1 << 20

// Share is a replayable run.
type Share struct {
	Config   Config         `json:"config"`
	Commands []TimedCommand `json:"commands"`
	// At is the virtual time the link was made; a replay runs to it.
	At Time `json:"at_ms"`
}

// ShareError says why a share link cannot be opened, in words for the reader.
type ShareError struct{ Reason string }

func (e *ShareError) Error() string { return "share link: " + e.Reason }

func shareErr(format string, a ...any) error { return &ShareError{fmt.Sprintf(format, a...)} }

// EncodeShare writes s as a share link.
func EncodeShare(s Share) (string, error) {
	if err := s.validate(); err != nil {
		return "", err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(raw)
	w.Close()
	text := "v" + strconv.Itoa(ShareVersion) + "." + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if len(text) > MaxShareLen {
		return "", shareErr("the run has too many commands to fit in a link (%d characters, at most %d)", len(text), MaxShareLen)
	}
	return text, nil
}

// DecodeShare reads a share link, refusing with a *ShareError one that is empty, too long,
// from another format version, corrupted or truncated, or whose run is invalid.
func DecodeShare(text string) (Share, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return Share{}, shareErr("it is empty")
	case len(text) > MaxShareLen:
		return Share{}, shareErr("it is %d characters long, at most %d", len(text), MaxShareLen)
	}
	ver, body, ok := strings.Cut(text, ".")
	n, err := strconv.Atoi(strings.TrimPrefix(ver, "v"))
	if !ok || !strings.HasPrefix(ver, "v") || err != nil {
		return Share{}, shareErr("it does not start with a version such as \"v%d.\"; it may be cut off or not a Gossip Lab link", ShareVersion)
	}
	if n != ShareVersion {
		return Share{}, shareErr("it was made by a Gossip Lab with link format %d; this one reads format %d", n, ShareVersion)
	}
	packed, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return Share{}, shareErr("it is corrupted (not base64url: %v)", err)
	}
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(packed)), maxShareJSON+1))
	if err != nil {
		return Share{}, shareErr("it is truncated or corrupted (%v)", err)
	}
	if len(raw) > maxShareJSON {
		return Share{}, shareErr("it unpacks to more than %d bytes", maxShareJSON)
	}
	s := Share{Config: DefaultConfig()}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Share{}, shareErr("it is corrupted (%v)", err)
	}
	if err := s.validate(); err != nil {
		return Share{}, err
	}
	return s, nil
}

func (s Share) validate() error {
	if err := s.Config.Validate(); err != nil {
		return shareErr("its settings are invalid: %v", err)
	}
	if s.At < 0 || s.At > MaxScenarioDuration {
		return shareErr("at_ms must be in [0, %d], got %d", MaxScenarioDuration, s.At)
	}
	for i, c := range s.Commands {
		if c.At < 0 || c.At > s.At || (i > 0 && c.At < s.Commands[i-1].At) {
			return shareErr("commands[%d] at %d ms is out of order or after the link's time %d ms", i, c.At, s.At)
		}
	}
	if err := Script(s.Commands).Check(s.Config.N, s.At, "at_ms", true); err != nil {
		return shareErr("%v", err)
	}
	return nil
}

// Replay builds the run a share link describes and advances it to the link's time. A command
// that cannot apply is an error: the link does not describe a run this build can reproduce.
func (s Share) Replay() (*Sim, error) {
	sim, err := New(s.Config)
	if err != nil {
		return nil, shareErr("its settings are invalid: %v", err)
	}
	play := Player{Script: s.Commands}
	if err := play.RunTo(sim, s.At); err != nil {
		pe := err.(*PlayError)
		return nil, shareErr("commands[%d] at %d ms does not apply: %v", pe.Index, pe.At, pe.Err)
	}
	return sim, nil
}
