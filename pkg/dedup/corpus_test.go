package dedup

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

// TestCorpusClustersAndTemplatePosters runs the pass over the whole
// jobhunting-2024 export (skipped when the shared corpus is not beside the
// repository) and checks TemplatePosters against companies whose postings
// were read while labelling pairs.tsv: the small "电子/软件有限公司" names
// that post the one Java template are template posters; the employers
// whose own ads headhunters and outsourcers copy are not.
func TestCorpusClustersAndTemplatePosters(t *testing.T) {
	if testing.Short() {
		t.Skip("reads and clusters the 12,734-row corpus")
	}
	f, err := os.Open(corpusPath)
	if err != nil {
		t.Skipf("corpus not available (%v); the testdata tests cover the detector", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", corpusPath, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, name := range []string{"职位自编号", "职位", "公司", "职位描述", "地区", "最低薪资", "最高薪资", "几薪"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("%s: no column %s", corpusPath, name)
		}
	}
	var ps []Posting
	var company []string
	var goJob []bool
	seen := map[string]bool{}
	tagger := skill.DefaultTagger()
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", corpusPath, err)
		}
		id := rec[col["职位自编号"]]
		if seen[id] {
			continue // a posting seen again in a later daily batch
		}
		seen[id] = true
		title, desc := rec[col["职位"]], rec[col["职位描述"]]
		ps = append(ps, Posting{ID: int64(len(ps) + 1), Title: title, Description: desc,
			City:   normalize.City(rec[col["地区"]]),
			Salary: normalize.SalaryRange(rec[col["最低薪资"]], rec[col["最高薪资"]], rec[col["几薪"]])})
		company = append(company, rec[col["公司"]])
		goJob = append(goJob, tagger.Has(title+"\n"+desc, "go"))
	}
	clusterCorpus := func(ps []Posting) *Clusterer {
		rest := ps
		c, err := Cluster(context.Background(), nil, func() ([]Posting, error) {
			k := min(1024, len(rest))
			out := rest[:k]
			rest = rest[k:]
			return out, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	textOnly := make([]Posting, len(ps))
	for i, p := range ps {
		textOnly[i] = Posting{ID: p.ID, Title: p.Title, Description: p.Description}
	}
	plain := clusterCorpus(textOnly)
	c := clusterCorpus(ps)
	members := make([]Membership, len(ps))
	goClusters := map[int64]bool{}
	goPostings := 0
	sizes := map[int64]int{}
	for i, p := range ps {
		cl, _ := c.Cluster(p.ID)
		sizes[cl]++
		members[i] = Membership{Cluster: cl, Company: normalize.CompanyKey(company[i])}
		if goJob[i] {
			goPostings++
			goClusters[cl] = true
		}
	}
	inDup := 0
	for _, n := range sizes {
		if n > 1 {
			inDup += n
		}
	}
	st := c.Stats()
	t.Logf("with city and pay (SameJob): %d postings (%d comparable) in %d clusters; %d postings share a cluster; Go postings %d in %d clusters; %d comparisons, %d merges, %d Same pairs kept apart",
		len(ps), st.Comparable, len(sizes), inDup, goPostings, len(goClusters), st.Comparisons, st.Merges, st.KeptApart)
	plainGo := map[int64]bool{}
	for i, p := range ps {
		if goJob[i] {
			cl, _ := plain.Cluster(p.ID)
			plainGo[cl] = true
		}
	}
	t.Logf("by text alone (Same): %d clusters; Go postings in %d clusters; %d merges", plain.Clusters(), len(plainGo), plain.Stats().Merges)
	if c.Clusters() < plain.Clusters() {
		t.Errorf("%d clusters with city and pay, fewer than the %d by text alone", c.Clusters(), plain.Clusters())
	}

	posters := TemplatePosters(members, DefaultTemplateRule)
	flagged := map[string]TemplatePoster{}
	for i, p := range posters {
		flagged[p.Company] = p
		if i < 25 {
			t.Logf("template poster %-24s %3d postings, %3d spread (%.0f%%), %3d other names, staffing by name %v",
				p.Company, p.Postings, p.Spread, 100*p.Share, p.Others, normalize.IsStaffingAgency(p.Company))
		}
	}
	t.Logf("%d template posters", len(posters))
	for _, name := range []string{"苏州海之源电子有限公司", "重庆西南高科软件有限公司", "上海浅兰电子有限公司", "天津盛相电子有限公司", "成都凯路威电子有限公司"} {
		if _, ok := flagged[normalize.CompanyKey(name)]; !ok {
			t.Errorf("%s (posts the shared Java template) not flagged", name)
		}
	}
	for _, name := range []string{"字节跳动", "华为技术有限公司", "兴业数字金融服务(上海)股份有限公司", "美团", "阿里巴巴集团", "蚂蚁集团", "SHEIN"} {
		if p, ok := flagged[normalize.CompanyKey(name)]; ok {
			t.Errorf("employer %s flagged: %+v", name, p)
		}
	}
}
