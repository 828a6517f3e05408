package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"gossiplab/live"
	"gossiplab/web/siteserve"
)

// webServer serves the app (the built site) and the cluster's live connection (/live) while
// gossiplab cluster runs.
type webServer struct {
	srv  *http.Server
	addr string
	site string // "" when no built site was found
}

// startWeb listens on addr and serves the site (dir, or the folder site beside the program)
// and the hub at /live.
func startWeb(addr, dir, bin string, hub *live.Hub) (*webServer, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(bin), "site")
	}
	if st, err := os.Stat(filepath.Join(dir, "index.html")); err != nil || st.IsDir() {
		dir = ""
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usagef("--serve: cannot listen on %s: %v", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/live", hub)
	if dir != "" {
		mux.Handle("/", siteserve.Handler(os.DirFS(dir)))
	} else {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "this cluster serves no app: build the site (./build.sh site) or pass --site DIR; the live connection is at /live", http.StatusNotFound)
		})
	}
	w := &webServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, addr: ln.Addr().String(), site: dir}
	go w.srv.Serve(ln)
	return w, nil
}

// LiveURL is the live connection's address.
func (w *webServer) liveURL() string { return "ws://" + w.addr + "/live" }

// announce prints where to watch the cluster (an address on every interface is printed as
// HOST, to be replaced by this machine's address on the network).
func (w *webServer) announce(out io.Writer) {
	if ap, err := netip.ParseAddrPort(w.addr); err == nil && ap.Addr().IsUnspecified() {
		w.addr = fmt.Sprintf("HOST:%d", ap.Port())
		defer fmt.Fprintln(out, "  (HOST: this machine's address as the others reach it; the cluster's nodes still run on 127.0.0.1)")
	}
	if w.site != "" {
		fmt.Fprintf(out, "watch it live: http://%s/?live=%s\n", w.addr, w.liveURL())
	} else {
		fmt.Fprintf(out, "live connection: %s (no built site beside this program to serve: ./build.sh site, or --site DIR)\n", w.liveURL())
	}
	fmt.Fprintf(out, "  or on the desktop: gossiplab-desktop -live %s\n", w.liveURL())
}

func (w *webServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	w.srv.Shutdown(ctx)
}
