# AgentDesk. Two commands on a fresh Debian/Ubuntu machine with Go:
#   make run    install what is missing, build, start the app
#   make test   everything CI runs
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
STATICCHECK_VERSION := v0.8.2
GOBIN := $(shell $(GO) env GOPATH)/bin

# What the Fyne window needs to build (cgo, OpenGL, X11) ...
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# ... and what the tests add: a virtual display, screenshots, PDF text and pages.
TEST_PKGS := xvfb x11-apps x11-utils libgl1-mesa-dri imagemagick xdotool poppler-utils

.PHONY: all run build test deps deps-test vet staticcheck unit smoke demo-db clean

all: build

# deps installs the Debian packages that are missing: apt-get as root, sudo
# otherwise. It asks nothing when everything is there.
deps:
	@./.ci/apt-install $(BUILD_PKGS)

deps-test: deps
	@./.ci/apt-install $(TEST_PKGS)

build: deps
	@mkdir -p bin
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/agentdesk ./cmd/agentdesk
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/agentctl ./cmd/agentctl

# run starts the app on its own SQLite file in the per-user data folder,
# with the built-in playbook.
run: build
	./bin/agentdesk

vet:
	$(GO) vet ./...

staticcheck:
	@test -x $(GOBIN)/staticcheck && $(GOBIN)/staticcheck -version | grep -q "$(STATICCHECK_VERSION:v%=%)" || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(GOBIN)/staticcheck ./...

unit:
	$(GO) test -race -count=1 ./...

# smoke starts the real binary in a real window under Xvfb, takes a
# screenshot of the main window in each language, checks it is not blank,
# and checks the app exits cleanly.
smoke: build
	./.ci/smoke

test: deps-test vet staticcheck unit smoke

clean:
	rm -rf bin dist
