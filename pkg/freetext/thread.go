package freetext

import (
	"regexp"
	"strconv"
	"time"
)

// threadMonthRe reads the month from a thread title: "谁在招人？（2020年3月）",
// "谁在招人？（2020年9月-10月）", "谁在招人？（2023年1月~2月）".
var threadMonthRe = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月`)

// ThreadMonth returns the first month a "谁在招人" thread title names, as
// midnight UTC on its first day. A comment in the thread was posted for that
// month even when it was written a few days before the thread opened, so an
// importer should date the posting by this, not by the comment's own time.
// ok is false when the title names no month.
func ThreadMonth(title string) (month time.Time, ok bool) {
	m := threadMonthRe.FindStringSubmatch(sanitize(title))
	if m == nil {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(m[1])
	mo, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || mo < 1 || mo > 12 || y < 1970 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), true
}
