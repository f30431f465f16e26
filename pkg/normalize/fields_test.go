package normalize

import "testing"

func TestCity(t *testing.T) {
	for in, want := range map[string]string{
		"上海·徐汇区": "上海", "北京-海淀区": "北京", "广州-黄埔区": "广州", "深圳": "深圳",
		"  杭州 ": "杭州", "Irvine, CA": "Irvine, CA", "": "",
	} {
		if got := City(in); got != want {
			t.Errorf("City(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSalaryRange(t *testing.T) {
	for _, tt := range []struct{ lo, hi, months, want string }{
		{"15000", "30000", "16", "15-30K·16薪"},
		{"15000", "30000", "12", "15-30K"},
		{"3000", "6000", "", "3-6K"},
		{"150", "200", "", "150-200元/天"},
		{"", "8000", "", "8-8K"},
		{"9000", "", "13", "9-9K·13薪"},
		{"", "", "", ""},
		{"0", "0", "", ""},
		{"abc", "x", "", ""},
	} {
		if got := SalaryRange(tt.lo, tt.hi, tt.months); got != tt.want {
			t.Errorf("SalaryRange(%q, %q, %q) = %q, want %q", tt.lo, tt.hi, tt.months, got, tt.want)
		}
	}
}
