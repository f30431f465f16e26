package dedup

import (
	"errors"
	"fmt"
	"iter"
)

// MaxWalk is how many of a band bucket's most recent members a new
// sketch is compared with. Members of one cluster crowd a bucket, and the
// newest of them stand for the rest: a bucket of 500 copies of one
// template costs one comparison, not 500.
const MaxWalk = 8

// maxPostings bounds a Clusterer: slots pack a posting index in 27 bits.
const maxPostings = 1<<27 - 2

// ErrDuplicateID is returned by Add for an id added before.
var ErrDuplicateID = errors.New("dedup: id already added")

// ErrFull is returned by Add when a Clusterer holds maxPostings postings.
var ErrFull = errors.New("dedup: clusterer is full")

// Clusterer assigns postings to near-duplicate clusters: the connected
// components of the graph whose edges are pairs that share an LSH band and
// are SameJob (Same for postings added without city and pay). A cluster's
// id is the smallest posting id in it. Postings can be added at any time
// (a nightly import adds to the clusters of earlier ones); a cluster id
// can only fall, when a new posting joins two clusters. A Clusterer is
// not safe for concurrent use.
//
// Memory: the sketches (256 bytes each), the city and pay (20 bytes), the
// band index (a bucket link per band and about 1.4 slots per band, 4 bytes
// each: about 190 bytes per posting) and the id index; the benchmark
// measures about 550 bytes per posting in all.
type Clusterer struct {
	ids    []int64
	sk     []Sketch
	facts  []facts
	cities map[string]uint32 // city name → number in facts
	parent []int32
	minID  []int64 // smallest id of the component, valid at roots
	index  map[int64]int32

	slots []uint32 // open addressing: band<<27 | (posting+1), 0 empty
	used  int
	next  []int32 // next older member of the same bucket, per posting×band; -1 none

	stats Stats
}

// Stats counts a Clusterer's work.
type Stats struct {
	Postings    int // added
	Comparable  int // added with a comparable sketch
	Comparisons int // SameJob evaluations of candidate pairs
	KeptApart   int // of them, pairs that are Same but not SameJob
	Merges      int // unions of two clusters
}

// NewClusterer returns an empty Clusterer sized for about n postings (0 is
// fine; it grows).
func NewClusterer(n int) *Clusterer {
	c := &Clusterer{index: make(map[int64]int32, n), cities: map[string]uint32{}}
	c.ids = make([]int64, 0, n)
	c.sk = make([]Sketch, 0, n)
	c.facts = make([]facts, 0, n)
	c.parent = make([]int32, 0, n)
	c.minID = make([]int64, 0, n)
	c.next = make([]int32, 0, n*Bands)
	size := 1024
	for size*7 < n*Bands*10 {
		size *= 2
	}
	c.slots = make([]uint32, size)
	return c
}

// Add files a posting known by its text alone and links it to the
// clusters of earlier postings it duplicates: AddJob with no city or pay.
func (c *Clusterer) Add(id int64, s Sketch) (int64, error) {
	return c.AddJob(id, Job{Sketch: s})
}

// AddJob files a posting and links it to the clusters of earlier postings
// that are the same job (SameJob). It returns the posting's cluster id at
// this moment. Incomparable sketches (too short) stay alone.
func (c *Clusterer) AddJob(id int64, j Job) (int64, error) {
	s := j.Sketch
	if _, dup := c.index[id]; dup {
		return 0, fmt.Errorf("%w: %d", ErrDuplicateID, id)
	}
	if len(c.ids) >= maxPostings {
		return 0, fmt.Errorf("%w: %d postings", ErrFull, len(c.ids))
	}
	x := int32(len(c.ids))
	c.index[id] = x
	c.ids = append(c.ids, id)
	c.sk = append(c.sk, s)
	c.facts = append(c.facts, c.factsOf(j))
	c.parent = append(c.parent, x)
	c.minID = append(c.minID, id)
	c.stats.Postings++
	if !s.Comparable() {
		c.next = append(c.next, noNext[:]...)
		return id, nil
	}
	c.stats.Comparable++
	if 10*(c.used+Bands) > 7*len(c.slots) {
		c.rehash()
	}
	sx, fx := &c.sk[x], &c.facts[x]
	for b := range Bands {
		slot := c.bucket(sx, b)
		head := int32(-1)
		if v := c.slots[slot]; v != 0 {
			head = int32(v&(1<<27-1)) - 1
		} else {
			c.used++
		}
		c.next = append(c.next, head)
		for y, walked := head, 0; y >= 0 && walked < MaxWalk; y, walked = c.next[int(y)*Bands+b], walked+1 {
			if c.find(y) == c.find(x) {
				continue
			}
			c.stats.Comparisons++
			switch job, text := sameJobText(sx, &c.sk[y], fx, &c.facts[y], NearExact); {
			case job:
				c.union(x, y)
			case text:
				c.stats.KeptApart++
			}
		}
		c.slots[slot] = uint32(b)<<27 | uint32(x+1)
	}
	return c.minID[c.find(x)], nil
}

// factsOf reads a Job's city and pay, numbering cities in c.cities.
func (c *Clusterer) factsOf(j Job) facts {
	f := jobFacts(j)
	if f.city != 0 {
		name := canonCity(j.City)
		n, ok := c.cities[name]
		if !ok {
			n = uint32(len(c.cities) + 1)
			c.cities[name] = n
		}
		f.city = n
	}
	return f
}

var noNext = func() (a [Bands]int32) {
	for i := range a {
		a[i] = -1
	}
	return a
}()

// bucket returns the slot of band b of s: the slot holding that bucket's
// newest member, or the empty slot where the bucket starts.
func (c *Clusterer) bucket(s *Sketch, b int) int {
	mask := len(c.slots) - 1
	for i := int(s.bandKey(b)) & mask; ; i = (i + 1) & mask {
		v := c.slots[i]
		if v == 0 {
			return i
		}
		if int(v>>27) == b && sameBand(s, &c.sk[int(v&(1<<27-1))-1], b) {
			return i
		}
	}
}

// rehash doubles the band index.
func (c *Clusterer) rehash() {
	old := c.slots
	c.slots = make([]uint32, 2*len(old))
	mask := len(c.slots) - 1
	for _, v := range old {
		if v == 0 {
			continue
		}
		b := int(v >> 27)
		y := int(v&(1<<27-1)) - 1
		i := int(c.sk[y].bandKey(b)) & mask
		for c.slots[i] != 0 {
			i = (i + 1) & mask
		}
		c.slots[i] = v
	}
}

func (c *Clusterer) find(x int32) int32 {
	for c.parent[x] != x {
		c.parent[x] = c.parent[c.parent[x]]
		x = c.parent[x]
	}
	return x
}

func (c *Clusterer) union(x, y int32) {
	rx, ry := c.find(x), c.find(y)
	if rx == ry {
		return
	}
	c.stats.Merges++
	if rx > ry {
		rx, ry = ry, rx
	}
	c.parent[ry] = rx
	c.minID[rx] = min(c.minID[rx], c.minID[ry])
}

// Cluster returns the current cluster id of a posting, and false for an
// id never added.
func (c *Clusterer) Cluster(id int64) (int64, bool) {
	x, ok := c.index[id]
	if !ok {
		return 0, false
	}
	return c.minID[c.find(x)], true
}

// Len returns the number of postings added.
func (c *Clusterer) Len() int { return len(c.ids) }

// Stats returns the work done so far.
func (c *Clusterer) Stats() Stats { return c.stats }

// All yields every posting id with its cluster id, in the order added.
func (c *Clusterer) All() iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		for x, id := range c.ids {
			if !yield(id, c.minID[c.find(int32(x))]) {
				return
			}
		}
	}
}

// Clusters returns the number of clusters (a posting alone counts as one).
func (c *Clusterer) Clusters() int {
	n := 0
	for x := range c.parent {
		if c.find(int32(x)) == int32(x) {
			n++
		}
	}
	return n
}
