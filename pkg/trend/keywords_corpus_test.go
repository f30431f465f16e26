package trend

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// The keyword checks run on the real datasets of the shared corpus, each
// imported into its own store (a company's keywords are ranked against its
// own dataset's document frequencies), and on a split of their biggest
// companies into a development half, the only one the vocabulary and the
// rules were tuned on, and a test half (testdata/keyword-split.tsv).

var writeSplit = flag.Bool("keywordsplit", false, "draw the development/test split of companies again and write testdata/keyword-split.tsv")

// sharedCorpus is where the corpus is when -corpus is not given.
const sharedCorpus = "/work/shared/corpus"

// keywordDataset is one dataset of the corpus as the keyword checks read it.
type keywordDataset struct {
	name string    // as in keyword-split.tsv
	file string    // under the corpus directory
	seen time.Time // when an undated file was collected (its SOURCE.md says)
}

var keywordDatasets = []keywordDataset{
	{"jobhunting-2024", "jobhunting-2024/jobs.csv", time.Time{}},
	{"ruanyf-weekly-hiring", "ruanyf-weekly-hiring/posts.jsonl", time.Time{}},
	{"lagou-2018-content", "lagou-2018-content/Lagou_Data.csv", time.Time{}},
	// "on or shortly before 2021-11-07", the commit that added the file
	{"boss-golang-2021", "boss-golang-2021/golang.jsonl", time.Date(2021, 11, 7, 0, 0, 0, 0, time.UTC)},
	{"zhaopin-2020", "zhaopin-2020/zl.jsonl", time.Time{}},
}

// The split: per dataset, companies ranked by postings (all postings, ties
// by company key, anonymous names left out, as the report ranks them); the
// first splitTop go to test, and of ranks splitTop+1 … splitPool those with
// at least splitMinPostings postings are shuffled with splitSeed and halved,
// the first half to development, the rest to test.
const (
	splitFile        = "testdata/keyword-split.tsv"
	splitTop         = 10
	splitPool        = 40
	splitMinPostings = 3
	splitSeed        = 20261206
)

// splitEntry is one line of keyword-split.tsv.
type splitEntry struct {
	dataset, company, key string
	rank, postings        int
	part                  string // "dev" or "test"
}

// readSplit reads keyword-split.tsv.
func readSplit(t testing.TB) []splitEntry {
	t.Helper()
	f, err := os.Open(splitFile)
	if err != nil {
		t.Fatalf("the development/test split: %v", err)
	}
	defer f.Close()
	var out []splitEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "dataset\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 {
			t.Fatalf("%s:%d: %d columns, want 6", splitFile, n, len(c))
		}
		e := splitEntry{dataset: c[0], company: c[2], key: c[3], part: c[5]}
		var err1, err2 error
		e.rank, err1 = strconv.Atoi(c[1])
		e.postings, err2 = strconv.Atoi(c[4])
		if err1 != nil || err2 != nil || (e.part != "dev" && e.part != "test") || e.key == "" {
			t.Fatalf("%s:%d: malformed line %q", splitFile, n, line)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKeywordSplitIsSound checks the frozen split: at least 30 test
// companies from at least 3 datasets, each dataset's top 10 in test, no
// company in both halves.
func TestKeywordSplitIsSound(t *testing.T) {
	split := readSplit(t)
	parts := map[string]string{}
	testSets := map[string]int{}
	nTest := 0
	for _, e := range split {
		id := e.dataset + "\t" + e.key
		if p, dup := parts[id]; dup {
			t.Errorf("%s %s listed twice (%s, %s)", e.dataset, e.company, p, e.part)
		}
		parts[id] = e.part
		if e.rank <= splitTop && e.part != "test" {
			t.Errorf("%s %s: rank %d but in %s", e.dataset, e.company, e.rank, e.part)
		}
		if e.part == "test" {
			nTest++
			testSets[e.dataset]++
		}
	}
	if nTest < 30 || len(testSets) < 3 {
		t.Errorf("%d test companies from %d datasets, want ≥ 30 from ≥ 3", nTest, len(testSets))
	}
	t.Logf("%d companies: %d test (%v), %d dev", len(split), nTest, testSets, len(split)-nTest)
}

// corpusRoot is the corpus directory, or "" (with the reason logged) when
// it is not on this machine.
func corpusRoot(t *testing.T) string {
	t.Helper()
	dir := *corpusDir
	if dir == "" {
		dir = sharedCorpus
	}
	for _, d := range keywordDatasets {
		if _, err := os.Stat(filepath.Join(dir, d.file)); err != nil {
			t.Skipf("the real corpus is not here (%v): the keyword checks need it; give -corpus DIR", err)
			return ""
		}
	}
	return dir
}

// datasetStores imports every keyword dataset into its own store in dir,
// on every core.
func datasetStores(t *testing.T, root string) map[string]*store.Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]*store.Store{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(keywordDatasets))
	dir := t.TempDir()
	for i, d := range keywordDatasets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, filepath.Join(dir, d.name+".db"), store.Options{Tagger: skill.DefaultTagger()})
			if err != nil {
				errs[i] = err
				return
			}
			t.Cleanup(func() { s.Close() })
			if _, err := ingest.ImportFile(ctx, filepath.Join(root, d.file), s, ingest.Options{Seen: d.seen}); err != nil {
				errs[i] = fmt.Errorf("%s: %w", d.name, err)
				return
			}
			// Keywords count each job once, as a report's do: the
			// near-duplicate pass gives the job keys.
			if _, err := RefreshJobs(ctx, s, nil); err != nil {
				errs[i] = fmt.Errorf("%s: %w", d.name, err)
				return
			}
			mu.Lock()
			out[d.name] = s
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// drawSplit ranks each dataset's companies by postings and draws the split
// described at splitSeed.
func drawSplit(t *testing.T, stores map[string]*store.Store) []splitEntry {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(splitSeed, splitSeed))
	var out []splitEntry
	for _, d := range keywordDatasets {
		st := stores[d.name]
		cc, err := st.CompanyCounts(ctx, "go", store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		type emp struct {
			key, name     string
			postings, top int
		}
		byKey := map[string]*emp{}
		for _, c := range cc {
			key := normalize.CompanyKey(c.Company)
			if key == "" {
				continue
			}
			e := byKey[key]
			if e == nil {
				e = &emp{key: key}
				byKey[key] = e
			}
			e.postings += c.Postings
			if c.Postings > e.top || (c.Postings == e.top && c.Company < e.name) {
				e.name, e.top = c.Company, c.Postings
			}
		}
		var ranked []*emp
		for _, e := range byKey {
			ranked = append(ranked, e)
		}
		slices.SortFunc(ranked, func(a, b *emp) int {
			if c := cmp.Compare(b.postings, a.postings); c != 0 {
				return c
			}
			return cmp.Compare(a.key, b.key)
		})
		var pool []splitEntry
		for i, e := range ranked[:min(splitPool, len(ranked))] {
			se := splitEntry{dataset: d.name, company: normalize.CanonicalCompany(e.name), key: e.key, rank: i + 1, postings: e.postings}
			switch {
			case i < splitTop:
				se.part = "test"
				out = append(out, se)
			case e.postings >= splitMinPostings:
				pool = append(pool, se)
			}
		}
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for i := range pool {
			pool[i].part = "test"
			if i < len(pool)/2 {
				pool[i].part = "dev"
			}
		}
		slices.SortFunc(pool, func(a, b splitEntry) int { return cmp.Compare(a.rank, b.rank) })
		out = append(out, pool...)
	}
	return out
}

func writeSplitFile(t *testing.T, split []splitEntry) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `# The development/test split of companies for the keyword and orientation checks.
# Drawn once, before any tuning, by TestKeywordsCorpus/split (go test ./pkg/trend -run TestKeywordsCorpus/split -keywordsplit):
# per dataset of the shared corpus (%s), each imported into its own store
# as crawl import does, companies are ranked by job postings (exact reposts once; names merged by
# normalize.CompanyKey; anonymous names left out; ties by key). Ranks 1–%d go to test. Of ranks %d–%d, those
# with at least %d postings are shuffled (math/rand/v2 PCG, seed %d, datasets in the order above)
# and halved: the first half (rounded down) to dev, the rest to test.
# The vocabulary, the keyword rules and the orientation rules were tuned on dev only.
# Columns: dataset, rank, company (display name), key (normalize.CompanyKey at drawing time), postings, part.
dataset	rank	company	key	postings	part
`, datasetNames(), splitTop, splitTop+1, splitPool, splitMinPostings, splitSeed)
	for _, e := range split {
		fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%d\t%s\n", e.dataset, e.rank, e.company, e.key, e.postings, e.part)
	}
	if err := os.WriteFile(splitFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func datasetNames() string {
	var names []string
	for _, d := range keywordDatasets {
		names = append(names, d.name)
	}
	return strings.Join(names, ", ")
}

// TestKeywordsCorpus runs the keyword checks on the real corpus: the split
// (drawn again with -keywordsplit), the automatic checker on the dev and
// test companies, the pool for blind labelling (-labelpool) and the
// evaluation against the labels once they exist.
func TestKeywordsCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and segments the real corpus (about a minute)")
	}
	root := corpusRoot(t)
	stores := datasetStores(t, root)
	t.Run("split", func(t *testing.T) {
		if !*writeSplit {
			t.Skip("the split is frozen; -keywordsplit draws it again")
		}
		split := drawSplit(t, stores)
		writeSplitFile(t, split)
	})
	split := readSplit(t)
	voc := DefaultVocabulary()
	texts := map[string]map[string]*companyText{}
	for name, st := range stores {
		texts[name] = readCompanyTexts(t, st)
	}
	all := splitLists(t, stores, split, ScopeAll, VocabularyCurated)
	matched := splitLists(t, stores, split, ScopeMatched, VocabularyCurated)
	if *orientDebug {
		debugOrientation(t, stores, split)
	}
	t.Run("checker", func(t *testing.T) {
		for _, part := range []string{"dev", "test"} {
			for _, sc := range []struct {
				name  string
				lists map[string]*companyLists
			}{{ScopeAll, all}, {ScopeMatched, matched}} {
				r := checkLists(t, part, split, sc.lists, texts, voc, sc.name == ScopeMatched)
				t.Logf("%s, scope %s: %v", part, sc.name, r)
				if part == "test" {
					// The Go-only lists are judged like the others but for
					// their domain share: their postings are nearly all
					// technical by construction.
					for _, p := range r.problems(sc.name == ScopeAll) {
						t.Errorf("test companies, scope %s: %s", sc.name, p)
					}
				}
			}
		}
		// The same checks on the old method's lists, for comparison.
		for _, sc := range []string{ScopeAll, ScopeMatched} {
			old := map[string]*companyLists{}
			for ds, ml := range bothMethods(t, stores, split, sc, evalTop) {
				cl := &companyLists{dataset: ds, byKey: map[string]Company{}}
				for k, terms := range ml.old {
					c := Company{Company: ml.names[k]}
					for _, term := range terms {
						c.Keywords = append(c.Keywords, Keyword{Term: term})
					}
					cl.byKey[k] = c
				}
				old[ds] = cl
			}
			t.Logf("test, scope %s, the old method: %v", sc, checkLists(t, "test", split, old, texts, voc, sc == ScopeMatched))
		}
		if testing.Verbose() && !*labelPool {
			for _, e := range split {
				if e.part != "dev" {
					continue
				}
				for _, sc := range []map[string]*companyLists{all, matched} {
					c := sc[e.dataset].byKey[e.key]
					var terms []string
					for _, kw := range c.Keywords {
						terms = append(terms, fmt.Sprintf("%s %.0f%%", kw.Term, 100*kw.Share))
					}
					t.Logf("dev %s %s (%d, %d go) [%s %.0f%%]: %s", e.dataset, e.company, c.Postings, c.Matched,
						c.Orientation.Label, 100*c.Orientation.Share, strings.Join(terms, ", "))
				}
			}
		}
	})
	t.Run("labelpool", func(t *testing.T) {
		if !*labelPool {
			t.Skip("-labelpool writes " + poolFile)
		}
		lists := map[string]map[string]*methodLists{
			ScopeAll:     bothMethods(t, stores, split, ScopeAll, poolTop),
			ScopeMatched: bothMethods(t, stores, split, ScopeMatched, poolTop),
		}
		n := writePool(t, lists, texts, voc)
		t.Logf("wrote %d distinct terms to %s", n, poolFile)
	})
	t.Run("labels", func(t *testing.T) {
		labels, ok := readLabels(t)
		if !ok {
			t.Skipf("%s does not exist yet: label %s as %s says", labelsFile, poolFile, "testdata/KEYWORD-LABELS.md")
		}
		for _, sc := range []string{ScopeAll, ScopeMatched} {
			lists := bothMethods(t, stores, split, sc, evalTop)
			var oldAll, newAll informativeShare
			for _, d := range keywordDatasets {
				var o, n informativeShare
				scoreLists(lists[d.name].old, labels, &o)
				scoreLists(lists[d.name].new, labels, &n)
				scoreLists(lists[d.name].old, labels, &oldAll)
				scoreLists(lists[d.name].new, labels, &newAll)
				t.Logf("scope %s, %s: informative old %v, new %v", sc, d.name, o, n)
				if sc == ScopeAll && n.labelled > 0 && n.share() < 0.75 {
					t.Errorf("scope %s, %s: the vocabulary method's lists are %v informative, want ≥ 75%%", sc, d.name, n)
				}
			}
			t.Logf("scope %s, pooled: informative old %v, new %v", sc, oldAll, newAll)
			if sc == ScopeAll && newAll.share() < 0.85 {
				t.Errorf("scope %s, pooled: the vocabulary method's lists are %v informative, want ≥ 85%%", sc, newAll)
			}
			if newAll.missing > 0 || oldAll.missing > 0 {
				t.Logf("scope %s: %d + %d listed terms have no label (the pool was written from other lists?)", sc, oldAll.missing, newAll.missing)
			}
		}
	})
}

// companyLists are one dataset's keyword lists and orientations, by
// company key, for the split's companies.
type companyLists struct {
	dataset string
	byKey   map[string]Company
}

// splitLists computes the report's company section on each dataset (all
// postings, or the postings with Go) and keeps the split's companies.
func splitLists(t *testing.T, stores map[string]*store.Store, split []splitEntry, scope, vocabulary string) map[string]*companyLists {
	t.Helper()
	ctx := context.Background()
	src, closeSeg := DefaultSegmenter(nil)
	t.Cleanup(closeSeg)
	want := map[string]map[string]bool{}
	for _, e := range split {
		if want[e.dataset] == nil {
			want[e.dataset] = map[string]bool{}
		}
		want[e.dataset][e.key] = true
	}
	out := map[string]*companyLists{}
	for _, d := range keywordDatasets {
		opts := Options{Companies: 100000, Scope: scope, Segmenter: src}
		if _, err := RefreshTerms(ctx, stores[d.name], src, nil); err != nil {
			t.Fatal(err)
		}
		opts.defaults()
		f := store.Filter{}
		r, _, err := companiesIn(ctx, stores[d.name], f, opts, vocabulary, func() error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		cl := &companyLists{dataset: d.name, byKey: map[string]Company{}}
		for _, c := range r {
			if k := normalize.CompanyKey(c.Company); want[d.name][k] {
				cl.byKey[k] = c
			}
		}
		out[d.name] = cl
	}
	return out
}

// companyText is one company's job postings as the checks read them.
type companyText struct {
	texts   []string // title and description, lower-cased, full-width folded
	lower   []string // title and description, lower-cased: for passages to read
	outside []string // the same without links, e-mail addresses and handles
	matched []bool   // tagged with go
	contact map[string]bool
}

// contactTerm says whether term is a piece of the company's links, e-mail
// addresses or handles (pddglobalhr, ishenli, toutiao) that its postings
// never use outside them as a word. A tech name in a link's path
// (…/elixir-engineer) that the text uses too is not one.
func (ct *companyText) contactTerm(term string) bool {
	if !ct.contact[term] {
		return false
	}
	re := regexp.MustCompile(`(^|[^a-z0-9])` + regexp.QuoteMeta(term) + `($|[^a-z0-9])`)
	for _, text := range ct.outside {
		if re.MatchString(text) {
			return false
		}
	}
	return true
}

var (
	urlRE     = regexp.MustCompile(`(?i)(?:https?://|ftp://|www\.)[^\s<>"'）)\]】，。]+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|io|me|cc|ai|dev|app|co)(?:/[^\s<>"'）)\]】，。]*)?`)
	emailRE   = regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+`)
	handleRE  = regexp.MustCompile(`@[A-Za-z0-9_][A-Za-z0-9_.-]*`)
	alnumRE   = regexp.MustCompile(`[a-z0-9]+`)
	levelRE   = regexp.MustCompile(`(?i)^[pt]\d`)
	levelList = map[string]bool{"od": true, "定级": true, "职级": true, "级别": true}
)

// benefitWords are words of what a job offers rather than what it is: no
// keyword list may hold one. Words that are also industries (保险, 医疗,
// 旅游, 教育) are left out: the vocabulary takes them only in their
// industry spellings (保险行业, 医疗器械, 在线教育).
var benefitWords = strings.Fields(`五险一金 六险一金 五险 社保 公积金 商业保险 补充医疗 补充医疗保险 医疗保险 意外险 人身 人身意外险
	意外保险 重疾险 年假 带薪年假 带薪休假 病假 婚假 产假 丧假 陪产假 探亲假 年终奖 年终 十三薪 13薪 绩效奖金 奖金 调薪 加薪
	餐补 饭补 房补 住房补贴 交通补贴 通讯补贴 话补 补贴 津贴 班车 健身房 健身 下午茶 零食 水果 团建 聚餐 旅游 年度旅游 体检
	节日福利 生日会 生日礼物 礼品 期权 股票期权 弹性工作 弹性 双休 周末双休 加班费 包吃包住 包住 宿舍 免费午餐 工作餐 食堂
	三餐 定期体检 带薪 福利 福利待遇 晋升 培训 落户 户口 租房补贴`)

// readCompanyTexts reads every job posting of a store, by company key.
func readCompanyTexts(t *testing.T, st *store.Store) map[string]*companyText {
	t.Helper()
	ctx := context.Background()
	goTagged := map[int64]bool{}
	rows, err := st.DB().QueryContext(ctx, `SELECT posting_id FROM posting_skills WHERE skill = 'go'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		goTagged[id] = true
	}
	rows.Close()
	rows, err = st.DB().QueryContext(ctx, `SELECT id, company, title, description FROM postings WHERE kind = 'job'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]*companyText{}
	for rows.Next() {
		var id int64
		var company, title, desc string
		if err := rows.Scan(&id, &company, &title, &desc); err != nil {
			t.Fatal(err)
		}
		key := normalize.CompanyKey(company)
		ct := out[key]
		if ct == nil {
			ct = &companyText{contact: map[string]bool{}}
			out[key] = ct
		}
		text := title + "\n" + desc
		rest := text
		for _, re := range []*regexp.Regexp{urlRE, emailRE, handleRE} {
			for _, m := range re.FindAllString(rest, -1) {
				for _, tok := range alnumRE.FindAllString(strings.ToLower(m), -1) {
					if len(tok) >= 2 {
						ct.contact[tok] = true
					}
				}
			}
			rest = re.ReplaceAllString(rest, " ")
		}
		ct.outside = append(ct.outside, strings.ToLower(width.Narrow.String(rest)))
		ct.texts = append(ct.texts, strings.ToLower(width.Narrow.String(text)))
		ct.lower = append(ct.lower, strings.ToLower(text))
		ct.matched = append(ct.matched, goTagged[id])
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// spreadOf counts the postings (with go only, if matched) that contain
// any spelling of term, read from the text itself.
func (ct *companyText) spreadOf(term string, voc *Vocabulary, matched bool) (docs, n int) {
	var res []*regexp.Regexp
	var subs []string
	for _, sp := range spellingsOf(voc, term) {
		if sp[0] < utf8.RuneSelf {
			res = append(res, regexp.MustCompile(`(^|[^a-z0-9])`+regexp.QuoteMeta(sp)+`($|[^a-z0-9+#])`))
		} else {
			subs = append(subs, sp)
		}
	}
	for i, text := range ct.texts {
		if matched && !ct.matched[i] {
			continue
		}
		n++
		found := false
		for _, s := range subs {
			found = found || strings.Contains(text, s)
		}
		for _, re := range res {
			found = found || re.MatchString(text)
		}
		if found {
			docs++
		}
	}
	return docs, n
}

// spellingsOf lists every spelling of a vocabulary term (the term itself
// for a term outside the vocabulary).
func spellingsOf(voc *Vocabulary, term string) []string {
	out := []string{term}
	for _, sp := range voc.Spellings() {
		if vt, ok := voc.Lookup(sp); ok && vt.Name == term && sp != term {
			out = append(out, sp)
		}
	}
	return out
}

// checkResult counts what the checker found over some lists.
type checkResult struct {
	lists, keywords               int
	benefit, contact, level       []string
	spread, domain, shared, top10 int
}

func (r checkResult) String() string {
	pct := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	}
	return fmt.Sprintf("%d lists, %d keywords: benefit %d %v, contact %d %v, level %d %v; in ≥ max(2,10%%) of postings %.1f%%; "+
		"shared by ≥ 4 of a dataset's top-10 lists %.1f%% (of %d); domain %.1f%%",
		r.lists, r.keywords, len(r.benefit), r.benefit, len(r.contact), r.contact, len(r.level), r.level,
		pct(r.spread, r.keywords), pct(r.shared, r.top10), r.top10, pct(r.domain, r.keywords))
}

// problems lists what fails the targets: no benefit, contact or level
// term; at least 70% of keywords in max(2, 10%) of the company's postings;
// at most 30% of a dataset's top-10 keywords shared by 4 of its 10 lists;
// with domain, at least 20% domain terms.
func (r checkResult) problems(domain bool) []string {
	var out []string
	for _, bad := range []struct {
		what  string
		terms []string
	}{{"benefit terms", r.benefit}, {"contact or handle terms", r.contact}, {"level codes", r.level}} {
		if len(bad.terms) > 0 {
			out = append(out, fmt.Sprintf("%d %s: %v", len(bad.terms), bad.what, bad.terms))
		}
	}
	if r.keywords == 0 {
		return append(out, "no keywords at all")
	}
	if share := float64(r.spread) / float64(r.keywords); share < 0.7 {
		out = append(out, fmt.Sprintf("%.1f%% of keywords in ≥ max(2, 10%%) of the company's postings, want ≥ 70%%", 100*share))
	}
	if r.top10 > 0 {
		if share := float64(r.shared) / float64(r.top10); share > 0.3 {
			out = append(out, fmt.Sprintf("%.1f%% of top-10 keywords shared by ≥ 4 of 10 lists, want ≤ 30%%", 100*share))
		}
	}
	if share := float64(r.domain) / float64(r.keywords); domain && share < 0.2 {
		out = append(out, fmt.Sprintf("%.1f%% domain terms, want ≥ 20%%", 100*share))
	}
	return out
}

// checkLists runs the automatic checks on the lists of the split's
// companies of part ("dev" or "test").
func checkLists(t *testing.T, part string, split []splitEntry, lists map[string]*companyLists, texts map[string]map[string]*companyText,
	voc *Vocabulary, matched bool) checkResult {
	t.Helper()
	var r checkResult
	benefit := map[string]bool{}
	for _, w := range benefitWords {
		benefit[w] = true
	}
	perDataset := map[string][][]string{} // the top-10 companies' lists
	rest := map[string][][]string{}
	for _, e := range split {
		if e.part != part {
			continue
		}
		c, ok := lists[e.dataset].byKey[e.key]
		if !ok || len(c.Keywords) == 0 {
			continue
		}
		r.lists++
		ct := texts[e.dataset][e.key]
		var terms []string
		for _, kw := range c.Keywords {
			r.keywords++
			terms = append(terms, kw.Term)
			where := e.dataset + "/" + c.Company + ":" + kw.Term
			if benefit[kw.Term] {
				r.benefit = append(r.benefit, where)
			}
			if ct.contactTerm(kw.Term) {
				r.contact = append(r.contact, where)
			}
			if levelRE.MatchString(kw.Term) || levelList[kw.Term] {
				r.level = append(r.level, where)
			}
			if docs, n := ct.spreadOf(kw.Term, voc, matched); docs >= max(2, int(math.Ceil(0.1*float64(n)-1e-9))) {
				r.spread++
			}
			if vt, ok := voc.Lookup(kw.Term); ok && vt.Kind == KindDomain {
				r.domain++
			}
		}
		if e.rank <= splitTop {
			perDataset[e.dataset] = append(perDataset[e.dataset], terms)
		} else {
			rest[e.dataset] = append(rest[e.dataset], terms)
		}
	}
	if len(perDataset) == 0 {
		// The development half has no top-10 company: its lists of a
		// dataset stand in, with the threshold scaled (4 of 10).
		perDataset = rest
	}
	for _, ls := range perDataset {
		in := map[string]int{}
		for _, l := range ls {
			for _, term := range l {
				in[term]++
			}
		}
		need := max(2, int(math.Ceil(0.4*float64(len(ls))-1e-9)))
		for _, l := range ls {
			for _, term := range l {
				r.top10++
				if in[term] >= need {
					r.shared++
				}
			}
		}
	}
	return r
}

var orientDebug = flag.Bool("orientdebug", false, "print every development posting's title beside the orientation it takes")

// debugOrientation prints, for the development companies, each posting's
// title, label and label scores: how the orientation rules were tuned.
func debugOrientation(t *testing.T, stores map[string]*store.Store, split []splitEntry) {
	ctx := context.Background()
	src, closeSeg := DefaultSegmenter(nil)
	defer closeSeg()
	voc, rules := DefaultVocabulary(), defaultOrientation()
	for _, d := range keywordDatasets {
		dev := map[string]bool{}
		for _, e := range split {
			if e.dataset == d.name && e.part == "dev" {
				dev[e.key] = true
			}
		}
		rows, err := stores[d.name].DB().QueryContext(ctx, `SELECT p.company, p.title, t.terms FROM postings p
			JOIN posting_terms t ON t.posting_id = p.id WHERE p.kind = 'job' AND t.seg_version = ?`, termsVersion(src.Version))
		if err != nil {
			t.Fatal(err)
		}
		scores := make([]float64, len(rules.labels))
		for rows.Next() {
			var company, title string
			var blob []byte
			if err := rows.Scan(&company, &title, &blob); err != nil {
				t.Fatal(err)
			}
			key := normalize.CompanyKey(company)
			if !dev[key] {
				continue
			}
			tcs, err := DecodeTerms(nil, blob)
			if err != nil {
				t.Fatal(err)
			}
			var terms, titleTerms []int32
			var names []string
			for _, tc := range tcs {
				if tt, ok := strings.CutPrefix(tc.Term, titleMark); ok {
					if i := voc.index(tt); i >= 0 {
						titleTerms = append(titleTerms, i)
					}
					continue
				}
				if i := voc.index(tc.Term); i >= 0 && !slices.Contains(terms, i) {
					terms = append(terms, i)
					if len(rules.signals[i]) > 0 {
						names = append(names, voc.terms[i].Name)
					}
				}
			}
			label := rules.classify(terms, titleTerms, scores)
			var sc []string
			for i, s := range scores {
				if s > 0 {
					sc = append(sc, fmt.Sprintf("%s=%.1f", rules.labels[i], s))
				}
			}
			name := "(none)"
			if label >= 0 {
				name = rules.labels[label]
			}
			t.Logf("%s %s | %.40s | %s | %s | %s", d.name, company, title, name, strings.Join(sc, " "), strings.Join(names, ","))
		}
		rows.Close()
	}
}

// TestKeywordCheckerCanFail feeds the checker lists with every fault it
// looks for, on postings written for it, and wants each one found.
func TestKeywordCheckerCanFail(t *testing.T) {
	voc := DefaultVocabulary()
	ct := &companyText{contact: map[string]bool{}}
	for _, text := range []string{
		"负责 kafka 开发，简历投递 https://careers.pddglobalhr.com/campus ，五险一金，班车",
		"负责 kafka 与 redis，pddglobalhr 不出现在链接外吗？", // pddglobalhr used as a word: not contact
		"Go 开发，联系 hr@toutiao.com", "Go 开发", "Go 开发", "Go 开发", "Go 开发", "Go 开发", "Go 开发", "Go 开发",
	} {
		for _, re := range []*regexp.Regexp{urlRE, emailRE, handleRE} {
			for _, m := range re.FindAllString(text, -1) {
				for _, tok := range alnumRE.FindAllString(strings.ToLower(m), -1) {
					ct.contact[tok] = true
				}
			}
		}
		rest := text
		for _, re := range []*regexp.Regexp{urlRE, emailRE, handleRE} {
			rest = re.ReplaceAllString(rest, " ")
		}
		ct.texts = append(ct.texts, strings.ToLower(text))
		ct.outside = append(ct.outside, strings.ToLower(rest))
		ct.matched = append(ct.matched, true)
	}
	split := []splitEntry{{dataset: "d", company: "c", key: "c", rank: 1, part: "test"}}
	for i := 2; i <= 5; i++ {
		split = append(split, splitEntry{dataset: "d", company: fmt.Sprint(i), key: fmt.Sprint(i), rank: i, part: "test"})
	}
	lists := map[string]*companyLists{"d": {byKey: map[string]Company{
		"c": {Company: "c", Keywords: []Keyword{{Term: "班车"}, {Term: "toutiao"}, {Term: "pddglobalhr"}, {Term: "p7-8"},
			{Term: "定级"}, {Term: "redis"}, {Term: "kafka"}}},
	}}}
	texts := map[string]map[string]*companyText{"d": {"c": ct}}
	for i := 2; i <= 5; i++ { // four more lists sharing kafka
		k := fmt.Sprint(i)
		lists["d"].byKey[k] = Company{Company: k, Keywords: []Keyword{{Term: "kafka"}}}
		texts["d"][k] = ct
	}
	r := checkLists(t, "test", split, lists, texts, voc, false)
	if fmt.Sprint(r.benefit) != "[d/c:班车]" || fmt.Sprint(r.contact) != "[d/c:toutiao]" || fmt.Sprint(r.level) != "[d/c:p7-8 d/c:定级]" {
		t.Errorf("benefit %v, contact %v, level %v", r.benefit, r.contact, r.level)
	}
	// kafka and pddglobalhr are in 2 of 10 postings (max(2, 10%) = 2);
	// redis in 1; the other terms in none, as words.
	if r.keywords != 11 || r.spread != 6 {
		t.Errorf("spread: %d of %d keywords, want kafka's 5 and pddglobalhr's 1 of 11", r.spread, r.keywords)
	}
	if r.shared != 5 || r.top10 != 11 || r.domain != 0 {
		t.Errorf("shared %d of %d, domain %d; want kafka's 5 of 11, no domain term", r.shared, r.top10, r.domain)
	}
	if p := r.problems(true); len(p) != 6 {
		t.Errorf("problems: %q, want six", p)
	}
}

var labelPool = flag.Bool("labelpool", false, "write testdata/keyword-pool.tsv, the terms of both keyword methods for blind labelling")

const (
	poolFile   = "testdata/keyword-pool.tsv"
	labelsFile = "testdata/keyword-labels.tsv"
	poolSeed   = 20261208
	poolTop    = 15 // terms per list and method in the pool
	evalTop    = 10 // terms per list judged
)

// methodLists are one dataset's lists of the split's test companies by
// both methods: the old one (every word, term counts summed over the
// company's postings, as the report ranked them before the vocabulary) and
// the vocabulary method.
type methodLists struct {
	old, new map[string][]string // company key → terms, best first
	names    map[string]string   // company key → display name
}

// bothMethods counts each dataset once and ranks the split's test
// companies by both methods, with k terms each.
func bothMethods(t *testing.T, stores map[string]*store.Store, split []splitEntry, scope string, k int) map[string]*methodLists {
	t.Helper()
	ctx := context.Background()
	src, closeSeg := DefaultSegmenter(nil)
	defer closeSeg()
	out := map[string]*methodLists{}
	for _, d := range keywordDatasets {
		st := stores[d.name]
		if _, err := RefreshTerms(ctx, st, src, nil); err != nil {
			t.Fatal(err)
		}
		slotOfKey := map[string]int{}
		var keys []string
		for _, e := range split {
			if e.dataset == d.name && e.part == "test" {
				slotOfKey[e.key] = len(keys)
				keys = append(keys, e.key)
			}
		}
		cc, err := st.CompanyCounts(ctx, "go", store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		slot := map[string]int{}
		names := make([][]string, len(keys))
		ml := &methodLists{old: map[string][]string{}, new: map[string][]string{}, names: map[string]string{}}
		for _, c := range cc {
			k := normalize.CompanyKey(c.Company)
			if i, ok := slotOfKey[k]; ok {
				slot[c.Company] = i
				names[i] = append(names[i], strings.ToLower(c.Company))
				ml.names[k] = normalize.CanonicalCompany(c.Company)
			}
		}
		counts, _, err := countDocs(ctx, st, "go", store.Filter{}, termsVersion(src.Version), len(keys), DefaultVocabulary(), nil,
			func(doc *store.Doc) int {
				if i, ok := slot[doc.Company]; ok && (scope != ScopeMatched || doc.Matched) {
					return i
				}
				return -1
			})
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{Keywords: k, Scope: scope, Skill: "go"}
		opts.defaults()
		ranker := newKeywordRanker(opts, VocabularyCurated)
		for i, key := range keys {
			for _, kw := range ranker.keywords(counts, i, names[i]) {
				ml.new[key] = append(ml.new[key], kw.Term)
			}
			// The old method: every token, (1 + ln occurrences) · idf,
			// in two postings of the store at least; the company's names
			// left out. No spread rule, no exclusion of the skill.
			for _, kw := range counts.rank(i, tfidf.Options{MaxDFShare: tfidf.DefaultMaxDFShare, MinDF: 2}) {
				if len(ml.old[key]) == k {
					break
				}
				if !nameHas(names[i], kw.Term) {
					ml.old[key] = append(ml.old[key], kw.Term)
				}
			}
		}
		out[d.name] = ml
	}
	return out
}

// snippets returns up to n short passages of the company's postings around
// a spelling of term, white space folded.
func (ct *companyText) snippets(term string, voc *Vocabulary, n int) []string {
	var out []string
	find := func(text, sp string) (int, int) {
		if sp[0] >= utf8.RuneSelf {
			i := strings.Index(text, sp)
			return i, i + len(sp)
		}
		re := regexp.MustCompile(`(?:^|[^a-z0-9])(` + regexp.QuoteMeta(sp) + `)(?:$|[^a-z0-9])`)
		if m := re.FindStringSubmatchIndex(text); m != nil {
			return m[2], m[3]
		}
		return -1, -1
	}
	for _, text := range ct.lower {
		for _, sp := range spellingsOf(voc, term) {
			i, j := find(text, sp)
			if i < 0 {
				continue
			}
			a, b := i, j
			for k := 0; k < 18 && a > 0; k++ {
				_, size := utf8.DecodeLastRuneInString(text[:a])
				a -= size
			}
			for k := 0; k < 18 && b < len(text); k++ {
				_, size := utf8.DecodeRuneInString(text[b:])
				b += size
			}
			s := "…" + strings.Join(strings.Fields(text[a:b]), " ") + "…"
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
			break
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// writePool writes the terms of both methods' lists for the test companies,
// each distinct term once, in a shuffled order, with the company of one of
// its lists and two passages of that company's postings, and nothing that
// says which method gave it.
func writePool(t *testing.T, lists map[string]map[string]*methodLists, texts map[string]map[string]*companyText, voc *Vocabulary) int {
	t.Helper()
	type row struct{ dataset, key, company, term string }
	var rows []row
	seen := map[string]bool{}
	scopes := make([]string, 0, len(lists))
	for sc := range lists {
		scopes = append(scopes, sc)
	}
	slices.Sort(scopes)
	for _, sc := range scopes {
		for _, d := range keywordDatasets {
			ml := lists[sc][d.name]
			keys := make([]string, 0, len(ml.names))
			for k := range ml.names {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				for _, term := range append(slices.Clone(ml.old[k]), ml.new[k]...) {
					rows = append(rows, row{d.name, k, ml.names[k], term})
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(poolSeed, poolSeed))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	var b strings.Builder
	b.WriteString(`# Terms for blind labelling: every distinct term of the top-` + strconv.Itoa(poolTop) + ` keyword lists of the test companies
# (pkg/trend/testdata/keyword-split.tsv) by two methods, all postings and Go postings only, shuffled (seed ` +
		strconv.Itoa(poolSeed) + `); the company is one whose list has the term. Label each term as
# pkg/trend/testdata/KEYWORD-LABELS.md says and write keyword-labels.tsv (term, label).
# Written by: go test ./pkg/trend -run TestKeywordsCorpus/labelpool -labelpool
dataset	company	term	context1	context2
`)
	clean := func(s string) string { return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s) }
	n := 0
	for _, r := range rows {
		if seen[r.term] {
			continue
		}
		seen[r.term] = true
		n++
		ctx := texts[r.dataset][r.key].snippets(r.term, voc, 2)
		for len(ctx) < 2 {
			ctx = append(ctx, "")
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", r.dataset, clean(r.company), clean(r.term), clean(ctx[0]), clean(ctx[1]))
	}
	if err := os.WriteFile(poolFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

// informative are the labels of terms a reader learns from: what the job
// is technically, or what business it serves.
var informative = map[string]bool{"tech": true, "domain": true}

var labelSet = map[string]bool{"tech": true, "domain": true, "benefit": true, "contact": true, "level": true,
	"company": true, "generic": true, "fragment": true}

// readLabels reads keyword-labels.tsv: term, label; "#" comments and a
// header line allowed.
func readLabels(t *testing.T) (map[string]string, bool) {
	t.Helper()
	data, err := os.ReadFile(labelsFile)
	if os.IsNotExist(err) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	for n, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "term\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 2 || !labelSet[strings.TrimSpace(c[1])] {
			t.Fatalf("%s:%d: want \"term<TAB>label\" with a label of KEYWORD-LABELS.md, got %q", labelsFile, n+1, line)
		}
		labels[c[0]] = strings.TrimSpace(c[1])
	}
	return labels, true
}

// informativeShare scores the top-evalTop lists of one method: labelled
// informative, labelled, and terms without a label.
type informativeShare struct{ informative, labelled, missing int }

func (s informativeShare) String() string {
	if s.labelled == 0 {
		return "no labelled terms"
	}
	return fmt.Sprintf("%.1f%% (%d of %d; %d unlabelled)", 100*float64(s.informative)/float64(s.labelled),
		s.informative, s.labelled, s.missing)
}

func (s informativeShare) share() float64 {
	if s.labelled == 0 {
		return 0
	}
	return float64(s.informative) / float64(s.labelled)
}

func scoreLists(ls map[string][]string, labels map[string]string, s *informativeShare) {
	for _, terms := range ls {
		for _, term := range terms[:min(evalTop, len(terms))] {
			l, ok := labels[term]
			switch {
			case !ok:
				s.missing++
			case informative[l]:
				s.informative++
				s.labelled++
			default:
				s.labelled++
			}
		}
	}
}
