// Package freetext reads free-text job posts — GitHub issue comments written
// in Markdown, first of all the monthly "谁在招人？" threads of ruanyf/weekly —
// and extracts what the statistics need: whether the comment is a job post at
// all, the position titles, the company, the cities, the salary and whether
// the work is remote.
//
// The posts follow no template. Employers write a heading such as
// "### 【武汉】【Talkdesk】音视频业务前端开发工程师 20-30k" or
// "# 微众银行 - 高级前端工程师", labelled lines ("工作地点：杭州",
// "公司：…"), lists, a few tables and HTML. A good share of comments are not
// posts: the editor's summaries and closing notices, job seekers' résumés,
// questions and replies. Parse recognises those and says why (Post.Reason),
// so an importer can store them but keep them out of the statistics.
//
// Everything here is a pure function of the comment body: no I/O, no state,
// safe for concurrent use, and total — any input, including invalid UTF-8,
// yields a Post and never a panic. Extracted fields are always taken from
// the text (cleaned of Markdown and decoration), except City and Cities,
// which are normalised to a city name ("上海市浦东新区" → "上海", "remote" →
// "远程").
package freetext
