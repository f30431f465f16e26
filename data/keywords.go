package data

import _ "embed"

// Vocabulary is the keyword vocabulary beside the skill taxonomy: Chinese
// and Latin tech terms and a domain lexicon (industries, business lines,
// product types), each with a category; pkg/trend takes a company's
// keywords from these terms and the taxonomy's skills only.
//
//go:embed vocabulary.yaml
var Vocabulary []byte

// VocabularyName is the path Vocabulary is reported under in messages.
const VocabularyName = "data/vocabulary.yaml"

// Orientation holds the rules that give a company its job orientation
// (岗位倾向) from the categories of the terms of its postings.
//
//go:embed orientation.yaml
var Orientation []byte

// OrientationName is the path Orientation is reported under in messages.
const OrientationName = "data/orientation.yaml"
