package freetext

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// HNPost is what ParseHN reads from the header of a Hacker News "Who is
// hiring?" comment: the line posters open with, "Company | Role | Place |
// REMOTE | VISA | …".
type HNPost struct {
	Company  string   `json:"company"`   // the employer, as written ("Wag Labs, Inc.", "ŌURA")
	Roles    []string `json:"roles"`     // the roles the header names, in order
	Places   []string `json:"places"`    // the places of work, as written ("San Francisco, CA", "London, UK")
	WorkMode string   `json:"work_mode"` // WorkRemote, WorkHybrid, WorkOnsite or ""
	Visa     bool     `json:"visa"`      // VISA, H1B: sponsorship offered
	Intern   bool     `json:"intern"`    // INTERN, internships
	URL      string   `json:"url,omitempty"`
}

// ParseHN reads the header of one comment (its HTML as HN serves it, or
// plain text). The header is cut into pieces at its separators (| • — --
// · ; and parentheses) and each piece is filed by what it looks like: a
// flag (REMOTE, ONSITE, VISA, INTERN, FULL-TIME), a salary, a link, places
// (a gazetteer of cities, US states and countries, and the "City, ST"
// pattern), roles (a role vocabulary), or, first of the rest, the company.
// Position settles the rest: the company usually comes first. A header
// spread over the first short lines ("ClassDojo" / "FULLTIME in SAN
// FRANCISCO, CA") is read as one. Sentences are read for "X is hiring",
// "Role at X", "X based in Place". It never fails.
func ParseHN(text string) HNPost {
	var p HNPost
	lines := hnLines(text)
	if len(lines) == 0 {
		return p
	}
	if n := p.readLabels(lines); n > 0 {
		// "Location: Atlanta, GA" / "Company: Experience (…)": a header of
		// labelled lines; the company may be named only in the next sentence
		// ("Hi, we're DailyBurn a fitness …")
		if p.Company == "" && n < len(lines) {
			p.Company, _ = companyInSentence(lines[n])
			if p.Company == "" || p.Company[0] < 'A' || p.Company[0] > 'Z' {
				p.Company = hnWeAre(lines[n])
			}
		}
		if p.Company == "" && p.URL != "" {
			p.Company = domainName(p.URL)
		}
		early := strings.Join(lines[:min(len(lines), n+2)], "\n")
		if p.WorkMode == "" {
			p.WorkMode = hnModeFromText(early)
		}
		if !p.Visa && hnRe1.MatchString(early) && !hnRe0.MatchString(early) {
			p.Visa = true
		}
		return p.tidy()
	}
	header := hnHeader(lines)
	// a link is a piece of its own, whole: "//" and ": " inside it are not
	// separators ("The Factory - San Francisco, CA -- http://www.thefactory.com/")
	for _, u := range hnURL.FindAllString(header, -1) {
		u = strings.TrimRight(u, ".,;)]|")
		i := strings.Index(header, u)
		if i > 0 && normalize.IsWordByte(header[i-1]) {
			continue // "0http://…" glued to a word is part of that word, not a link
		}
		if p.URL == "" {
			p.URL = u
		}
		// "…-ma...)": HN cuts long link texts with dots
		before, after := strings.TrimRight(header[:i], " "), strings.TrimLeft(header[i+len(u):], ". ")
		// "Tophatter (https://tophatter.com) | …", "Acme (see https://…)":
		// a bracket group holding a link is about the link, and goes with it
		// (to its close, or to the link where the bracket stays open)
		if open, closer := lastOpenBracket(before); open >= 0 {
			before, after = strings.TrimRight(before[:open], " "), strings.TrimPrefix(after, closer)
		}
		sep := " | "
		if strings.Count(before, "(")+strings.Count(before, "[") > strings.Count(before, ")")+strings.Count(before, "]") {
			sep = " " // inside brackets left open: a bar would not split there
		}
		header = before + sep + after
	}
	// "Stuph (http://a, http://b)": the brackets the links leave empty
	header = hnEmptyGroup.ReplaceAllString(header, " | ")
	var rest []hnPiece
	for _, piece := range hnPieces(header) {
		if p.readPiece(piece.text) {
			continue
		}
		rest = append(rest, piece)
	}
	for i, piece := range rest {
		t := piece.text
		if p.Company == "" {
			if c, role := companyInSentence(t); c != "" {
				p.Company = c
				if role != "" {
					p.Roles = appendUnique(p.Roles, role)
				}
				p.Places = appendUnique(p.Places, hnPlacesAfterIn(t)...)
				continue
			}
			// "Data Visualization Developer, Bloomberg": a role, then its employer
			if role, name, ok := strings.Cut(t, ", "); ok && !strings.Contains(name, ",") && hnStrongRole(role) && !hnRoleLike(name) && hnPlaces(name) == nil {
				if c := cleanHNCompany(name); c != "" && c[0] >= 'A' && c[0] <= 'Z' {
					p.Company = c
					p.Roles = appendUnique(p.Roles, role)
					continue
				}
			}
			if c := cleanHNCompany(t); c != "" && !hnStrongRole(t) && (!hnRoleLike(t) || i == 0) {
				p.Company = c
				continue
			}
		}
		if len(hnFlagRe.FindAllString(t, 3)) >= 2 && hnWelcome.MatchString(t) {
			// "VISA, FULL-TIME, and INTERN are all welcome": flags in a sentence
			p.readFlags(t)
			continue
		}
		if hnRoleLike(t) {
			p.Roles = appendUnique(p.Roles, hnRoles(t)...)
		}
	}
	if p.Company == "" {
		// "Senior Rails Developer" / "ActBlue is looking for …": the next
		// lines name the company
		for i, l := range lines[1:min(len(lines), 6)] {
			// "Toronto, Ontario, Canada" / "Achievers": a name on a line of
			// its own under a header of places
			if i < 2 && hnNameLine.MatchString(l) && hnPlaces(l) == nil && !hnRoleLike(l) && !hnFlagRe.MatchString(l) {
				if c := cleanHNCompany(l); c != "" {
					p.Company = c
					break
				}
			}
			if c := hnBodyCompany(l); c != "" {
				p.Company = c
				break
			}
		}
	}
	if p.Company == "" && p.URL != "" {
		p.Company = domainName(p.URL) // "https://airesume.com" names it
	}
	early := strings.Join(lines[:min(len(lines), 3)], "\n")
	if p.WorkMode == "" {
		p.WorkMode = hnModeFromText(early)
	}
	if !p.Visa && hnRe1.MatchString(early) &&
		!hnRe0.MatchString(early) {
		p.Visa = true
	}
	return p.tidy()
}

// tidy trims the fields and drops empty ones.
func (p HNPost) tidy() HNPost {
	p.Company = strings.TrimSpace(p.Company)
	trim := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if x = strings.TrimSpace(x); x != "" {
				out = appendUnique(out, x)
			}
		}
		return out
	}
	p.Roles, p.Places = trim(p.Roles), trim(p.Places)
	return p
}

// hnStrongRole reports a piece that is a role whatever else it says:
// "Senior Software Engineer", "Designer"; "Jackrabbit Mobile" is not.
func hnStrongRole(t string) bool {
	return strongRoleWords.MatchString(t)
}

var strongRoleWords = regexp.MustCompile(`(?i)\b(?:engineers?|developers?|designers?|managers?|scientists?|architects?|programmers?|interns?(?:hips?)?|directors?|head of|cto|analysts?|consultants?|specialists?|writers?|researchers?|administrators?|devops|sre|studentship|craftsm[ae]n|generalists?|professionals?|devs?)\b`)

// looseParts cuts a header with no separator of its own at commas, full
// stops or hyphens, when the cut finds flags or places ("Health eFilings,
// software developer, REMOTE", "Disqus. JavaScript engineers. San
// Francisco, CA."), and glues "San Francisco" back to "CA".
func looseParts(header string) []string {
	// "On-Site", "Full-time", "Front-end" are words, not two pieces: their
	// hyphen is hidden from the split and put back after it
	protected := hnHyphenWord.ReplaceAllString(strings.TrimRight(header, ". "), "$1\u2011$2")
	// "Games, Sims, Gamification Developers": single words before a role
	// qualify it, a list of one piece; their commas are hidden too
	protected = hnQualifierList.ReplaceAllStringFunc(protected, func(m string) string {
		if !hnStrongRole(m[strings.LastIndex(m, ",")+1:]) {
			return m
		}
		return strings.ReplaceAll(m, ",", "\u201a")
	})
	raw := splitOutsideBrackets(protected, hnLooseSep)
	for i := range raw {
		raw[i] = strings.ReplaceAll(strings.ReplaceAll(raw[i], "\u2011", "-"), "\u201a", ",")
	}
	if len(raw) < 2 {
		return raw
	}
	var parts []string
	for _, r := range raw {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		low := lowerASCII(strings.Trim(r, ". "))
		if len(parts) > 0 && (hnStates[low] || hnCountrySet[low]) {
			parts[len(parts)-1] += ", " + r
			continue
		}
		parts = append(parts, r)
	}
	if len(parts) < 2 {
		return []string{header} // "," alone
	}
	known := 0
	for _, p := range parts[1:] {
		if hnFlagRe.MatchString(p) || hnPlaces(p) != nil || hnStrongRole(p) {
			known++
		}
	}
	if known == 0 || strings.Contains(header, "-") && !strings.Contains(header, ",") && known < 2 {
		return []string{header}
	}
	return parts
}

// splitOutsideBrackets splits s at the matches of sep that are not inside
// brackets: "WayUp (formerly Campus Job - YCW15) - https://…".
func splitOutsideBrackets(s string, sep *regexp.Regexp) []string {
	var out []string
	last := 0
	for _, loc := range sep.FindAllStringIndex(s, -1) {
		// inside a bracket only when the bracket closes after it: one left
		// open ("Acme (NYC | Remote") does not hold the rest of the header
		if open := bracketDepth(s[:loc[0]]); open > 0 && -bracketDepth(s[loc[1]:]) >= open {
			continue
		}
		out = append(out, s[last:loc[0]])
		last = loc[1]
	}
	return append(out, s[last:])
}

// bracketDepth is how many more brackets s opens than it closes.
func bracketDepth(s string) int {
	return strings.Count(s, "(") + strings.Count(s, "[") - strings.Count(s, ")") - strings.Count(s, "]")
}

var (
	hnURL   = regexp.MustCompile(`https?://\S+`)
	hnTag   = regexp.MustCompile(`<(?i:p>|br\s*/?>|/?(?:font|a|i|b|em|strong|code|pre|span|div)[^>]*>)`)
	hnOther = regexp.MustCompile(`<[^>]+>`)
)

// hnLines returns the comment's non-empty lines as plain text.
func hnLines(text string) []string {
	text = sanitize(text)
	text = hnTag.ReplaceAllStringFunc(text, func(t string) string {
		if strings.HasPrefix(lowerASCII(t), "<p") || strings.HasPrefix(lowerASCII(t), "<br") {
			return "\n"
		}
		return ""
	})
	text = hnOther.ReplaceAllString(text, "")
	text = html.UnescapeString(text)
	var out []string
	for _, l := range strings.Split(text, "\n") {
		// "### Apple Inc: Cupertino, CA": Markdown heading marks
		if t := strings.TrimLeft(l, "#"); t != l && strings.HasPrefix(t, " ") {
			l = t
		}
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// hnHeader returns the header: the first line, and the next short lines
// when they go on with it ("FULLTIME in SAN FRANCISCO, CA", "Locations:
// San Mateo, Portland", "Roles: Backend Engineer, …"). A first line that is
// a sentence about the company may give way to a header line after it
// ("Hotjar is a young startup …" … "Hotjar | Big Data Engineer (Europe) | Remote").
func hnHeader(lines []string) string {
	first := lines[0]
	if strings.Count(first, "|") < 2 && !runesAtMost(first, 60) {
		for _, l := range lines[1:min(len(lines), 4)] {
			if strings.Count(l, "|") >= 2 && runesAtMost(l, 160) {
				return l
			}
		}
	}
	header := first
	if !runesAtMost(first, 90) {
		return header
	}
	limit := 70
	if strings.Count(first, "|") >= 2 {
		limit = 40 // a full header; only a short line may add to it ("Highly Skilled Engineer")
	}
	for _, l := range lines[1:min(len(lines), 4)] {
		l = strings.TrimSpace(strings.TrimLeft(hnURL.ReplaceAllString(l, ""), "*-• "))
		l = strings.TrimRight(l, ": ")
		if l == "" || utf8.RuneCountInString(l) > limit || strings.HasSuffix(l, ".") && !hnContinues(l) {
			break
		}
		if !hnContinues(l) {
			break
		}
		header += " | " + l
	}
	return header
}

// hnContinues reports a short line that goes on with a header: flags,
// places, a list of roles or places under a label.
func hnContinues(l string) bool {
	low := lowerASCII(l)
	if strings.HasPrefix(low, "roles:") || strings.HasPrefix(low, "locations:") || strings.HasPrefix(low, "location:") ||
		strings.HasPrefix(low, "hiring:") || strings.HasPrefix(low, "looking for:") || strings.HasPrefix(low, "positions:") {
		return true
	}
	if hnFlagRe.MatchString(l) || len(hnPlaces(l)) > 0 {
		return true
	}
	return hnRoleLike(l) && runesAtMost(l, 50) && !strings.Contains(l, ". ")
}

type hnPiece struct{ text string }

// hnSep cuts a header: | • — – -- · ; and " - " (a hyphen inside a word
// stays: "Front-end", "Full-Stack").
var hnSep = regexp.MustCompile(`\s*(?:\||•|·|☆|—|–|--+|;|//|\s-\s|-\s|\s-|\s+/\s+|:\s)\s*`)

// hnHyphenWord matches the hyphen of a hyphenated word.
var hnHyphenWord = regexp.MustCompile(`(?i)\b(on|full|part|front|back|semi|in|non|co|self|real|cross|multi|mid|entry|senior|sr)-([a-z])`)

// hnQualifierList matches two or more single words and a last item
// after them, comma-separated: "Games, Sims, Gamification Developers".
var hnQualifierList = regexp.MustCompile(`\b(?:[A-Za-z+#]+, ){2,}(?:and |or )?[A-Za-z+# ]+`)

// hnLooseSep cuts a header that has none of hnSep's separators: commas,
// full stops, and hyphens between words ("Appboy-New York-Full Time").
var hnLooseSep = regexp.MustCompile(`\s*(?:,|\.\s|-)\s*`)

// hnPieces cuts the header into pieces; bracketed groups are pieces of their
// own unless they belong to a name or a place ("Seed (YC W15)", "San
// Francisco (SoMA)").
func hnPieces(header string) []hnPiece {
	var out []hnPiece
	header = strings.Trim(header, "[] ")
	parts := splitOutsideBrackets(header, hnSep)
	if len(parts) == 1 {
		parts = looseParts(header)
	}
	// "Cambridge, MA. Looking for a frontend designer.": sentences are
	// pieces of their own
	var split []string
	for _, part := range parts {
		last := 0
		for _, loc := range hnSentenceEnd.FindAllStringIndex(part, -1) {
			dot := last + strings.Index(part[last:loc[1]], ". ")
			if dot < last {
				continue
			}
			split = append(split, part[last:dot])
			last = dot + 1
		}
		split = append(split, part[last:])
	}
	for _, part := range split {
		part = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part), "."))
		if part == "" {
			continue
		}
		// "MIT Cambridge, MA": a name before a known city and its state
		if name, place := hnNameBeforeCity(part); name != "" {
			out = append(out, hnPiece{text: name}, hnPiece{text: place})
			continue
		}
		// "Pascal Metrics, Washington DC (Georgetown)": a name, then places
		if i := strings.Index(part, ", "); i > 0 && !(hnPlaces(part) != nil && hnAllPlaces(part)) {
			// "Nuremberg, Germany" is one place, not a name and a place;
			// "Rentlytics, San Francisco, CA (or anywhere else)" ends in a note
			if after := strings.TrimRight(part[i+2:], ". "); hnPlaces(after) != nil && hnAllPlaces(hnNote.ReplaceAllString(after, "")) {
				out = append(out, hnPiece{text: part[:i]}, hnPiece{text: after})
				continue
			}
		}
		// "Sensor Tower (SF) (Designer, Engineer) (Intern)": groups that
		// say something of their own
		for _, g := range splitGroups(part) {
			if g = strings.TrimSpace(strings.Trim(g, ",:")); g != "" {
				out = append(out, hnPiece{text: g})
			}
		}
	}
	return out
}

// hnNameBeforeCity splits "MIT Cambridge, MA" into the name and the
// place: the words before a known city in a "Town, ST" place that is not
// itself known. A word that makes a town of the city ("South San
// Francisco", "West Palm Beach") is no name.
func hnNameBeforeCity(part string) (name, place string) {
	town, st, ok := strings.Cut(part, ", ")
	if !ok || strings.Contains(st, ",") || hnCitySet[lowerASCII(town)] || !hnStates[strings.TrimSpace(st)] {
		return "", ""
	}
	words := strings.Fields(town)
	for i := 1; i < len(words); i++ {
		city := strings.Join(words[i:], " ")
		if !hnCitySet[lowerASCII(city)] {
			continue
		}
		switch lowerASCII(words[i-1]) {
		case "north", "south", "east", "west", "new", "old", "fort", "port", "saint", "st.", "mount", "greater", "downtown", "central", "upper", "lower", "lake":
			return "", ""
		}
		// "Sensor Platforms in San Jose, California", "… based in"
		j := i
		for j > 0 && (hnTrailingPrep[lowerASCII(words[j-1])] || lowerASCII(words[j-1]) == "based") {
			j--
		}
		if j == 0 {
			return "", ""
		}
		return strings.Join(words[:j], " "), city + ", " + st
	}
	return "", ""
}

// splitGroups splits "Sensor Tower (SF) (Designer, Engineer)" into its
// name and the bracketed groups that hold places, flags or roles.
func splitGroups(s string) []string {
	var out []string
	for {
		i := strings.IndexAny(s, "([")
		if i < 0 {
			break
		}
		closer := ")"
		if s[i] == '[' {
			closer = "]"
		}
		j := strings.Index(s[i:], closer)
		if j < 0 {
			break
		}
		inner := s[i+1 : i+j]
		before := strings.TrimSpace(s[:i])
		placeNote := hnPlaces(inner) != nil && before != "" && hnPlaces(before) != nil && hnAllPlaces(before)
		if placeNote || hnPlaces(inner) == nil && !hnFlagRe.MatchString(inner) && !hnRoleLike(inner) && !strings.Contains(inner, "http") {
			// "(YC S12)", "(mainly back-end)": part of what it follows
			out = append(out, s[:i+j+1])
			s = s[i+j+1:]
			if len(out) > 1 {
				out[len(out)-2] += out[len(out)-1]
				out = out[:len(out)-1]
			}
			continue
		}
		out = append(out, s[:i], inner)
		s = s[i+j+1:]
	}
	out = append(out, s)
	// merge a leading name split from its kept note
	var merged []string
	for _, o := range out {
		if strings.TrimSpace(o) != "" {
			merged = append(merged, o)
		}
	}
	return merged
}

// readPiece files a piece that is a flag, a salary, a link or places, and
// reports whether it did.
func (p *HNPost) readPiece(t string) bool {
	if hnVisaName.MatchString(t) {
		return false // the company, not the flag
	}
	low := lowerASCII(t)
	if strings.HasPrefix(low, "http") || strings.HasPrefix(low, "www.") {
		if p.URL == "" {
			p.URL = t
		}
		return true
	}
	for _, l := range []string{"roles:", "role:", "hiring:", "looking for:", "positions:", "position:", "jobs:", "openings:"} {
		if strings.HasPrefix(low, l) {
			p.Roles = appendUnique(p.Roles, hnRoles(t[len(l):])...)
			return true
		}
	}
	for _, l := range []string{"locations:", "location:"} {
		if strings.HasPrefix(low, l) {
			p.Places = appendUnique(p.Places, hnPlaces(t[len(l):])...)
			return true
		}
	}
	if hnSalary.MatchString(t) && !hnRoleLike(t) {
		// "NY $115,000": a place before the pay
		p.Places = appendUnique(p.Places, hnPlaces(hnMoney.ReplaceAllString(t, " "))...)
		return true
	}
	flags := hnFlagRe.FindAllStringIndex(t, -1)
	if len(flags) > 0 {
		p.readFlags(t)
		// the places a flag piece names: "ONSITE in San Francisco or Portland"
		rest := hnFlagRe.ReplaceAllString(t, " ")
		places := hnPlaces(rest)
		p.Places = appendUnique(p.Places, places...)
		if strings.TrimFunc(hnFiller.ReplaceAllString(rest, " "), func(r rune) bool { return !unicode.IsLetter(r) }) == "" || places != nil {
			return true
		}
		// "Remote at DuckDuckGo", "ONSITE at Full Fact": a flag, then more
		if c, role := companyInSentence(strings.TrimSpace(rest)); c != "" && p.Company == "" {
			p.Company = c
			if role != "" {
				p.Roles = appendUnique(p.Roles, role)
			}
			return true
		}
		return false
	}
	if pl := hnPlaces(t); pl != nil && hnAllPlaces(t) {
		p.Places = appendUnique(p.Places, pl...)
		return true
	}
	return false
}

var (
	hnFlagRe = regexp.MustCompile(`(?i)\b(?:remote(?:\s+ok|\s+friendly|\s+first)?|on[- ]?site|onsite|in[- ]office|visas?(?:\s+ok)?|h-?1b|sponsorship|interns?(?:hips?)?|full[- ]?time|part[- ]?time|contract(?:or|ing)?|permanent|freelance|semi[- ]remote|partial(?:ly)? remote|hybrid|local only|relocation)\b`)
	hnSalary = regexp.MustCompile(`(?i)[$€£]\s?\d|\d+\s?k\b|\bsalary\b|\+\s?equity\b|\bequity\s?\d`)
	hnMoney  = regexp.MustCompile(`(?i)[$€£]\s?[\d,.]+\s?k?|\d+\s?k\b|\bsalary:?|\bequity\b`)
	hnFiller = regexp.MustCompile(`(?i)\b(?:and|or|in|the|only|ok|yes|no|any|anywhere|preferred|possible|available|positions?|roles?|both|within|us|usa|u\.s\.|eu|europe|canada|north america|time\s?zones?|&|\+|/|,|-)\b`)
)

// readFlags sets the work mode, visa and intern flags a piece names.
func (p *HNPost) readFlags(t string) {
	low := lowerASCII(t)
	switch {
	case strings.Contains(low, "semi-remote") || strings.Contains(low, "semi remote") || strings.Contains(low, "partial") || strings.Contains(low, "hybrid"):
		p.WorkMode = WorkHybrid
	case hnRe3.MatchString(t):
		// "no remote", "can't support remote employees"
		if p.WorkMode == "" {
			p.WorkMode = WorkOnsite
		}
	case strings.Contains(low, "remote"):
		if p.WorkMode != WorkHybrid {
			p.WorkMode = WorkRemote
		}
	case strings.Contains(low, "onsite") || strings.Contains(low, "on-site") || strings.Contains(low, "on site") || strings.Contains(low, "local only") || strings.Contains(low, "in office") || strings.Contains(low, "in-office"):
		if p.WorkMode == "" {
			p.WorkMode = WorkOnsite
		}
	}
	if hnRe7.MatchString(t) && !hnRe8.MatchString(t) {
		p.Visa = true
	}
	if hnRe2.MatchString(t) {
		p.Intern = true
	}
}

// hnModeFromText looks for the work mode in the first lines when the
// header said none: "To be based in Edinburgh, Scotland or Remote.".
func hnModeFromText(s string) string {
	low := lowerASCII(s)
	switch {
	case strings.Contains(low, "semi-remote") || strings.Contains(low, "partially remote"):
		return WorkHybrid
	case hnRe3.MatchString(s):
		return WorkOnsite
	case hnRe6.MatchString(s):
		return WorkRemote
	case hnRe5.MatchString(s):
		return WorkOnsite
	}
	return ""
}

// roleWords make a piece a role: "Senior Software Engineer", "Designer",
// "Director of Engineering", "Full Stack", "Backend".
var roleWords = regexp.MustCompile(`(?i)\b(?:engineers?|engineering|developers?|designers?|managers?|scientists?|architects?|devops|sre|analysts?|interns?(?:hips?)?|leads?|directors?|head of|cto|vp|programmers?|administrators?|admin|specialists?|consultants?|writers?|researchers?|front[- ]?end|back[- ]?end|full[- ]?stack|fullstack|mobile|ios|android|qa|testers?|support|sales|marketing|marketer|recruiters?|growth|product|hackers?|craftsm[ae]n|data|ml|machine learning|operations|ops|phd|studentship|professional|positions?|roles|jobs|generalists?|technologists?)\b`)

// hnRoleLike reports a piece that names roles.
func hnRoleLike(t string) bool {
	return roleWords.MatchString(t) && !strings.Contains(t, "http")
}

// hnRoles splits a piece listing roles: "Designer, Engineer, Customer
// Happiness", "Backend Engineer, Frontend Engineer, iOS Engineer". A list
// whose items qualify one role stays whole: "Software Engineers: Python,
// Android, iOS", "Software Engineering (Frontend, Fullstack)".
func hnRoles(t string) []string {
	t = strings.TrimSpace(strings.Trim(t, ",:;"))
	t = strings.TrimSpace(strings.TrimLeft(t, "-–*• "))
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "+ more"), "and more"))
	t = trimUnbalanced(t) // "Software Engineers (backend"
	if t == "" || hnNotRole.MatchString(t) {
		return nil
	}
	if len(t) > 120 {
		if items := hnRoleItems(t); items != nil {
			return items
		}
	}
	if hnSentence(t) {
		// "We're looking for a Rails backend engineer. Remote possible."
		var out []string
		for _, m := range hnSoughtRole.FindAllStringSubmatch(t, 3) {
			out = appendUnique(out, strings.TrimSpace(m[1]))
		}
		return out
	}
	if f := hnFlagRe.ReplaceAllString(t, ""); strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }) == "" || lowerASCII(strings.TrimSpace(f)) == "(s)" {
		return nil // "H1B", "INTERN(s)": flags
	}
	if strings.Contains(t, ":") {
		return []string{t}
	}
	parts := splitOutsideBrackets(t, hnRe9) // "Software Engineers (backend, frontend)" is one
	if len(t) > 60 {
		// "Asm, Fortrant, C/C++ Developers, Signal processing specialists, …":
		// a long list keeps the items that name a role
		var out []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" && len(hnNote.ReplaceAllString(p, "")) <= 60 && hnStrongRole(p) {
				out = append(out, p)
			}
		}
		return out
	}
	roleParts := 0
	for _, p := range parts {
		if roleWords.MatchString(p) {
			roleParts++
		}
	}
	if len(parts) > 1 && 2*roleParts >= len(parts) {
		var out []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return []string{t}
}

// hnRoleItems splits a piece too long for a list of roles by its length
// alone: "System Development Engineer, Senior Software Engineer in Machine
// Learning, Software Development Engineer with Security passion". Every
// comma-separated item must name a role, be short and read as no sentence;
// otherwise it returns nil.
func hnRoleItems(t string) []string {
	items := splitOutsideBrackets(t, hnComma)
	if len(items) < 2 {
		return nil
	}
	var out []string
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || len(it) > 60 || !hnStrongRole(it) || hnSentence(it) {
			return nil
		}
		out = append(out, it)
	}
	return out
}

var hnComma = regexp.MustCompile(`\s*,\s*`)

// hnPlacesAfterIn returns the places a sentence naming the company ends
// with after "in": "Thinkful based in NYC", "CodeWeavers in St Paul, MN".
func hnPlacesAfterIn(t string) []string {
	i := strings.LastIndex(t, " in ")
	if i < 0 {
		return nil
	}
	rest := strings.TrimSpace(t[i+len(" in "):])
	if ps := hnPlaces(rest); ps != nil && hnAllPlaces(rest) {
		return ps
	}
	return nil
}

// companyInSentence reads the company from a header written as a sentence:
// "Mesosphere, Inc. is hiring …", "Publisher Growth at Virool (YC S12)",
// "Thinkful based in NYC: …", "Remote at DuckDuckGo", "Hail @ Broad
// Institute". It returns the role too when the sentence names one before
// "at".
func companyInSentence(t string) (company, role string) {
	if m := hnIsHiring.FindStringSubmatch(t); m != nil {
		c := m[1]
		if c == "" {
			c = m[2]
		}
		return cleanHNCompany(c), ""
	}
	// "ControlShift Labs, a provider of open-source tools …", "CodeWeavers in St Paul, MN"
	if m := hnApposition.FindStringSubmatch(t); m != nil {
		return cleanHNCompany(m[1]), ""
	}
	if m := hnIn.FindStringSubmatch(t); m != nil && hnPlaces(m[2]) != nil && hnAllPlaces(m[2]) && !hnStrongRole(m[1]) {
		return cleanHNCompany(m[1]), ""
	}
	if m := hnAt.FindStringSubmatch(t); m != nil {
		c := cleanHNCompany(hnTrailingPlace(m[2]))
		if c == "" {
			return "", ""
		}
		r := strings.TrimSpace(m[1])
		if hnRoleLike(r) {
			return c, r
		}
		if hnFlagRe.MatchString(r) || hnPlaces(r) != nil || r == "" {
			return c, ""
		}
		// "Hail @ Broad Institute": the team, at its institution
		return cleanHNCompany(r), ""
	}
	return "", ""
}

var (
	hnIsHiring   = regexp.MustCompile(`^([a-z][a-z0-9]{2,20}|[A-Z0-9][^\s]*(?:\s+[A-Z0-9&][^\s]*){0,4},?(?:\s+Inc\.?)?)\s+(?:is|are|IS|ARE)\s+(?:(?:currently|now|actively|still|also)\s+)?(?:[Hh]iring|HIRING|looking|a |an |seeking|searching|growing|building|expanding|recruiting)|^([A-Z0-9][^\s]*(?:\s+[A-Z0-9&][^\s]*){0,4})\s+based in\b`)
	hnApposition = regexp.MustCompile(`^([A-Z0-9][^\s,]*(?:\s+[A-Z0-9&][^\s,]*){0,4}),\s+(?:a|an|the)\s+[a-z]`)
	hnIn         = regexp.MustCompile(`^([A-Z0-9][^\s,]*(?:\s+[A-Z0-9&][^\s,]*){0,4})\s+in\s+(.+)$`)
	hnAt         = regexp.MustCompile(`^(.{0,60}?)\s*(?:\bat\b|@)\s+([A-Z0-9Ō][^,:;|]{1,50})`)
)

// hnTrailingPlace drops a place after a name: "Virool (YC S12) San Francisco".
func hnTrailingPlace(s string) string {
	s = strings.TrimSpace(s)
	for _, pl := range hnKnownPlaces {
		if strings.HasSuffix(lowerASCII(s), " "+pl) {
			return strings.TrimSpace(s[:len(s)-len(pl)])
		}
	}
	return s
}

// cleanHNCompany trims a company piece: a trailing URL, "(YC S12)" stays
// (it is part of how the company is named), a domain stays ("Help.com").
func cleanHNCompany(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.Index(t, " http"); i > 0 {
		t = t[:i]
	}
	if i := strings.Index(t, " www."); i > 0 {
		t = t[:i]
	}
	t = strings.TrimSpace(strings.Trim(t, "*:,-– "))
	t = trimUnbalanced(t)
	if strings.Count(t, "(") > strings.Count(t, ")") {
		t = strings.TrimSpace(t[:strings.LastIndex(t, "(")]) // "Adchemix (SF"
	}
	// "for SHAPEWAYS", "at Stripe": the word before the name
	for _, pre := range []string{"for ", "at ", "At ", "@ "} {
		if r, ok := strings.CutPrefix(t, pre); ok && r != "" && r[0] >= 'A' && r[0] <= 'Z' {
			t = r
		}
	}
	// "Near(near.co) is …": the name's own domain glued to it ends the
	// name; the words after it are not part of it, and gluing them to the
	// name would make a name the comment never wrote
	if i := strings.Index(t, "("); i > 0 {
		if j := strings.Index(t[i:], ")"); j > 0 && strings.Contains(t[i:i+j], ".") && !strings.Contains(t[i:i+j], " ") {
			t = strings.TrimSpace(t[:i])
		}
	}
	if m := hnIsHiring.FindStringSubmatch(t); m != nil {
		if m[1] != "" {
			t = m[1]
		} else {
			t = m[2]
		}
	}
	// "CB Insights Full-time, H1": flags after the name; "on-site only in
	// SF", "NYC preferred, but remote conceivable": no name before them
	// ("Visa Inc" is a name)
	if loc := hnFlagRe.FindStringIndex(t); loc != nil && !hnVisaName.MatchString(t) {
		c := strings.TrimSpace(strings.Trim(t[:loc[0]], ",-–|(/\\ "))
		for _, w := range []string{" or", " and", " but", " preferred", ","} {
			c = strings.TrimSpace(strings.TrimSuffix(c, w))
		}
		if c == "" || c != strings.TrimSpace(t[:loc[0]]) && (hnPlaces(c) != nil || len(c) <= 3) {
			return ""
		}
		t = c
	}
	// "Seed funded, generating revenue", "or contact Winston Bonnheim at":
	// running words, not a name ("Six to Start", "Hillary for America" are)
	lowerWords := 0
	for _, w := range strings.Fields(t) {
		switch w {
		case "of", "and", "the", "for", "to", "&", "de", "la", "by", "ltd", "ltd.", "inc", "inc.", "llc", "gmbh", "co", "co.":
			continue
		}
		if w[0] >= 'a' && w[0] <= 'z' {
			lowerWords++
		}
	}
	if lowerWords >= 2 || len(t) <= 3 && lowerASCII(t) == t {
		return ""
	}
	n := utf8.RuneCountInString(t)
	if n < 2 || n > 60 {
		return ""
	}
	if hnPlaces(t) != nil && hnAllPlaces(t) {
		return ""
	}
	if strings.Count(t, " ") > 6 {
		return "" // a sentence, not a name
	}
	// "TN, OPT": a list is not a name ("Wag Labs, Inc." is)
	if i := strings.LastIndex(t, ", "); i > 0 && !hnLegalSuffix.MatchString(t[i+2:]) {
		return ""
	}
	// "Apply at": a name never ends in a preposition; the words it governed
	// were a link or are on the next line
	if _, last, ok := cutLastSpace(t); ok && hnTrailingPrep[lowerASCII(last)] {
		return ""
	}
	first, second, _ := strings.Cut(t, " ")
	f := lowerASCII(strings.Trim(first, ",.!:'()"))
	// "The Associated Press", "The Infatuation" are names; "The company …" is not
	article := (f == "the" || f == "a" || f == "an") && second != "" && second[0] >= 'A' && second[0] <= 'Z'
	if hnNotNames[f] && !article {
		return "" // "We are hiring", "Hey everyone", "Please …"
	}
	if techWords[lowerASCII(t)] {
		return "" // "PHP"
	}
	return t
}

// hnNotNames are words a sentence opens with that no company is named by.
var hnNotNames = map[string]bool{"we": true, "we're": true, "i": true, "i'm": true, "our": true, "my": true, "hey": true, "hi": true,
	"hello": true, "please": true, "this": true, "sorry": true, "looking": true, "seeking": true, "hiring": true, "join": true,
	"you": true, "if": true, "any": true, "anyone": true, "the": true, "a": true, "an": true, "agree": true, "note": true,
	"many": true, "multiple": true, "several": true, "various": true, "all": true, "job": true, "use": true,
	"who": true, "what": true, "here": true, "description": true, "about": true, "location": true, "local": true, "summary": true,
	"overview": true, "requirements": true, "responsibilities": true, "benefits": true, "position": true,
	"curl": true, "wget": true, "echo": true, "ssh": true, // "challenge: curl http://…"
	// calls to action: "Apply at http://…", "Email jobs@…", "See our careers page"
	"apply": true, "email": true, "e-mail": true, "contact": true, "send": true, "visit": true, "see": true,
	"check": true, "click": true, "learn": true, "read": true, "reach": true, "ping": true, "dm": true}

// hnLegalSuffix matches the company form after a name's comma: "Wag Labs, Inc.".
var hnLegalSuffix = regexp.MustCompile(`(?i)^(?:inc|llc|ltd|corp|co|gmbh|plc|pbc|s\.?a|b\.?v|ag|ab|oy|pty|limited|incorporated|l\.?l\.?c|p\.?c)\b\.?`)

// hnTrailingPrep are the words a name cannot end with.
var hnTrailingPrep = map[string]bool{"at": true, "to": true, "for": true, "with": true, "in": true, "on": true, "by": true,
	"of": true, "via": true, "from": true, "@": true, "and": true, "or": true}

// cutLastSpace splits s at its last space.
func cutLastSpace(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// lastOpenBracket returns where the bracket group still open at the end
// of s starts, and the bracket that closes it; -1 when none is open.
func lastOpenBracket(s string) (int, string) {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')', ']':
			depth++
		case '(', '[':
			if depth == 0 {
				if s[i] == '(' {
					return i, ")"
				}
				return i, "]"
			}
			depth--
		}
	}
	return -1, ""
}

// trimUnbalanced drops brackets at the ends that have no partner:
// "[Front Row Education", "Seed (YC W15)" stays.
func trimUnbalanced(t string) string {
	for {
		before := t
		if strings.HasPrefix(t, "[") && !strings.Contains(t, "]") || strings.HasPrefix(t, "(") && !strings.Contains(t, ")") {
			t = strings.TrimSpace(t[1:])
		}
		if strings.HasSuffix(t, "]") && !strings.Contains(t, "[") || strings.HasSuffix(t, ")") && !strings.Contains(t, "(") {
			t = strings.TrimSpace(t[:len(t)-1])
		}
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			t = strings.TrimSpace(t[1 : len(t)-1])
		}
		if t == before {
			return t
		}
	}
}

// domainName turns a URL into the name it shows: "https://airesume.com" →
// "airesume.com".
func domainName(u string) string {
	if f := strings.Fields(u); len(f) > 0 {
		u = f[0]
	}
	u = strings.TrimPrefix(strings.TrimPrefix(lowerASCII(u), "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	// a job board's or a link shortener's host names no employer
	for _, b := range jobBoards {
		if u == b || strings.HasSuffix(u, "."+b) {
			return ""
		}
	}
	// "cradlepoint.com", "about.gitlab.com": the name before the suffix
	parts := strings.Split(u, ".")
	if len(parts) < 2 {
		return u
	}
	name := parts[len(parts)-2]
	if len(parts) >= 3 && (name == "co" || name == "com" || name == "ac" || name == "org" || name == "net") {
		name = parts[len(parts)-3]
	}
	return name
}

// hnSentenceEnd matches a full stop between sentences: "London, UK. ONSITE."
// (not "Sr. Engineer", "Inc. is", "St. Louis").
var hnSentenceEnd = regexp.MustCompile(`(?:[a-z]{3,}|[A-Z]{2,})\.\s+(?:[A-Z(])`)

// hnEmptyGroup matches brackets left with separators only.
var hnEmptyGroup = regexp.MustCompile(`[(\[][\s|,;/]*[)\]]`)

// hnNote matches a bracketed note: "(or anywhere else)", "(near LAX)".
var hnNote = regexp.MustCompile(`\s*\([^()]*\)`)

// jobBoards are hosts that carry other employers' postings.
var jobBoards = []string{"grnh.se", "greenhouse.io", "lever.co", "workable.com", "angel.co", "angellist.com", "smartrecruiters.com",
	"recruitee.com", "breezy.hr", "ashbyhq.com", "bit.ly", "goo.gl", "jobvite.com", "hire.withgoogle.com", "stackoverflow.com",
	"linkedin.com", "indeed.com", "github.com", "docs.google.com", "forms.gle", "typeform.com", "workday.com", "myworkdayjobs.com",
	"applytojob.com", "jazz.co", "resumator.com", "homerun.co", "personio.de", "personio.com", "recruiterbox.com", "hackerrank.com",
	"ycombinator.com", "herokuapp.com", "hnjobs.org", "wordpress.com", "medium.com", "github.io"}

// hnWelcome marks a piece that lists flags in a sentence: "H1B, FULL-TIME,
// and INTERN are all welcome".
var hnWelcome = regexp.MustCompile(`(?i)\b(?:welcome|are all|ok|accepted|considered)\b`)

// hnSoughtRole finds the role a sentence seeks: "We're looking for a Rails
// backend engineer", "is hiring full-time engineers for our platform".
var hnSoughtRole = regexp.MustCompile(`(?i)\b(?:looking for|hiring|seeking|searching for|to hire)\s+(?:(?:an?|some|several|two|three|talented|experienced|great|top-notch|strong|senior-level|full[- ]time|part[- ]time)\s+)*((?:[\w+#./'-]+\s+){0,3}?(?:engineers?|developers?|designers?|scientists?|architects?|programmers?|managers?|interns?|analysts?|generalists?|hackers?|devops|sres?))\b`)

// hnNotRole matches a piece about roles that names none: "++ MULTIPLE
// POSITIONS ++", "All types of software engineering jobs", "for some positions".
var hnNotRole = regexp.MustCompile(`(?i)^\W*(?:multiple|many|several|various|all types of|all kinds of|lots of|including|all roles|all positions)\b|for some positions|^\W*(?:jobs?|roles?|positions?|openings?|hiring)\W*$`)

// hnSentence reports a piece that is a sentence, not a role: "is looking
// for an experienced web developer. We're seeking …", "Hey all".
func hnSentence(t string) bool {
	low := lowerASCII(t)
	if len(t) > 120 {
		return true
	}
	// the small words of running text: "stack developer with the grit to
	// hack on Ruby/Rails"; a list of roles has none ("Lead front-end
	// developer, front and back end developers")
	small := 0
	for _, w := range strings.Fields(low) {
		switch strings.Trim(w, ",.;:!") {
		case "is", "are", "was", "were", "be", "the", "a", "an", "to", "with", "we", "our", "you", "your", "on", "at",
			"that", "this", "have", "has", "will", "can", "who", "looking", "seeking":
			small++
		}
	}
	if small >= 2 {
		return true
	}
	for _, p := range []string{"is ", "are ", "we ", "we're ", "hey", "hi ", "hello", "a friendly", "please "} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// Patterns of headers, compiled once.
var (
	hnRe0 = regexp.MustCompile(`(?i)(?:no|not|cannot|can't|unable to) (?:sponsor|offer)|no visa`)
	hnRe1 = regexp.MustCompile(`(?i)\bh-?1b\b|visa sponsorship|sponsor (?:a |your )?visas?`)
	hnRe2 = regexp.MustCompile(`(?i)\bintern`)
	hnRe3 = regexp.MustCompile(`(?i)\b(?:no|non|not)[- ]remote\b|\bnot a remote\b|\b(?:can't|cannot|can not|unable to|don't|do not) (?:support |offer |hire |accept |consider )?remote\b|\bremote:?\s*no\b`)
	hnRe5 = regexp.MustCompile(`(?i)\bon-?site\b|\blocal only\b`)
	hnRe6 = regexp.MustCompile(`(?i)\bremote\b`)
	hnRe7 = regexp.MustCompile(`(?i)\bvisa\b|\bh-?1b\b|sponsorship`)
	hnRe8 = regexp.MustCompile(`(?i)no visa|not sponsor|without visa|visa:\s*no`)
	hnRe9 = regexp.MustCompile(`\s*,\s*|\s+and\s+|\s+or\s+|\s*&\s*|\s+\+\s+`)
)

// hnLabel matches a labelled header line: "Location: Atlanta, GA",
// "LOCATION - Los Gatos, CA.", "Company: Experience".
var hnLabelLine = regexp.MustCompile(`(?i)^(company|employer|location|locations|position|positions|role|roles|title|remote|visa|salary|compensation)\s*(?::|\s-|–)\s*(.*)$`)

// readLabels reads the labelled lines a header may be made of and returns
// how many of the first lines it read; 0 when the first line is no label.
func (p *HNPost) readLabels(lines []string) int {
	n := 0
	for _, l := range lines[:min(len(lines), 8)] {
		m := hnLabelLine.FindStringSubmatch(strings.TrimLeft(l, "#*- "))
		if m == nil {
			break
		}
		n++
		v := strings.TrimSpace(m[2])
		switch lowerASCII(m[1]) {
		case "company", "employer":
			if u := hnURL.FindString(v); u != "" && p.URL == "" {
				p.URL = u
			}
			p.Company = cleanHNCompany(strings.TrimSpace(strings.TrimRight(hnURL.ReplaceAllString(v, ""), "( )")))
		case "location", "locations":
			p.Places = appendUnique(p.Places, hnPlaces(v)...)
			p.readFlags(v)
		case "position", "positions", "role", "roles", "title":
			p.Roles = appendUnique(p.Roles, hnRoles(v)...)
			p.readFlags(v)
		case "remote":
			low := lowerASCII(v)
			switch {
			case strings.HasPrefix(low, "no"):
				p.WorkMode = WorkOnsite
			case strings.HasPrefix(low, "yes"), strings.HasPrefix(low, "ok"), strings.HasPrefix(low, "possible"):
				p.WorkMode = WorkRemote
			}
		case "visa":
			// "Visa: offer visa transfers …", "Visa: yes"; "Visa: no"
			p.Visa = !strings.HasPrefix(lowerASCII(v), "no") && !hnRe0.MatchString(v)
		}
	}
	return n
}

// hnBodyCompany reads the company from a sentence of the body: "ActBlue is
// looking for …", "We're Zalora, …", "opportunity with our company KNYTTAN".
func hnBodyCompany(l string) string {
	if c, _ := companyInSentence(l); c != "" && (c[0] >= 'A' && c[0] <= 'Z' || c[0] >= '0' && c[0] <= '9') && !hnStrongRole(c) {
		return c
	}
	if c := hnWeAre(l); c != "" {
		return c
	}
	if m := hnOurCompany.FindStringSubmatch(l); m != nil {
		return cleanHNCompany(m[1])
	}
	// "Konode is bringing …", "ActBlue ( https://… ) powers the fundraising …"
	if m := hnSubjectVerb.FindStringSubmatch(l); m != nil {
		return cleanHNCompany(m[1] + m[2])
	}
	return ""
}

// hnNameLine matches a short line that is only a name: "Achievers",
// "University College London".
var hnNameLine = regexp.MustCompile(`^[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,4}$`)

// hnSubjectVerb matches a sentence whose subject is a name: "Konode is
// bringing …", "ActBlue ( https://secure.actblue.com ) powers …".
var hnSubjectVerb = regexp.MustCompile(`^([A-Z0-9][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})\s*(?:\(\s*https?://[^)]*\)\s*)?\s+(?:(?:is|are)\s+(?:\w+ing|a|an|the)|(?:has|have)\s+(?:\w+ed|built|made|grown|been|become)|helps|builds|makes|provides|develops|creates|offers|powers|enables|connects|designs|delivers|operates|runs|sells|uses|allows|gives|lets|brings)\b|^([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})\s*\(\s*https?://[^)]*\)\s+[a-z]+s\b`)

// hnVisaName matches the company Visa: "Visa Inc", "Visa, Inc.".
var hnVisaName = regexp.MustCompile(`(?i)^visa,?\s+(?:inc|corp|usa)\b`)

// hnOurCompany matches "our company KNYTTAN", "at our startup, Konode".
var hnOurCompany = regexp.MustCompile(`\bour (?:company|startup|team),?\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})`)

// hnWeAre reads "Hi, we're DailyBurn a fitness …", "We are Zalora, …".
func hnWeAre(l string) string {
	m := hnWeAreRe.FindStringSubmatch(l)
	if m == nil {
		return ""
	}
	return cleanHNCompany(m[1])
}

var hnWeAreRe = regexp.MustCompile(`\b(?:[Ww]e're|[Ww]e are|WE ARE)\s+([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})`)
