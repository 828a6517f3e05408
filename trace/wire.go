package trace

import "gossiplab/core"

// The live connection between a cluster's supervisor (gossiplab cluster) and the app is a
// WebSocket carrying one Envelope per message, as JSON text:
//
//	supervisor → app   {"type":"hello","header":{…}}   first: the cluster's header, as a trace's
//	                   {"type":"frame","frame":{…}}    then a frame every report interval
//	                   {"type":"said","text":"…"}      a command done, in the supervisor's words
//	                   {"type":"error","text":"…"}     a command refused, and why
//	app → supervisor   {"type":"command","command":{"op":"crash","node":3}}
//
// The frames are a trace's, so what the app receives it can save as one.

// Envelope types.
const (
	TypeHello   = "hello"
	TypeFrame   = "frame"
	TypeSaid    = "said"
	TypeError   = "error"
	TypeCommand = "command"
)

// Envelope is one message of the live connection.
type Envelope struct {
	Type    string        `json:"type"`
	Header  *Header       `json:"header,omitempty"`
	Frame   *Frame        `json:"frame,omitempty"`
	Command *core.Command `json:"command,omitempty"`
	Text    string        `json:"text,omitempty"`
}
