package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

const tagUsage = `usage: analyze tag [--db DB] [--skill NAME ...] < in.jsonl > out.jsonl

Reads JSON Lines {"id": "...", "text": "..."} on stdin and writes one line per
input line, in order, as soon as it is read: {"id": "...", "skills": [...],
"mentions": [{"skill": "go", "match": "Golang", "start": 12, "end": 18}]}.
start/end are byte offsets into text. --skill keeps only the named skills
(canonical names or aliases: golang = go). A line that is not such an
object gets {"id": ..., "error": "..."} and the stream goes on; the exit
status is then 1. No database is needed.`

type tagIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

type tagMention struct {
	Skill string `json:"skill"`
	Match string `json:"match"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type tagOut struct {
	ID       json.RawMessage `json:"id"`
	Skills   []string        `json:"skills"`
	Mentions []tagMention    `json:"mentions"`
	Error    string          `json:"error,omitempty"`
}

func runTag(ctx context.Context, env *cli.Env, args []string) error {
	fs := cli.NewFlagSet(env, "tag", tagUsage)
	var skills cli.Strings
	fs.Var(&skills, "skill", "only report this skill `NAME` (repeatable)")
	// Every verb takes --db; tag needs no database, so it is accepted and unused.
	fs.String("db", cli.DefaultDB, "database `path` (not used: tag needs no database)")
	rest, err := fs.Parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return cli.Usagef("tag reads stdin and takes no arguments (got %q)", rest[0])
	}
	tg := skill.DefaultTagger()
	want := map[string]bool{}
	for _, s := range skills {
		for _, name := range strings.Split(s, ",") {
			c, ok := tg.Taxonomy().Canonical(strings.TrimSpace(name))
			if !ok {
				return cli.Usagef("--skill %q: not a skill of the taxonomy", name)
			}
			want[c] = true
		}
	}
	return tagStream(ctx, tg, want, os.Stdin, env.Stdout)
}

// tagStream is the verb's loop: one output line per input line, flushed
// per line so the filter works in a pipe that stays open.
func tagStream(ctx context.Context, tg *skill.Tagger, want map[string]bool, in io.Reader, out io.Writer) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	line, bad := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := r.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			if err == io.EOF {
				break
			}
			return fmt.Errorf("stdin: %w", err)
		}
		line++
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		o := tagOut{Skills: []string{}, Mentions: []tagMention{}}
		var in tagIn
		switch jerr := json.Unmarshal(b, &in); {
		case jerr != nil:
			o.Error = fmt.Sprintf("line %d: not a JSON object: %v", line, jerr)
		case in.Text == nil:
			o.Error = fmt.Sprintf("line %d: no \"text\" field", line)
		}
		o.ID = in.ID
		if len(o.ID) == 0 {
			o.ID = json.RawMessage("null")
		}
		if o.Error == "" {
			seen := map[string]bool{}
			for _, m := range tg.Tag(*in.Text) {
				if len(want) > 0 && !want[m.Skill] {
					continue
				}
				o.Mentions = append(o.Mentions, tagMention{Skill: m.Skill, Match: m.Match, Start: m.Start, End: m.End})
				if !seen[m.Skill] {
					seen[m.Skill] = true
					o.Skills = append(o.Skills, m.Skill)
				}
			}
			slices.Sort(o.Skills)
		} else {
			bad++
		}
		if err := enc.Encode(o); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err == io.EOF {
			break
		}
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d input lines were not {\"id\", \"text\"} objects", bad, line)
	}
	return nil
}
