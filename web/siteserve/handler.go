// Package siteserve serves a built Gossip Lab site: the static server (cmd/serve) and a real
// cluster's supervisor (gossiplab cluster) both use it.
package siteserve

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// contentTypes are set explicitly: the system MIME table may lack .wasm, and a wasm file served
// as anything but application/wasm cannot be compiled while it streams.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".wasm": "application/wasm",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".ico":  "image/x-icon",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
}

// handler serves files from site, preferring a precompressed name.br or name.gz sibling when
// the request accepts that encoding.
type handler struct{ site fs.FS }

// Handler serves the built site from site (see handler).
func Handler(site fs.FS) http.Handler { return handler{site} }

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || strings.HasSuffix(r.URL.Path, "/") {
		name = path.Join(name, "index.html")
	}
	if !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
		http.NotFound(w, r)
		return
	}
	ctype := contentTypes[path.Ext(name)]
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(name))
	}
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(accept, enc.token) {
			continue
		}
		if h.serveFile(w, r, name+enc.ext, ctype, enc.token) {
			return
		}
	}
	if !h.serveFile(w, r, name, ctype, "") {
		http.NotFound(w, r)
	}
}

// serveFile writes file name if it exists and is a regular file, and reports whether it did.
func (h handler) serveFile(w http.ResponseWriter, r *http.Request, name, ctype, encoding string) bool {
	f, err := h.site.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return false
	}
	hd := w.Header()
	if ctype != "" {
		hd.Set("Content-Type", ctype)
	}
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Cache-Control", "no-cache") // revalidate: a rebuilt wasm must not be served stale
	if encoding != "" {
		hd.Set("Content-Encoding", encoding)
	}
	http.ServeContent(w, r, "", st.ModTime().Truncate(time.Second), rs)
	return true
}

// acceptsEncoding reports whether an Accept-Encoding header allows token (q=0 refuses it).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
