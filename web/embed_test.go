package web

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// Every lesson of index.json is embedded, parses, and comes back in the course's order.
func TestLoadLessons(t *testing.T) {
	ls, err := LoadLessons()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 10 {
		t.Fatalf("%d lessons, want the 10 of web/lessons/index.json", len(ls))
	}
	for i, l := range ls {
		if l.Number != i+1 || l.Title == "" || l.Summary == "" || l.Scenario.Config.N < 1 {
			t.Errorf("lesson %d: number %d, title %q, summary %q, N %d", i+1, l.Number, l.Title, l.Summary, l.Scenario.Config.N)
		}
	}
	if ls[3].ID != "04-failure-detection" {
		t.Errorf("lesson 4 is %q", ls[3].ID)
	}
}

// Errors name the file and the field.
func TestLoadLessonsErrors(t *testing.T) {
	good, err := Lessons.ReadFile("lessons/01-one-rumor.json")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{}, "web/lessons/index.json: "},
		{map[string]string{"index.json": `{"lessons": []}`}, "web/lessons/index.json: lessons must list at least one"},
		{map[string]string{"index.json": `{"lessons": ["01-one-rumor.json"]}`}, "web/lessons/index.json: lessons[0]: "},
		{map[string]string{"index.json": `{"lessons": ["01-one-rumor.json"]}`,
			"01-one-rumor.json": strings.Replace(string(good), `"title": "`, `"title": "`+strings.Repeat("x", 300), 1)},
			"web/lessons/01-one-rumor.json: title"},
		{map[string]string{"index.json": `{"lessons": ["02-x.json", "01-one-rumor.json"]}`, "02-x.json": "{"}, "web/lessons/02-x.json"},
	}
	for _, c := range cases {
		_, err := loadLessons(func(name string) ([]byte, error) {
			if d, ok := c.files[name]; ok {
				return []byte(d), nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("files %v: error %v, want it to contain %q", keys(c.files), err, c.want)
		}
		if c.want == "web/lessons/index.json: lessons[0]: " && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a missing lesson file: %v does not wrap fs.ErrNotExist", err)
		}
	}
}

func keys(m map[string]string) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}
