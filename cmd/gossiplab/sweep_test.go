package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sweepCLI runs the CLI in-process and returns its exit status, stdout and stderr.
func sweepCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := mainWithExit(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A small, fast sweep: N ≤ 24 and a 5 s window.
const sweepTestSeed = "5"

func smallSweep(extra ...string) []string {
	return append([]string{"sweep", "--param", "n", "--values", "8,16,24", "--runs", "2", "--duration", "5s",
		"--probes", "2", "--seed", sweepTestSeed}, extra...)
}

func TestSweepCSVAndSVG(t *testing.T) {
	dir := t.TempDir()
	csvPath, svgPath := filepath.Join(dir, "runs.csv"), filepath.Join(dir, "plot.svg")
	args := smallSweep("--csv", csvPath, "--plot", svgPath)
	code, out, errOut := sweepCLI(args...)
	if code != 0 {
		t.Fatalf("seed %s: %v: exit %d, stderr %q", sweepTestSeed, args, code, errOut)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatalf("seed %s: %v", sweepTestSeed, err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("seed %s: CSV: %v", sweepTestSeed, err)
	}
	if len(rows) != 1+3*2 {
		t.Fatalf("seed %s: CSV has %d rows, want a header and 3 values × 2 runs", sweepTestSeed, len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, want := range []string{"value", "run", "seed", "dissemination_ms", "dissemination_periods", "msgs_per_node_per_s",
		"bytes_per_node_per_s", "false_suspicions_per_node_per_s", "mean_convergence", "synced_fraction",
		"first_suspect_ms", "all_suspect_ms", "all_removed_ms", "detect_unreached"} {
		if _, ok := col[want]; !ok {
			t.Errorf("seed %s: CSV header lacks %q: %v", sweepTestSeed, want, rows[0])
		}
	}
	if got := rows[1][col["value"]] + "/" + rows[2][col["seed"]] + "/" + rows[6][col["n"]]; got != "8/6/24" {
		t.Errorf("seed %s: rows 1, 2, 6 give value/seed/n %s, want 8/6/24 (value by value, seeds 5, 6 for each)", sweepTestSeed, got)
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatalf("seed %s: %v", sweepTestSeed, err)
	}
	if !bytes.HasPrefix(svg, []byte("<?xml")) && !bytes.HasPrefix(svg, []byte("<svg")) {
		t.Errorf("seed %s: the SVG starts with %q", sweepTestSeed, svg[:min(len(svg), 20)])
	}
	if !bytes.Contains(svg, []byte("log2 N")) {
		t.Errorf("seed %s: the dissemination plot over n has no log2 N fit in its legend", sweepTestSeed)
	}
	for _, want := range []string{"dissemination (ms)", "fit of the mean dissemination time: T = a + b·log2 N with a = ", "R² = ", csvPath, svgPath} {
		if !strings.Contains(out, want) {
			t.Errorf("seed %s: stdout lacks %q:\n%s", sweepTestSeed, want, out)
		}
	}
	// Same seed, same sweep: the same output, whatever the parallelism.
	if code, out2, _ := sweepCLI(smallSweep("--csv", csvPath, "--plot", svgPath, "--jobs", "1")...); code != 0 || out2 != out {
		t.Errorf("seed %s: a second run with --jobs 1 gave different output:\n%s\n---\n%s", sweepTestSeed, out, out2)
	}
}

func TestSweepPNGAndJSON(t *testing.T) {
	pngPath := filepath.Join(t.TempDir(), "plot.png")
	args := []string{"sweep", "--param", "t_suspect", "--values", "1000,4000", "--n", "12", "--loss", "0.2", "--runs", "2",
		"--duration", "5s", "--probes", "1", "--seed", sweepTestSeed, "--y", "synced", "--plot", pngPath, "--json"}
	code, out, errOut := sweepCLI(args...)
	if code != 0 {
		t.Fatalf("seed %s: %v: exit %d, stderr %q", sweepTestSeed, args, code, errOut)
	}
	png, err := os.ReadFile(pngPath)
	if err != nil {
		t.Fatalf("seed %s: %v", sweepTestSeed, err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("seed %s: the PNG starts with %q", sweepTestSeed, png[:min(len(png), 8)])
	}
	var doc struct {
		Param  string `json:"param"`
		Config struct {
			TRemove int `json:"t_remove_ms"`
		} `json:"base_config"`
		Summary []map[string]json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("seed %s: not JSON: %v\n%s", sweepTestSeed, err, out)
	}
	if doc.Param != "t_suspect" || len(doc.Summary) != 2 {
		t.Fatalf("seed %s: JSON param %q with %d summary rows, want t_suspect and 2", sweepTestSeed, doc.Param, len(doc.Summary))
	}
	var st struct {
		Mean  *float64 `json:"mean"`
		SD    *float64 `json:"sd"`
		Count int      `json:"count"`
	}
	if err := json.Unmarshal(doc.Summary[0]["false_suspicions_per_node_per_s"], &st); err != nil || st.Mean == nil || st.Count != 2 {
		t.Errorf("seed %s: false_suspicions_per_node_per_s = %s, want a mean over 2 runs", sweepTestSeed, doc.Summary[0]["false_suspicions_per_node_per_s"])
	}
}

func TestSweepUsageErrors(t *testing.T) {
	base := []string{"sweep", "--runs", "1", "--duration", "2s"}
	for _, tc := range []struct {
		args []string
		want []string // substrings of the message: the flag and its range
	}{
		{[]string{"--param", "speed", "--values", "1"}, []string{"--param", "n, fanout, period, loss, t_suspect"}},
		{[]string{"--param", "n", "--values", "16,abc"}, []string{"--values", `"abc"`, "[2, 10000]"}},
		{[]string{"--param", "n", "--values", "16,1"}, []string{"--values", "[2, 10000]"}},
		{[]string{"--param", "loss", "--values", "0.1", "--fanout", "40", "--n", "16"}, []string{"--fanout", "[1, 15]", "got 40"}},
		{[]string{"--param", "fanout", "--values", "2,16", "--n", "16"}, []string{"--values", "fanout=16", "[1, 15]"}},
		{[]string{"--param", "n", "--values", "16", "--n", "32"}, []string{"--n", "--values"}},
		{[]string{"--values", "16"}, []string{"--param is required"}},
		{[]string{"--param", "n"}, []string{"--values is required", "[2, 10000]"}},
		{[]string{"--param", "n", "--values", "16", "--plot", "x.pdf"}, []string{"--plot", ".svg or .png"}},
		{[]string{"--param", "n", "--values", "16", "--y", "speed"}, []string{"--y", "dissemination"}},
		{[]string{"--param", "period", "--values", "0"}, []string{"--values", "[1, 600000]"}},
		{[]string{"--param", "t_suspect", "--values", "5000", "--t-remove", "4000"}, []string{"--t-remove", "t_suspect=5000"}},
	} {
		args := append(append([]string{}, base...), tc.args...)
		code, out, errOut := sweepCLI(args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, errOut)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr %q lacks %q", args, errOut, w)
			}
		}
		if out != "" {
			t.Errorf("%v: a usage error also wrote to stdout: %q", args, out)
		}
	}
}

func TestSweepHelpNamesDerivedTimeouts(t *testing.T) {
	code, out, _ := sweepCLI("sweep", "-h")
	if code != 0 || !strings.Contains(out, "T_remove = 2·T_suspect") || !strings.Contains(out, "T_tombstone = 3·T_remove") {
		t.Errorf("sweep -h: exit %d, help does not explain the derived timeouts:\n%s", code, out)
	}
}
