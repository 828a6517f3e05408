package siteserve

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestHandlerServesPrecompressedWithTheRightTypes(t *testing.T) {
	site := fstest.MapFS{
		"index.html":      {Data: []byte("<html>hi</html>")},
		"web/app.wasm":    {Data: []byte("raw wasm")},
		"web/app.wasm.gz": {Data: []byte("gz wasm")},
		"web/app.wasm.br": {Data: []byte("br wasm")},
		"web/style.css":   {Data: []byte("body{}")},
		"web/.secret":     {Data: []byte("no")},
	}
	h := Handler(site)
	cases := []struct {
		path, accept, wantBody, wantType, wantEnc string
		wantCode                                  int
	}{
		{"/", "", "<html>hi</html>", "text/html; charset=utf-8", "", 200},
		{"/web/app.wasm", "gzip, deflate, br", "br wasm", "application/wasm", "br", 200},
		{"/web/app.wasm", "gzip", "gz wasm", "application/wasm", "gzip", 200},
		{"/web/app.wasm", "br;q=0, gzip", "gz wasm", "application/wasm", "gzip", 200},
		{"/web/app.wasm", "", "raw wasm", "application/wasm", "", 200},
		{"/web/style.css", "br", "body{}", "text/css; charset=utf-8", "", 200},
		{"/web/.secret", "", "", "", "", 404},
		{"/../etc/passwd", "", "", "", "", 404},
		{"/nope.js", "", "", "", "", 404},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.wantCode {
			t.Errorf("GET %s (%q): status %d, want %d", c.path, c.accept, rec.Code, c.wantCode)
			continue
		}
		if c.wantCode != 200 {
			continue
		}
		if got := rec.Body.String(); got != c.wantBody {
			t.Errorf("GET %s (%q): body %q, want %q", c.path, c.accept, got, c.wantBody)
		}
		if got := rec.Header().Get("Content-Type"); got != c.wantType {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, got, c.wantType)
		}
		if got := rec.Header().Get("Content-Encoding"); got != c.wantEnc {
			t.Errorf("GET %s (%q): Content-Encoding %q, want %q", c.path, c.accept, got, c.wantEnc)
		}
	}
}
