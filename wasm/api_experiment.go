//go:build js && wasm

package main

import (
	"syscall/js"

	"gossiplab/view"
)

// exposeExperimentAPI adds the in-app experiment runner to window.gossip (see experiment.go).
func exposeExperimentAPI(api js.Value, g *view.Game) {}
