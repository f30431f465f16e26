package data

import _ "embed"

// RuanyfPosts is the bundled real dataset: 1,918 comments of the monthly
// "谁在招人？" threads of ruanyf/weekly, 2019-08 to 2026-03, one JSON object a
// line (see ruanyf-weekly-hiring/SOURCE.md). It is the embedded default the
// demo imports, so a newcomer sees a real multi-year trend with no network.
//
//go:embed ruanyf-weekly-hiring/posts.jsonl
var RuanyfPosts []byte

// RuanyfPostsName is the path RuanyfPosts is reported under in messages.
const RuanyfPostsName = "data/ruanyf-weekly-hiring/posts.jsonl"
