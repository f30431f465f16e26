package data

import _ "embed"

// Skills is the skill taxonomy the tagger in pkg/skill uses: canonical
// names, categories, aliases and which spellings are ambiguous. Editing it
// changes skill.Taxonomy.Version, which makes stored tags stale.
//
//go:embed skills.yaml
var Skills []byte

// SkillsName is the path Skills is reported under in error messages.
const SkillsName = "data/skills.yaml"

// Companies is the employer alias table used by normalize.CanonicalCompany:
// one employer a line, its display name first, then the other names it
// publishes under (brands, legal entities, English names), tab-separated.
//
//go:embed companies.tsv
var Companies []byte

// CompaniesName is the path Companies is reported under in error messages.
const CompaniesName = "data/companies.tsv"
