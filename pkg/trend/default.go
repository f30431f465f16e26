package trend

import (
	"sync"

	"github.com/jobtrend/jobtrend/pkg/segment"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

// DefaultSegmenter is the segmenter the binaries use: the embedded
// dictionaries and tech user dictionary, with Latin tokens mapped to the
// default skill taxonomy's canonical names. It is opened on first use; the
// returned close function frees it (and is safe to call when it was never
// opened).
func DefaultSegmenter(onOpen func()) (SegmenterSource, func()) {
	tax := skill.DefaultTaxonomy()
	opts := segment.Options{Canonical: tax.Canonical, CanonicalVersion: tax.Version()}
	var (
		mu  sync.Mutex
		seg *segment.Segmenter
	)
	src := SegmenterSource{
		Version: segment.VersionOf(opts),
		Open: func() (Segmenter, error) {
			mu.Lock()
			defer mu.Unlock()
			if seg == nil {
				if onOpen != nil {
					onOpen()
				}
				s, err := segment.New(opts)
				if err != nil {
					return nil, err
				}
				seg = s
			}
			return seg, nil
		},
	}
	return src, func() {
		mu.Lock()
		defer mu.Unlock()
		if seg != nil {
			seg.Close()
			seg = nil
		}
	}
}
