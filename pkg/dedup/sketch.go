package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"
)

const (
	// Bins is the number of one-permutation MinHash bins in a sketch; each
	// keeps 8 bits of its minimum, so a sketch is Bins bytes plus a header.
	Bins = 248

	// Rows and Bands shape the LSH index: a band is Rows consecutive bins,
	// and two sketches are candidates when any of the first Bands bands
	// agree. A pair at Jaccard J collides with probability about
	// 1-(1-J³)²⁰: 0.85 at J=0.45, 0.93 at 0.5, 0.99 at 0.6, and 2.5·10⁻⁶
	// for the typical unrelated pair of the corpus (J≈0.005).
	Rows  = 3
	Bands = 20

	// MinShingles is the smallest shingle set a sketch is compared with.
	// Shorter texts (a one-line BOSS stub, an empty Liepin description)
	// are shared verbatim by unrelated firms; they never join a cluster.
	MinShingles = 40

	// Threshold is the estimated containment |A∩B|/min(|A|,|B|) at and
	// above which two comparable sketches with compatible level and years
	// are the same ad. It was chosen on the odd-numbered half of
	// testdata/pairs.tsv; the package documentation gives the measured
	// precision and recall.
	Threshold = 0.70

	// EncodedSize is the length of Marshal's output.
	EncodedSize = headerSize + Bins

	// FormatVersion is the first byte of an encoded sketch. It changes
	// whenever normalization, shingling, hashing or the encoding changes,
	// so stored sketches from another version are refused instead of
	// compared.
	FormatVersion = 2

	headerSize = 8
	maxLevel   = levelJunior | levelMid | levelSenior | levelLead | levelPartTime

	// maxShingles is the largest shingle count a sketch records (24 bits
	// in the encoding); larger texts are counted as this many, which
	// leaves them comparable and changes nothing for job postings.
	maxShingles = 1<<24 - 1
)

// Sketch is a fixed-size summary of one posting's title and description:
// a one-permutation MinHash of its character shingles plus the level
// classes named in the title, the years of experience asked and the city
// the text names, if it names one. The zero value is an empty,
// incomparable sketch.
type Sketch struct {
	shingles uint32 // distinct shingles in the text, at most maxShingles
	level    uint8  // level classes of the title (levelJunior...)
	years    uint8  // first "N年以上" in the description, 0 if none
	place    uint16 // the one city of the gazetteer the text names, noPlace or severalPlaces
	bins     [Bins]uint8
}

// Shingles returns the number of distinct shingles the sketch was made from.
func (s Sketch) Shingles() int { return int(s.shingles) }

// Comparable reports whether the text was long enough to be compared.
func (s Sketch) Comparable() bool { return s.shingles >= MinShingles }

// SketchOf sketches a posting. It is safe for concurrent use and does not
// allocate in the steady state beyond the returned value.
func SketchOf(title, description string) Sketch {
	sk := sketcherPool.Get().(*sketcher)
	defer sketcherPool.Put(sk)
	sk.reset()
	normalizeTo(title, sk)
	sk.boundary()
	normalizeTo(description, sk)
	out := sk.finish()
	out.level = titleLevel(title)
	out.years = yearsAsked(description)
	out.place = placeOf(title, description)
	return out
}

var sketcherPool = sync.Pool{New: func() any { return &sketcher{set: make([]uint64, 1024)} }}

// Multipliers and seeds of the hashes below. Changing any of them changes
// every sketch: bump FormatVersion.
const (
	rollBase  = 0x100000001b3 // odd, > any rune, so windows of runes map apart
	shingleKy = 0x9e3779b97f4a7c15
	densifyKy = 0xc2b2ae3d27d4eb4f
	bandKy    = 0x165667b19e3779f9
)

// sketcher holds the scratch space of one SketchOf call.
type sketcher struct {
	ring   [ShingleSize]rune
	count  int    // characters in the current segment
	h      uint64 // rolling hash of the last ShingleSize characters
	pow    uint64 // rollBase^ShingleSize
	set    []uint64
	n      int // distinct shingles
	mins   [Bins]uint32
	filled [Bins]bool
}

func (s *sketcher) reset() {
	s.count, s.h, s.n = 0, 0, 0
	s.pow = 1
	for range ShingleSize {
		s.pow *= rollBase
	}
	clear(s.set)
	for i := range s.mins {
		s.mins[i] = math.MaxUint32
	}
	clear(s.filled[:])
}

// boundary starts a new segment: no shingle spans the title and the
// description.
func (s *sketcher) boundary() { s.count, s.h = 0, 0 }

func (s *sketcher) put(r rune) {
	slot := s.count % ShingleSize
	s.h = s.h*rollBase + uint64(r)
	if s.count >= ShingleSize {
		s.h -= uint64(s.ring[slot]) * s.pow
	}
	s.ring[slot] = r
	s.count++
	if s.count >= ShingleSize {
		s.add(mix64(s.h ^ shingleKy))
	}
}

// add records one shingle hash: counted once, and kept as its bin's
// minimum if smaller.
func (s *sketcher) add(h uint64) {
	if h == 0 {
		h = 1
	}
	if 2*(s.n+1) > len(s.set) {
		s.grow()
	}
	mask := uint64(len(s.set) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.set[i] {
		case 0:
			s.set[i] = h
			s.n++
			bin := (h >> 32) * Bins >> 32
			if v := uint32(h); v < s.mins[bin] || !s.filled[bin] {
				s.mins[bin] = v
				s.filled[bin] = true
			}
			return
		case h:
			return
		}
	}
}

func (s *sketcher) grow() {
	old := s.set
	s.set = make([]uint64, 2*len(old))
	mask := uint64(len(s.set) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.set[i] != 0 {
			i = (i + 1) & mask
		}
		s.set[i] = h
	}
}

// finish densifies the bins (optimal densification: an empty bin takes
// the value of the first filled bin on its own pseudo-random probe
// sequence, the same sequence for every text) and keeps 8 bits of each.
func (s *sketcher) finish() Sketch {
	out := Sketch{shingles: uint32(min(s.n, maxShingles))}
	if s.n < MinShingles {
		return out
	}
	for i := range Bins {
		v := s.mins[i]
		if !s.filled[i] {
			for a := uint64(1); ; a++ {
				j := (mix64(uint64(i)<<32|a^densifyKy) >> 32) * Bins >> 32
				if s.filled[j] {
					v = s.mins[j]
					break
				}
			}
		}
		out.bins[i] = byte(mix32(v))
	}
	return out
}

// mix64 is SplitMix64's finalizer: every input bit affects every output bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func mix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x7feb352d
	x ^= x >> 15
	x *= 0x846ca68b
	x ^= x >> 16
	return x
}

// matchRate is the fraction of bins whose 8-bit values agree.
func matchRate(a, b *Sketch) float64 {
	const lo = 0x7f7f7f7f7f7f7f7f
	eq := 0
	i := 0
	for ; i+8 <= Bins; i += 8 {
		x := binary.LittleEndian.Uint64(a.bins[i:]) ^ binary.LittleEndian.Uint64(b.bins[i:])
		// High bit of each byte set where that byte of x is zero.
		y := ^(((x & lo) + lo) | x | lo)
		eq += bits.OnesCount64(y)
	}
	for ; i < Bins; i++ {
		if a.bins[i] == b.bins[i] {
			eq++
		}
	}
	return float64(eq) / Bins
}

// Similarity estimates the Jaccard similarity of the two texts' shingle
// sets (standard error about √(J(1-J)/248): ±0.03 at J=0.5). It is 0 when
// either sketch is not comparable.
func Similarity(a, b Sketch) float64 { return similarity(&a, &b) }

func similarity(a, b *Sketch) float64 {
	if !a.Comparable() || !b.Comparable() {
		return 0
	}
	// Two unrelated 8-bit values agree with probability 1/256.
	const chance = 1.0 / 256
	j := (matchRate(a, b) - chance) / (1 - chance)
	return min(max(j, 0), 1)
}

// Containment estimates |A∩B|/min(|A|,|B|) from the Jaccard estimate and
// the two set sizes: an ad reposted with a paragraph added or dropped
// keeps a high containment while its Jaccard similarity falls.
func Containment(a, b Sketch) float64 { return containment(&a, &b) }

func containment(a, b *Sketch) float64 {
	j := similarity(a, b)
	if j == 0 {
		return 0
	}
	na, nb := float64(a.shingles), float64(b.shingles)
	// |A∩B| = J·|A∪B| and |A∪B| = (|A|+|B|)/(1+J).
	c := j * (na + nb) / ((1 + j) * min(na, nb))
	return min(c, 1)
}

// Same reports whether two sketches are the same ad: both comparable,
// the same level classes in their titles, no conflicting years of
// experience, and estimated containment at or above Threshold.
func Same(a, b Sketch) bool { return same(&a, &b) }

func same(a, b *Sketch) bool {
	_, ok := sameText(a, b)
	return ok
}

// sameText is Same, with the estimated containment when it holds.
func sameText(a, b *Sketch) (float64, bool) {
	if !a.Comparable() || !b.Comparable() || a.level != b.level {
		return 0, false
	}
	if a.years != 0 && b.years != 0 && a.years != b.years {
		return 0, false
	}
	c := containment(a, b)
	return c, c >= Threshold
}

// Bands returns the sketch's Bands LSH keys (nil when not comparable).
// Sketches sharing any key are candidates; the keys include the band
// number, so they can be stored in one index column.
func (s Sketch) Bands() []uint64 {
	if !s.Comparable() {
		return nil
	}
	out := make([]uint64, Bands)
	for b := range out {
		out[b] = s.bandKey(b)
	}
	return out
}

func (s *Sketch) bandKey(b int) uint64 {
	k := uint64(b) << 56
	for r := range Rows {
		k |= uint64(s.bins[b*Rows+r]) << (8 * r)
	}
	return mix64(k ^ bandKy)
}

// sameBand reports whether two sketches agree on all rows of band b.
func sameBand(a, b *Sketch, band int) bool {
	i := band * Rows
	return a.bins[i] == b.bins[i] && a.bins[i+1] == b.bins[i+1] && a.bins[i+2] == b.bins[i+2]
}

// Marshal encodes the sketch in EncodedSize bytes: version, level classes,
// years, the place (uint16), the shingle count (24 bits), the bins; the
// integers little-endian.
func (s Sketch) Marshal() []byte { return s.AppendBinary(make([]byte, 0, EncodedSize)) }

// AppendBinary appends Marshal's encoding to b.
func (s Sketch) AppendBinary(b []byte) []byte {
	b = append(b, FormatVersion, s.level, s.years)
	b = binary.LittleEndian.AppendUint16(b, s.place)
	b = append(b, byte(s.shingles), byte(s.shingles>>8), byte(s.shingles>>16))
	return append(b, s.bins[:]...)
}

// ErrFormat is wrapped by every Unmarshal error.
var ErrFormat = errors.New("dedup: bad sketch encoding")

// Unmarshal decodes Marshal's output.
func Unmarshal(b []byte) (Sketch, error) {
	var s Sketch
	if len(b) != EncodedSize {
		return s, fmt.Errorf("%w: %d bytes, want %d", ErrFormat, len(b), EncodedSize)
	}
	if b[0] != FormatVersion {
		return s, fmt.Errorf("%w: version %d, this build reads %d (recompute the sketch)", ErrFormat, b[0], FormatVersion)
	}
	if b[1]&^maxLevel != 0 {
		return s, fmt.Errorf("%w: unknown level bits %#x", ErrFormat, b[1])
	}
	s.level, s.years = b[1], b[2]
	s.place = binary.LittleEndian.Uint16(b[3:5])
	if s.place != noPlace && s.place != severalPlaces && int(s.place) > len(cities) {
		return Sketch{}, fmt.Errorf("%w: place %d, this build knows %d cities", ErrFormat, s.place, len(cities))
	}
	s.shingles = uint32(b[5]) | uint32(b[6])<<8 | uint32(b[7])<<16
	copy(s.bins[:], b[headerSize:])
	if !s.Comparable() && s.bins != ([Bins]uint8{}) {
		return Sketch{}, fmt.Errorf("%w: %d shingles is below %d but the bins are set", ErrFormat, s.shingles, MinShingles)
	}
	return s, nil
}
