package segment

import (
	"slices"
	"testing"
)

// The fields of study an ad asks for give no tokens; the same words
// elsewhere do. The texts are the corpus's.
func TestDegreeFieldsGiveNoTokens(t *testing.T) {
	s, err := segCanon()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text      string
		want, not []string
	}{
		{"1. 计算机、通信、自动化或电子工程专业本科及以上学历；", nil, []string{"计算机", "通信", "自动化", "电子工程"}},
		{"要求：1.本科及以上学历，计算机、数统、金融等相关专业；5年以上数据分析经验。", []string{"数据分析"}, []string{"金融", "计算机"}},
		{"日制本科及以上学历，计算机、数学、统计、金融等相关专业，3年以上数据分析经验", []string{"数据分析"}, []string{"金融", "数学"}},
		{"1.计算机或相关专业本科以上学历，3年以上的后端开发经验；", []string{"后端"}, []string{"计算机"}},
		{"熟悉Java，计算机相关专业，有金融行业经验者优先", []string{"java", "金融"}, []string{"计算机"}},
		{"我们为银行提供专业的金融服务", []string{"银行", "金融服务"}, nil},
		{"负责通信协议开发，熟悉Linux/TCP/IP", []string{"通信协议", "linux"}, nil},
	}
	for _, tt := range tests {
		got := s.Tokens(nil, tt.text)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Tokens(%q) = %q: %q missing", tt.text, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("Tokens(%q) = %q: %q is a field of study, want it gone", tt.text, got, w)
			}
		}
	}
}
