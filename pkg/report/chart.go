package report

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// The chart's geometry, in points. The SVG scales: the HTML report draws it
// at the page's width, a Markdown viewer at its natural 864×384 px.
const (
	chartWidth  = 9 * vg.Inch
	panelHeight = 4 * vg.Inch
	legendWidth = 2.1 * vg.Inch
	gutter      = 0.15 * vg.Inch
)

var (
	skillInk = color.NRGBA{0x1f, 0x4e, 0x79, 0xff}
	// palette is Tableau 10 without its blue (the report's skill owns blue):
	// distinct for the usual forms of colour blindness and in grey print.
	palette = []color.NRGBA{
		{0xe1, 0x57, 0x59, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0x59, 0xa1, 0x4f, 0xff},
		{0xb0, 0x7a, 0xa1, 0xff}, {0x76, 0xb7, 0xb2, 0xff}, {0xed, 0xc9, 0x48, 0xff},
		{0xff, 0x9d, 0xa7, 0xff}, {0x9c, 0x75, 0x5f, 0xff}, {0xba, 0xb0, 0xac, 0xff},
	}
	gridInk = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	// chartFont is Liberation Sans, bundled with gonum/plot, so text is
	// measured the same on every machine (the golden SVG depends on it).
	// Labels are Latin on purpose (years, percentages, skill and source
	// names): a Chinese label would be measured without its glyphs.
	chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
)

// Chart writes the report's chart as a standalone SVG: the skill's share per
// year with its 95% interval as a band and a line per platform; below it,
// when the report has comparison skills, every skill's share and band. It
// uses no JavaScript and no external resources, and is byte-for-byte
// deterministic for a given report.
func Chart(w io.Writer, r *trend.Report) error {
	svg, err := chartSVG(r)
	if err != nil {
		return err
	}
	_, err = w.Write(svg)
	return err
}

// element is a plotted element that can also stand for itself in a legend.
type element interface {
	plot.Plotter
	plot.Thumbnailer
}

func add(p *plot.Plot, es ...element) {
	for _, e := range es {
		p.Add(e)
	}
}

type panel struct {
	plot   *plot.Plot
	legend plot.Legend
}

func chartSVG(r *trend.Report) (out []byte, err error) {
	// gonum/plot reports some impossible states by panicking; a report must
	// fail with an error instead.
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("drawing the chart: %v", p)
		}
	}()
	var panels []panel
	main, err := sharePanel(r)
	if err != nil {
		return nil, err
	}
	panels = append(panels, main)
	if len(r.Compare) > 0 && len(r.Years) > 0 {
		cmp, err := comparePanel(r)
		if err != nil {
			return nil, err
		}
		panels = append(panels, cmp)
	}
	height := panelHeight * vg.Length(len(panels))
	c, dc := newCanvas(height)
	for i, p := range panels {
		top := -panelHeight * vg.Length(i)
		bottom := height - panelHeight*vg.Length(i+1)
		sub := draw.Crop(dc, gutter, 0, bottom+gutter/2, top-gutter)
		p.plot.Draw(draw.Crop(sub, 0, -legendWidth-gutter, 0, 0))
		// The legend sits beside the plot, never over the data, level with
		// the top of the plotting area (below the title).
		title := p.plot.Title.TextStyle.Height(p.plot.Title.Text) + p.plot.Title.Padding
		p.legend.Draw(draw.Crop(sub, chartWidth-legendWidth-gutter, 0, 0, -title-gutter))
	}
	return svgBytes(c)
}

// newCanvas is an SVG canvas of the chart's width with an opaque
// background: a viewer in dark mode would otherwise draw the legend's
// black text on black.
func newCanvas(height vg.Length) (*vgsvg.Canvas, draw.Canvas) {
	c := vgsvg.New(chartWidth, height)
	dc := draw.New(c)
	dc.FillPolygon(color.White, []vg.Point{{X: 0, Y: 0}, {X: chartWidth, Y: 0}, {X: chartWidth, Y: height}, {X: 0, Y: height}})
	return c, dc
}

// svgBytes writes the canvas out. gonum names only the bundled font;
// viewers without it should fall back to a sans-serif of the same metrics,
// not to their default serif.
func svgBytes(c *vgsvg.Canvas) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("writing the chart: %w", err)
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")), nil
}

func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(chartFont, 13)
	p.Title.Padding = 0.12 * vg.Inch
	p.X.Label.TextStyle.Font = font.From(chartFont, 11)
	p.Y.Label.TextStyle.Font = font.From(chartFont, 11)
	p.X.Tick.Label.Font = font.From(chartFont, 10)
	p.Y.Tick.Label.Font = font.From(chartFont, 10)
	p.Y.Label.Text = "share of job postings"
	p.Y.Tick.Marker = percentTicks{}
	p.X.Tick.Marker = yearTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = gridInk
	grid.Horizontal.Width = vg.Points(0.5)
	p.Add(grid)
	return p
}

func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(chartFont, 10)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 0.35 * vg.Inch
	l.Padding = vg.Points(3)
	return l
}

func sharePanel(r *trend.Report) (panel, error) {
	pn := panel{plot: newPlot(fmt.Sprintf("Share of job postings mentioning %s, per year", r.Skill)), legend: newLegend()}
	p := pn.plot
	if len(r.Years) == 0 {
		p.Title.Text = "No job postings in this range"
		p.HideAxes()
		return pn, nil
	}
	lo, hi := r.Years[0].Year, r.Years[len(r.Years)-1].Year
	ymax := 0.0
	pooled := chartPoints(r.Years)
	if len(pooled) == 0 {
		p.Title.Text = "No year has enough postings for a share"
		p.HideAxes()
		return pn, nil
	}
	band, line, dots, err := shareSeries(pooled, skillInk, 2.2, nil)
	if err != nil {
		return pn, err
	}
	add(p, band...)
	var entries []struct {
		name   string
		thumbs []plot.Thumbnailer
	}
	if len(r.Platforms) > 1 {
		for i, pl := range r.Platforms {
			ys := chartPoints(pl.Years)
			if len(ys) == 0 {
				continue
			}
			clr := palette[i%len(palette)]
			_, l, d, err := shareSeries(ys, clr, 1.2, []vg.Length{vg.Points(4), vg.Points(2)})
			if err != nil {
				return pn, err
			}
			add(p, l...)
			add(p, d...)
			for _, y := range ys {
				ymax = math.Max(ymax, y.share)
				lo, hi = min(lo, y.year), max(hi, y.year)
			}
			entries = append(entries, struct {
				name   string
				thumbs []plot.Thumbnailer
			}{shorten(pl.Source), []plot.Thumbnailer{l[0], d[0]}})
		}
	}
	add(p, line...)
	add(p, dots...)
	for _, y := range pooled {
		ymax = math.Max(ymax, y.hi)
	}
	pn.legend.Add(shorten(r.Skill)+", pooled", line[0], dots[0])
	pn.legend.Add("95% interval", band[0])
	if len(entries) > 0 {
		pn.legend.Add("")
		pn.legend.Add("by dataset")
		for _, e := range entries {
			pn.legend.Add(e.name, e.thumbs...)
		}
	}
	frame(p, lo, hi, ymax)
	return pn, nil
}

func comparePanel(r *trend.Report) (panel, error) {
	names := []string{r.Skill}
	for _, s := range r.Compare {
		names = append(names, s.Skill)
	}
	pn := panel{plot: newPlot("Compared with other skills (95% intervals as bands)"), legend: newLegend()}
	p := pn.plot
	all := append([]trend.Series{{Skill: r.Skill, Years: r.Years}}, r.Compare...)
	lo, hi, ymax := math.MaxInt, math.MinInt, 0.0
	var lines, dots []element
	for i, s := range all {
		pts := chartPoints(s.Years)
		if len(pts) == 0 {
			continue
		}
		clr := skillInk
		if i > 0 {
			clr = palette[(i-1)%len(palette)]
		}
		b, l, d, err := shareSeries(pts, clr, 1.8, nil)
		if err != nil {
			return pn, err
		}
		add(p, b...)
		lines, dots = append(lines, l...), append(dots, d...)
		for _, y := range pts {
			ymax = math.Max(ymax, y.hi)
			lo, hi = min(lo, y.year), max(hi, y.year)
		}
		pn.legend.Add(shorten(s.Skill), l[0], d[0])
	}
	// Lines over every band, so no band hides a line.
	add(p, lines...)
	add(p, dots...)
	frame(p, lo, hi, ymax)
	return pn, nil
}

// shareSeries draws one share series: a translucent band for the 95% interval,
// a line and dots. A year missing from the series breaks the line (and the
// band) rather than bridging the gap as if it were measured. ys must not be
// empty: the first element of each returned slice is the legend's thumbnail.
func shareSeries(ys []chartPoint, clr color.NRGBA, width float64, dashes []vg.Length) (band, line, dots []element, err error) {
	fill := clr
	fill.A = 0x38
	for _, run := range runs(ys) {
		mid := make(plotter.XYs, len(run))
		for i, y := range run {
			mid[i] = plotter.XY{X: float64(y.year), Y: y.share}
		}
		if len(run) == 1 {
			// A lone year has no band to draw: its interval is a bar.
			bar, err := plotter.NewLine(plotter.XYs{{X: float64(run[0].year), Y: run[0].lo}, {X: float64(run[0].year), Y: run[0].hi}})
			if err != nil {
				return nil, nil, nil, fmt.Errorf("interval of %d: %w", run[0].year, err)
			}
			bar.Color, bar.Width = fill, vg.Points(6)
			band = append(band, bar)
		} else {
			poly := make(plotter.XYs, 0, 2*len(run))
			for _, y := range run {
				poly = append(poly, plotter.XY{X: float64(y.year), Y: y.lo})
			}
			for i := len(run) - 1; i >= 0; i-- {
				poly = append(poly, plotter.XY{X: float64(run[i].year), Y: run[i].hi})
			}
			pg, err := plotter.NewPolygon(poly)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("interval band: %w", err)
			}
			pg.Color = fill
			pg.LineStyle.Width = 0
			band = append(band, pg)
		}
		l, err := plotter.NewLine(mid)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("share line: %w", err)
		}
		l.Color, l.Width, l.Dashes = clr, vg.Points(width), dashes
		line = append(line, l)
		s, err := plotter.NewScatter(mid)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("share points: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: clr, Radius: vg.Points(width + 1.2), Shape: draw.CircleGlyph{}}
		dots = append(dots, s)
	}
	return band, line, dots, nil
}

// chartPoint is a year that has a share to draw.
type chartPoint struct {
	year          int
	share, lo, hi float64
}

// chartPoints keeps the years with a share (enough postings): a year too
// small for a share is not drawn, and breaks the line.
func chartPoints(ys []trend.YearStat) []chartPoint {
	var out []chartPoint
	for _, y := range ys {
		if y.Share != nil && y.CILow != nil && y.CIHigh != nil {
			out = append(out, chartPoint{year: y.Year, share: *y.Share, lo: *y.CILow, hi: *y.CIHigh})
		}
	}
	return out
}

// runs splits a year series into runs of consecutive years.
func runs(ys []chartPoint) [][]chartPoint {
	var out [][]chartPoint
	start := 0
	for i := 1; i <= len(ys); i++ {
		if i == len(ys) || ys[i].year != ys[i-1].year+1 {
			out = append(out, ys[start:i])
			start = i
		}
	}
	return out
}

// frame sets the axes: whole years with half a year of margin, shares from
// zero (a share's axis that does not start at zero exaggerates change).
func frame(p *plot.Plot, lo, hi int, ymax float64) {
	p.X.Min, p.X.Max = float64(lo)-0.4, float64(hi)+0.4
	p.Y.Min = 0
	p.Y.Max = math.Min(1, math.Max(0.01, ymax*1.08))
}

// yearTicks labels every year, or every other one on long ranges; a small
// panel sets most, the most labels that fit under it.
type yearTicks struct{ most int }

func (t yearTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	step := 1
	if last-first > 12 {
		step = 2
	}
	if t.most > 0 {
		step = max(step, (last-first)/t.most+1)
	}
	var ts []plot.Tick
	for y := first; y <= last; y++ {
		label := ""
		if (y-first)%step == 0 {
			label = strconv.Itoa(y)
		}
		ts = append(ts, plot.Tick{Value: float64(y), Label: label})
	}
	return ts
}

// percentTicks labels shares as percentages at a round step chosen for
// four to eight labels, with an unlabelled tick halfway between.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 0.5
	for _, s := range []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25} {
		if (hi-lo)/s <= 8 {
			step = s
			break
		}
	}
	var ts []plot.Tick
	for i := int(math.Ceil(lo / step * 2)); float64(i)*step/2 <= hi+1e-12; i++ {
		v := float64(i) * step / 2
		t := plot.Tick{Value: v}
		if i%2 == 0 {
			t.Label = strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
		}
		ts = append(ts, t)
	}
	return ts
}

// shorten keeps legend labels inside the legend's column.
func shorten(s string) string {
	const max = 24
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

// inlineSVG is the chart as an element for an HTML page: without the XML
// prolog and comment a standalone file needs.
func inlineSVG(svg []byte) string {
	s := string(svg)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return s
}
