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
# no_emoji leaves Fyne's 4 MB colour-emoji font out of every program built
# here (and of the bench's bare window, built the same way). Fyne parses
# it once per text style at start: ~20 MB resident and tens of
# milliseconds before the first frame (make bench-app). The interface draws
# its marks as icons (app/marks.go), and a test keeps every text within
# the text font's glyphs.
export GOFLAGS := -tags=no_emoji $(GOFLAGS)

# What the Fyne window needs to build (cgo, OpenGL, X11), and the offline
# voice the training screen can read the simulated customer with (speech/;
# optional: without it the setting says so) ...
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev espeak-ng
# ... and what the tests add: a virtual display, screenshots, PDF text and
# pages. (The MinGW cross-compiler is for `make windows` only: vet
# type-checks the Windows build without cgo, see vet-windows.)
WINDOWS_PKGS := gcc-mingw-w64-x86-64
TEST_PKGS := xvfb x11-apps x11-utils libgl1-mesa-dri imagemagick xdotool poppler-utils

.PHONY: all run build test deps deps-test vet staticcheck unit smoke demo-db clean
.PHONY: deps-windows windows vet-windows package install uninstall check-install bench-app
.PHONY: pg-test demo load

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

# vet also refuses a Go file gofmt would change: formatting is not left
# to review.
vet: vet-windows
	$(GO) vet ./...
	@unformatted=$$("$$($(GO) env GOROOT)/bin/gofmt" -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt -w these files:"; echo "$$unformatted"; exit 1; fi

staticcheck:
	@test -x $(GOBIN)/staticcheck && $(GOBIN)/staticcheck -version | grep -q "$(STATICCHECK_VERSION:v%=%)" || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(GOBIN)/staticcheck ./...

# unit runs every test, the PostgreSQL suites included, in three sets side
# by side: with the race detector where goroutines run (the packages that
# start them, the app's background work), without it elsewhere (see
# .ci/unit for why).
unit:
	GO='$(GO)' ./.ci/unit

# smoke starts the real binary in a real window under Xvfb, takes a
# screenshot of the main window in each language, checks it is not blank,
# and checks the app exits cleanly.
smoke: build
	./.ci/smoke

test: deps-test vet staticcheck unit smoke

clean:
	rm -rf bin dist

# ---- Packages and the app's own speed (README: "Packages and speed of the app")

WINDOWS_ENV := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
GO_WINRES_VERSION := v0.3.3
# fyne.io/tools v1.7.2 is the last CLI built against fyne v2.7 (v1.7.4 wants v2.8).
FYNE_TOOLS_VERSION := v1.7.2
FYNE := $(GOBIN)/fyne
# Windows keeps four numbers in an exe's version resource: a vX.Y.Z tag
# when HEAD has one, else FyneApp.toml's Version. The text shown in the
# file's properties also names the git build.
APP_VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
WIN_VERSION := $(shell v='$(VERSION)'; v=$${v#v}; [[ $$v =~ ^[0-9]+\.[0-9]+\.[0-9]+$$ ]] && echo $$v || echo '$(APP_VERSION)')
PREFIX ?= $(HOME)/.local
DESKTOP_ID := org.agentdesk.desk
LINUX_TARBALL := dist/agentdesk-linux-amd64.tar.xz

deps-windows:
	@./.ci/apt-install $(WINDOWS_PKGS)

# windows cross-compiles the three programs into dist/windows. agentdesk is
# a GUI-subsystem exe (no console window behind it) with the icon, a
# manifest (per-monitor DPI, as GLFW sets anyway) and version information
# from a .syso that exists only for the length of its build.
windows: deps-windows
	@mkdir -p dist/windows
	syso=cmd/agentdesk/rsrc_windows_amd64.syso; trap 'rm -f $$syso' EXIT; \
	$(GO) run github.com/tc-hib/go-winres@$(GO_WINRES_VERSION) make --in assets/windows/winres.json \
	  --arch amd64 --out cmd/agentdesk/rsrc \
	  --file-version $(WIN_VERSION) --product-version "$(WIN_VERSION) ($(VERSION))"; \
	$(WINDOWS_ENV) $(GO) build -ldflags "$(LDFLAGS) -H=windowsgui" -o dist/windows/agentdesk.exe ./cmd/agentdesk
	$(WINDOWS_ENV) $(GO) build -ldflags "$(LDFLAGS)" -o dist/windows/agentctl.exe ./cmd/agentctl
	@# crmd is young: a tree where it does not build yet still gets the desktop programs.
	@if ! ls cmd/crmd/*.go >/dev/null 2>&1; then echo "windows: no ./cmd/crmd yet, crmd.exe skipped"; \
	elif $(WINDOWS_ENV) $(GO) build -ldflags "$(LDFLAGS)" -o dist/windows/crmd.exe ./cmd/crmd; then :; \
	else rm -f dist/windows/crmd.exe; echo "windows: ./cmd/crmd does not build, crmd.exe skipped"; fi
	@file dist/windows/*.exe
	@file dist/windows/agentdesk.exe | grep -q 'PE32+ executable (GUI) x86-64' || { echo "windows: agentdesk.exe is not a 64-bit GUI exe"; exit 1; }
	@file dist/windows/agentctl.exe | grep -q 'PE32+ executable (console) x86-64' || { echo "windows: agentctl.exe is not a 64-bit console exe"; exit 1; }

# vet-windows type-checks for Windows what can differ there: the packages
# whose Windows build touches the operating system (syscall, os/exec,
# os/signal, x/sys: the file opener, the voice, agentctl and crmd), and with
# them every package they import, which is all of ours but the app and
# cmd/agentdesk. cmd/agentdesk's main is left out since GLFW needs cgo (its
# Windows-only code lives in internal/sysopen for this reason); the app
# calls no operating-system API, and type-checking it for Windows meant
# compiling Fyne for Windows: 40 s of a cold CI for nothing of ours.
# Cross-compiling Fyne and SQLite with MinGW, as `make windows` does, took
# 8 of a cold CI's minutes and checks nothing more of our code.
WINDOWS_VET_ENV := GOOS=windows GOARCH=amd64 CGO_ENABLED=0
vet-windows:
	pkgs=$$($(WINDOWS_VET_ENV) $(GO) list -e -f '{{.ImportPath}} {{join .Imports " "}}' ./... | \
	  grep -v '^agentdesk/cmd/agentdesk ' | grep -E ' (syscall|os/exec|os/signal|golang\.org/x/sys/[a-z]+)( |$$)' | cut -d' ' -f1); \
	echo "vet-windows:" $$pkgs "and what they import"; \
	$(WINDOWS_VET_ENV) $(GO) vet $$pkgs

$(FYNE):
	GOFLAGS= $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)

# package makes the Linux tarball with fyne package: the binary, the
# .desktop entry and the icon, plus fyne's own Makefile for root installs.
# fyne package bumps Build in the FyneApp.toml it reads, so it reads a
# copy in a temporary folder, with the icon and a stub Go file (it refuses
# a folder without Go code even when given the executable).
package: build $(FYNE)
	@$(GO) version -m $(FYNE) | grep -Eq 'mod[[:space:]]+fyne.io/tools[[:space:]]+$(FYNE_TOOLS_VERSION)' || GOFLAGS= $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)
	@mkdir -p dist
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	mkdir -p "$$tmp/assets/icon" && cp FyneApp.toml "$$tmp/" && cp assets/icon/agentdesk.png "$$tmp/assets/icon/"; \
	echo 'package main' >"$$tmp/stub.go"; \
	(cd "$$tmp" && $(FYNE) package --target linux --executable "$(CURDIR)/bin/agentdesk"); \
	mv "$$tmp/AgentDesk.tar.xz" $(LINUX_TARBALL)
	@tar -tJf $(LINUX_TARBALL)

# install puts the packaged app in the user's folders ($(PREFIX), by
# default ~/.local): the binary in bin, the .desktop entry in
# share/applications with Exec made absolute (~/.local/bin is often not on
# the PATH a desktop session starts programs with), and the icon in the
# hicolor theme, where every desktop's menu looks for an Icon= name.
install: package
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xJf $(LINUX_TARBALL) -C "$$tmp"; \
	install -Dm755 "$$(find "$$tmp" -path '*/bin/agentdesk')" "$(PREFIX)/bin/agentdesk"; \
	install -Dm644 "$$(find "$$tmp" -name '$(DESKTOP_ID).png')" "$(PREFIX)/share/icons/hicolor/512x512/apps/$(DESKTOP_ID).png"; \
	install -Dm644 "$$(find "$$tmp" -name '$(DESKTOP_ID).desktop')" "$(PREFIX)/share/applications/$(DESKTOP_ID).desktop"; \
	sed -i 's|^Exec=agentdesk|Exec=$(PREFIX)/bin/agentdesk|' "$(PREFIX)/share/applications/$(DESKTOP_ID).desktop"
	-@command -v update-desktop-database >/dev/null && update-desktop-database -q "$(PREFIX)/share/applications" || true
	-@command -v gtk-update-icon-cache >/dev/null && [ -f "$(PREFIX)/share/icons/hicolor/index.theme" ] && gtk-update-icon-cache -q -t "$(PREFIX)/share/icons/hicolor" || true
	@$(MAKE) --no-print-directory check-install

uninstall:
	rm -f "$(PREFIX)/bin/agentdesk" "$(PREFIX)/share/applications/$(DESKTOP_ID).desktop" \
	  "$(PREFIX)/share/icons/hicolor/512x512/apps/$(DESKTOP_ID).png"

# check-install is what a desktop menu needs from the installed entry: the
# name, a program that runs, and an Icon= that resolves the way the icon
# theme spec looks names up (hicolor in each data folder, then the
# unthemed folders).
check-install:
	@d="$(PREFIX)/share/applications/$(DESKTOP_ID).desktop"; \
	[ -f "$$d" ] || { echo "check-install: no $$d"; exit 1; }; \
	grep -qx 'Name=AgentDesk' "$$d" || { echo "check-install: $$d has no Name=AgentDesk"; exit 1; }; \
	exe=$$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$$d"); \
	[ -x "$$exe" ] || { echo "check-install: Exec=$$exe is not an executable"; exit 1; }; \
	icon=$$(sed -n 's/^Icon=//p' "$$d"); found=""; \
	if [[ $$icon == /* ]]; then [ -f "$$icon" ] && found=$$icon; else \
	  for base in "$(PREFIX)/share/icons" "$${XDG_DATA_HOME:-$$HOME/.local/share}/icons" "$$HOME/.icons" \
	      $$(tr : ' ' <<<"$${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" | sed 's|[^ ]*|&/icons|g') /usr/share/pixmaps; do \
	    for f in "$$base"/hicolor/*/apps/"$$icon".{png,svg,xpm} "$$base/$$icon".{png,svg,xpm}; do \
	      [ -f "$$f" ] && { found=$$f; break 2; }; \
	    done; \
	  done; \
	fi; \
	[ -n "$$found" ] || { echo "check-install: Icon=$$icon does not resolve to a file"; exit 1; }; \
	if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$$d"; fi; \
	echo "check-install: $$d — Name=AgentDesk, Exec=$$exe, Icon=$$icon -> $$found"

# bench-app compares the app with a bare Fyne window (.ci/hello) under
# Xvfb: time to the first frame (timed by .ci/firstframe, which reads the
# window back through Xlib) and resident memory. Goals: at most 1.2x and
# 1.4x; it fails when one is missed.
bench-app: build deps-test
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/hello ./.ci/hello
	$(GO) build -o bin/firstframe ./.ci/firstframe
	./.ci/bench-app

# ---- The CRM: PostgreSQL integration tests and a demo (README: "Demo with a CRM")

# pg-test runs only the tests that need a real PostgreSQL (make unit runs
# them too), against a throwaway cluster.
pg-test:
	@export AGENTDESK_PG_STATE=$$(mktemp "$${TMPDIR:-/tmp}/agentdesk-pg-state.XXXXXX"); \
	trap './.ci/postgres stop; rm -f "$$AGENTDESK_PG_STATE"' EXIT; \
	dsn=$$(./.ci/postgres); \
	export AGENTDESK_TEST_POSTGRES="$$dsn"; \
	$(GO) test -count=1 ./postgres/ ./cmd/crmd/ ./crm/... ./desksync/ ./internal/loadtest/

# load runs the load test at full size, one scenario after the other, on
# loopback: LOAD_DESKS desks (each with its own SQLite outbox and the
# desktop's sync worker) saving for LOAD_DURATION against one crmd on
# SQLite, two crmd on a throwaway PostgreSQL, and the same two behind a
# faulty balancer with one restarted mid-run; then every saved version is
# checked on crmd, exactly once. README: "The CRM service".
LOAD_DESKS ?= 200
LOAD_DURATION ?= 60s
LOAD_THINK ?= 500ms
LOAD_SCENARIOS ?= sqlite,postgres,faults
load:
	@export AGENTDESK_PG_STATE=$$(mktemp "$${TMPDIR:-/tmp}/agentdesk-pg-state.XXXXXX"); \
	trap './.ci/postgres stop; rm -f "$$AGENTDESK_PG_STATE"' EXIT; \
	dsn=$$(./.ci/postgres); \
	export AGENTDESK_TEST_POSTGRES="$$dsn"; \
	$(GO) test -count=1 -run '^TestLoad$$' -v -timeout 60m ./internal/loadtest \
	  -args -desks $(LOAD_DESKS) -duration $(LOAD_DURATION) -think $(LOAD_THINK) -scenarios $(LOAD_SCENARIOS)

DEMO_HOST := 127.0.0.1
DEMO_PORT ?= 8787
DEMO_PASSWORD := demo-password
DEMO_USERS := ana:agent sup:supervisor tia:trainee

# demo starts crmd on $(DEMO_HOST) with a throwaway SQLite file and keys
# folder, the demo users and customers, and the app on a fresh data folder
# pointed at it as agent "ana"; crmd stops and the folder goes when the app
# exits.
demo: build
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/crmd ./cmd/crmd
	@tmp=$$(mktemp -d); pid=""; \
	trap 'if [ -n "$$pid" ]; then kill $$pid 2>/dev/null || true; wait $$pid 2>/dev/null || true; fi; rm -rf "$$tmp"' EXIT; \
	db="sqlite:$$tmp/crmd.db"; \
	for u in $(DEMO_USERS); do \
	  echo '$(DEMO_PASSWORD)' | ./bin/crmd user add "$${u%%:*}" --role "$${u##*:}" --db "$$db"; \
	done; \
	./bin/crmd import customers assets/demo/customers.csv --db "$$db"; \
	./bin/crmd serve --addr $(DEMO_HOST):$(DEMO_PORT) --db "$$db" --keys "$$tmp/keys" --log text 2>"$$tmp/crmd.log" & pid=$$!; \
	for i in $$(seq 100); do (exec 3<>/dev/tcp/$(DEMO_HOST)/$(DEMO_PORT)) 2>/dev/null && break; \
	  kill -0 $$pid 2>/dev/null || { cat "$$tmp/crmd.log"; exit 1; }; sleep 0.1; done; \
	export AGENTDESK_DATA_DIR="$$tmp/desk"; \
	./bin/agentctl config set crm.url http://$(DEMO_HOST):$(DEMO_PORT); \
	./bin/agentctl config set agent.name ana; \
	echo "demo: crmd on http://$(DEMO_HOST):$(DEMO_PORT), log in $$tmp/crmd.log"; \
	echo "demo: log in as ana (agent), sup (supervisor) or tia (trainee), password $(DEMO_PASSWORD)"; \
	./bin/agentdesk
