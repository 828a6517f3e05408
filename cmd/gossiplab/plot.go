package main

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gossiplab/core/experiment"
)

// meanSD is a series of means with ±sd error bars, for plotter.NewYErrorBars.
type meanSD struct {
	plotter.XYs
	plotter.YErrors
}

// writeSweepPlot draws the report's quantity, mean ± sd against the swept parameter, in format
// ("svg" or "png"), with the report's fit and theory curves (the dissemination fit and the
// push-round model over N, M / X for the load and bytes).
func writeSweepPlot(w io.Writer, format string, rep experiment.Report) error {
	sw, pts, y := rep.Sweep, rep.Points, rep.Quantity.Name
	spec := struct {
		metrics      []string
		title, label string
	}{rep.Quantity.Metrics, rep.Quantity.Title, rep.Quantity.YLabel}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s\n%s\n%s", rep.Title, rep.Fixed, rep.Runs)
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.X.Label.Text = sw.Param.Label
	p.Y.Label.Text = spec.label
	p.Y.Tick.Marker = plainTicks{}
	p.Add(plotter.NewGrid())

	// Ticks at the swept values (when there are not too many), and a margin so that the end
	// points and their error bars are not cut by the frame.
	lo, hi := sweepMinMax(sw.Values)
	logX := sw.Param.Name == "n" && y != "bytes" && sweepSpan(sw.Values) >= 4 // bytes grow linearly in N: keep that visible
	if logX {
		p.X.Scale = plot.LogScale{}
		p.X.Label.Text += ", log scale"
		p.X.Min, p.X.Max = lo/math.Pow(hi/lo, 0.04), hi*math.Pow(hi/lo, 0.04)
	} else if hi > lo {
		p.X.Min, p.X.Max = lo-0.04*(hi-lo), hi+0.04*(hi-lo)
	}
	if len(sw.Values) <= 16 {
		var ticks []plot.Tick
		for _, v := range sw.Values {
			ticks = append(ticks, plot.Tick{Value: v, Label: sweepNum(v)})
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
	}

	rising := true
	legendRows := 0
	for i, key := range spec.metrics {
		k := experiment.MetricIndex(key)
		var s meanSD
		for _, pt := range pts {
			st := pt.Stats[k]
			if math.IsNaN(st.Mean) {
				continue
			}
			sd := st.SD
			if math.IsNaN(sd) {
				sd = 0
			}
			s.XYs = append(s.XYs, plotter.XY{X: pt.Value, Y: st.Mean})
			s.YErrors = append(s.YErrors, struct{ Low, High float64 }{sd, sd})
		}
		if len(s.XYs) == 0 {
			continue
		}
		if i == 0 {
			rising = s.XYs[len(s.XYs)-1].Y >= s.XYs[0].Y
		}
		line, points, err := plotter.NewLinePoints(s.XYs)
		if err != nil {
			return err
		}
		col := plotutil.Color(i)
		line.Color, points.Color = col, col
		points.Shape = plotutil.Shape(i)
		bars, err := plotter.NewYErrorBars(s)
		if err != nil {
			return err
		}
		bars.Color = col
		p.Add(line, points, bars)
		m := experiment.Metrics[k]
		legendRows++
		p.Legend.Add(fmt.Sprintf("%s (%s), mean ± sd", m.Label, m.Unit), line, points)
	}

	for i, cv := range rep.Curves { // dashed grey: the fit, then the models
		var xys plotter.XYs
		for j, x := range cv.X {
			if !math.IsNaN(cv.Y[j]) && (!logX || x > 0) {
				xys = append(xys, plotter.XY{X: x, Y: cv.Y[j]})
			}
		}
		if len(xys) < 2 {
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		l.Color = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
		l.Dashes = []vg.Length{vg.Points(4 + 2*float64(i)), vg.Points(3)}
		p.Add(l)
		legendRows++
		p.Legend.Add(cv.Label, l)
	}
	// From 0, with room at the top for the legend.
	p.Y.Min = math.Min(p.Y.Min, 0)
	if y == "synced" {
		p.Y.Max = 1
	}
	p.Y.Max += 0.06 * float64(legendRows+1) * (p.Y.Max - p.Y.Min)
	if p.Y.Max <= p.Y.Min {
		p.Y.Max = p.Y.Min + 1
	}
	p.Legend.Top = true
	p.Legend.Left = rising
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Legend.XOffs = vg.Points(6)
	if !rising {
		p.Legend.XOffs = -vg.Points(6)
	}

	c, err := draw.NewFormattedCanvas(7*vg.Inch, 4.5*vg.Inch, format)
	if err != nil {
		return err
	}
	p.Draw(draw.New(c))
	_, err = c.WriteTo(w)
	return err
}

func sweepMinMax(vs []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// sweepSpan is max/min of the values (1 when not all positive).
func sweepSpan(vs []float64) float64 {
	lo, hi := sweepMinMax(vs)
	if !(lo > 0) {
		return 1
	}
	return hi / lo
}

// plainTicks are plot.DefaultTicks labelled without trailing zeros ("5000", not "5000.00").
type plainTicks struct{}

func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 6, 64)
		}
	}
	return ts
}
