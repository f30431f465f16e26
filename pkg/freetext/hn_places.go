package freetext

import (
	"regexp"
	"slices"
	"strings"
)

// The places of Hacker News headers: a gazetteer of the cities, regions and
// countries posters name, US states by name and code, and the pattern
// "City, ST" for the towns the gazetteer lacks ("Solana Beach, CA").

var hnCities = strings.Split(lowerASCII(`San Francisco|SF|SFO|Bay Area|SF Bay Area|San Francisco Bay Area|Silicon Valley|South Bay|East Bay|Peninsula|`+
	`New York|New York City|NYC|NY|Brooklyn|Manhattan|Queens|Boston|Cambridge|Somerville|Seattle|Bellevue|Redmond|Kirkland|Austin|Chicago|`+
	`Los Angeles|LA|Santa Monica|Venice|Culver City|West Hollywood|Hollywood|Pasadena|Irvine|San Diego|Solana Beach|Palo Alto|Mountain View|`+
	`Menlo Park|Sunnyvale|San Jose|Santa Clara|San Mateo|Redwood City|Redwood Shores|Burlingame|San Bruno|South San Francisco|Oakland|`+
	`Berkeley|Emeryville|Cupertino|Los Gatos|Santa Barbara|Santa Cruz|Sacramento|Denver|Boulder|Portland|Atlanta|Washington|Washington DC|`+
	`Washington, DC|DC|Philadelphia|Pittsburgh|Miami|Dallas|Houston|San Antonio|Salt Lake City|Lehi|Provo|Phoenix|Tempe|Scottsdale|Detroit|`+
	`Ann Arbor|Grand Rapids|Minneapolis|St. Paul|Raleigh|Durham|Chapel Hill|Charlotte|Providence|Baltimore|Bethesda|Arlington|Reston|`+
	`McLean|Tysons|Nashville|Columbus|Cincinnati|Cleveland|St. Louis|Saint Louis|Kansas City|Madison|Milwaukee|Indianapolis|Louisville|`+
	`Chattanooga|Orlando|Tampa|Richmond|Honolulu|Las Vegas|Reno|Albuquerque|Tucson|Omaha|Bedford|Rochester|Buffalo|Newark|Jersey City|`+
	`Hoboken|Stamford|New Haven|Burlington|Monroe|Princeton|Palo Alto|Toronto|Vancouver|Montreal|Montréal|Ottawa|Waterloo|Kitchener|Calgary|`+
	`Edmonton|Victoria|Halifax|Quebec City|Winnipeg|London|Berlin|Munich|München|Hamburg|Frankfurt|Cologne|Köln|Stuttgart|Düsseldorf|`+
	`Amsterdam|Rotterdam|Utrecht|Eindhoven|The Hague|Paris|Lyon|Toulouse|Nice|Dublin|Cork|Zurich|Zürich|Geneva|Lausanne|Basel|Barcelona|`+
	`Madrid|Valencia|Lisbon|Porto|Stockholm|Gothenburg|Helsinki|Oulu|Tampere|Oslo|Copenhagen|Aarhus|Vienna|Prague|Brno|Warsaw|Krakow|Kraków|`+
	`Wroclaw|Budapest|Bucharest|Sofia|Athens|Istanbul|Tel Aviv|Herzliya|Jerusalem|Brighton|Oxford|Manchester|Edinburgh|Glasgow|Bristol|`+
	`Sheffield|Leeds|Liverpool|Belfast|Bath|Reading|Shoreditch|Leuven|Hasselt|Brussels|Antwerp|Ghent|Milan|Rome|Turin|Tallinn|Riga|Vilnius|`+
	`Kiev|Kyiv|Lviv|Minsk|Moscow|Saint Petersburg|Singapore|Hong Kong|Tokyo|Osaka|Kyoto|Seoul|Bangalore|Bengaluru|Mumbai|Pune|Delhi|`+
	`New Delhi|Gurgaon|Noida|Hyderabad|Chennai|Shanghai|Beijing|Shenzhen|Taipei|Sydney|Melbourne|Brisbane|Perth|Auckland|Wellington|Manila|`+
	`Jakarta|Kuala Lumpur|Bangkok|Ho Chi Minh City|Saigon|Hanoi|Dubai|Abu Dhabi|São Paulo|Sao Paulo|Rio de Janeiro|Buenos Aires|`+
	`Mexico City|Guadalajara|Bogota|Bogotá|Medellin|Medellín|Santiago|Lima|Cape Town|Johannesburg|Lagos|Nairobi|Cairo`), "|")

var hnCountries = strings.Split(lowerASCII(`USA|US|U.S.|U.S.A.|United States|America|UK|U.K.|United Kingdom|England|Scotland|Wales|`+
	`Ireland|Canada|Germany|France|Netherlands|The Netherlands|Holland|Switzerland|Sweden|Finland|Norway|Denmark|Spain|Portugal|Italy|Belgium|`+
	`Austria|Poland|Czech Republic|Czechia|Hungary|Romania|Bulgaria|Greece|Estonia|Latvia|Lithuania|Ukraine|Russia|Israel|India|China|Japan|`+
	`Korea|South Korea|Taiwan|Australia|New Zealand|Brazil|Argentina|Mexico|Colombia|Chile|Peru|Vietnam|Thailand|Philippines|Indonesia|`+
	`Malaysia|UAE|Nigeria|Kenya|South Africa|Egypt|NZ|Europe|EU|Asia|APAC|EMEA|LATAM|North America|Latin America|Worldwide`), "|")

var (
	hnStates     = map[string]bool{}
	hnCitySet    = map[string]bool{}
	hnCountrySet = map[string]bool{}
)

func init() {
	for _, c := range hnCities {
		hnCitySet[c] = true
	}
	for _, c := range hnCountries {
		hnCountrySet[c] = true
	}
	for _, s := range strings.Split(`AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|ON|BC|QC|AB|`+
		`Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|`+
		`Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|`+
		`New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|`+
		`Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Ontario|British Columbia|Quebec|Alberta`, "|") {
		hnStates[s] = true
		hnStates[lowerASCII(s)] = true
	}
}

// hnKnownPlaces are the gazetteer's names, longest first, for matching at
// the end of a name ("Virool (YC S12) San Francisco").
var hnKnownPlaces = func() []string {
	out := append(slices.Clone(hnCities), hnCountries...)
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}()

var (
	hnPlaceSplit = regexp.MustCompile(`\s*(?:/|\bor\b|\band\b|&|\+|;|\s-\s)\s*`)
	// a note in brackets, closed or, at the end of a piece whose closing
	// bracket the header cut off, open: "San Francisco [ONSITE"
	hnParen         = regexp.MustCompile(`\s*[(\[][^)\]]*(?:[)\]]|$)`)
	hnCityStNoComma = regexp.MustCompile(`^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} ([A-Z]{2,3}|California|Texas|Washington|Oregon|Massachusetts|Colorado|Illinois|Florida|Georgia|Virginia|Pennsylvania|Michigan|Ontario)$`)
	hnCitySt        = regexp.MustCompile(`^\p{Lu}[\p{L}.'\-]*(?: \p{Lu}[\p{L}.'\-]*){0,3},\s*([A-Za-z .]{2,20})$`)
)

// hnPlaces returns the places a piece names, as written, or nil.
func hnPlaces(s string) []string {
	s = strings.TrimSpace(s)
	// "Newark/ NJ": a town and its state across a slash
	s = hnSlashNorm(s)
	if s == "" || strings.Contains(s, "http") {
		return nil
	}
	var out []string
	for _, part := range splitOutsideBrackets(s, hnPlaceSplit) {
		for _, item := range mergeCommaPlaces(part) {
			if hnIsPlace(item) {
				// "San Francisco, CA (or anywhere else)", "Pune (Kalyani Nagar)": the
				// place without its note
				item = strings.TrimSpace(hnParen.ReplaceAllString(item, ""))
				out = appendUnique(out, strings.TrimSpace(hnPlaceLead.ReplaceAllString(strings.Trim(item, ".,: "), "")))
			}
		}
	}
	return out
}

// mergeCommaPlaces splits at commas but keeps "San Francisco, CA" and
// "Toronto, ON, Canada" together.
func mergeCommaPlaces(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		bare := lowerASCII(strings.TrimSpace(hnParen.ReplaceAllString(p, "")))
		for _, c := range []string{" usa", " us", " u.s.", " u.s.a."} {
			bare = strings.TrimSuffix(bare, c) // "Boulder, CO USA"
		}
		// "Rochester, New York": the state of that name after a known city
		if len(out) > 0 && (hnStates[bare] || hnCountrySet[bare] || bare == "new york" && nyStateCities[lowerASCII(out[len(out)-1])]) {
			out[len(out)-1] += ", " + p
			continue
		}
		out = append(out, p)
	}
	return out
}

var hnPlaceFiller = regexp.MustCompile(`(?i)\b(?:or|and|area|metro|offices?|hq|based|in|near|greater|downtown|only|preferred|relocation|to be|located|&|/|\+|,|-)\b`)

// hnPlaceLead are the words before a place: "To be based in Edinburgh".
var hnPlaceLead = regexp.MustCompile(`(?i)^(?:to be based in|based in|located in|offices? in|hq in|in|at|near)\s+`)

// hnIsPlace reports an item that is a place: a known name, or "Town, ST".
func hnIsPlace(item string) bool {
	bare := strings.TrimSpace(strings.TrimLeft(hnParen.ReplaceAllString(item, ""), "-–*• "))
	bare = hnPlaceLead.ReplaceAllString(bare, "")
	low := lowerASCII(strings.Trim(bare, ".,: "))
	low = strings.TrimSuffix(strings.TrimSuffix(low, " area"), " metro")
	if low == "" {
		return false
	}
	if hnCitySet[low] || hnCountrySet[low] || hnStates[low] && len(low) > 2 {
		return true
	}
	if i := strings.Index(low, ","); i > 0 {
		head := strings.TrimSpace(low[:i])
		if hnCitySet[head] {
			return true
		}
	}
	if m := hnCitySt.FindStringSubmatch(bare); m != nil {
		st := strings.TrimSpace(m[1])
		// "Burlington, MA USA"
		for _, c := range []string{" USA", " US", " U.S.", " U.S.A."} {
			st = strings.TrimSuffix(st, c)
		}
		return hnStates[st] || hnCountrySet[lowerASCII(st)]
	}
	// "Paoli PA": a town and a state without a comma
	// (not "Trifork AB", "Foo AG", "Bar NV": company suffixes that are
	// also state codes)
	if m := hnCityStNoComma.FindStringSubmatch(bare); m != nil && (hnStates[m[1]] || hnCountrySet[lowerASCII(m[1])]) && !hnLegalCodes[m[1]] {
		return true // "Cardiff UK" too
	}
	// "Greater Boston", "Boston area", "SF Bay Area"
	for _, w := range []string{"greater ", "downtown ", "central "} {
		if rest, ok := strings.CutPrefix(low, w); ok && hnCitySet[rest] {
			return true
		}
	}
	return false
}

// hnAllPlaces reports a piece that holds nothing but places and the words
// lists of places are written with.
func hnAllPlaces(s string) bool {
	s = hnSlashNorm(s)
	rest := s
	for _, p := range hnPlaces(s) {
		rest = strings.Replace(rest, p, " ", 1)
	}
	rest = hnParen.ReplaceAllString(rest, " ")
	rest = hnPlaceFiller.ReplaceAllString(rest, " ")
	return !strings.ContainsFunc(rest, isLetterOrDigit)
}

func isLetterOrDigit(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127
}

// hnSlashState matches "Newark/ NJ".
var hnSlashState = regexp.MustCompile(`\b([A-Z][a-z]+)\s*/\s*([A-Z]{2})\b`)

// hnLegalCodes are company-form suffixes that look like state codes.
var hnLegalCodes = map[string]bool{"AB": true, "AG": true, "SA": true, "NV": true, "BV": true, "AS": true, "OY": true, "SE": true, "SL": true, "KK": true, "LLC": true, "LTD": true, "INC": true,
	"OK": true, "IN": true, "ME": true, "OR": true, "HI": true} // and words: "Transfers OK", "Log IN"

// nyStateCities are the towns of New York State posters write with it:
// "Rochester, New York" (but "Boston, New York" is two cities).
var nyStateCities = map[string]bool{"rochester": true, "buffalo": true, "albany": true, "ithaca": true, "syracuse": true, "yonkers": true}

// hnSlashNorm writes "Newark/ NJ" as "Newark, NJ".
func hnSlashNorm(s string) string {
	return hnSlashState.ReplaceAllStringFunc(s, func(m string) string {
		sub := hnSlashState.FindStringSubmatch(m)
		if hnStates[sub[2]] && !hnCountrySet[lowerASCII(sub[2])] {
			return sub[1] + ", " + sub[2]
		}
		return m
	})
}
