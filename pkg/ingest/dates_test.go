package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

func TestParseDate(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in      string
		hint    int
		want    time.Time
		wantErr string
	}{
		{"", 0, time.Time{}, ""},
		{"2023-05-01", 0, d(2023, 5, 1), ""},
		{"2023/5/1", 0, d(2023, 5, 1), ""},
		{"2023.05.01", 0, d(2023, 5, 1), ""},
		{"2023年5月1日", 0, d(2023, 5, 1), ""},
		{"2023 年 5 月 1 日", 0, d(2023, 5, 1), ""},
		{"2019-03-15 10:23:11", 0, d(2019, 3, 15), ""},      // lagou createTime
		{"2024-10-11 15:35:40", 0, d(2024, 10, 11), ""},     // jobhunting 首次发布时间
		{"2020-02-26T15:18:23Z", 0, d(2020, 2, 26), ""},     // GitHub created_at
		{"Sat Feb 22 22:58:03 2020", 0, d(2020, 2, 22), ""}, // zhaopin crawltime
		{"2018-04", 0, d(2018, 4, 1), ""},                   // HN thread month
		{"05-01", 2016, d(2016, 5, 1), ""},
		{"4月19日", 2016, d(2016, 4, 19), ""},
		{"05-01", 0, time.Time{}, "no year"},
		{"1682899200", 0, d(2023, 5, 1), ""},    // Unix seconds
		{"1682899200000", 0, d(2023, 5, 1), ""}, // milliseconds
		{"2023-02-30", 0, time.Time{}, "does not exist"},
		// Dates that cannot be a posting's are read as written; the
		// importer holds every date, however read, to posting.CheckDate.
		{"1899-01-01", 0, d(1899, 1, 1), ""},
		{"1970-01-01", 0, d(1970, 1, 1), ""},
		{"0000-00-00", 0, time.Time{}, "placeholder"},
		{"0000-00-00 00:00:00", 0, time.Time{}, "placeholder"},
		{"0", 0, time.Time{}, "placeholder"},
		{"2023-13-01", 0, time.Time{}, "out of range"},
		{"3天前发布", 0, time.Time{}, "cannot read date"},
		{"N/A", 0, time.Time{}, "cannot read date"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, tt.hint)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDate(%q) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q, %d) = %v, %v; want %v", tt.in, tt.hint, got, err, tt.want)
		}
	}
}

func TestParseTimeKeepsClock(t *testing.T) {
	got, err := ParseTime("2024-10-09 21:33:25", 0)
	if want := time.Date(2024, 10, 9, 21, 33, 25, 0, time.UTC); err != nil || !got.Equal(want) {
		t.Errorf("ParseTime = %v, %v; want %v", got, err, want)
	}
}

func TestYearFromName(t *testing.T) {
	for name, want := range map[string]int{
		"list_2016-04_bigdata_chengdu.html": 2016,
		"jobs.csv":                          0,
		"export-20240101.csv":               0, // a run of 8 digits is not a year
		"zl2020.jsonl":                      2020,
		"DataAnalyst.gbk.csv":               0,
	} {
		if got := YearFromName(name); got != want {
			t.Errorf("YearFromName(%q) = %d, want %d", name, got, want)
		}
	}
}

// FuzzParseDate: dates come back as UTC midnight or with an error that
// prints safely; a date a posting can have reads back as itself; ParseTime
// reads the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-05-01", "2023年5月1日", "05-01", "1682899200", "Sat Feb 22 22:58:03 2020", "2018-04",
		"2024-10-11 15:35:40", "0000-00-00", "1970-01-01", "2020-02-26T15:18:23Z", "4月19日"} {
		f.Add(s, 2020)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string, hint int) {
		d, err := ParseDate(s, hint)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			if m := err.Error(); !printable(m) || len(m) > 400 {
				t.Fatalf("ParseDate(%q) error %q", s, m)
			}
			return
		}
		if d.IsZero() {
			return
		}
		if d.Location() != time.UTC || !d.Equal(midnight(d)) {
			t.Fatalf("ParseDate(%q) = %v: not UTC midnight", s, d)
		}
		if posting.CheckDate(d, now) == nil {
			if back, err := ParseDate(d.Format("2006-01-02"), 0); err != nil || !back.Equal(d) {
				t.Fatalf("%q → %v → %v, %v", s, d, back, err)
			}
		}
		if tm, err := ParseTime(s, hint); err != nil || !midnight(tm.UTC()).Equal(d) {
			t.Fatalf("ParseTime(%q) = %v, %v; ParseDate reads %v", s, tm, err, d)
		}
	})
}
