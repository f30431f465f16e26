package ingest

import (
	"path/filepath"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// A share is comparable across years only inside one dataset, so every
// imported row is filed in one, and the dataset says how its rows were
// collected: a census of what a board showed, a sample of unknown design,
// or the results of a keyword search; and whether a row's year is its
// publication date or when the collector first saw it.
//
// profileDatasets gives each profile's default dataset of a row, from the
// row's source and the file's stem (its name without folder and extension).
// The package README lists them with the reasons.
var profileDatasets = map[string]func(source, stem string) posting.Dataset{
	ruanyfProfile.Name: func(source, _ string) posting.Dataset {
		// Every comment of every thread: a census, dated by when it was
		// posted. Its unit is the comment: an employer's comment often
		// lists several roles, and a share here is of comments.
		return posting.Dataset{Name: RuanyfSource, Platform: "github", Frame: posting.FrameCensus,
			DateBasis: posting.DatePublished,
			About:     `comments of the ruanyf/weekly "谁在招人？" threads; a comment, which may list several roles, is one posting`}
	},
	"jobhunting": func(source, _ string) posting.Dataset {
		// The pages the extension's users happened to browse; 首次扫描日期
		// is a real sighting, and dating by publication would file the
		// still-listed old ads under past years.
		return posting.Dataset{Name: "jobhunting/" + source, Platform: source, Frame: posting.FrameSample,
			DateBasis: posting.DateFirstSeen,
			About:     "lastsunday/job-hunting export: the " + source + " pages its browser extension's users browsed"}
	},
	"lagou": func(_, stem string) posting.Dataset {
		// Rows of a keyword search whose keyword the file does not record.
		return posting.Dataset{Name: "lagou:" + stem, Platform: "lagou", Frame: posting.FrameSample,
			DateBasis: posting.DatePublished, About: "Lagou search-API rows of " + stem + " (search keyword not recorded)"}
	},
	"zhaopin": func(_, stem string) posting.Dataset {
		return posting.Dataset{Name: "zhaopin:" + stem, Platform: "zhaopin", Frame: posting.FrameSample,
			DateBasis: posting.DateFirstSeen, About: "Zhaopin detail records of " + stem + ", first seen at their crawltime"}
	},
	"boss": func(_, stem string) posting.Dataset {
		return posting.Dataset{Name: "boss:" + stem, Platform: "boss", Frame: posting.FrameSample,
			DateBasis: posting.DatePublished, About: "BOSS直聘 scraper records of " + stem}
	},
	"hn": func(_, _ string) posting.Dataset {
		// Two threads a year, not every month's.
		return posting.Dataset{Name: "hn", Platform: "hackernews", Frame: posting.FrameSample,
			DateBasis: posting.DatePublished, About: `Hacker News "Who is hiring?" comments, two months a year`}
	},
}

// genericDataset is the dataset of a file no profile recognized: its
// source and file, taken as a census dated by publication until the user
// says otherwise.
func genericDataset(source, stem string) posting.Dataset {
	return posting.Dataset{Name: source + ":" + stem, Platform: source, Frame: posting.FrameCensus,
		DateBasis: posting.DatePublished, About: "postings of " + stem + " (generic column mapping)"}
}

// dataset returns the dataset of p: the profile's default, with what the
// options declare over it. Under --dataset every row shares one dataset,
// described by the first row.
func (imp *importer) dataset(p *posting.Posting) posting.Dataset {
	var d posting.Dataset
	if f := imp.profileDataset(); f != nil {
		d = f(p.Source, imp.stem)
	} else {
		d = genericDataset(p.Source, imp.stem)
	}
	o := imp.opts
	if o.Dataset != "" {
		d.Name = strings.TrimSpace(o.Dataset)
	}
	if o.Platform != "" {
		d.Platform = strings.TrimSpace(o.Platform)
	}
	if o.Frame != "" {
		d.Frame, _ = posting.ParseFrame(o.Frame) // checked in Import
	}
	if o.DateBasis != "" {
		d.DateBasis, _ = posting.ParseDateBasis(o.DateBasis)
	}
	return d
}

func (imp *importer) profileDataset() func(source, stem string) posting.Dataset {
	if imp.prof == nil {
		return nil
	}
	return profileDatasets[imp.prof.Name]
}

// fileStem is a file's name without folder and last extension, for dataset
// names: "data/Lagou_Data.csv" → "Lagou_Data". Characters that do not
// print are dropped.
func fileStem(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.Map(func(r rune) rune {
		if printable(string(r)) {
			return r
		}
		return -1
	}, base)
	if base == "" || base == "." || base == string(filepath.Separator) {
		return "import"
	}
	return base
}
