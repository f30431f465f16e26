package ingest

import (
	"fmt"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/freetext"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// RuanyfSource is the source name of the "谁在招人？" threads of
// ruanyf/weekly, both imported (the bundled dataset) and crawled (the
// github-threads source), so that a crawl updates imported rows.
const RuanyfSource = "ruanyf-weekly"

// ruanyfProfile reads the archived comments of the monthly "谁在招人？"
// threads: each comment is free text, so title, company, city and salary
// come from the free-text parser, and comments that are not job posts
// (the editor's summaries, questions, replies) are kept as kind "other".
var ruanyfProfile = &profile{
	Name:   "ruanyf-weekly",
	About:  "comments of the ruanyf/weekly \"谁在招人？\" threads (issue, comment_id, created_at, body)",
	Source: RuanyfSource,
	Needs:  []string{"issue", "comment_id", "created_at", "body"},
	Columns: map[string]string{
		"created_at": FPostedAt, "updated_at": FLastSeen,
	},
	Fix: fixRuanyf,
}

// fixRuanyf keys a comment by its URL — the same source_id the crawler's
// github-threads source gives it.
func fixRuanyf(f map[string]string, p *posting.Posting) error {
	issue, id := strings.TrimSpace(f["issue"]), strings.TrimSpace(f["comment_id"])
	if issue == "" || id == "" {
		return fmt.Errorf("issue or comment_id is empty")
	}
	p.SourceID = "https://github.com/ruanyf/weekly/issues/" + issue + "#issuecomment-" + id
	p.URL = p.SourceID
	post, text := freetext.ParseWithText(f["body"])
	post.Fill(p)
	p.Description = text
	// created_at is both the publication date and the first sighting.
	if t, err := ParseTime(f["created_at"], 0); err == nil {
		p.FirstSeen = t
	}
	return nil
}
