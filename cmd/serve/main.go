// Command serve is Gossip Lab's static file server for local use: it serves a built site folder
// on the loopback interface, with the right MIME types (application/wasm for the simulator) and
// precompressed .br/.gz variants when the browser accepts them.
package main

import (
	"gossiplab/web/siteserve"

	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	dir := flag.String("dir", "out/site", "folder to serve")
	addr := flag.String("addr", "127.0.0.1:"+envOr("PORT", "8080"), "address to listen on (loopback by default)")
	flag.Parse()
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "serve: -dir %s is not a folder (build the site first: ./build.sh serve)\n", *dir)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "serve: cannot listen on %s: %v (set PORT to use another port)\n", *addr, err)
		os.Exit(1)
	}
	fmt.Printf("Gossip Lab is running at http://%s/  (Ctrl+C stops it)\n", ln.Addr())
	if err := http.Serve(ln, siteserve.Handler(os.DirFS(*dir))); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
