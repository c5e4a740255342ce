// Command firstframe times a program's first frame for .ci/bench-app.
//
// Given the process to watch, the title of its window and the moment the
// process was started, it waits for the window to be mapped and then reads
// the window's pixels back (XGetImage) every few milliseconds until they are
// no longer all one colour: the window is mapped black and Fyne's first
// frame is the whole interface, so that is when a person sees it. It prints
// the window id, the seconds from the start to that frame and the CPU
// seconds the process had used by then.
//
// The shell loop it replaces (xdotool, then xwd piped into ImageMagick)
// took 0.1-0.2 s per look, which quantised the figure being measured; one
// XGetImage of a 1180x760 window takes a few milliseconds on Xvfb.
package main

/*
#cgo pkg-config: x11
#include <stdlib.h>
#include <string.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

static int quiet(Display *d, XErrorEvent *e) { return 0; }

static void silence(void) { XSetErrorHandler(quiet); }

// find returns the first viewable window named title under w, or 0.
static Window find(Display *d, Window w, const char *title) {
	XWindowAttributes a;
	char *name = NULL;
	if (XGetWindowAttributes(d, w, &a) && a.map_state == IsViewable &&
	    XFetchName(d, w, &name) && name != NULL) {
		int same = strcmp(name, title) == 0;
		XFree(name);
		if (same) return w;
	}
	Window root, parent, *kids = NULL;
	unsigned int n = 0;
	if (!XQueryTree(d, w, &root, &parent, &kids, &n)) return 0;
	Window found = 0;
	for (unsigned int i = 0; i < n && !found; i++) found = find(d, kids[i], title);
	if (kids) XFree(kids);
	return found;
}

// painted reports 1 when the window's pixels are not all one colour, 0
// when they are, -1 when the window cannot be read (not mapped yet, gone).
static int painted(Display *d, Window w) {
	XWindowAttributes a;
	if (!XGetWindowAttributes(d, w, &a) || a.map_state != IsViewable) return -1;
	XImage *img = XGetImage(d, w, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
	if (img == NULL) return -1;
	unsigned long first = XGetPixel(img, 0, 0);
	int differs = 0;
	for (int y = 0; y < a.height && !differs; y++)
		for (int x = 0; x < a.width; x++)
			if (XGetPixel(img, x, y) != first) { differs = 1; break; }
	XDestroyImage(img);
	return differs;
}
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

func main() {
	pid := flag.Int("pid", 0, "the process to watch")
	title := flag.String("title", "", "the exact title of its window")
	start := flag.Int64("start", 0, "when the process was started, microseconds since the epoch")
	limit := flag.Duration("timeout", 30*time.Second, "give up after this long")
	flag.Parse()
	if *pid == 0 || *title == "" || *start == 0 {
		fmt.Fprintln(os.Stderr, "usage: firstframe -pid PID -title TITLE -start EPOCH_MICROSECONDS")
		os.Exit(2)
	}
	t0 := time.UnixMicro(*start)
	deadline := time.Now().Add(*limit)

	var d *C.Display
	for d == nil {
		if d = C.XOpenDisplay(nil); d == nil {
			fail(deadline, *pid, "cannot open the display")
		}
	}
	// A window can be unmapped or destroyed between two requests; that is
	// a reason to look again, not to stop.
	C.silence()
	name := C.CString(*title)
	defer C.free(unsafe.Pointer(name))
	root := C.XDefaultRootWindow(d)

	var w C.Window
	for {
		if w = C.find(d, root, name); w != 0 {
			break
		}
		fail(deadline, *pid, "no window titled "+strconv.Quote(*title))
		time.Sleep(2 * time.Millisecond)
	}
	for C.painted(d, w) != 1 {
		fail(deadline, *pid, "the window stayed blank")
		time.Sleep(2 * time.Millisecond)
	}
	// The time is taken after the read that saw the frame, so it errs
	// late by at most one read, as it does for every program measured.
	elapsed := time.Since(t0)
	fmt.Printf("%d %.6f %.2f\n", uint64(w), elapsed.Seconds(), cpuSeconds(*pid))
}

// fail exits when the process has gone or time is up, saying why.
func fail(deadline time.Time, pid int, why string) {
	if syscall.Kill(pid, 0) != nil {
		fmt.Fprintf(os.Stderr, "firstframe: process %d exited (%s)\n", pid, why)
		os.Exit(2)
	}
	if time.Now().After(deadline) {
		fmt.Fprintf(os.Stderr, "firstframe: %s\n", why)
		os.Exit(2)
	}
}

// cpuSeconds is the user and system time of every thread of pid so far.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name is in parentheses and may hold spaces: count the
	// fields from the last ')'.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / clockTicks
}

// clockTicks is USER_HZ, 100 on every Linux the bench runs on (getconf
// CLK_TCK); /proc reports CPU time in it.
const clockTicks = 100
