package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// note is one line of "how the numbers were made".
type note struct{ Label, Text string }

// methodNotes says how the report's numbers were made, from what the report
// carries (never from constants that could drift from the computation).
func methodNotes(r *trend.Report) []note {
	m := r.Method
	ns := []note{{"Postings", fmt.Sprintf("%s distinct job postings, %s. An exact repost (the same company, "+
		"title and description on the same source) is counted once; comments that are not job posts are not counted. "+
		"A posting's year is its publication year, or the year it was first seen when that is unknown.",
		thousands(m.Postings), span(m.From, m.To))}}
	ns = append(ns, note{"Share", fmt.Sprintf("postings whose title or description mentions %s (skill tagger, "+
		"aliases such as golang counted as the same skill) ÷ all postings of the year.", r.Skill)})
	ns = append(ns, note{"Interval", "95% Wilson score interval of each share: it stays inside 0–100% and is honest for small years. " +
		"Few postings make a wide interval."})
	ns = append(ns, note{"Year over year", "the change of the share in percentage points (pp) against the previous year with postings. " +
		"It is called significant when the 95% interval of the difference (Newcombe's method, built from the two Wilson intervals) " +
		"excludes zero. Yearly intervals that do not overlap always mean a significant change; overlapping ones are reported too " +
		"but do not by themselves rule a change out."})
	var srcs string
	if len(m.Sources) > 0 {
		srcs = "only " + strings.Join(m.Sources, ", ") + " (chosen with --source)."
	} else {
		names := make([]string, len(r.Platforms))
		for i, p := range r.Platforms {
			names[i] = p.Source
		}
		srcs = "every source in the store"
		if len(names) > 0 {
			srcs += ": " + strings.Join(names, ", ")
		}
		srcs += "."
	}
	if m.Synthetic {
		srcs += " Synthetic sources (names ending in -generated) are included (--synthetic): generated postings are part of these numbers."
	} else {
		srcs += " Synthetic sources (names ending in -generated: the demo board, benchmark corpora) are excluded."
	}
	ns = append(ns, note{"Sources", srcs})
	ns = append(ns, note{"Versions", fmt.Sprintf("skill tagger %s; segmenter %s.", orUnknown(m.TaggerVersion), orUnknown(m.SegmenterVersion))})
	if len(r.Companies) > 0 {
		scope := "all of each company's postings"
		if m.KeywordScope == trend.ScopeMatched {
			scope = fmt.Sprintf("each company's postings that mention %s", r.Skill)
		}
		kw := fmt.Sprintf("companies are merged by normalized name (legal suffixes, regions, aliases) and ranked by postings; "+
			"keywords are the TF-IDF terms of %s (segmented with jieba), against the document frequencies of all postings in the range", scope)
		if m.MaxDFShare > 0 && m.MaxDFShare < 1 {
			kw += fmt.Sprintf("; a term found in more than %s of all postings is job-ad boilerplate and not ranked", pct0(m.MaxDFShare))
		}
		kw += fmt.Sprintf(". %s postings were segmented by this run, the rest came from the cache.", thousands(m.Segmented))
		ns = append(ns, note{"Companies", kw})
	}
	ns = append(ns, note{"Chart", fmt.Sprintf("a platform's share is drawn only for years with at least %d postings; the tables list every year.", MinPlatformPostings)})
	if !m.Generated.IsZero() {
		ns = append(ns, note{"Generated", m.Generated.UTC().Format("2006-01-02 15:04 UTC") + " by jobtrend (analyze report)."})
	}
	return ns
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

func span(from, to int) string {
	switch {
	case from == 0 && to == 0:
		return "no years"
	case from == to:
		return fmt.Sprint(from)
	default:
		return fmt.Sprintf("%d–%d", from, to)
	}
}

// thousands writes 12734 as 12,734.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func pct0(f float64) string {
	return fmt.Sprintf("%s%%", trimFloat(100*f, 1))
}

func trimFloat(f float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, f)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// points rounds a difference of shares to tenths of a percentage point;
// adding zero turns a rounded -0 into 0, so it never prints as "-0.0".
func points(d float64) float64 { return math.Round(d*1000)/10 + 0 }

// pp writes a difference of shares in signed percentage points.
func pp(d float64) string {
	v := points(d)
	if v == 0 {
		return "±0.0 pp"
	}
	return fmt.Sprintf("%+.1f pp", v)
}

// ppRange writes an interval of a difference: "-4.1 to +10.9 pp".
func ppRange(lo, hi float64) string {
	return fmt.Sprintf("%+.1f to %+.1f pp", points(lo), points(hi))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
