# The developer loop. CONTRIBUTING.md says when to run which.
STATICCHECK = go run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build test test-short lint fuzz bench demo ci

build:                 ## the three binaries into bin/
	go build -o bin/ ./cmd/...

test:                  ## every test, as CI runs it (README's test command)
	go test ./...

test-short:            ## the one-minute loop: heavy tests skipped
	go test -short ./...

lint:                  ## formatting, vet, staticcheck; the layer rules run in go test (internal/layering)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	go vet ./...
	$(STATICCHECK) ./...

fuzz:                  ## every fuzz target briefly (FUZZ=20s or FUZZ=100000x for longer)
	.ci/fuzz $(or $(FUZZ),5000x)

bench:                 ## the measured comparison with the Python reference (bench/README.md)
	bench/run.sh

demo:                  ## README's first command
	go run ./cmd/demo

ci:                    ## what CI runs, on this checkout
	.ci/run
