// Package web holds the static site's lesson files as a Go package, so that the desktop app can
// offer the same lessons in its lecture mode without reading anything from disk.
//
// Only the desktop imports it: the browser fetches web/lessons/*.json over HTTP, and embedding
// them in the wasm would only make the download bigger.
package web

import (
	"embed"
	"fmt"

	"gossiplab/lesson"
)

// Lessons is web/lessons/: index.json (the order of the course) and one JSON file per lesson.
//
//go:embed lessons/*.json
var Lessons embed.FS

// LoadLessons reads the lessons in the order index.json lists them, parsed and validated by
// lesson.Parse. An error names the file, and for an invalid lesson every field at fault.
func LoadLessons() ([]lesson.Lesson, error) {
	return loadLessons(func(name string) ([]byte, error) { return Lessons.ReadFile("lessons/" + name) })
}

// loadLessons is LoadLessons over any source of files (the tests feed it broken ones).
func loadLessons(read func(name string) ([]byte, error)) ([]lesson.Lesson, error) {
	data, err := read("index.json")
	if err != nil {
		return nil, fmt.Errorf("web/lessons/index.json: %w", err)
	}
	ix, err := lesson.ParseIndex("web/lessons/index.json", data)
	if err != nil {
		return nil, err
	}
	out := make([]lesson.Lesson, 0, len(ix.Lessons))
	for i, name := range ix.Lessons {
		data, err := read(name)
		if err != nil {
			return nil, fmt.Errorf("web/lessons/index.json: lessons[%d]: %w", i, err)
		}
		l, err := lesson.Parse("web/lessons/"+name, data)
		if err != nil {
			return nil, err
		}
		if l.Number != i+1 {
			return nil, fmt.Errorf("web/lessons/%s: number: must be its place in index.json (%d), got %d", name, i+1, l.Number)
		}
		out = append(out, l)
	}
	return out, nil
}
