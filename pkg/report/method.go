package report

import (
	"fmt"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// note is one line of "how the numbers were made".
type note struct{ Label, Text string }

// methodNotes says how the report's numbers were made, from what the report
// carries (never from constants that could drift from the computation).
func methodNotes(r *trend.Report) []note {
	m := r.Method
	ns := []note{{"Postings", fmt.Sprintf("%s job postings, %s. An exact repost (the same company, title and description on "+
		"the same source) is counted once; distinct jobs also count near-duplicates (the same ad under another id, platform or "+
		"company) once. Comments that are not job posts are not counted.", thousands(m.Postings), span(m.From, m.To))}}
	ns = append(ns, note{"Datasets", "every posting belongs to the datasets it was collected in (an imported file, a crawl source), " +
		"each with a sampling frame (census: what a board showed; sample: a selection of unknown design; a keyword search) and a date " +
		"basis. A posting's year is the year of its publication date, or, for a dataset dated by first sighting (snapshots of what a " +
		"board listed), of the dataset's first sighting; a posting with neither is in no year."})
	ns = append(ns, note{"Share", fmt.Sprintf("postings whose title or description mentions %s (skill tagger, "+
		"aliases such as golang counted as the same skill) ÷ all postings of the year, pooled across the datasets in the shares. "+
		"A dataset selected on %s or on any other skill (a search for it, or the skill in at least 80%% of 30 or more postings), "+
		"or searched for any terms, is left out: it samples those jobs, not the market. "+
		"A year needs %d postings for a share.", r.Skill, r.Skill, m.MinPostings)})
	ns = append(ns, note{"Interval", "95% interval that counts companies, not postings, as the independent draws (one employer's ads " +
		"repeat its stack): the cluster-robust score interval, with Student's t for the number of companies, never narrower than " +
		"Wilson's. With few companies it is wide."})
	ns = append(ns, note{"Year over year", "the change against the year before in percentage points (pp), measured inside each " +
		"dataset that has enough postings in both years, on the calendar months both cover (a partial year is compared with the same " +
		"months of the other), and pooled across such datasets weighted by size; its interval is Newcombe's, built from the two " +
		"clustered intervals. Significant means the interval excludes zero. Where no dataset covers both years there is no change."})
	ns = append(ns, note{"Trend", fmt.Sprintf("the slope of the share per year within datasets: a linear probability model with a "+
		"fixed effect for every dataset and calendar month, so only differences inside one dataset and one month count; 95%% interval "+
		"clustered by company. Rising or falling when the interval excludes zero; flat when it lies within ±10%% of the share a year "+
		"(at least ±1 pp); otherwise unknown. Basis: %s.", r.Trend.Basis)})
	var srcs []string
	if len(m.Sources) > 0 {
		srcs = append(srcs, "only the sources "+strings.Join(m.Sources, ", ")+" (--source)")
	}
	if len(m.Datasets) > 0 {
		srcs = append(srcs, "only the datasets "+strings.Join(m.Datasets, ", ")+" (--dataset)")
	}
	if m.Synthetic {
		srcs = append(srcs, "synthetic datasets (names ending in -generated) included (--synthetic)")
	} else {
		srcs = append(srcs, "synthetic datasets (names ending in -generated: the demo board, benchmark corpora) excluded")
	}
	ns = append(ns, note{"Scope", strings.Join(srcs, "; ") + "."})
	ns = append(ns, note{"Versions", fmt.Sprintf("skill tagger %s; segmenter %s.", orUnknown(m.TaggerVersion), orUnknown(m.SegmenterVersion))})
	if len(r.Companies) > 0 {
		scope := "all of each company's postings"
		if m.KeywordScope == trend.ScopeMatched {
			scope = fmt.Sprintf("each company's postings that mention %s", r.Skill)
		}
		kw := fmt.Sprintf("companies are merged by normalized name (legal suffixes, regions, aliases) and ranked by distinct jobs "+
			"(an ad a company posted again, under another id or on another platform, counts once for it); "+
			"keywords are the TF-IDF terms of %s, one document per job (segmented with jieba), against the document frequencies "+
			"of all jobs in the range", scope)
		if m.MaxDFShare > 0 && m.MaxDFShare < 1 {
			kw += fmt.Sprintf("; a term found in more than %s of all postings is job-ad boilerplate and not ranked", pct0(m.MaxDFShare))
		}
		kw += fmt.Sprintf(". %s postings were segmented by this run, the rest came from the cache.", thousands(m.Segmented))
		ns = append(ns, note{"Companies", kw})
	}
	ns = append(ns, note{"Chart", fmt.Sprintf("years with a share (%d or more postings) are drawn; the tables list every year.", m.MinPostings)})
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
func thousands(n int) string { return trend.Thousands(n) }

func pct0(f float64) string {
	return fmt.Sprintf("%s%%", trimFloat(100*f, 0))
}

func trimFloat(f float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, f)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
