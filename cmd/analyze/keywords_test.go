package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

// keywordsDB is a store with one employer under two names whose Go jobs
// ask for etcd and gRPC in an e-commerce business, a recruiting link in
// every ad, and other companies' postings around them.
func keywordsDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keywords.db")
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ps []posting.Posting
	add := func(company, title, desc string, n int) {
		for range n {
			i := len(ps)
			ps = append(ps, posting.Posting{Source: "x", SourceID: fmt.Sprint(i), Title: title, Company: company,
				Description: fmt.Sprintf(desc, i) + ownText(fmt.Sprint("kw", i)), PostedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)})
		}
	}
	add("北京字节跳动科技有限公司", "Golang开发工程师", "负责电商交易系统后端开发，熟悉Golang、etcd、gRPC与Kubernetes。"+
		"投递 https://job.toutiao.com/s/tDBVER 五险一金 编号%d", 6)
	add("字节跳动", "Golang开发工程师", "负责电商搜索服务，熟悉Go与Kafka，有微服务经验。编号%d", 4)
	for i := range 30 {
		add(fmt.Sprintf("公司%d", i), "Java开发工程师", "负责后台开发，熟悉Java、Spring与MySQL。编号%d", 1)
	}
	if _, err := st.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	return path
}

func runKeywordsCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"keywords"}, args...), &stdout, &stderr)
	code := cli.ExitCode(err, &stderr)
	return stdout.String(), stderr.String(), code
}

func TestKeywordsVerb(t *testing.T) {
	if testing.Short() {
		t.Skip("loads jieba")
	}
	db := keywordsDB(t)
	out, stderr, code := runKeywordsCmd(t, "--db", db, "--company", "ByteDance", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var h trend.CompanyHistory
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	share := map[string]float64{}
	for _, k := range h.Keywords {
		share[k.Term] = k.Share
		if k.Category == "" {
			t.Errorf("%s: no category", k.Term)
		}
	}
	// etcd and gRPC in 6 of 10 postings, kubernetes too; Go is in all ten,
	// 电商 in all ten; the link's pieces and the benefit are no keywords.
	for term, want := range map[string]float64{"etcd": 0.6, "grpc": 0.6, "kubernetes": 0.6, "电商": 1} {
		if share[term] != want {
			t.Errorf("%s: share %v, want %v (keywords %+v)", term, share[term], want, h.Keywords)
		}
	}
	for _, bad := range []string{"toutiao", "tdbver", "五险一金", "job"} {
		if _, ok := share[bad]; ok {
			t.Errorf("%q is a keyword: %+v", bad, h.Keywords)
		}
	}
	if h.Orientation.Label == "" || h.Orientation.Postings == 0 || !strings.HasPrefix(h.Vocabulary, "curated v") {
		t.Errorf("orientation %+v, vocabulary %q", h.Orientation, h.Vocabulary)
	}
	// With the skill as scope, go is never listed.
	out, _, _ = runKeywordsCmd(t, "--db", db, "--company", "字节跳动", "--scope", "matched", "--quiet")
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatal(err)
	}
	for _, k := range h.Keywords {
		if k.Term == "go" {
			t.Errorf("--scope matched lists go: %+v", h.Keywords)
		}
	}
	// The open vocabulary: every word, no categories.
	out, _, code = runKeywordsCmd(t, "--db", db, "--company", "字节跳动", "--vocabulary", "open", "--quiet")
	if err := json.Unmarshal([]byte(out), &h); err != nil || code != 0 || h.Vocabulary != "open" || len(h.Keywords) == 0 {
		t.Fatalf("open: exit %d, %v, %+v", code, err, h)
	}
	// The table shows each keyword's share and the orientation.
	out, _, _ = runKeywordsCmd(t, "--db", db, "--company", "字节跳动", "--format", "table", "--quiet")
	if !strings.Contains(out, "etcd 60%") || !strings.Contains(out, "["+h.Orientation.Label) {
		t.Errorf("table:\n%s", out)
	}
	if _, stderr, code := runKeywordsCmd(t, "--db", db, "--company", "字节跳动", "--vocabulary", "all"); code != 2 ||
		!strings.Contains(stderr, "--vocabulary") {
		t.Errorf("--vocabulary all: exit %d, %s", code, stderr)
	}
}
