package freetext

import "github.com/jobtrend/jobtrend/pkg/posting"

// Fill writes what the post says into p: the importer and the crawler read
// the same comment and must store the same posting. A comment that is not
// a job post is kept as kind Other, so that it is counted nowhere.
func (post Post) Fill(p *posting.Posting) {
	p.Title, p.Company, p.City, p.Salary = post.Title, post.Company, post.City, post.Salary
	p.Titles, p.Cities = post.Titles, post.Cities
	p.CompanyFrom, p.Team, p.WorkMode = post.CompanyFrom, post.Team, post.WorkMode
	if !post.IsJob {
		p.Kind = posting.Other
	}
}

// Fill writes the header's company, roles and places into p; the first
// role is the title. A field the header does not give is left as it was.
func (h HNPost) Fill(p *posting.Posting) {
	if h.Company != "" {
		p.Company = h.Company
	}
	if len(h.Roles) > 0 {
		p.Title, p.Titles = h.Roles[0], h.Roles
	}
	if len(h.Places) > 0 {
		p.City, p.Cities = h.Places[0], h.Places
	}
	if h.WorkMode != "" {
		p.WorkMode = h.WorkMode
	}
}
