package skill

import (
	"strings"
	"testing"
)

func TestParseTaxonomyErrors(t *testing.T) {
	for _, in := range []string{
		"skills: []",
		"skills:\n  - name: Go\n",
		"skills:\n  - name: a\n    aliases: [x]\n  - name: b\n    aliases: [x]\n",
		"skills:\n  - name: a\n    implies: [nope]\n",
		"skills:\n  - name: a\n    weak: [a]\n    rule: nonsense\n",
		"skills:\n  - name: a\n    colour: red\n",
	} {
		if _, err := ParseTaxonomy(strings.NewReader(in)); err == nil {
			t.Errorf("ParseTaxonomy(%q) succeeded, want an error", in)
		}
	}
}

func TestTaxonomy(t *testing.T) {
	tax := DefaultTaxonomy()
	if n := len(tax.Skills()); n < 40 {
		t.Errorf("%d skills, want at least 40", n)
	}
	for in, want := range map[string]string{"Golang": "go", "k8s": "kubernetes", "C++": "cpp", "C#": "csharp",
		".NET": "dotnet", "JS": "javascript", "Node.js": "nodejs", "PG": "postgresql", "Ｊａｖａ８": "java", "go": "go"} {
		if got, ok := tax.Canonical(in); !ok || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	other, err := ParseTaxonomy(strings.NewReader("skills:\n  - name: go\n    weak: [go]\n    rule: go\n"))
	if err != nil {
		t.Fatal(err)
	}
	if other.Version() == tax.Version() || tax.Version() == "" {
		t.Errorf("versions %q and %q should differ", other.Version(), tax.Version())
	}
}
