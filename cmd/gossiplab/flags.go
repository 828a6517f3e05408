package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gossiplab/core"
)

// usageError is a bad flag or input file: the CLI exits with status 2 and prints it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// errHelp means the user asked for -h; the flags were printed and the exit status is 0.
var errHelp = errors.New("help requested")

// flags wraps flag.FlagSet so that every numeric flag carries its allowed range: a value out of
// range or not a number is rejected while parsing, with a message that names the flag and range.
type flags struct {
	fs   *flag.FlagSet
	help io.Writer
}

func newFlags(name string, help io.Writer) *flags {
	fs := flag.NewFlagSet("gossiplab "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flags{fs: fs, help: help}
}

// parse parses args; a bad value becomes a usageError naming the flag and its range.
func (f *flags) parse(args []string) error {
	err := f.fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		f.fs.SetOutput(f.help)
		fmt.Fprintf(f.help, "usage of %s:\n", f.fs.Name())
		f.fs.PrintDefaults()
		return errHelp
	}
	if err != nil {
		// The flag package says `invalid value "x" for flag -n: <our message>`; keep ours readable.
		msg := strings.Replace(err.Error(), "for flag -", "for --", 1)
		msg = strings.Replace(msg, "flag provided but not defined: -", "unknown flag --", 1)
		return &usageError{msg}
	}
	if f.fs.NArg() > 0 {
		return usagef("unexpected argument %q (flags start with --)", f.fs.Arg(0))
	}
	return nil
}

type intFlag struct {
	v        *int
	min, max int
}

func (i intFlag) String() string {
	if i.v == nil {
		return ""
	}
	return strconv.Itoa(*i.v)
}

func (i intFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < i.min || n > i.max {
		return fmt.Errorf("must be an integer in [%d, %d]", i.min, i.max)
	}
	*i.v = n
	return nil
}

// intVar defines --name as an integer in [min, max].
func (f *flags) intVar(name string, def, min, max int, usage string) *int {
	v := def
	f.fs.Var(intFlag{&v, min, max}, name, fmt.Sprintf("%s (integer in [%d, %d])", usage, min, max))
	return &v
}

type floatFlag struct {
	v        *float64
	min, max float64
	maxOpen  bool // the range is [min, max) rather than [min, max]
}

func (x floatFlag) String() string {
	if x.v == nil {
		return ""
	}
	return strconv.FormatFloat(*x.v, 'g', -1, 64)
}

func (x floatFlag) rangeText() string {
	if x.maxOpen {
		return fmt.Sprintf("[%g, %g)", x.min, x.max)
	}
	return fmt.Sprintf("[%g, %g]", x.min, x.max)
}

func (x floatFlag) Set(s string) error {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n != n || n < x.min || n > x.max || (x.maxOpen && n == x.max) {
		return fmt.Errorf("must be a number in %s", x.rangeText())
	}
	*x.v = n
	return nil
}

// floatVar defines --name as a number in [min, max], or [min, max) when maxOpen.
func (f *flags) floatVar(name string, def, min, max float64, maxOpen bool, usage string) *float64 {
	v := def
	ff := floatFlag{&v, min, max, maxOpen}
	f.fs.Var(ff, name, fmt.Sprintf("%s (number in %s)", usage, ff.rangeText()))
	return &v
}

type uintFlag struct{ v *uint64 }

func (u uintFlag) String() string {
	if u.v == nil {
		return ""
	}
	return strconv.FormatUint(*u.v, 10)
}

func (u uintFlag) Set(s string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return fmt.Errorf("must be an integer in [0, %d]", uint64(1<<64-1))
	}
	*u.v = n
	return nil
}

// seedVar defines --seed, any unsigned 64-bit integer.
func (f *flags) seedVar(def uint64) *uint64 {
	v := def
	f.fs.Var(uintFlag{&v}, "seed", "random seed; the same seed gives the same result (integer in [0, 2^64-1])")
	return &v
}

type choiceFlag struct {
	v       *string
	choices []string
}

func (c choiceFlag) String() string {
	if c.v == nil {
		return ""
	}
	return *c.v
}

func (c choiceFlag) Set(s string) error {
	for _, ch := range c.choices {
		if s == ch {
			*c.v = s
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", strings.Join(c.choices, ", "))
}

// choiceVar defines --name as one of choices.
func (f *flags) choiceVar(name, def string, choices []string, usage string) *string {
	v := def
	f.fs.Var(choiceFlag{&v, choices}, name, fmt.Sprintf("%s (one of %s)", usage, strings.Join(choices, ", ")))
	return &v
}

func (f *flags) boolVar(name string, def bool, usage string) *bool {
	return f.fs.Bool(name, def, usage)
}

func (f *flags) stringVar(name, def, usage string) *string {
	return f.fs.String(name, def, usage)
}

type durationFlag struct {
	v        *core.Time
	min, max core.Time
}

func (d durationFlag) String() string {
	if d.v == nil {
		return ""
	}
	return strconv.FormatInt(int64(*d.v), 10) + "ms"
}

func (d durationFlag) Set(s string) error {
	t, err := parseDuration(s)
	if err != nil || t < d.min || t > d.max {
		return fmt.Errorf("must be a duration in [%s, %s] (e.g. 1500ms, 10s, 2m; a plain number means ms)", fmtDur(d.min), fmtDur(d.max))
	}
	*d.v = t
	return nil
}

// parseDuration reads "1500", "1500ms", "10s", "2.5s" or "2m" as virtual milliseconds.
func parseDuration(s string) (core.Time, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return core.Time(n), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d%time.Millisecond != 0 {
		return 0, fmt.Errorf("finer than a millisecond")
	}
	return core.Time(d / time.Millisecond), nil
}

func fmtDur(t core.Time) string { return (time.Duration(t) * time.Millisecond).String() }

// durationVar defines --name as a virtual duration in [min, max].
func (f *flags) durationVar(name string, def, min, max core.Time, usage string) *core.Time {
	v := def
	f.fs.Var(durationFlag{&v, min, max}, name, fmt.Sprintf("%s (duration in [%s, %s])", usage, fmtDur(min), fmtDur(max)))
	return &v
}
