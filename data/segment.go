package data

import _ "embed"

// The files pkg/segment needs to cut Chinese text. gojieba reads its
// dictionaries from paths, and by default from its own source directory in
// the Go module cache, which a deployed binary does not have; embedding them
// here lets pkg/segment write them once to a cache directory and pass the
// paths, so the binary runs from any directory on any machine.

// JiebaDict is cppjieba's main dictionary (word, frequency, POS tag per
// line), copied unchanged from gojieba v1.4.6 (MIT, see jieba/LICENSE).
//
//go:embed jieba/jieba.dict.utf8
var JiebaDict []byte

// JiebaHMM is cppjieba's HMM model for words missing from JiebaDict, copied
// unchanged from gojieba v1.4.6 (MIT, see jieba/LICENSE).
//
//go:embed jieba/hmm_model.utf8
var JiebaHMM []byte

// UserDict is the tech user dictionary: Chinese tech terms that jieba's
// general dictionary cuts apart (微服务 → 微/服务). One entry a line:
// "word [freq] [tag]"; "#" starts a comment line.
//
//go:embed userdict.txt
var UserDict []byte

// StopWords are the tokens dropped before counting: Chinese and English
// function words and job-ad boilerplate (岗位职责, 以上学历, 优先). One a
// line; "#" starts a comment line.
//
//go:embed stopwords.txt
var StopWords []byte

// PosKeep lists words of jieba's dictionary whose part-of-speech tag would
// drop them from keywords but that name what a job is about (实时, 异步).
// One a line; "#" starts a comment line.
//
//go:embed pos_keep.txt
var PosKeep []byte

// GeneralWords are words jieba tags as nouns, verbs or set phrases that say
// nothing about what a job asks for (相信, 认同); dropped like stop words. One a
// line; "#" starts a comment line.
//
//go:embed general_words.txt
var GeneralWords []byte

// Names under which the files above are reported in messages.
const (
	PosKeepName      = "data/pos_keep.txt"
	GeneralWordsName = "data/general_words.txt"
	JiebaDictName    = "data/jieba/jieba.dict.utf8"
	JiebaHMMName     = "data/jieba/hmm_model.utf8"
	UserDictName     = "data/userdict.txt"
	StopWordsName    = "data/stopwords.txt"
)
